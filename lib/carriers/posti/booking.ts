import type { CarrierBooking } from '../booking';
import type { CarrierConfig } from '../config';
import { bookReturnWithPakettikauppa, fetchPakettikauppaLabel, PAKETTIKAUPPA_BASE_URL, type PakettikauppaCredentials, testPakettikauppa } from '../aggregators/pakettikauppa';

/**
 * Posti return parcels are booked through Pakettikauppa (Posti's aggregator, public API documentation), not
 * Posti's own Shipping API (contract customers only). Settings: `bookingApiUser` = the merchant API key,
 * `bookingApiKey` = the merchant secret, `bookingBaseUrl` (default https://api.pakettikauppa.fi; the public test
 * system is https://apitest.pakettikauppa.fi).
 */
function credentials(config: CarrierConfig): PakettikauppaCredentials {
  return { baseUrl: config.bookingBaseUrl ?? PAKETTIKAUPPA_BASE_URL, account: config.bookingApiUser ?? '', secret: config.bookingApiKey ?? '', timeoutMs: config.requestTimeoutMs };
}

export const postiBooking: CarrierBooking = {
  via: 'pakettikauppa',
  configured: (config) => Boolean(config.bookingApiUser && config.bookingApiKey),
  bookReturn: (request, config) => bookReturnWithPakettikauppa(request, credentials(config)),
  fetchLabel: async (labelSource, config) => ({ pdf: await fetchPakettikauppaLabel(labelSource, credentials(config)), zpl: null }),
  // Pakettikauppa's merchant key and secret; no customer number (the merchant account pays).
  fields: ['bookingBaseUrl', 'bookingApiUser', 'bookingApiKey'],
  testConnection: async (config) => (config.bookingApiUser && config.bookingApiKey ? testPakettikauppa(credentials(config)) : { ok: false, reason: 'not_configured' }),
};
