import { render } from '@react-email/render';
import { type EmailContent, EmailLayout, renderEmailText } from './email-template';

export { buttonColors, contrastRatio, plainBrand } from './email-template';

/** HTML (React Email's renderer) and plain text of one email, on the one layout (email-template.tsx). */
export async function renderEmail(content: EmailContent): Promise<{ html: string; text: string }> {
  const html = await render(<EmailLayout content={content} />);
  return { html, text: renderEmailText(content) };
}
