/** Contact data on the verified view is masked on the server (security checklist LK-09). */

/** `Aino Virtanen` → `Aino V.` */
export function maskName(name: string): string {
  const [first, ...rest] = name.trim().split(/\s+/);
  const last = rest.at(-1);
  return last ? `${first} ${Array.from(last)[0]}.` : (first ?? '');
}

/** `aino.virtanen@example.fi` → `a***@e***.fi` */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  const dot = domain.lastIndexOf('.');
  const tld = dot > 0 ? domain.slice(dot) : '';
  const first = (s: string) => Array.from(s)[0] ?? '';
  return `${first(local)}***@${first(domain)}***${tld}`;
}

/** `Aino Maria Virtanen` → `Aino` */
export function firstNameOf(name: string): string {
  return name.trim().split(/\s+/)[0] ?? '';
}
