import { describe, expect, it } from 'vitest';
import { shipmentStatusEnum } from '@/db/schema';
import { isActive, progressIndex, progressSteps } from './progress';

describe('the parcel progress bar', () => {
  it('places every status on the bar, delivered at the end', () => {
    for (const status of shipmentStatusEnum.enumValues) {
      expect(progressIndex(status)).toBeGreaterThanOrEqual(1);
      expect(progressIndex(status)).toBeLessThan(progressSteps.length);
    }
    expect(progressIndex('delivered')).toBe(progressSteps.length - 1);
    expect(progressIndex('available_for_pickup')).toBe(progressIndex('out_for_delivery'));
  });

  it('only delivered, returned and canceled parcels stop moving', () => {
    expect(shipmentStatusEnum.enumValues.filter((s) => !isActive(s)).sort()).toEqual(['canceled', 'delivered', 'returned_to_sender']);
  });
});
