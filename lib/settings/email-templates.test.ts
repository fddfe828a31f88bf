import { and, desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { caseEvents, outbox, settings } from '@/db/schema';
import { loadMessages } from '@/lib/i18n/messages';
import { queueReturnEmail } from '@/lib/returns/return-emails';
import { testDb } from '@/test/db';
import { createRequestedReturn } from '@/test/staff2-factories';
import { inRollback } from '@/test/rollback';
import { applyEmailOverrides, defaultTexts, EMAIL_TEMPLATES_SETTING, emailTemplateKinds, loadEmailMessages, overrideProblem, readEmailTemplateOverrides } from './email-templates';
import { resetEmailTemplate, saveEmailTemplates } from './save-email-templates';

const db = testDb();
const admin = { type: 'staff', staffId: '00000000-0000-4000-8000-00000000ad03', role: 'admin' } as const;
const agent = { type: 'staff', staffId: '00000000-0000-4000-8000-00000000a903', role: 'agent' } as const;

describe('email template overrides', () => {
  it('an override must keep the default text’s ICU arguments, parse, and not be empty', () => {
    const original = 'Return {rma} for order {orderNumber} – {shop}';
    expect(overrideProblem(original, 'Your return {rma} ({orderNumber}) at {shop} is in')).toBeNull();
    expect(overrideProblem(original, 'Your return {rma} is in')).toBe('icuArguments');
    expect(overrideProblem(original, 'Return {rma} {orderNumber} {shop} {extra}')).toBe('icuArguments');
    expect(overrideProblem(original, 'Return {rma {orderNumber} {shop}')).toBe('icuSyntax');
    expect(overrideProblem(original, '   ')).toBe('empty');
    const plural = '{count, plural, one {# item} other {# items}}';
    expect(overrideProblem(plural, '{count, plural, one {# tuote} other {# tuotetta}}')).toBeNull();
    expect(overrideProblem(plural, '{count} items')).toBe('icuArguments');
  });

  it('every email kind with a catalog has editable texts; non-email keys are never overridden', async () => {
    const en = await loadMessages('en');
    for (const kind of emailTemplateKinds.filter((k) => k !== 'delayNotice')) expect(defaultTexts(en, kind).length, kind).toBeGreaterThan(0);
    const applied = applyEmailOverrides(en, { 'lookup.title': 'Hacked', 'returnEmail.button': 'Open your return', 'returnEmail.approved.subject': 'Dropped the args' });
    expect(applied.lookup.title).toBe(en.lookup.title);
    expect(applied.returnEmail.button).toBe('Open your return');
    // A stored override that no longer fits its default falls back to the default.
    expect(applied.returnEmail.approved.subject).toBe(en.returnEmail.approved.subject);
    // The catalog module itself is untouched.
    expect((await loadMessages('en')).returnEmail.button).toBe(en.returnEmail.button);
  });

  it('a text with a dropped placeholder refuses the whole save with a per-field reason, and changes nothing', async () => {
    const before = await readEmailTemplateOverrides(db);
    const error = await saveEmailTemplates({ db, actor: admin }, { locale: 'fi', kind: 'return', texts: { 'returnEmail.button': 'Avaa palautus', 'returnEmail.approved.subject': 'Hyväksytty' } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_input', details: { 'returnEmail.approved.subject': ['icuArguments'] } });
    await expect(saveEmailTemplates({ db, actor: admin }, { locale: 'fi', kind: 'return', texts: { 'lookup.title': 'x' } })).rejects.toMatchObject({ details: { 'lookup.title': ['unknownText'] } });
    await expect(saveEmailTemplates({ db, actor: agent }, { locale: 'fi', kind: 'return', texts: {} })).rejects.toMatchObject({ code: 'forbidden' });
    expect(await readEmailTemplateOverrides(db)).toEqual(before);
  });

  it('saved texts are what the real return email says (subject and body), in that language only; reset brings the default back; audited', async () => {
    const r = await createRequestedReturn(db, { locale: 'sv' });
    await inRollback(db, async (tx) => {
      await saveEmailTemplates({ db: tx, actor: admin }, { locale: 'sv', kind: 'return', texts: { 'returnEmail.requested.subject': 'Tack! Retur {rma} för {orderNumber}', 'returnEmail.button': 'Visa returen nu' } });
      const [event] = await tx.select().from(caseEvents).where(and(eq(caseEvents.type, 'settings.changed'), eq(caseEvents.actorId, admin.staffId))).orderBy(desc(caseEvents.id)).limit(1);
      expect(event?.data).toMatchObject({ key: EMAIL_TEMPLATES_SETTING, after: { sv: { 'returnEmail.button': 'Visa returen nu' } } });
      expect((await loadEmailMessages(tx, 'fi')).returnEmail.button).toBe((await loadMessages('fi')).returnEmail.button);

      await tx.delete(outbox).where(eq(outbox.dedupeKey, `return:${r.returnId}:requested`));
      await queueReturnEmail(tx as never, { returnId: r.returnId, step: 'requested' });
      const [mail] = await tx.select().from(outbox).where(eq(outbox.dedupeKey, `return:${r.returnId}:requested`));
      expect(mail!.payload.subject).toBe(`Tack! Retur ${r.rma} för ${r.orderNumber}`);
      expect(mail!.payload.html).toContain('Visa returen nu');
      expect(mail!.payload.text).toContain('Visa returen nu');

      await resetEmailTemplate({ db: tx, actor: admin }, { locale: 'sv', key: 'returnEmail.button' });
      const [row] = await tx.select().from(settings).where(eq(settings.key, EMAIL_TEMPLATES_SETTING));
      expect(row?.value).toMatchObject({ sv: { 'returnEmail.requested.subject': expect.any(String) } });
      expect((row?.value as { sv: Record<string, string> }).sv['returnEmail.button']).toBeUndefined();
    });
  });
});
