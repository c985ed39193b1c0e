/**
 * Jira rows: Cloud board cards, backlog rows and native issue-table (search) rows, as seen on
 * a live Cloud site and saved in test/fixtures/jira/; Server / Data Center board and backlog
 * cards (`.ghx-issue`) and issue navigator rows. One `row` anchor each, beside the key link.
 * Rows inside an issue view are badged when they are its child work items (then they name the
 * view's issue as their parent) or its linked work items (./hierarchy.ts); others are part of
 * the view and get none.
 */
import { findAll, resolveHref, text } from '../dom';
import type { Anchor, TicketRef } from '../types';
import { inView } from './hierarchy';
import { ID, KEY, KEY_ONLY, jiraSelectors as S, testIdOf } from './selectors';
import { rowState } from './state';
import { browseUrl, keyFromHref, keyOf } from './urls';

interface RowSpec {
  rows: string;
  /** Key from the row element itself (id, test id suffix, data attribute). */
  ownKey: (row: Element) => string | undefined;
  keyLink: string;
  title: (row: Element, keyLink: Element | null) => string;
  /** The element the badge goes after (default: the card's summary, else the key link). */
  spot?: (row: Element, keyLink: Element | null) => Element | null;
}

/** The wrapper of an issue line card's summary link (the badge goes after it, never inside). */
function lineCardSpot(row: Element): Element | null {
  const summary = row.querySelector(S.lineCardSummary);
  const wrap = summary?.parentElement;
  return wrap && wrap !== row ? wrap : summary;
}

const ROWS: RowSpec[] = [
  {
    rows: S.card,
    ownKey: (row) => /^card-(.+)$/.exec(row.id)?.[1],
    keyLink: S.cardKeyLink,
    title: (row) => {
      const box = text(row.querySelector(S.cardSummary));
      if (box) return box;
      // The card's focus button: "KEY-1 Summary. Use the enter key to load the work item."
      const label = row.querySelector('button[aria-label]')?.getAttribute('aria-label') ?? '';
      const m = new RegExp(`^${KEY}\\s+(.*?)(?:\\.\\s+Use the enter key.*)?$`).exec(label);
      return m?.[1]?.trim() ?? '';
    },
  },
  {
    rows: S.backlogRow,
    ownKey: (row) => (testIdOf(row) ?? '').slice(ID.backlogRow.length),
    keyLink: S.backlogKeyLink,
    title: (row) => {
      const summary = text(row.querySelector(S.backlogSummary));
      if (summary) return summary;
      // The screen-reader key link holds "KEY-1<div>Summary</div>".
      return text(row.querySelector(S.backlogSrKeyLink)?.querySelector('div'));
    },
  },
  {
    rows: S.searchRow,
    ownKey: () => undefined,
    keyLink: S.searchKeyLink,
    title: (row) => text(row.querySelector(S.searchSummary)),
  },
  {
    // Cloud: linked (and, on older sites, child) work items in an issue view.
    rows: S.lineCard,
    ownKey: () => undefined,
    keyLink: S.lineCardKey,
    title: (row) => text(row.querySelector(S.lineCardSummary)),
    spot: (row) => lineCardSpot(row),
  },
  {
    // Cloud, older sites: the child panel as a list, each item a link or two to the child.
    rows: S.childListItems,
    ownKey: () => undefined,
    keyLink: 'a[href*="/browse/"]',
    title: (row) =>
      [...row.querySelectorAll('a[href*="/browse/"]')].map(text).find((t) => !KEY_ONLY.test(t)) ??
      '',
    spot: (row) => [...row.querySelectorAll('a[href*="/browse/"]')].at(-1) ?? null,
  },
  {
    rows: S.serverLinkRow,
    ownKey: (row) =>
      row.querySelector(S.serverLinkKey)?.getAttribute('data-issue-key') ?? undefined,
    keyLink: S.serverLinkKey,
    title: (row) => text(row.querySelector(S.serverLinkSummary)),
    spot: (row) => row.querySelector(S.serverLinkSummary),
  },
  {
    rows: S.serverCard,
    ownKey: (row) => row.getAttribute('data-issue-key') ?? undefined,
    keyLink: `${S.serverCardKey} a, a${S.serverCardKey}`,
    title: (row) => {
      const el = row.querySelector(S.serverCardSummary);
      return el?.getAttribute('title')?.trim() || text(el);
    },
  },
  {
    rows: S.serverSearchRow,
    ownKey: (row) => row.getAttribute('data-issuekey') ?? row.getAttribute('data-key') ?? undefined,
    keyLink: S.serverSearchKey,
    title: (row) => text(row.querySelector(S.serverSearchSummary)),
  },
];

/**
 * Beside the key link, never inside it: a badge inside <a> would navigate on click. On board
 * cards the key sits in a tight footer (estimate, priority, avatar): the badge goes under the
 * summary instead, where it has the card's width and pushes nothing out.
 */
function rowAnchor(ticket: TicketRef, row: Element, link: Element | null, spec: RowSpec): Anchor {
  const spot = spec.spot?.(row, link);
  if (spot) return { ticket, mode: 'row', element: spot, position: 'after' };
  const summary = row.querySelector(S.cardSummary);
  if (summary) return { ticket, mode: 'row', element: summary, position: 'after', block: true };
  if (link) return { ticket, mode: 'row', element: link, position: 'after' };
  return { ticket, mode: 'row', element: row, position: 'append' };
}

/** Rows are read one at a time, as the caller pulls (`scan`). */
export function* rowAnchors(url: URL, root: Document | Element): Generator<Anchor> {
  const seen = new Set<Element>();
  const owners = new Map<Element, string | undefined>();
  for (const spec of ROWS) {
    for (const row of findAll(root, spec.rows)) {
      if (seen.has(row)) continue; // `.ghx-issue.js-issue` matches twice
      seen.add(row);
      // Inside an issue view: its child and linked work items only.
      const insideView = row.parentElement?.closest(S.issueView);
      const within = insideView ? inView(url, row, owners) : undefined;
      if (insideView && within === undefined) continue;
      const link = row.querySelector(spec.keyLink);
      const raw = [spec.ownKey(row), keyFromHref(link?.getAttribute('href')), text(link)].find(
        (k) => k !== undefined && KEY_ONLY.test(k),
      );
      const key = keyOf(url.host, raw);
      if (!key) continue;
      const ticket: TicketRef = {
        key,
        url: resolveHref(url, link?.getAttribute('href')) ?? browseUrl(url, raw!),
      };
      const title = spec.title(row, link);
      if (title) ticket.title = title;
      const state = rowState(row, link);
      if (state) ticket.state = state;
      if (within?.parent && within.parent !== key) ticket.parent = within.parent;
      yield rowAnchor(ticket, row, link, spec);
    }
  }
}
