// GET /staff/api/live[?case=<id>]: server-sent events for the staff desk (staff session, lib/cases/live-stream.ts).
import { z } from 'zod';
import { authorize } from '@/lib/core/authorize';
import { openLiveStream } from '@/lib/cases/live-stream';
import { toHttpResponse } from '@/lib/errors';
import { staffCtx } from '@/lib/staff/ctx';

export const dynamic = 'force-dynamic';

const querySchema = z.object({ case: z.uuid().optional() });

export async function GET(request: Request): Promise<Response> {
  try {
    const { db, actor } = await staffCtx();
    authorize(actor, 'cases.work');
    const caseId = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams)).case;
    return openLiveStream({ db, actor, caseId, signal: request.signal });
  } catch (error) {
    return toHttpResponse(error);
  }
}
