import type { Page } from '@playwright/test';

/**
 * Collects every CSP violation of a page across navigations: `securitypolicyviolation` events
 * (listener installed before any page script, reported to the test at once) and the browser's
 * console messages about the policy. Call before the first navigation.
 */
export async function watchCsp(page: Page): Promise<() => string[]> {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/content security policy|refused to (load|execute|apply|evaluate)/i.test(m.text())) seen.push(`${page.url()}: ${m.text()}`);
  });
  await page.exposeFunction('__paluuCspViolation', (text: string) => void seen.push(text));
  await page.addInitScript(() => {
    const report = (window as unknown as { __paluuCspViolation: (text: string) => void }).__paluuCspViolation;
    document.addEventListener('securitypolicyviolation', (e) =>
      report(`${location.pathname}: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`),
    );
  });
  return () => [...seen];
}
