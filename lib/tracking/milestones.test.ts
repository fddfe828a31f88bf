import { describe, expect, it } from 'vitest';
import { milestonesFor } from './milestones';

describe('which milestones a status change reaches', () => {
  it.each([
    [null, 'info_received', ['shipped']],
    [null, 'in_transit', ['shipped']],
    ['in_transit', 'out_for_delivery', ['out_for_delivery']],
    ['in_transit', 'available_for_pickup', ['ready_for_pickup']],
    ['out_for_delivery', 'delivered', ['delivered']],
    ['out_for_delivery', 'failed_attempt', ['problem']],
    ['in_transit', 'exception', ['problem']],
    ['failed_attempt', 'exception', ['problem']],
    ['info_received', 'in_transit', []],
    ['in_transit', 'returned_to_sender', []],
    ['delivered', 'delivered', []],
    [null, 'canceled', []],
  ] as const)('%s → %s gives %j', (previous, current, expected) => {
    expect(milestonesFor(previous, current)).toEqual(expected);
  });
});
