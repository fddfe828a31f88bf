// One package per element: the @react-email/components barrel also loads Tailwind, Markdown and Prism (~450 ms per process start).
import { Body } from '@react-email/body';
import { Button } from '@react-email/button';
import { Container } from '@react-email/container';
import { Head } from '@react-email/head';
import { Heading } from '@react-email/heading';
import { Hr } from '@react-email/hr';
import { Html } from '@react-email/html';
import { Img } from '@react-email/img';
import { Link } from '@react-email/link';
import { Preview } from '@react-email/preview';
import { Section } from '@react-email/section';
import { Text } from '@react-email/text';
import { type Locale, localeTags } from '@/lib/i18n/locales';
import type { EmailBrand } from './service-email-layout';

/**
 * The one layout of every email we send (React Email): the shop's logo (alt = shop name) or name over
 * an accent rule, a real <h1>, the content blocks, the footer with the support contact. The same
 * blocks give the plain-text part, written to be read as text (not HTML stripped of its tags).
 */
export type EmailBlock =
  | { kind: 'text'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'rows'; rows: Array<{ label: string; value: string }> }
  | { kind: 'button'; label: string; url: string }
  | { kind: 'link'; label: string; url: string }
  | { kind: 'code'; label: string; code: string }
  | { kind: 'image'; src: string; alt: string; width: number; height: number }
  | { kind: 'choices'; items: Array<{ symbol: string; caption: string; title: string; url: string }> }
  | { kind: 'note'; text: string };

export type EmailContent = {
  locale: Locale;
  brand: EmailBrand;
  heading: string;
  /** The inbox preview line; the first text block when absent. */
  preview?: string;
  blocks: ReadonlyArray<EmailBlock | null | undefined | false | ''>;
  /** Footer lines (muted); the support contact follows them. */
  footer: ReadonlyArray<string>;
  /** A link in the footer (e.g. the survey opt-out). */
  footerLink?: { label: string; url: string };
};

const INK = '#1b2420';
/** 6.4:1 on white. */
const MUTED = '#56625d';

