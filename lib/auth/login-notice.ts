import { createTranslator } from 'use-intl/core';
import type { Db } from '@/db';
import { recordEvent } from '@/lib/core/events';
import type { Locale } from '@/lib/core/locales';
import { loadMessages } from '@/lib/i18n/messages';
import { enqueueEmail } from '@/lib/outbox/enqueue-email';
import { appUrl } from '@/lib/core/url';
import { plainBrand, renderEmail } from '@/lib/outbox/email-layout';
import { readShopSettings } from '@/lib/settings/shop-settings';
import { claimAttackNotice, NOTICE_AFTER } from './login-throttle';

/**
 * Tells the owner of an account that it is collecting failed sign-ins (at most one email an hour), in
 * their desk language. Called after a failure is counted; `accountFailures` is the account's total.
 * The audit event and the email are written in one transaction with the claim of the notice.
 */
export async function noticeLoginAttack(
  db: Db,
  input: { account: string; accountFailures: number; user: { id: string; email: string; name: string; role: 'agent' | 'admin'; locale: Locale } | undefined; now: Date },
): Promise<boolean> {
  if (!input.user || input.accountFailures < NOTICE_AFTER) return false;
  const user = input.user;
  return db.transaction(async (tx) => {
    if (!(await claimAttackNotice(tx, input.account, input.now))) return false;
    const locale: Locale = user.locale === 'fi' ? 'fi' : 'en';
    const shop = await readShopSettings(tx);
    const t = createTranslator({ locale, messages: await loadMessages(locale), namespace: 'staffSecurity.noticeEmail' });
    const values = { name: user.name, shop: shop.name, failures: input.accountFailures };
    const heading = t('heading', values);
    const paragraphs = [t('body', values), t('safe', values), t('advice', values)];
    const loginUrl = appUrl('/staff/login');
    const { html, text } = await renderEmail({
      locale,
      brand: plainBrand(shop.name),
      heading,
      blocks: [...paragraphs.map((text) => ({ kind: 'text' as const, text })), { kind: 'link', label: t('cta'), url: loginUrl }],
      footer: [t('footer', values)],
    });
    const hour = Math.floor(input.now.getTime() / 3600_000);
    await enqueueEmail(tx, {
      kind: 'staff_login_notice',
      dedupeKey: `staff-login-notice:${user.id}:${hour}`,
      locale,
      audience: 'staff',
      email: {
        to: user.email,
        subject: t('subject', values),
        html,
        text,
      },
    });
    await recordEvent(tx, { actor: { type: 'system' }, type: 'staff.login_attack_noticed', data: { staffId: user.id, failures: input.accountFailures } });
    return true;
  });
}
