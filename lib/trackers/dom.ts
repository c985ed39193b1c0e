/** DOM helpers the adapters share. Pure reads: nothing here changes the page. */

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
