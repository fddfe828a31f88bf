import type { RefundRail } from '@/lib/core/refund-rail';

/**
 * Demo — no money moves. The fallback rail: it claims every order no other rail carries and settles at once,
 * so the whole flow is visible without any provider. Staff see "Demo rail" on every refund it carried.
 */
export const demoRail: RefundRail = {
  id: 'demo',
  async claims() {
    return true;
  },
  async execute(_db, request) {
    return { outcome: 'succeeded', providerReference: `demo_${request.refundId}` };
  },
};
