import { describe, expect, it } from 'vitest';
import { caseTypeEnum, carrierEnum, delayKindEnum } from '@/db/schema/enums';
import { DELAY_KINDS } from '@/lib/delays/settings';
import { CARRIER_IDS, CASE_TYPES, DELAY_KIND_IDS } from './constants';

describe('admin form constants match their sources', () => {
  it('carriers, delay kinds and case types', () => {
    expect([...CARRIER_IDS]).toEqual(carrierEnum.enumValues);
    expect([...DELAY_KIND_IDS]).toEqual([...DELAY_KINDS]);
    expect([...DELAY_KIND_IDS]).toEqual(delayKindEnum.enumValues);
    expect([...CASE_TYPES].sort()).toEqual([...caseTypeEnum.enumValues].sort());
  });
});
