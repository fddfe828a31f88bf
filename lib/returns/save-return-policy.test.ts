import { count, desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, returnPolicies } from '@/db/schema';
import { buildDemoData } from '@/db/seed';
import { AppError } from '@/lib/errors';
import { testDb } from '@/test/db';
import { createReturnableOrder, ensureReturnPolicy, returnRequest } from '@/test/return-factories';
import { inRollback } from '@/test/rollback';
import { type ReturnPolicyInput, returnPolicyInputSchema, toPolicyForm, toPolicyRules } from './policy-schemas';
import { previewReturnPolicy } from './preview-return-policy';
import { getReturnWizard, loadPolicy } from './queries';
import { saveReturnPolicy } from './save-return-policy';
import { type RefusalDetails, submitReturn } from './submit-return';

const TZ = 'Europe/Helsinki';
const db = testDb();
const admin = { type: 'staff', staffId: '00000000-0000-4000-8000-00000000ad02', role: 'admin' } as const;
const agent = { type: 'staff', staffId: '00000000-0000-4000-8000-00000000a902', role: 'agent' } as const;

/** The active policy as the editor shows it, changed by `edit`. */
async function editedPolicy(edit: (form: ReturnPolicyInput) => void): Promise<ReturnPolicyInput> {
  const form = toPolicyForm('Edited', await loadPolicy(db));
  edit(form);
  return form;
}

beforeAll(async () => {
  await ensureReturnPolicy(db);
});

