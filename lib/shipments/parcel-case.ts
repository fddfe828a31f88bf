import 'server-only';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { cases, compensations, returns } from '@/db/schema';

/** The case the parcel belongs to (the reship's compensation's, the exchange's return's), for its timeline. */
export async function caseOfParcel(tx: DbOrTx, shipmentId: string): Promise<string | null> {
  const [comp] = await tx.select({ caseId: compensations.caseId }).from(compensations).where(eq(compensations.shipmentId, shipmentId)).limit(1);
  if (comp) return comp.caseId;
  const [kase] = await tx.select({ id: cases.id }).from(cases).innerJoin(returns, eq(returns.id, cases.returnId)).where(eq(returns.exchangeShipmentId, shipmentId)).limit(1);
  return kase?.id ?? null;
}
