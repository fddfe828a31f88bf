/** Inputs that take no typing (the queue's row checkboxes keep focus after a click). */
const NOT_TEXT_INPUTS = new Set(['checkbox', 'button', 'submit', 'reset']);

/**
 * Keyboard shortcuts of the staff desk. A shortcut never fires while the agent types in a field
 * (Ctrl/⌘+Enter, "send", is the one that does), nor with Alt/Ctrl/⌘ held (the browser's own keys).
 */
export function isTyping(event: KeyboardEvent): boolean {
  const el = event.target as HTMLElement | null;
  if (!el || !(el instanceof HTMLElement)) return false;
  if (el.isContentEditable) return true;
  const tag = el.tagName;
  // A ticked checkbox keeps focus but takes no letters: j, k and x still work from it.
  if (el instanceof HTMLInputElement) return !NOT_TEXT_INPUTS.has(el.type);
  return tag === 'TEXTAREA' || tag === 'SELECT';
}

/** A plain key press a shortcut may take: not typing, no modifier, not already handled, no dialog open. */
export function isShortcut(event: KeyboardEvent): boolean {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || isTyping(event)) return false;
  // An open dialog (the shortcut list, a confirm) owns the keyboard.
  return !document.querySelector('[role="dialog"], [role="alertdialog"]');
}
