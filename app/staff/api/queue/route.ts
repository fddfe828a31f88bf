// GET /staff/api/queue?view=…&…: the queue page's DTO for the client's periodic refresh (staff session).
import { getDb } from '@/db';
import { requireStaff } from '@/lib/auth/staff-session';
import { listQueue } from '@/lib/cases/queue';
import { queueQuerySchema } from '@/lib/cases/schemas';
import { toHttpResponse } from '@/lib/errors';
import { toActor } from '@/lib/staff/ctx';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  try {
    const staff = await requireStaff();
    const query = queueQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const page = await listQueue({ db: getDb(), actor: toActor(staff) }, query);
    return Response.json(page, { headers: { 'Cache-Control': 'private, no-store' } });
  } catch (error) {
    return toHttpResponse(error);
  }
}