/** Relative luminance (WCAG 2.x) of '#rrggbb'; null for anything else. */
function luminance(hex: string): number | null {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return null;
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(m[1]!.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

export function contrastRatio(a: string, b: string): number {
  const la = luminance(a) ?? 0;
  const lb = luminance(b) ?? 0;
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/**
 * The button colours: the shop's accent with white or dark text, whichever reads (≥ 4.5:1); an accent
 * that reaches neither (or is not a hex colour) gives way to our dark ink.
 */
export function buttonColors(accent: string): { background: string; color: string } {
  if (luminance(accent) === null) return { background: INK, color: '#ffffff' };
  if (contrastRatio(accent, '#ffffff') >= 4.5) return { background: accent, color: '#ffffff' };
  if (contrastRatio(accent, INK) >= 4.5) return { background: accent, color: INK };
  return { background: INK, color: '#ffffff' };
}

const p = { margin: '0 0 12px', fontSize: '16px', lineHeight: '1.5', color: INK } as const;

function Block({ block, brand }: { block: EmailBlock; brand: EmailBrand }) {
  switch (block.kind) {
    case 'text':
      return <Text style={p}>{block.text}</Text>;
    case 'note':
      return <Text style={{ ...p, color: MUTED, fontSize: '14px' }}>{block.text}</Text>;
    case 'list':
      return (
        <ul style={{ margin: '0 0 16px', paddingLeft: '20px', lineHeight: '1.5', color: INK }}>
          {block.items.map((item, i) => (
            <li key={i}>{item}</li>
          ))}
        </ul>
      );
    case 'rows':
      return (
        <table role="presentation" cellPadding={0} cellSpacing={0} style={{ borderCollapse: 'collapse', margin: '0 0 16px' }}>
          <tbody>
            {block.rows.map((row, i) => (
              <tr key={i}>
                <th scope="row" style={{ textAlign: 'left', verticalAlign: 'top', padding: '4px 16px 4px 0', fontWeight: 600, color: INK }}>
                  {row.label}
                </th>
                <td style={{ padding: '4px 0', color: INK, whiteSpace: 'pre-line' }}>{row.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      );
    case 'button': {
      const colors = buttonColors(brand.accentColor);
      return (
        <Section style={{ margin: '24px 0' }}>
          <Button href={block.url} style={{ ...colors, display: 'inline-block', padding: '12px 20px', borderRadius: '8px', fontWeight: 600, textDecoration: 'none' }}>
            {block.label}
          </Button>
        </Section>
      );
    }
    case 'link':
      return (
        <Text style={p}>
          <Link href={block.url} style={{ color: INK, textDecoration: 'underline', wordBreak: 'break-all' }}>
            {block.label}
          </Link>
        </Text>
      );
    case 'code':
      return (
        <Section style={{ margin: '0 0 16px' }}>
          <Text style={{ ...p, margin: '0 0 4px' }}>{block.label}</Text>
          <Text style={{ ...p, fontSize: '28px', fontWeight: 700, letterSpacing: '4px', fontFamily: 'ui-monospace,Menlo,Consolas,monospace' }}>{block.code}</Text>
        </Section>
      );
    case 'image':
      return <Img src={block.src} alt={block.alt} width={block.width} height={block.height} style={{ margin: '0 0 16px' }} />;
    case 'choices':
      return (
        <table role="presentation" cellPadding={0} cellSpacing={0} style={{ margin: '8px 0 16px' }}>
          <tbody>
            <tr>
              {block.items.map((item, i) => (
                <td key={i} style={{ padding: '0 4px' }}>
                  <a
                    href={item.url}
                    title={item.title}
                    aria-label={`${item.caption} – ${item.title}`}
                    style={{ display: 'inline-block', textDecoration: 'none', fontSize: '32px', lineHeight: '44px', width: '48px', textAlign: 'center', border: '1px solid #8a9691', borderRadius: '8px' }}
                  >
                    {item.symbol}
                    <span style={{ display: 'block', fontSize: '12px', lineHeight: '16px', color: INK }}>{item.caption}</span>
                  </a>
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      );
  }
}

/** The support contact line (email · phone · site), empty when the shop has none. */
function contactLine(brand: EmailBrand): string {
  return [brand.supportEmail, brand.supportPhone, brand.supportUrl].filter(Boolean).join(' · ');
}

function blocksOf(content: EmailContent): EmailBlock[] {
  return content.blocks.filter((b): b is EmailBlock => Boolean(b));
}

export function EmailLayout({ content }: { content: EmailContent }) {
  const { brand } = content;
  const blocks = blocksOf(content);
  const preview = content.preview ?? blocks.find((b): b is Extract<EmailBlock, { kind: 'text' }> => b.kind === 'text')?.text;
  const contact = contactLine(brand);
  return (
    <Html lang={localeTags[content.locale]} dir="ltr">
      <Head>
        <title>{content.heading}</title>
      </Head>
      {preview ? <Preview>{preview}</Preview> : null}
      <Body style={{ margin: 0, backgroundColor: '#f4f6f5', fontFamily: "-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif", color: INK }}>
        <Container style={{ maxWidth: '560px', margin: '0 auto', padding: '24px 12px' }}>
          <Section style={{ backgroundColor: '#ffffff', borderRadius: '12px' }}>
            <Section style={{ padding: '20px 24px', borderBottom: `3px solid ${luminance(brand.accentColor) === null ? '#dfe5e2' : brand.accentColor}` }}>
              {brand.logoUrl ? (
                <Img src={brand.logoUrl} alt={brand.shopName} style={{ maxHeight: '48px', maxWidth: '240px', display: 'block', border: 0 }} />
              ) : (
                <Text style={{ margin: 0, fontWeight: 600, fontSize: '18px', color: INK }}>{brand.shopName}</Text>
              )}
            </Section>
            <Section style={{ padding: '24px' }}>
              <Heading as="h1" style={{ margin: '0 0 16px', fontSize: '22px', lineHeight: '1.3', color: INK }}>
                {content.heading}
              </Heading>
              {blocks.map((block, i) => (
                <Block key={i} block={block} brand={brand} />
              ))}
              <Hr style={{ borderColor: '#dfe5e2', margin: '24px 0 16px' }} />
              {content.footer.map((line, i) => (
                <Text key={i} style={{ margin: '0 0 8px', color: MUTED, fontSize: '14px', lineHeight: '1.5' }}>
                  {line}
                </Text>
              ))}
              {content.footerLink ? (
                <Text style={{ margin: '0 0 8px', fontSize: '14px' }}>
                  <Link href={content.footerLink.url} style={{ color: MUTED, textDecoration: 'underline' }}>
                    {content.footerLink.label}
                  </Link>
                </Text>
              ) : null}
              {contact ? (
                <Text style={{ margin: '8px 0 0', color: MUTED, fontSize: '14px' }} data-brand-contact="">
                  {contact}
                </Text>
              ) : null}
            </Section>
          </Section>
        </Container>
      </Body>
    </Html>
  );
}

/** The plain-text part: the same content, laid out to be read as text. */
export function renderEmailText(content: EmailContent): string {
  const out: string[] = [content.brand.shopName, '', content.heading, '='.repeat(Math.min(content.heading.length, 60)), ''];
  for (const block of blocksOf(content)) {
    switch (block.kind) {
      case 'text':
      case 'note':
        out.push(block.text, '');
        break;
      case 'list':
        out.push(...block.items.map((item) => `- ${item}`), '');
        break;
      case 'rows':
        out.push(...block.rows.map((row) => `${row.label}: ${row.value.replace(/\n/g, '\n  ')}`), '');
        break;
      case 'button':
      case 'link':
        out.push(`${block.label}:`, block.url, '');
        break;
      case 'code':
        out.push(`${block.label}: ${block.code}`, '');
        break;
      case 'image':
        break;
      case 'choices':
        out.push(...block.items.map((item) => `${item.caption} – ${item.title}: ${item.url}`), '');
        break;
    }
  }
  out.push('—', ...content.footer);
  if (content.footerLink) out.push(`${content.footerLink.label}: ${content.footerLink.url}`);
  const contact = contactLine(content.brand);
  if (contact) out.push(contact);
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** A brand from the shop's name alone (staff mail, previews without settings). */
export function plainBrand(shopName: string): EmailBrand {
  return { shopName, accentColor: '#1b2420', logoUrl: null, supportEmail: null, supportPhone: null, supportUrl: null };
}
