/**
 * Files staff attach to a reply or a note: the rules the composer checks at the field and the server checks
 * again (lib/cases/staff-attachments.ts). Pure, so the browser and the server share them.
 */
export const STAFF_ATTACHMENT_LIMITS = {
  /** As inbound email (lib/inbound/parse.ts ATTACHMENT_LIMITS) and the case_attachments size check. */
  maxBytes: 5 * 1024 * 1024,
  maxCount: 5,
  types: ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'application/pdf'] as const,
} as const;

export type StaffAttachmentType = (typeof STAFF_ATTACHMENT_LIMITS.types)[number];
export type AttachmentRefusalReason = 'too_large' | 'unsupported_type' | 'too_many' | 'empty';
/** Why a file was refused, and which one (null: the count, not one file). */
export type AttachmentRefusal = { reason: AttachmentRefusalReason; filename: string | null };

/** Bytes needed to tell the types apart (WebP's RIFF…WEBP header is the longest). */
export const SNIFF_BYTES = 12;

const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));

/** The type decided by the bytes (magic numbers), never by the name or the browser's claim. */
export function sniffFileType(bytes: Uint8Array): StaffAttachmentType | 'image/heic' | null {
  if (bytes.length >= 5 && ascii(bytes, 0, 5) === '%PDF-') return 'application/pdf';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && ascii(bytes, 0, 8) === '\x89PNG\r\n\x1a\n') return 'image/png';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'image/webp';
  if (bytes.length >= 6 && /^GIF8[79]a$/.test(ascii(bytes, 0, 6))) return 'image/gif';
  if (bytes.length >= 12 && ascii(bytes, 4, 8) === 'ftyp' && /^(heic|heix|mif1|msf1)$/.test(ascii(bytes, 8, 12))) return 'image/heic';
  return null;
}

/** One file against the limits: its type when it may be sent, else why not. */
export function checkStaffAttachment(file: { size: number; head: Uint8Array }): { ok: true; contentType: StaffAttachmentType } | { ok: false; reason: AttachmentRefusalReason } {
  if (file.size === 0) return { ok: false, reason: 'empty' };
  if (file.size > STAFF_ATTACHMENT_LIMITS.maxBytes) return { ok: false, reason: 'too_large' };
  const type = sniffFileType(file.head);
  if (!type || !(STAFF_ATTACHMENT_LIMITS.types as readonly string[]).includes(type)) return { ok: false, reason: 'unsupported_type' };
  return { ok: true, contentType: type as StaffAttachmentType };
}

/** A file name safe to store and to put in a header: no control characters or path separators, ≤ 200 characters. */
export function cleanFilename(name: string): string {
  return (name.trim() || 'attachment').replace(/[\u0000-\u001f\u007f/\\]/g, '_').slice(0, 200);
}

/** "850 kB", "4.2 MB" in the reader's language. */
export function fileSizeLabel(localeTag: string, bytes: number): string {
  const mb = bytes >= 1024 * 1024;
  return new Intl.NumberFormat(localeTag, { style: 'unit', unit: mb ? 'megabyte' : 'kilobyte', maximumFractionDigits: 1 }).format(bytes / (mb ? 1024 * 1024 : 1024));
}
