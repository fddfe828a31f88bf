import { and, desc, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseEvents, outbox, settings } from '@/db/schema';
import { issueReturnLabel } from '@/lib/returns/issue-return-label';
import { getReturnLabel } from '@/lib/labels/queries';
import { renderLabelPdf } from '@/lib/labels/render-label-pdf';
import { queueReturnEmail } from '@/lib/returns/return-emails';
import { testDb } from '@/test/db';
import { uniqueId } from '@/test/factories';
import { readPdf } from '@/test/pdf-text';
import { createApprovedReturn } from '@/test/return-fixture';
import { inRollback } from '@/test/rollback';
import { brandingInputSchema, contrastWithWhite } from './branding';
import { normalizeLogo, saveBranding, uploadLogo } from './save-branding';
import { saveSetting } from './save-setting';
import { readShopSettings } from './shop-settings';

const db = testDb();
const admin = { type: 'staff', staffId: '00000000-0000-4000-8000-00000000ad01', role: 'admin' } as const;
const agent = { type: 'staff', staffId: '00000000-0000-4000-8000-00000000a901', role: 'agent' } as const;

const png = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#1f5f4a' } }).png().toBuffer();

async function pdfImageCount(bytes: Uint8Array, pageNumber: number): Promise<number> {
  const doc = await getDocument({ data: new Uint8Array(bytes), standardFontDataUrl: `${path.resolve('node_modules/pdfjs-dist/standard_fonts')}/`, isEvalSupported: false }).promise;
  const ops = await (await doc.getPage(pageNumber)).getOperatorList();
  await doc.destroy();
  return ops.fnArray.filter((fn) => fn === OPS.paintImageXObject).length;
}

