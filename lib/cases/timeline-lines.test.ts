import { describe, expect, it } from 'vitest';
import { oneLinePerChange } from './timeline-lines';

const t1 = '2026-12-06T10:00:00.123Z';
const t2 = '2026-12-06T10:05:00.456Z';

describe('one timeline line per change', () => {
  it('a resolve from the case form shows its status change, not also "case resolved"', () => {
    const rows = [
      { type: 'case.resolved', data: { caseId: 'c' }, createdAt: t1 },
      { type: 'case.updated', data: { source: 'staff', changes: { status: { from: 'open', to: 'resolved' } } }, createdAt: t1 },
    ];
    expect(oneLinePerChange(rows).map((r) => r.type)).toEqual(['case.updated']);
  });

  it('an auto-close shows once, as the rule that closed it', () => {
    const rows = [
      { type: 'case.resolved', data: {}, createdAt: new Date(t1) },
      { type: 'automation.auto_closed', data: { days: 7, waitedDays: 8 }, createdAt: new Date(t1) },
    ];
    expect(oneLinePerChange(rows).map((r) => r.type)).toEqual(['automation.auto_closed']);
  });

  it("a rule's action shows as the rule's line, not also as an update", () => {
    const rows = [
      { type: 'case.updated', data: { source: 'automation', changed: ['priority'] }, createdAt: t1 },
      { type: 'automation.applied', data: { ruleName: 'VIP', action: 'set_priority' }, createdAt: t1 },
    ];
    expect(oneLinePerChange(rows).map((r) => r.type)).toEqual(['automation.applied']);
  });

  it('keeps rows of other changes, even of the same types', () => {
    const rows = [
      { type: 'case.resolved', data: {}, createdAt: t2 }, // resolved by a reply's "send and resolve" a moment later
      { type: 'case.updated', data: { source: 'staff', changes: { priority: { from: 'normal', to: 'high' } } }, createdAt: t1 },
      { type: 'case.updated', data: { source: 'staff', changes: { status: { from: 'open', to: 'waiting_customer' } } }, createdAt: t2 },
      { type: 'case.updated', data: { source: 'automation', changed: ['tags'] }, createdAt: t2 },
    ];
    expect(oneLinePerChange(rows)).toEqual(rows);
  });
});
