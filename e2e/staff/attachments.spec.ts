import { eq } from 'drizzle-orm';
import type { Page } from '@playwright/test';
import { caseAttachments, caseMessages, outbox } from '../../db/schema';
import { createCase } from '../../test/staff-factories';
import { expect, msg, test } from '../fixtures';
import { loginAs } from './login';

// A real 1×1 PNG and a minimal PDF: the server decides the type by these bytes.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
const png = (name: string, buffer = PNG) => ({ name, mimeType: 'image/png', buffer });
const pdf = (name: string, buffer = PDF) => ({ name, mimeType: 'application/pdf', buffer });

/** Opens the file chooser from the keyboard: focus on "Attach files", Enter. */
async function attachByKeyboard(page: Page, files: Array<{ name: string; mimeType: string; buffer: Buffer }>) {
  const attach = page.getByRole('button', { name: msg('fi', 'staff.case.attach.button') });
  await expect(attach).toBeEnabled(); // disabled until the page has hydrated: only then does Enter open the picker
  await attach.focus();
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Enter');
  await (await chooser).setFiles(files);
}

const fileList = (page: Page) => page.getByRole('list', { name: msg('fi', 'staff.case.attach.listLabel') });
const fileError = (page: Page) => page.getByTestId('attachment-error');

test.describe('[STAFF] attachments on replies and notes', () => {
  test('an agent attaches a PNG and a PDF by keyboard, removes one and sends: the timeline, the email and the customer page have the file', async ({ page, browser, db, expectNoAxeViolations }) => {
    test.slow(); // two axe passes over the case page and many round trips on a shared machine
    const c = await createCase(db, { locale: 'fi', customerName: 'Aino Asiakas', subject: 'Kuva vaurioista' });
    await loginAs(page, 'agent');
    await page.goto(`/staff/cases/${c.id}`);
    const body = page.getByRole('textbox', { name: msg('fi', 'staff.case.replyLabel'), exact: true });
    await expect(body).toBeEditable();
    await body.fill('Hei Aino! Liitteenä kuva palautusosoitteesta.');

    // Oversize and a program named .pdf are refused at the field, with the limit in words; nothing is listed.
    const big = Buffer.concat([PNG, Buffer.alloc(6 * 1024 * 1024)]);
    await attachByKeyboard(page, [png('iso-kuva.png', big)]);
    await expect(fileError(page)).toHaveText(msg('fi', 'staff.case.attach.errors.too_large').replace('{filename}', 'iso-kuva.png'));
    await attachByKeyboard(page, [pdf('lasku.pdf', Buffer.from('MZ\x90\x00\x03\x00\x00\x00 not a pdf', 'latin1'))]);
    await expect(fileError(page)).toContainText('lasku.pdf');
    await expect(fileList(page)).toHaveCount(0);

    await attachByKeyboard(page, [png('osoite.png'), pdf('ohje.pdf')]);
    await expect(fileError(page)).toHaveCount(0);
    await expect(fileList(page).getByRole('listitem')).toHaveCount(2);
    await expect(fileList(page)).toContainText('osoite.png');
    await expect(fileList(page)).toContainText('ohje.pdf');
    await expect(page.getByTestId('attachments-not-in-draft')).toBeVisible();
    await expectNoAxeViolations(page);

    // Remove the PDF from the keyboard: focus goes back to "Attach files".
    await fileList(page).getByRole('button', { name: msg('fi', 'staff.case.attach.remove').replace('{filename}', 'ohje.pdf') }).focus();
    await page.keyboard.press('Enter');
    await expect(fileList(page).getByRole('listitem')).toHaveCount(1);
    await expect(page.getByRole('button', { name: msg('fi', 'staff.case.attach.button') })).toBeFocused();

    await page.getByRole('button', { name: msg('fi', 'staff.case.sendReply') }).click();
    await expect(page.getByRole('status').filter({ hasText: msg('fi', 'staff.case.replySent') })).toBeVisible();
    await expect(fileList(page)).toHaveCount(0);
    const reply = page.locator('[data-kind="reply"]');
    const link = reply.getByRole('link', { name: /osoite\.png/ });
    await expect(link).toBeVisible();
    await expect(reply.locator('img')).toHaveCount(1);
    await expect(reply).not.toContainText('ohje.pdf');
    const download = await page.request.get((await link.getAttribute('href'))!);
    expect(download.headers()['content-type']).toBe('image/png');
    expect(Buffer.compare(await download.body(), PNG)).toBe(0);
    await expectNoAxeViolations(page);

    // The customer's email lists the file in the staff Outbox view.
    const [mail] = await db.select().from(outbox).where(eq(outbox.caseId, c.id));
    expect(mail!.payload.attachments?.map((a) => a.filename)).toEqual(['osoite.png']);
    await page.goto(`/staff/outbox/${mail!.id}`);
    await expect(page.getByTestId('outbox-attachments')).toHaveText('osoite.png');

    // The reply link's page opens the reply's file.
    const replyUrl = /https?:\/\/\S+\/fi\/messages\/\S+/.exec(mail!.payload.text)![0];
    const customer = await browser.newPage();
    await customer.goto(replyUrl);
    const customerLink = customer.getByTestId('reply-attachments').getByRole('link', { name: /osoite\.png/ });
    await expect(customerLink).toBeVisible();
    const file = await customer.request.get((await customerLink.getAttribute('href'))!);
    expect(file.status()).toBe(200);
    expect(Buffer.compare(await file.body(), PNG)).toBe(0);
    await customer.close();
  });

  test('the composer at 360 px: a note with a file stays on the desk; targets are 44 px; axe clean @phone', async ({ page, db, expectNoAxeViolations }) => {
    const c = await createCase(db, { locale: 'fi', subject: 'Muistiinpano ja liite' });
    await loginAs(page, 'agent');
    await page.goto(`/staff/cases/${c.id}`);
    await page.getByRole('radio', { name: msg('fi', 'staff.case.modeNote') }).check();
    await page.getByRole('textbox', { name: msg('fi', 'staff.case.noteLabel'), exact: true }).fill('Varaston kuva, ei asiakkaalle.');
    await expect(page.getByText(msg('fi', 'staff.case.attach.noteStays'), { exact: false })).toBeVisible();
    await attachByKeyboard(page, [png('varasto.png')]);
    const attach = page.getByRole('button', { name: msg('fi', 'staff.case.attach.button') });
    const remove = fileList(page).getByRole('button', { name: msg('fi', 'staff.case.attach.remove').replace('{filename}', 'varasto.png') });
    for (const target of [attach, remove]) {
      const box = (await target.boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(44);
      expect(box.x + box.width).toBeLessThanOrEqual(page.viewportSize()!.width);
    }
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: msg('fi', 'staff.case.addNote') }).click();
    await expect(page.getByRole('status').filter({ hasText: msg('fi', 'staff.case.noteAdded') })).toBeVisible();
    await expect(page.locator('[data-kind="internal_note"]').getByRole('link', { name: /varasto\.png/ })).toBeVisible();
    const [note] = await db.select({ id: caseMessages.id }).from(caseMessages).where(eq(caseMessages.caseId, c.id));
    expect(await db.$count(caseAttachments, eq(caseAttachments.caseMessageId, note!.id))).toBe(1);
    expect(await db.$count(outbox, eq(outbox.caseId, c.id))).toBe(0);
  });
});
