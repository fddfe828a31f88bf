import type { Platform, PlatformId } from './platform';
import { shopifyPlatform } from './shopify/platform';
import { vendurePlatform } from './vendure/platform';
import { wooPlatform } from './woocommerce/platform';

/** Every connector by id (a new platform adds one line here). */
export const platforms: Record<PlatformId, Platform> = {
  shopify: shopifyPlatform,
  woocommerce: wooPlatform,
  vendure: vendurePlatform,
};

export function platformOf(id: string): Platform | undefined {
  return Object.hasOwn(platforms, id) ? platforms[id as PlatformId] : undefined;
}
