import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '@/db/schema';
import { testDb } from '@/test/db';
import { createReturnableOrder, ensureReturnPolicy, returnRequest } from '@/test/return-factories';
import da from '@/messages/da.json';
import en from '@/messages/en.json';
import fi from '@/messages/fi.json';
import nb from '@/messages/nb.json';
import sv from '@/messages/sv.json';
import { queueReturnEmail } from './return-emails';
import { submitReturn } from './submit-return';

const db = testDb();
const catalogs = { fi, sv, en, da, nb } as const;

beforeAll(async () => {
  await ensureReturnPolicy(db);
});

describe('queueReturnEmail', () => {
  it.each(Object.keys(catalogs) as Array<keyof typeof catalogs>)('writes the %s email with the RMA, both parts and the return link, once per step', async (locale) => {
    const order = await createReturnableOrder(db, { locale });
    const { returnId, rma } = await submitReturn(
      { db, actor: { type: 'customer', orderId: order.id } },
      { orderId: order.id, timeZone: 'Europe/Helsinki', request: returnRequest(order, [{ orderLineId: order.lines[0]!.id }]) },
    );
    await db.transaction((tx) => queueReturnEmail(tx, { returnId, step: 'received' }));
    await db.transaction((tx) => queueReturnEmail(tx, { returnId, step: 'received' }));
    const mails = await db.select().from(outbox).where(eq(outbox.orderId, order.id));
    const received = mails.filter((m) => m.kind === 'email.return_received');
    expect(received).toHaveLength(1);
    const mail = received[0]!;
    const expectedSubject = catalogs[locale].returnEmail.received.subject.replace('{rma}', rma).replace('{orderNumber}', order.orderNumber);
    expect(mail.subject).toBe(expectedSubject);
    expect(mail.locale).toBe(locale);
    expect(mail.recipient).toBe(order.email);
    expect(mail.payload.text).toContain(`/${locale}/returns/${rma}`);
    expect(mail.payload.html).toContain(`href="http`);
    expect(mail.payload.html).toContain(catalogs[locale].returnEmail.button);
    expect(mail.payload.text).toContain('Test shirt');
  });
});
