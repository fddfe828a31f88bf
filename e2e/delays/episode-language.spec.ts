import { eq, sql } from 'drizzle-orm';
import { shipments } from '../../db/schema';
import { sendNotices } from '../../lib/delays/send-notices';
import { expect, msg, test } from '../fixtures';
import { LookupPage } from '../pages/lookup-page';
import { ensurePolicies, incidentOf, noticeMail, stallParcel, sweep } from './support';

test.describe('[DELAYS] one late parcel, one notice; the notice speaks the page language', () => {
  test.beforeEach(async ({ db }) => ensurePolicies(db));

  test('a Finnish order whose parcel is stalled AND past its date: one email, one banner, in Swedish on /sv and English on /en', async ({ page, db, makeOrder }) => {
    test.setTimeout(60_000);
    const order = await makeOrder('fi');
    const shipmentId = await stallParcel(db, order);
    await db.update(shipments).set({ promisedDate: sql`current_date - 5` }).where(eq(shipments.id, shipmentId));

    // The worker's cycle opens both kinds and sends the automatic one (eta_breached); staff then send the stalled one.
    await sweep(db);
    const stalled = await incidentOf(db, shipmentId, 'stalled_in_transit');
    const breached = await incidentOf(db, shipmentId, 'eta_breached');
    expect(stalled!.episodeId).toBe(breached!.episodeId);
    await sendNotices({ db, actor: { type: 'system' } }, { incidentIds: [stalled!.id] });
    const mails = await noticeMail(db, order.id);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.mail!.locale).toBe('fi');
    const kind = mails[0]!.notice.incidentId === breached!.id ? 'eta_breached' : 'stalled_in_transit';

    const lookup = new LookupPage(page, 'sv');
    await lookup.goto();
    await lookup.lookUp(order.orderNumber, order.email);
    await expect(page).toHaveURL(new RegExp(`/sv/orders/${order.orderNumber}$`));
    const banner = page.getByTestId('delay-banner');
    await expect(banner).toHaveCount(1);
    await expect(banner.getByRole('heading', { level: 2 })).toHaveText(msg('sv', `delayNotice.heading.${kind}`));
    await expect(banner).toContainText(msg('sv', `delayNotice.weDo.${kind}`).split('{')[0]!.trim());
    await expect(banner).not.toContainText(msg('fi', `delayNotice.heading.${kind}`));
    const remedyHref = await banner.getByRole('link', { name: msg('sv', 'delayBanner.choose') }).getAttribute('href');
    expect(remedyHref).toMatch(/^\/sv\/delays\//);

    // The remedy page on /sv reads Swedish too (the email's link was /fi/…).
    await page.goto(remedyHref!);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg('sv', `delayNotice.heading.${kind}`));

    await page.goto(`/en/orders/${order.orderNumber}`);
    await expect(page.getByTestId('delay-banner')).toHaveCount(1);
    await expect(page.getByTestId('delay-banner').getByRole('heading', { level: 2 })).toHaveText(msg('en', `delayNotice.heading.${kind}`));
    await expect(page.getByTestId('delay-banner')).not.toContainText(msg('fi', `delayNotice.heading.${kind}`));
  });
});
