/**
 * Linear list rows and board cards (both are issue links), as Toggl Track's button reads them,
 * and the rows of an issue view's sub-issue list (./hierarchy.ts says whose children they are).
 */
import type { TicketState } from '../../okr/model';
import { linearKey } from '../keys';
import type { Anchor, TicketRef } from '../types';
import { findAll, resolveHref, text } from '../dom';
import { subIssueParent } from './hierarchy';
import { KEY_ONLY, fromHref, linearSelectors as S, linearState, workspaceOf } from './shared';

/**
 * Label chips of a list row or board card: the context-menu chips nested in it (the row's or
 * card's own context-menu wrapper excluded), each a colour dot and the name. Undefined when
 * none shows: a list whose display options hide labels must not read as "no labels".
 */
function chipLabels(container: Element): string[] | undefined {
  const names = new Set<string>();
  for (const chip of container.querySelectorAll(S.labelChipInRow)) {
    const t = text(chip);
    if (t) names.add(t);
  }
  return names.size > 0 ? [...names] : undefined;
}

/** A row's state from an element labelled with a status name (e.g. the status icon). */
function rowState(row: Element): TicketState | undefined {
  for (const el of row.querySelectorAll(S.statusLabelled)) {
    const s = linearState(el.getAttribute('aria-label'));
    if (s) return s;
  }
  return undefined;
}

/**
 * The ticket of a list row or board card (both are issue links): the key in the workspace of
 * the link (else of the page), and the link's URL. Undefined without a valid key.
 */
export function linkTicket(
  url: URL,
  link: Element,
  href: { workspace: string } | undefined,
  raw: string | undefined,
): TicketRef | undefined {
  const ws = href?.workspace ?? workspaceOf(url);
  const key = raw && ws ? linearKey(ws, raw) : undefined;
  if (!key) return undefined;
  const ticket: TicketRef = { key };
  const resolved = resolveHref(url, link.getAttribute('href'));
  if (resolved) ticket.url = resolved;
  return ticket;
}

/**
 * A row's or card's title, state and label chips. Its labels are partial: a narrow row may
 * show fewer labels than the ticket has, so they add label links and never remove one.
 */
function withRowDetails(
  ticket: TicketRef,
  title: string | undefined,
  row: Element,
  labels: string[] | undefined,
): void {
  if (title) ticket.title = title;
  const state = rowState(row);
  if (state) ticket.state = state;
  if (labels) {
    ticket.labels = labels;
    ticket.labelsPartial = true;
  }
}

/** Rows are read one at a time, as the caller pulls (`scan`). */
export function* listAnchors(url: URL, root: Document | Element): Generator<Anchor> {
  for (const row of findAll(root, S.listRow)) {
    const idEl = row.querySelector(S.listId);
    const href = fromHref(row.getAttribute('href'));
    const idText = text(idEl);
    const ticket = linkTicket(url, row, href, KEY_ONLY.test(idText) ? idText : href?.key);
    if (!ticket) continue;
    // Toggl Track: the title is the id's next-but-one sibling.
    const titleEl = row.querySelector(S.listTitle) ?? idEl?.nextElementSibling?.nextElementSibling;
    withRowDetails(ticket, text(titleEl), row, chipLabels(row));
    // A row of an issue view's sub-issue list: a child of that issue (issue #14).
    const parent = subIssueParent(url, row);
    if (parent && parent !== ticket.key) ticket.parent = parent;
    // Inside the row, right after its title: Linear's rows sit in fixed-height virtualised
    // slots, so a sibling of the row link would overlap the next row. A row badge is not
    // interactive, so a click on it opening the issue is what a user expects anyway.
    yield titleEl
      ? { ticket, mode: 'row', element: titleEl, position: 'after' }
      : { ticket, mode: 'row', element: row, position: 'append' };
  }
}

/**
 * A card's title. Toggl Track reads the main container's `div > span:last-child`; that also matches
 * the assignee avatar and label chips, so skip labelled elements, nested context menus (label
 * chips) and the identifier, and take the longest remaining text.
 */
function cardTitle(main: Element, key: string): string | undefined {
  let best = '';
  for (const span of main.querySelectorAll('div > span:last-child')) {
    if (span.querySelector('span') || span.closest('[aria-label]')) continue;
    const menu = span.closest(S.boardMain);
    if (menu && menu !== main) continue;
    const t = text(span);
    if (t.toUpperCase() !== key.toUpperCase() && t.length > best.length) best = t;
  }
  return best || undefined;
}

export function* boardAnchors(url: URL, root: Document | Element): Generator<Anchor> {
  for (const card of findAll(root, S.boardCard)) {
    const href = fromHref(card.getAttribute('href'));
    const main = card.querySelector(S.boardMain) ?? card;
    const idText = text(main.querySelector('span > span'));
    const raw = href?.key ?? (KEY_ONLY.test(idText) ? idText : undefined);
    const ticket = linkTicket(url, card, href, raw);
    if (!ticket) continue;
    const labels = main !== card ? chipLabels(main) : undefined;
    withRowDetails(ticket, cardTitle(main, raw!), card, labels);
    // Inside the card (cards are fixed-size slots too), at the end of its main column.
    yield { ticket, mode: 'row', element: main, position: 'append' };
  }
}
