/**
 * What a platform's API client throws (shopify/api.ts, woocommerce/api.ts), classified once by the client:
 * `retryable` is true for network errors, timeouts, throttling and outages; false for refusals. `code` is the
 * platform's own error code when it sent one.
 */
export class PlatformApiError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status: number | null,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'PlatformApiError';
  }
}
