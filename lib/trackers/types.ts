/**
 * The shape every tracker adapter has. An adapter is pure over (URL, Document): it reads the
 * page, never changes it, never talks to the browser. The overlay (lib/overlay) asks it what
 * the page shows and where to put badges. Each tracker's adapter is declared with the rest of
 * what the extension knows of it in registry.ts.
 *
 * Selector policy: URL parsing first, then data-testid / data-component, then aria; never
 * hashed class names (they change with every deploy of the tracker). Every selector an adapter
 * uses is listed in its `selectors` so tests and the demo can check them against fixtures.
 */
import type { TicketState } from '../okr/model';
import type { TrackerId } from '../okr/ticket-key';

export type { TrackerId } from '../okr/ticket-key';

/** What kind of page this is; decided from the URL (and a little DOM where the URL is silent). */
export type PageKind =
  | 'issue' // one ticket's own page (GitHub issue, Jira /browse/KEY, Linear /issue/KEY)
  | 'pull' // GitHub pull request conversation
  | 'list' // lists of tickets (GitHub issue/PR lists, Linear lists)
  | 'board' // boards with cards (GitHub Projects, Jira boards, Linear boards)
  | 'backlog' // Jira backlog
  | 'search' // Jira search / JQL results
  | 'other';

/** What the page says about one ticket. `key` is the canonical key (README "Ticket keys"). */
export interface TicketRef {
  key: string;
  title?: string;
  state?: TicketState;
  url?: string;
  /** Label names as shown on the page (for label → KR links); absent when not read. */
  labels?: string[];
  /**
   * The labels shown may be a subset (a list row that collapses or hides some): they may add
   * label links, never remove one. The ticket's own view, which shows them all, removes.
   */
  labelsPartial?: true;
  /**
   * The ticket's parent (epic, parent issue, parent), canonical key: read from the ticket's own
   * view, or from the view whose child list shows the row. `null`: the view shows where a
   * parent would be and there is none (the parent was removed). Absent: not read.
   */
  parent?: string | null;
}

/** Where a badge goes for one ticket. */
export interface Anchor {
  ticket: TicketRef;
  /**
   * `ticket`: the badge of a ticket's own view (exactly one per ticket view: issue page, side
   * panel, selectedIssue panel); `row`: a compact badge on a list row or board card.
   */
  mode: 'ticket' | 'row';
  /** The element the badge host is placed relative to. */
  element: Element;
  /** Insert the host after/before `element`, or as its last/first child. */
  position: 'after' | 'before' | 'append' | 'prepend';
  /**
   * The host gets a line of its own (beside a block element, e.g. after a heading): no margin
   * to its left, a little space above and below, so it lines up with the text it follows.
   */
  block?: true;
}

export interface PageInfo {
  kind: PageKind;
  /**
   * The ticket this page (or its open side panel) is about, from the URL and document.title
   * alone, so the overlay can show a floating badge when the DOM anchors are not found.
   */
  ticket?: TicketRef;
}

export interface TrackerAdapter {
  id: TrackerId;
  /** Human name, e.g. "GitHub". */
  name: string;
  /** Whether this adapter serves the URL's host by default (custom domains are added at runtime). */
  matchesHost(host: string): boolean;
  /** Page kind and the focused ticket, from URL + document (cheap: called on every navigation). */
  page(url: URL, doc: Document): PageInfo;
  /**
   * Every badge anchor in `root` (the document, or a subtree that changed). Must be cheap and
   * idempotent: the overlay calls it once per animation frame while the page mutates, and
   * dedupes by element, so return the same element for the same ticket every time.
   */
  anchors(url: URL, root: Document | Element): Anchor[];
  /**
   * The same anchors, lazily: each row is read when the iterator reaches it. The overlay reads
   * a long list in slices of a few milliseconds (one long task on a 1,000-row list blocked the
   * page for 100 ms); adapters without it are read in one go.
   */
  scan?(url: URL, root: Document | Element): Iterable<Anchor>;
  /** The host page's colour scheme when it says so (e.g. GitHub's data-color-mode). */
  theme?(doc: Document): 'light' | 'dark' | undefined;
}
