/** Where a badge host goes beside its anchor: one row per `Anchor['position']`. */
import type { Anchor } from '../trackers/types';

interface Placement {
  /** Whether `host` already stands where this position puts it. */
  placed(element: Element, host: Node): boolean;
  /** Put `host` there (moving it when it stands elsewhere). */
  place(element: Element, host: Node): void;
}

export const placements: Readonly<Record<Anchor['position'], Placement>> = {
  after: { placed: (el, host) => el.nextSibling === host, place: (el, host) => el.after(host) },
  before: {
    placed: (el, host) => el.previousSibling === host,
    place: (el, host) => el.before(host),
  },
  append: { placed: (el, host) => el.lastChild === host, place: (el, host) => el.append(host) },
  prepend: { placed: (el, host) => el.firstChild === host, place: (el, host) => el.prepend(host) },
};

/** Put `host` where the anchor says, touching the DOM only when it is not there yet. */
export function putInPlace(host: HTMLElement, a: Pick<Anchor, 'element' | 'position'>): void {
  const p = placements[a.position];
  if (!p.placed(a.element, host)) p.place(a.element, host);
}
