'use server';

import { redirect } from 'next/navigation';
import { getDb } from '@/db';
import { getVerifiedOrderAccess } from '@/lib/auth/order-access';
import { isAppError } from '@/lib/errors';
import { toLocale } from '@/lib/i18n/locales';
import { cancelReturn } from '@/lib/returns/cancel-return';
import { findReturnOrder } from '@/lib/returns/queries';
import { cancelReturnSchema } from '@/lib/returns/schemas';

/** The confirm step's form (works without JavaScript): cancel, then show the page with the outcome. */
export async function cancelReturnAction(formData: FormData): Promise<void> {
  const locale = toLocale(String(formData.get('locale') ?? ''));
  const parsed = cancelReturnSchema.safeParse({ rma: formData.get('rma') });
  if (!parsed.success) redirect(`/${locale}`);
  const { rma } = parsed.data;
  const db = getDb();
  const found = await findReturnOrder(db, rma);
  if (!found || !(await getVerifiedOrderAccess(found.orderId))) redirect(`/${locale}`);
  let outcome = 'canceled';
  try {
    await cancelReturn({ db, actor: { type: 'customer', orderId: found.orderId } }, { returnId: found.returnId, orderId: found.orderId });
  } catch (error) {
    if (!isAppError(error)) throw error;
    outcome = error.code === 'unavailable' ? 'unavailable' : 'notPossible';
  }
  redirect(`/${locale}/returns/${rma}?result=${outcome}`);
}
