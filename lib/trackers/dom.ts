/** DOM and URL helpers the adapters share. Pure reads: nothing here changes the page. */

/**
 * Elements matching `selector` in `root`, in document order: for an element root, the closest
 * element matching it (root itself or an ancestor, when a subtree inside a row changed) comes
 * first, then every match below root. `closest` returns root or an ancestor, which precedes
 * and is never among the matches below root, so there are no repeats.
 */
export function findAll(root: Document | Element, selector: string): Element[] {
  const down = [...root.querySelectorAll(selector)];
  const up = root.nodeType === 1 ? (root as Element).closest(selector) : null;
  return up ? [up, ...down] : down;
}

export function isDocument(root: Document | Element): root is Document {
  return root.nodeType === 9;
}

/** The document `root` is (or belongs to). */
export function docOf(root: Document | Element): Document {
  return isDocument(root) ? root : root.ownerDocument;
}

/** A string with its runs of white space made one space, trimmed; '' for null. */
export function norm(s: string | null | undefined): string {
  return (s ?? '').replace(/\s+/g, ' ').trim();
}

/** An element's text content, white space normalised; '' for no element. */
export function text(el: Element | null | undefined): string {
  return norm(el?.textContent);
}

/** An href resolved against the page URL; undefined when absent or unparseable. */
export function resolveHref(url: URL, href: string | null | undefined): string | undefined {
  if (!href) return undefined;
  try {
    return new URL(href, url).href;
  } catch {
    return undefined;
  }
}
