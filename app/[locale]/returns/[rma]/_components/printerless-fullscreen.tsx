'use client';

import { useRef } from 'react';

type Labels = { open: string; close: string; title: string; hint: string; qrAlt: string };

/**
 * The label-free code and its QR, and on tap the same filling the whole screen: a service point's scanner
 * reads it off the phone without the customer zooming. A native modal <dialog> keeps focus inside, closes on
 * Escape and gives focus back to the button.
 */
export function PrinterlessFullscreen({ code, qr, labels }: { code: string; qr: { d: string; viewBox: number }; labels: Labels }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const qrSvg = (className: string) => (
    <svg role="img" aria-label={labels.qrAlt} viewBox={`0 0 ${qr.viewBox} ${qr.viewBox}`} className={className} shapeRendering="crispEdges">
      <path d={qr.d} fill="#000" />
    </svg>
  );
  return (
    <>
      <p className="font-mono text-3xl font-bold tracking-widest" data-testid="printerless-code">
        {code}
      </p>
      {qrSvg('h-60 w-60 max-w-full bg-white')}
      <button
        type="button"
        onClick={() => dialog.current?.showModal()}
        className="inline-flex min-h-12 items-center justify-center rounded-xl border-2 border-[var(--color-ink)] px-5 text-base font-semibold focus-visible:outline focus-visible:outline-3 focus-visible:outline-offset-2"
      >
        {labels.open}
      </button>
      <dialog
        ref={dialog}
        aria-labelledby="printerless-fullscreen-title"
        data-testid="printerless-fullscreen"
        className="m-0 h-dvh max-h-none w-dvw max-w-none bg-white p-0 text-black backdrop:bg-black"
      >
        <div className="flex h-full flex-col items-center justify-center gap-4 p-4 text-center">
          <h2 id="printerless-fullscreen-title" className="text-lg font-semibold">
            {labels.title}
          </h2>
          <p className="font-mono text-[clamp(3rem,16vw,7rem)] leading-none font-bold tracking-widest break-all">{code}</p>
          {qrSvg('aspect-square w-[min(90vw,55dvh)] bg-white')}
          <p className="max-w-prose text-base">{labels.hint}</p>
          <form method="dialog">
            <button
              type="submit"
              autoFocus
              className="inline-flex min-h-12 items-center justify-center rounded-xl bg-black px-6 text-base font-semibold text-white focus-visible:outline focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-black"
            >
              {labels.close}
            </button>
          </form>
        </div>
      </dialog>
    </>
  );
}
