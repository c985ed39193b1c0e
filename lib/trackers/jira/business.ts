/**
 * Jira Work Management (business projects, `/jira/core/projects/<KEY>/board` and `/list`):
 * board cards and list rows, one `row` anchor each (README "Jira Work Management").
 *
 * What is read, and from where:
 * - Board cards: `work-management-board.ui.board.column.card.container` with its
 *   `…card.actions-section`, as a public Selenium page object of a business board locates
 *   them (the card's key is a plain `<span>KEY-18</span>`, no link). The summary has no known
 *   test id: it is the card's first text that is not the key, an avatar or an action.
 * - List rows: `business-list.ui.list-view.base-table.draggable-rows-container.row-wrapper-<n>`
 *   (else `[role="row"]`) with the key link `business-list.ui.list-view.key-cell.issue-key`,
 *   the summary `…summary-cell` and the status `…status-cell.cell-container`, as public
 *   scrapers, copy-link extensions and a Jira look-alike's parity probes of the list read them.
 */
import { findAll, resolveHref, text } from '../dom';
import type { Anchor, TicketRef } from '../types';
import { KEY_ONLY, jiraSelectors as S } from './selectors';
import { jiraState, rowState } from './state';
import { browseUrl, keyFromHref, keyOf } from './urls';

const NOT_TEXT = `button, [aria-label], [role="img"], ${S.wmCardActions}`;

/** Text-bearing leaves of a card, in order, that are not controls, avatars or its actions. */
function cardTexts(card: Element): Element[] {
  const out: Element[] = [];
  for (const el of card.querySelectorAll('span, div, p, a')) {
    if (el.children.length > 0 || !text(el)) continue;
    const control = el.closest(NOT_TEXT);
    if (control && control !== card && card.contains(control)) continue;
    out.push(el);
  }
  return out;
}

/** A card's key: a link to it (`/browse/KEY`, `?selectedIssue=KEY`), else its key text. */
function cardKey(url: URL, card: Element, texts: readonly Element[]): string | undefined {
  for (const a of card.querySelectorAll('a[href]')) {
    const href = resolveHref(url, a.getAttribute('href'));
    const fromHref = keyFromHref(href) ?? (href && new URL(href).searchParams.get('selectedIssue'));
    if (fromHref && KEY_ONLY.test(fromHref)) return fromHref;
  }
  return texts.map(text).find((t) => KEY_ONLY.test(t));
}

function* boardCards(url: URL, root: Document | Element): Generator<Anchor> {
  for (const card of findAll(root, S.wmCard)) {
    const texts = cardTexts(card);
    const raw = cardKey(url, card, texts);
    const key = keyOf(url.host, raw);
    if (!key) continue;
    const ticket: TicketRef = { key, url: browseUrl(url, raw!) };
    // The summary leads the card; the key, due date and fields follow it.
    const titleEl = texts.find((el) => text(el).toUpperCase() !== raw!.toUpperCase());
    if (titleEl) ticket.title = text(titleEl);
    const state = rowState(card, null);
    if (state) ticket.state = state;
    // Under the summary (outside its link, if any), a line of its own (as on software
    // boards); else at the card's end.
    const spot = titleEl?.closest('a') ?? titleEl;
    yield spot && card.contains(spot)
      ? { ticket, mode: 'row', element: spot, position: 'after', block: true }
      : { ticket, mode: 'row', element: card, position: 'append' };
  }
}

function* listRows(url: URL, root: Document | Element): Generator<Anchor> {
  const inRow = root.nodeType === 1 ? (root as Element).closest(S.blRow) : null;
  const rows = inRow ? [inRow, ...findAll(root, S.blRow)] : findAll(root, S.blRow);
  const seen = new Set<Element>();
  for (const row of rows) {
    const link = row.querySelector(S.blKeyLink);
    // One anchor per row: the innermost row element around its key link.
    if (!link || link.closest(S.blRow) !== row || seen.has(row)) continue;
    seen.add(row);
    const href = link.getAttribute('href');
    const raw = [keyFromHref(href), text(link)].find((k) => k && KEY_ONLY.test(k));
    const key = keyOf(url.host, raw);
    if (!key) continue;
    const ticket: TicketRef = { key, url: resolveHref(url, href) ?? browseUrl(url, raw!) };
    const summary = row.querySelector(S.blSummary);
    const title = text(summary);
    if (title) ticket.title = title;
    const state = jiraState(text(row.querySelector(S.blStatus))) ?? rowState(row, link);
    if (state) ticket.state = state;
    // After the summary (and out of its link, when the cell is one), else after the key.
    yield {
      ticket,
      mode: 'row',
      element: summary?.closest('a') ?? summary ?? link,
      position: 'after',
    };
  }
}

/** Business board cards and list rows, read one at a time as the caller pulls. */
export function* businessAnchors(url: URL, root: Document | Element): Generator<Anchor> {
  yield* boardCards(url, root);
  yield* listRows(url, root);
}
