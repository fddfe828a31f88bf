import { describe, expect, it } from 'vitest';
import { availableReturnEvents, nextReturnStatus, type ReturnEvent, type ReturnStatus } from './state';

const statuses: ReturnStatus[] = ['requested', 'approved', 'label_issued', 'in_transit', 'received', 'inspected', 'completed', 'rejected', 'canceled'];
const events: ReturnEvent[] = ['approve', 'issue_label', 'hand_over', 'receive', 'inspect', 'complete', 'reject', 'cancel'];

// Every (status, event) pair: the allowed ones and where they lead; everything else is refused.
const allowed: Record<string, ReturnStatus> = {
  'requested:approve': 'approved',
  'requested:reject': 'rejected',
  'requested:cancel': 'canceled',
  'approved:issue_label': 'label_issued',
  'approved:reject': 'rejected',
  'approved:cancel': 'canceled',
  'label_issued:hand_over': 'in_transit',
  'label_issued:receive': 'received',
  'label_issued:cancel': 'canceled',
  'in_transit:receive': 'received',
  'received:inspect': 'inspected',
  'inspected:complete': 'completed',
};

describe('return state machine', () => {
  const table = statuses.flatMap((status) => events.map((event) => [status, event, allowed[`${status}:${event}`] ?? null] as const));
  it.each(table)('%s + %s → %s', (status, event, expected) => {
    expect(nextReturnStatus(status, event)).toBe(expected);
  });

  it('has no way out of completed, rejected or canceled', () => {
    for (const status of ['completed', 'rejected', 'canceled'] as const) expect(availableReturnEvents(status)).toEqual([]);
  });

  it('walks the happy path requested → completed', () => {
    let status: ReturnStatus = 'requested';
    for (const event of ['approve', 'issue_label', 'hand_over', 'receive', 'inspect', 'complete'] as const) status = nextReturnStatus(status, event)!;
    expect(status).toBe('completed');
  });

  it('cannot be received twice or inspected before receipt', () => {
    expect(nextReturnStatus('received', 'receive')).toBeNull();
    expect(nextReturnStatus('label_issued', 'inspect')).toBeNull();
    expect(nextReturnStatus('in_transit', 'cancel')).toBeNull();
  });
});
