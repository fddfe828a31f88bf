'use client';

import { useEffect, useRef } from 'react';

/**
 * Submits the rating the customer clicked in the email. Runs only in a real browser: link scanners
 * that merely fetch the URL record nothing, and without JavaScript the buttons stay usable.
 */
export function AutoSubmit({ formId, score }: { formId: string; score: number }) {
  const done = useRef(false);
  useEffect(() => {
    if (done.current) return;
    done.current = true;
    const form = document.getElementById(formId) as HTMLFormElement | null;
    const button = form?.querySelector<HTMLButtonElement>(`button[name="score"][value="${score}"]`);
    if (form && button) form.requestSubmit(button);
  }, [formId, score]);
  return null;
}
