/**
 * GitHub issue and pull request lists: React repository and global lists, the global PR
 * preview and the older Rails rows. One `row` anchor per row, after its title link, keyed by
 * the link's own href (global lists mix repositories).
 */
import { findAll, isDocument, norm } from '../dom';
import type { Anchor } from '../types';
import { rowLabels } from './labels';
import { githubSelectors as S } from './selectors';
import { rowState } from './state';
import { refFromHref, withDetails } from './urls';

/** The anchors of one pass, deduplicated: one per element, one `ticket` anchor per ticket. */
export class Collector {
  readonly list: Anchor[] = [];
  readonly elements = new Set<Element>();
  readonly rows = new Set<Element>();
  readonly ticketKeys = new Set<string>();

  add(a: Anchor): boolean {
    if (this.elements.has(a.element)) return false;
    if (a.mode === 'ticket') {
      if (this.ticketKeys.has(a.ticket.key)) return false;
      this.ticketKeys.add(a.ticket.key);
    }
    this.elements.add(a.element);
    this.list.push(a);
    return true;
  }
}

function rowAnchor(link: Element, row: Element, url: URL): Anchor | undefined {
  const ref = refFromHref(link.getAttribute('href'), url);
  if (!ref) return undefined;
  const ticket = withDetails(ref, {
    title: norm(link.textContent) || undefined,
    state: rowState(row),
    labels: rowLabels(row, url, link),
  });
  // A row's labels only add label links, never remove one: a narrow or filtered list may show
  // fewer labels than the ticket has, and a wrong removal would silently unlink. The issue
  // view (its sidebar shows every label) removes. Same rule as Linear rows.
  if (ticket.labels) ticket.labelsPartial = true;
  return {
    ticket,
    mode: 'row',
    element: link,
    position: 'after',
  };
}

/** Rows are read one at a time, as the caller pulls (`scan`). */
export function* listAnchors(
  url: URL,
  root: Document | Element,
  out: Collector,
): Generator<Anchor> {
  // React lists (repo and global issue/PR lists), then the global PR preview.
  for (const sel of [S.listTitleLink, S.previewTitleLink]) {
    for (const link of findAll(root, sel)) {
      const row = link.closest(S.listRow) ?? link.closest('li') ?? link.parentElement ?? link;
      if (out.rows.has(row)) continue;
      const a = rowAnchor(link, row, url);
      if (a && out.add(a)) {
        out.rows.add(row);
        yield a;
      }
    }
  }
  // Rows that changed below a list item (root inside the row).
  if (!isDocument(root)) {
    const row = root.closest(S.listRow);
    const link = row?.querySelector(`${S.listTitleLink}, ${S.previewTitleLink}`);
    if (row && link && !out.rows.has(row)) {
      const a = rowAnchor(link, row, url);
      if (a && out.add(a)) {
        out.rows.add(row);
        yield a;
      }
    }
  }
  // Older Rails rows.
  for (const row of findAll(root, S.legacyRow)) {
    if (out.rows.has(row)) continue;
    const link = row.querySelector(S.legacyRowLink);
    if (!link) continue;
    const a = rowAnchor(link, row, url);
    if (a && out.add(a)) {
      out.rows.add(row);
      yield a;
    }
  }
}