describe('saveSetting (contract C)', () => {
  it('upserts the row and audits settings.changed with before and after, in one transaction', async () => {
    const key = `test.${uniqueId()}`;
    await saveSetting({ db, actor: admin }, key, { a: 1 });
    await saveSetting({ db, actor: admin }, key, { a: 2 });
    const [row] = await db.select().from(settings).where(eq(settings.key, key));
    expect(row?.value).toEqual({ a: 2 });
    const events = await db.select().from(caseEvents).where(and(eq(caseEvents.type, 'settings.changed'), eq(caseEvents.actorId, admin.staffId))).orderBy(desc(caseEvents.id));
    const mine = events.filter((e) => e.data.key === key);
    expect(mine.map((e) => e.data)).toEqual([
      { key, before: { a: 1 }, after: { a: 2 } },
      { key, before: null, after: { a: 1 } },
    ]);
  });

  it('refuses an agent and anyone who is not staff, and writes nothing', async () => {
    const key = `test.${uniqueId()}`;
    await expect(saveSetting({ db, actor: agent }, key, 1)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(saveSetting({ db, actor: { type: 'system' } }, key, 1)).rejects.toMatchObject({ code: 'forbidden' });
    expect(await db.select().from(settings).where(eq(settings.key, key))).toEqual([]);
  });
});

describe('branding', () => {
  it('checks the accent colour against white (WCAG 4.5:1)', () => {
    expect(contrastWithWhite('#ffffff')).toBeCloseTo(1, 5);
    expect(contrastWithWhite('#000000')).toBeCloseTo(21, 5);
    expect(contrastWithWhite('#1f5f4a')).toBeGreaterThan(4.5);
    const base = { name: 'Shop', supportEmail: '', supportPhone: '', supportUrl: '' };
    expect(brandingInputSchema.safeParse({ ...base, accentColor: '#1F5F4A' }).data?.accentColor).toBe('#1f5f4a');
    expect(brandingInputSchema.safeParse({ ...base, accentColor: '#ffcc00' }).error?.issues[0]?.message).toBe('contrast');
    expect(brandingInputSchema.safeParse({ ...base, accentColor: 'red' }).error?.issues[0]?.message).toBe('color');
    expect(brandingInputSchema.safeParse({ ...base, accentColor: '#000000', supportUrl: 'javascript:alert(1)' }).error?.issues[0]?.message).toBe('url');
    // What the schema outputs is valid input again (the form may send either).
    const parsed = brandingInputSchema.parse({ ...base, accentColor: '#1F5F4A', supportPhone: ' +358 40 123 4567 ' });
    expect(brandingInputSchema.parse(parsed)).toEqual(parsed);
  });

  it('a refused save changes nothing; a valid one is stored and audited', async () => {
    await inRollback(db, async (tx) => {
      // A field another module keeps in the shop row (not part of the branding form).
      const [current] = await tx.select({ value: settings.value }).from(settings).where(eq(settings.key, 'shop'));
      const seeded = { ...((current?.value as object) ?? {}), keptByOthers: 'yes' };
      await tx.insert(settings).values({ key: 'shop', value: seeded }).onConflictDoUpdate({ target: settings.key, set: { value: seeded } });
      const before = await readShopSettings(tx);
      const [raw] = await tx.select({ value: settings.value }).from(settings).where(eq(settings.key, 'shop'));
      await expect(saveBranding({ db: tx, actor: admin }, { name: '', accentColor: '#ffff00', supportEmail: 'nope', supportPhone: '', supportUrl: '' })).rejects.toMatchObject({
        issues: expect.arrayContaining([expect.objectContaining({ path: ['name'], message: 'required' }), expect.objectContaining({ path: ['accentColor'], message: 'contrast' })]),
      });
      expect(await readShopSettings(tx)).toEqual(before);
      await saveBranding({ db: tx, actor: admin }, { name: 'Koivu Test', accentColor: '#0B5394', supportEmail: 'help@koivu.example', supportPhone: '+358 40 123 4567', supportUrl: 'https://koivu.example/help' });
      const after = await readShopSettings(tx);
      const [stored] = await tx.select({ value: settings.value }).from(settings).where(eq(settings.key, 'shop'));
      // Fields the branding form does not own are kept as stored.
      expect(stored!.value).toMatchObject({ keptByOthers: 'yes', name: 'Koivu Test' });
      expect(after).toMatchObject({ name: 'Koivu Test', accentColor: '#0b5394', supportPhone: '+358 40 123 4567', timeZone: before.timeZone, returnAddress: before.returnAddress });
      const [event] = await tx.select().from(caseEvents).where(eq(caseEvents.type, 'settings.changed')).orderBy(desc(caseEvents.id)).limit(1);
      expect(event?.data).toEqual({ key: 'shop', before: raw?.value ?? null, after: expect.objectContaining({ name: 'Koivu Test', accentColor: '#0b5394' }) });
    });
  });

  it('logos: PNG and JPEG are re-encoded to a PNG that fits 480 × 160; SVG, other formats, huge files are refused', async () => {
    const big = await normalizeLogo(await png(1200, 400));
    expect(big).toMatchObject({ width: 480, height: 160 });
    expect((await sharp(big.png).metadata()).format).toBe('png');
    const jpeg = await sharp({ create: { width: 100, height: 50, channels: 3, background: '#000' } }).jpeg().toBuffer();
    expect((await normalizeLogo(jpeg)).width).toBe(100);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>');
    await expect(normalizeLogo(svg)).rejects.toMatchObject({ code: 'invalid_input', reason: 'logoType' });
    const gif = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } }).gif().toBuffer();
    await expect(normalizeLogo(gif)).rejects.toMatchObject({ reason: 'logoType' });
    await expect(normalizeLogo(new Uint8Array(1024 * 1024 + 1))).rejects.toMatchObject({ reason: 'logoSize' });
    await expect(normalizeLogo(Buffer.from('not an image'))).rejects.toMatchObject({ reason: 'logoUnreadable' });
  });

  it('the return label PDF carries the shop name and logo; the return email its logo, accent and support contact', async () => {
    const { returnId, rma } = await createApprovedReturn(db, { locale: 'en', carrier: 'posti', method: 'printerless' });
    await db.transaction((tx) => issueReturnLabel(db, tx, { returnId, actor: { type: 'system' } }));
    const withoutLogo = (await getReturnLabel(db, rma))!;
    expect(withoutLogo.logoPng).toBeNull();
    await inRollback(db, async (tx) => {
      await saveBranding({ db: tx, actor: admin }, { name: 'Brandtest Oy', accentColor: '#7a1f5c', supportEmail: 'apu@brandtest.example', supportPhone: '+358 9 876 543', supportUrl: '' });
      const { version } = await uploadLogo({ db: tx, actor: admin }, await png(300, 100));
      const label = (await getReturnLabel(tx, rma))!;
      expect(label.shopName).toBe('Brandtest Oy');
      const pdf = await renderLabelPdf(label);
      const [, slip] = await readPdf(pdf);
      expect(slip!.text).toContain('Brandtest Oy');
      expect(await pdfImageCount(pdf, 2)).toBe(1);

      await queueReturnEmail(tx as never, { returnId, step: 'approved' });
      const [mail] = await tx.select().from(outbox).where(eq(outbox.dedupeKey, `return:${returnId}:approved`));
      expect(mail!.payload.html).toContain(`/api/brand/logo?v=${version}`);
      expect(mail!.payload.html).toContain('alt="Brandtest Oy"');
      expect(mail!.payload.html).toContain('#7a1f5c');
      expect(mail!.payload.html).toContain('apu@brandtest.example · +358 9 876 543');
      expect(mail!.payload.text).toContain('apu@brandtest.example · +358 9 876 543');
    });
    // Rolled back: the shared shop is untouched.
    expect((await getReturnLabel(db, rma))!.shopName).toBe(withoutLogo.shopName);
  });
});
