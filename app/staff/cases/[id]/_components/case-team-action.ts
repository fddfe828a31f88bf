'use server';

import type { SetCaseTeamInput } from '@/lib/teams/schemas';
import { setCaseTeam } from '@/lib/teams/set-case-team';
import { type ActionResult, toActionResult } from '@/lib/errors';
import { staffCtx } from '@/lib/staff/ctx';

/** The case header's team picker (any agent may move a case between team queues). */
export async function setCaseTeamAction(input: SetCaseTeamInput): Promise<ActionResult<{ version: number }>> {
  try {
    return { ok: true, data: await setCaseTeam(await staffCtx(), input) };
  } catch (error) {
    return toActionResult(error);
  }
}
