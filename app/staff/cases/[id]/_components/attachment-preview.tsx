/** A kept file on a message: an image's thumbnail or a PDF icon, then the name and size, linking to the download. */
export function AttachmentPreview({ href, filename, contentType, label }: { href: string; filename: string; contentType: string; label: string }) {
  return (
    <a className="inline-flex min-h-11 items-center gap-2 underline" href={href} target="_blank" rel="noopener noreferrer" data-filename={filename}>
      {contentType.startsWith('image/') ? (
        // The name beside it says what it is: the thumbnail is decoration.
        // eslint-disable-next-line @next/next/no-img-element -- a guarded download, not a static asset for next/image
        <img src={href} alt="" loading="lazy" className="h-12 w-12 rounded border border-[var(--color-line)] object-cover" />
      ) : (
        <svg aria-hidden="true" viewBox="0 0 24 24" className="h-8 w-8 shrink-0 text-[var(--color-danger)]" fill="none" stroke="currentColor" strokeWidth="1.5">
          <path d="M6 2h9l5 5v15H6z" />
          <path d="M15 2v5h5" />
          <text x="7.5" y="18" fontSize="6" fill="currentColor" stroke="none" fontWeight="700">
            PDF
          </text>
        </svg>
      )}
      <span>{label}</span>
    </a>
  );
}
