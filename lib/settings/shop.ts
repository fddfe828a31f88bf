import 'server-only';
import { cache } from 'react';
import { getDb } from '@/db';
import { readShopSettings, type ShopSettings } from './shop-settings';

export { readShopSettings, shopAddressSchema, shopSettingsSchema, type ShopAddress, type ShopSettings } from './shop-settings';

/** Branding and locale facts of the shop, read once per request. */
export const getShopSettings = cache(async (): Promise<ShopSettings> => readShopSettings(getDb()));
