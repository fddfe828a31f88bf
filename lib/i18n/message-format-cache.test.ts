import { describe, expect, it } from 'vitest';
import { _createCache, createTranslator } from 'use-intl/core';
import { loadMessages } from './messages';

describe('a message format cache shared by requests (lib/i18n/message-format-cache.ts)', () => {
  it('lets every request reuse a parsed message while each request sees only its own values', async () => {
    const messages = await loadMessages('fi');
    // next-intl builds a translator per request, handing it the request config's `_cache` (i18n/request.ts).
    const cache = _createCache();
    const first = createTranslator({ locale: 'fi', messages, namespace: 'order', _cache: cache });
    const second = createTranslator({ locale: 'fi', messages, namespace: 'order', _cache: cache });

    expect(first('title', { number: '1001' })).toContain('1001');
    const again = second('title', { number: '2002' });
    expect(again).toContain('2002');
    expect(again).not.toContain('1001');
    // One parsed pattern for both requests: the store is keyed by the pattern, never by the values.
    const keys = Object.keys(cache.message);
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toContain('1001');
    expect(keys[0]).not.toContain('2002');
  });
});
