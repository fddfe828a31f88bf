/**
 * Element paths of an XML document (`eChannel/ROUTING/Routing.Id`, …), for booking tests that compare our documents
 * with a carrier's published examples. Comments and the prolog are skipped.
 */
function walk(doc: string, onElement: (path: string, text: string, selfClosing: boolean) => void): void {
  const stack: string[] = [];
  const body = doc.replace(/<\?xml[^>]*\?>/, '').replace(/<!--[\s\S]*?-->/g, '');
  for (const m of body.matchAll(/<(\/?)([A-Za-z][\w.]*)([^>]*?)(\/?)>([^<]*)/g)) {
    const [, closing, name, , selfClosing, text] = m;
    if (closing) stack.pop();
    else if (selfClosing) onElement([...stack, name].join('/'), '', true);
    else {
      stack.push(name!);
      onElement(stack.join('/'), text!.trim(), false);
    }
  }
}

/** Paths of the elements with text (and of self-closing ones, with ''); `<a></a>` and elements holding only children are left out. */
export function xmlLeaves(doc: string): Map<string, string> {
  const out = new Map<string, string>();
  walk(doc, (p, text, selfClosing) => {
    if (text || selfClosing) out.set(p, text);
  });
  return out;
}

/** Every element's path, empty ones included (a published example's `<Sender.Addr2></Sender.Addr2>` documents the element). */
export function xmlElementPaths(doc: string): Set<string> {
  const out = new Set<string>();
  walk(doc, (p) => out.add(p));
  return out;
}