describe('return policy editor', () => {
  it('form ⇄ rules round trip keeps the demo policy exactly (groups, rules, fees in minor units)', () => {
    const demo = buildDemoData(new Date()).returnPolicy;
    const rules = { windowDays: 30, finalSaleReturnable: false, feesByMarket: demo.feesByMarket!, reasons: demo.reasons!, exchangeBonusPercent: demo.exchangeBonusPercent!, maxOpenReturnsPerOrder: 3, shipExchangeNow: true, shipNowChargeAfterDays: 21, shipNowMaxOrderValue: 25000 };
    const form = toPolicyForm('Demo', rules);
    expect(form.reasons.filter((r) => r.group).map((r) => r.code)).toEqual(['size']);
    expect(form.reasons.find((r) => r.code === 'too_small')?.parent).toBe('size');
    expect(toPolicyRules(returnPolicyInputSchema.parse(form))).toEqual({
      ...rules,
      // Leaves carry every rule explicitly after a save.
      reasons: rules.reasons.map((n) =>
        n.children
          ? { code: n.code, labels: n.labels, children: n.children.map((c) => ({ photoRequired: false, feeWaived: false, autoApprove: false, ...c })) }
          : { photoRequired: false, feeWaived: false, autoApprove: false, ...n },
      ),
    });
  });

  it('bad input: each field gets its own message and nothing is saved', async () => {
    const form = await editedPolicy((f) => {
      f.windowDays = 400;
      f.fees.push({ market: 'FI', amount: 1, currency: 'EUR' });
      f.reasons.push({ ...f.reasons.at(-1)!, code: 'Bad Code' });
      f.reasons.push({ ...f.reasons.at(-1)!, code: 'no_resolutions', resolutions: [] });
    });
    const before = await db.select({ n: count() }).from(returnPolicies);
    const error = (await saveReturnPolicy({ db, actor: admin }, form).catch((e: unknown) => e)) as { issues: Array<{ path: unknown[]; message: string }> };
    const messages = Object.fromEntries(error.issues.map((i) => [i.path.join('.'), i.message]));
    expect(messages).toMatchObject({ windowDays: 'range', [`fees.${form.fees.length - 1}.market`]: 'duplicateMarket', [`reasons.${form.reasons.length - 2}.code`]: 'reasonCode', [`reasons.${form.reasons.length - 1}.resolutions`]: 'resolutionRequired' });
    expect(await db.select({ n: count() }).from(returnPolicies)).toEqual(before);
  });

  it('only admins save or preview a policy', async () => {
    const form = await editedPolicy(() => {});
    await expect(saveReturnPolicy({ db, actor: agent }, form)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(previewReturnPolicy({ db, actor: agent }, { policy: form, orderNumber: 'X' }, { timeZone: TZ, locale: 'en' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('saving makes a new active version in one transaction (the old one stays as history) and audits before → after', async () => {
    await inRollback(db, async (tx) => {
      const [old] = await tx.select().from(returnPolicies).where(eq(returnPolicies.isActive, true));
      const { id } = await saveReturnPolicy({ db: tx, actor: admin }, await editedPolicy((f) => void (f.windowDays = 14)));
      const active = await tx.select().from(returnPolicies).where(eq(returnPolicies.isActive, true));
      expect(active.map((p) => [p.id, p.windowDays, p.name])).toEqual([[id, 14, 'Edited']]);
      expect((await tx.select().from(returnPolicies).where(eq(returnPolicies.id, old!.id)))[0]?.isActive).toBe(false);
      const [event] = await tx.select().from(caseEvents).where(eq(caseEvents.type, 'settings.changed')).orderBy(desc(caseEvents.id)).limit(1);
      expect(event).toMatchObject({ actorType: 'staff', actorId: admin.staffId, data: { key: 'returnPolicy', before: { id: old!.id, windowDays: old!.windowDays }, after: { id, windowDays: 14 } } });
      // A second save deactivates the first: still exactly one active version.
      await saveReturnPolicy({ db: tx, actor: admin }, await editedPolicy((f) => void (f.windowDays = 20)));
      expect(await tx.select({ n: count() }).from(returnPolicies).where(eq(returnPolicies.isActive, true))).toEqual([{ n: 1 }]);
    });
  });

  it('the deduction for a damaged item is set per reason in the editor: 0–100 whole percent, saved on that reason only', async () => {
    const bad = await editedPolicy((f) => {
      f.reasons.find((r) => r.code === 'too_small')!.damagedDeductionPercent = 101;
      f.reasons.find((r) => r.code === 'too_big')!.damagedDeductionPercent = 12.5;
    });
    const error = (await saveReturnPolicy({ db, actor: admin }, bad).catch((e: unknown) => e)) as { issues: Array<{ path: unknown[]; message: string }> };
    const messages = Object.fromEntries(error.issues.map((i) => [i.path.join('.'), i.message]));
    const at = (code: string) => bad.reasons.findIndex((r) => r.code === code);
    expect(messages).toMatchObject({ [`reasons.${at('too_small')}.damagedDeductionPercent`]: 'range', [`reasons.${at('too_big')}.damagedDeductionPercent`]: 'number' });
    await inRollback(db, async (tx) => {
      await saveReturnPolicy({ db: tx, actor: admin }, await editedPolicy((f) => void (f.reasons.find((r) => r.code === 'too_big')!.damagedDeductionPercent = 15)));
      const [active] = await tx.select().from(returnPolicies).where(eq(returnPolicies.isActive, true));
      const size = active!.reasons.find((r) => r.code === 'size')!;
      expect(size.children!.find((c) => c.code === 'too_big')?.damagedDeductionPercent).toBe(15);
      expect(size.children!.find((c) => c.code === 'too_small')?.damagedDeductionPercent).toBeUndefined();
    });
  });

  it('a saved change alters what the customer return wizard allows: window, reasons, fee and submit', async () => {
    const order = await createReturnableOrder(db, { market: 'SE', deliveredDaysAgo: 10 });
    const access = { orderId: order.id, level: 'verified' as const };
    const before = (await getReturnWizard(db, access, 'en', TZ))!;
    expect(before.lines[0]!.refusal).toBeNull();
    expect(before.reasons.map((r) => r.code)).toContain('changed_mind');

    await inRollback(db, async (tx) => {
      await saveReturnPolicy(
        { db: tx, actor: admin },
        await editedPolicy((f) => {
          f.windowDays = 7;
          f.fees = f.fees.map((fee) => (fee.market === 'SE' ? { ...fee, amount: 9.5 } : fee));
          f.reasons = f.reasons.filter((r) => r.code !== 'changed_mind');
          f.reasons.push({ ...f.reasons.find((r) => r.code === 'wrong_item')!, code: 'arrived_late', labels: { fi: 'Tuli myöhässä', sv: '', en: 'Arrived too late', da: '', nb: '' }, resolutions: ['store_credit'] });
        }),
      );
      const after = (await getReturnWizard(tx, access, 'en', TZ))!;
      expect(after.windowDays).toBe(7);
      expect(after.lines[0]!.refusal).toMatchObject({ code: 'window_closed', values: { days: 7 } });
      expect(after.marketFee).toBe(950);
      expect(after.reasons.map((r) => r.code)).not.toContain('changed_mind');
      expect(after.reasons.find((r) => r.code === 'arrived_late')).toMatchObject({ label: 'Arrived too late', resolutions: ['store_credit'] });

      // The submit path decides with the same policy: the window is closed now.
      const refused = await submitReturn({ db: tx, actor: { type: 'customer', orderId: order.id } }, { orderId: order.id, timeZone: TZ, request: returnRequest(order, [{ orderLineId: order.lines[0]!.id }]) }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(AppError);
      expect(((refused as AppError).details as RefusalDetails).refusals.map((r) => r.refusal.code)).toContain('window_closed');
    });
    // Rolled back: the shared policy is what it was.
    expect((await getReturnWizard(db, access, 'en', TZ))!.lines[0]!.refusal).toBeNull();
  });

  it('the preview runs the unsaved draft on a real order, line by line, and saves nothing', async () => {
    const order = await createReturnableOrder(db, { lines: [{ quantity: 2 }, { quantity: 1, finalSale: true }], deliveredDaysAgo: 5 });
    const versions = await db.select({ n: count() }).from(returnPolicies);
    const draft = await editedPolicy((f) => void (f.windowDays = 3));
    const preview = await previewReturnPolicy({ db, actor: admin }, { policy: draft, orderNumber: ` #${order.orderNumber.toLowerCase()} ` }, { timeZone: TZ, locale: 'fi' });
    expect(preview.orderNumber).toBe(order.orderNumber);
    expect(preview.lines.map((l) => [l.returnableQuantity, l.refusal?.code ?? null])).toEqual([
      [0, 'window_closed'],
      [0, 'final_sale'],
    ]);
    expect(preview.reasons.find((r) => r.code === 'too_small')?.label).toBe('Liian pieni');
    const generous = await previewReturnPolicy({ db, actor: admin }, { policy: await editedPolicy((f) => void ((f.windowDays = 30), (f.finalSaleReturnable = true))), orderNumber: order.orderNumber }, { timeZone: TZ, locale: 'en' });
    expect(generous.lines.map((l) => [l.returnableQuantity, l.refusal])).toEqual([
      [2, null],
      [1, null],
    ]);
    await expect(previewReturnPolicy({ db, actor: admin }, { policy: draft, orderNumber: 'NO-SUCH-ORDER' }, { timeZone: TZ, locale: 'en' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(previewReturnPolicy({ db, actor: admin }, { policy: { ...draft, windowDays: -1 }, orderNumber: order.orderNumber }, { timeZone: TZ, locale: 'en' })).rejects.toMatchObject({ issues: [expect.objectContaining({ message: 'range' })] });
    expect(await db.select({ n: count() }).from(returnPolicies)).toEqual(versions);
  });
});
