/**
 * A stored case attachment as an HTTP answer (the staff download and the customer's reply link). Its type was
 * decided from its bytes when it was stored (lib/cases/attachment-rules.ts), never from its name; a PDF downloads
 * instead of rendering in our origin, and nothing in it may run (sandbox) or be cached or referred.
 */
export function attachmentResponse(file: { data: Uint8Array; contentType: string; filename: string }): Response {
  const disposition = file.contentType === 'application/pdf' ? 'attachment' : 'inline';
  return new Response(new Uint8Array(file.data), {
    headers: {
      'Content-Type': file.contentType,
      'Content-Disposition': `${disposition}; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      'Cache-Control': 'private, no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    },
  });
}
