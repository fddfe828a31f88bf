import { describe, expect, it } from 'vitest';
import { loadMessages } from './messages';

describe('loadMessages', () => {
  it('gives a Finnish page its own texts, English only where Finnish has none', async () => {
    const fi = await loadMessages('fi');
    const en = await loadMessages('en');
    expect(fi.lookup.title).not.toBe(en.lookup.title);
    expect(fi.lookup.title.length).toBeGreaterThan(0);
  });

  it('merges each language with its English fallback once per process, not on every request', async () => {
    for (const locale of ['fi', 'sv', 'da', 'nb', 'en'] as const) {
      const first = await loadMessages(locale);
      const [again, concurrent] = await Promise.all([loadMessages(locale), loadMessages(locale)]);
      expect(again).toBe(first);
      expect(concurrent).toBe(first);
    }
  });
});
