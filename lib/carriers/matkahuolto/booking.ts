import type { CarrierBooking } from '../booking';
import type { CarrierConfig } from '../config';
import { bookWithPakettikauppa, fetchPakettikauppaLabel, PAKETTIKAUPPA_BASE_URL, type PakettikauppaCredentials, type PakettikauppaProduct, testPakettikauppa } from '../aggregators/pakettikauppa';

/**
 * Matkahuolto return parcels are booked through Pakettikauppa, the aggregator Posti's returns already use, because
 * no public example of Matkahuolto's own shipment interface (`mhshipmentxml`) was found: neither a published
 * request with its source nor any answer (docs/carriers.md). Pakettikauppa's API documentation books Matkahuolto
 * products through the same Prinetti call (its "Regular parcel full example" is a Matkahuolto shipment, product
 * 90010) and its label code (9902) is "Matkahuolto activation code", the label-free code.
 *
 * The return product: 90280, the one Pakettikauppa's own WooCommerce plugin books Matkahuolto return labels with
 * (Pakettikauppa/woo-pakettikauppa, core/class-admin.php `create_return_label`); the API documentation lists no
 * Matkahuolto return product. `bookingProduct` overrides it for a shop whose contract names another.
 *
 * Settings as for Posti: `bookingApiUser` = the Pakettikauppa merchant API key, `bookingApiKey` = its secret,
 * `bookingBaseUrl` (default https://api.pakettikauppa.fi; the public test system is https://apitest.pakettikauppa.fi).
 */
export const MATKAHUOLTO_RETURN_PRODUCT = '90280';
/**
 * A parcel the shop sends: 90010 Bussipaketti, Matkahuolto's ordinary parcel to the pickup point nearest the
 * recipient, the product of the documentation's Matkahuolto example and of its shipping-method answer example.
 */
export const MATKAHUOLTO_PARCEL: PakettikauppaProduct = { code: '90010', service: '90010 Bussipaketti' };

function credentials(config: CarrierConfig): PakettikauppaCredentials {
  return { baseUrl: config.bookingBaseUrl ?? PAKETTIKAUPPA_BASE_URL, account: config.bookingApiUser ?? '', secret: config.bookingApiKey ?? '', timeoutMs: config.requestTimeoutMs };
}

// No public document names product 90280, so the booked service is its code alone.
const returnProduct = (config: CarrierConfig): PakettikauppaProduct => {
  const code = config.bookingProduct ?? MATKAHUOLTO_RETURN_PRODUCT;
  return { code, service: code };
};

const configured = (config: CarrierConfig) => Boolean(config.bookingApiUser && config.bookingApiKey);

export const matkahuoltoBooking: CarrierBooking = {
  via: 'pakettikauppa',
  configured,
  bookReturn: (request, config) => bookWithPakettikauppa(request, credentials(config), returnProduct(config)),
  bookOutbound: (request, config) => bookWithPakettikauppa(request, credentials(config), MATKAHUOLTO_PARCEL),
  fetchLabel: async (labelSource, config) => ({ pdf: await fetchPakettikauppaLabel(labelSource, credentials(config)), zpl: null }),
  // Pakettikauppa's merchant key and secret, and the product to book; no customer number (the merchant account pays).
  fields: ['bookingBaseUrl', 'bookingApiUser', 'bookingApiKey'],
  // Asks about the product a booking would use: accepted credentials and a product the merchant can book.
  testConnection: async (config) => (configured(config) ? testPakettikauppa(credentials(config), returnProduct(config).code) : { ok: false, reason: 'not_configured' }),
};
