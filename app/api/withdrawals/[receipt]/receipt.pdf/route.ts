import { getDb } from '@/db';
import { getVerifiedOrderAccess } from '@/lib/auth/order-access';
import { AppError, toHttpResponse } from '@/lib/errors';
import { downloadHeaders } from '@/lib/labels/authorized-label';
import { getWithdrawalReceipt } from '@/lib/withdrawals/queries';
import { receiptTranslator, renderReceiptPdf } from '@/lib/withdrawals/receipt';

/** The acknowledgement of a withdrawal as PDF, for the browser that holds access to its order. */
export async function GET(_request: Request, { params }: { params: Promise<{ receipt: string }> }): Promise<Response> {
  try {
    const stored = await getWithdrawalReceipt(getDb(), (await params).receipt);
    if (!stored || !(await getVerifiedOrderAccess(stored.orderId))) throw new AppError('not_found', 'No receipt.');
    const pdf = await renderReceiptPdf(await receiptTranslator(stored.receipt.locale), stored.receipt);
    return new Response(Buffer.from(pdf), { headers: downloadHeaders('application/pdf', `withdrawal-${stored.receipt.receiptNumber}.pdf`, pdf.byteLength) });
  } catch (error) {
    return toHttpResponse(error);
  }
}
