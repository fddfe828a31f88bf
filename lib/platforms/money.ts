/** Minor units from a platform's decimal amount ("199.00" or 199 → 19900; digits past the second decimal are dropped). The app keeps every currency in hundredths. */
export function toMinor(amount: string | number | null | undefined): number {
  if (amount === null || amount === undefined || amount === '') return 0;
  const text = String(amount).trim();
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new Error(`Not a money amount: ${text}`);
  const cents = Number(match[2]) * 100 + Number(((match[3] ?? '') + '00').slice(0, 2));
  return match[1] === '-' ? -cents : cents;
}
