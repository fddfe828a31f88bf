import type { CarrierBooking } from '../booking';
import type { CarrierConfig } from '../config';
import { bookWithPakettikauppa, fetchPakettikauppaLabel, PAKETTIKAUPPA_BASE_URL, type PakettikauppaCredentials, POSTI_PARCEL, POSTI_RETURN, testPakettikauppa } from '../aggregators/pakettikauppa';

/**
 * Posti return parcels are booked through Pakettikauppa (Posti's aggregator, public API documentation), not
 * Posti's own Shipping API (contract customers only). Settings: `bookingApiUser` = the merchant API key,
 * `bookingApiKey` = the merchant secret, `bookingBaseUrl` (default https://api.pakettikauppa.fi; the public test
 * system is https://apitest.pakettikauppa.fi).
 * A parcel the shop sends (an exchange's new item, a reship) is booked as 2103 Postipaketti: Posti's ordinary
 * consumer parcel, delivered to the recipient's nearest pickup point (or the one the recipient chose with Posti).
 */
function credentials(config: CarrierConfig): PakettikauppaCredentials {
  return { baseUrl: config.bookingBaseUrl ?? PAKETTIKAUPPA_BASE_URL, account: config.bookingApiUser ?? '', secret: config.bookingApiKey ?? '', timeoutMs: config.requestTimeoutMs };
}

export const postiBooking: CarrierBooking = {
  via: 'pakettikauppa',
  configured: (config) => Boolean(config.bookingApiUser && config.bookingApiKey),
  bookReturn: (request, config) => bookWithPakettikauppa(request, credentials(config), POSTI_RETURN),
  bookOutbound: (request, config) => bookWithPakettikauppa(request, credentials(config), POSTI_PARCEL),
  fetchLabel: async (labelSource, config) => ({ pdf: await fetchPakettikauppaLabel(labelSource, credentials(config)), zpl: null }),
  // Pakettikauppa's merchant key and secret; no customer number (the merchant account pays).
  fields: ['bookingBaseUrl', 'bookingApiUser', 'bookingApiKey'],
  testConnection: async (config) => (config.bookingApiUser && config.bookingApiKey ? testPakettikauppa(credentials(config)) : { ok: false, reason: 'not_configured' }),
};
