/**
 * GitHub Projects v2: the side panel that shows one issue over a board (a portal, not under
 * the board), keyed by the `issue=owner|repo|n` query parameter or else its own link; and the
 * board's cards, one `row` anchor each after the title link (drafts have no link, no key).
 */
import { findAll, norm } from '../dom';
import type { Anchor, TicketRef } from '../types';
import { viewParent } from './hierarchy';
import { isStale } from './issue-view';
import { viewLabels } from './labels';
import type { Collector } from './lists';
import { githubSelectors as S } from './selectors';
import { stateOfElement, stateOfIcons } from './state';
import { paneRef, refFromHref, refFromUrl, toUrl, withDetails } from './urls';
import type { GhRef } from './urls';

function panelTitle(panel: Element): Element | undefined {
  for (const sel of [S.issueTitle, 'h1 bdi', 'h2 bdi']) {
    const el = [...panel.querySelectorAll(sel)].find((e) => !e.closest(S.sticky));
    if (el) return el;
  }
  return undefined;
}

function panelLinkRef(panel: Element, titleEl: Element, url: URL): GhRef | undefined {
  const header =
    titleEl.closest('[data-testid="issue-header"]') ??
    titleEl.closest('h1, h2')?.parentElement ??
    titleEl.parentElement;
  const candidates = [
    ...(header ? header.querySelectorAll(S.boardCardAnyLink) : []),
    // Elsewhere in the panel, but not the issue body or comments (they link other tickets).
    ...[...panel.querySelectorAll(S.boardCardAnyLink)].filter(
      (a) => !a.closest('[data-testid="issue-body"], .markdown-body, [data-testid^="timeline"]'),
    ),
  ];
  for (const a of candidates) {
    const u = toUrl(a.getAttribute('href'), url);
    const ref = u && refFromUrl(u);
    if (ref) return ref;
  }
  return undefined;
}

export interface PanelHit {
  ticket: TicketRef;
  element: Element;
  /** The side panel itself. */
  panel: Element;
}

/** The issues open in side panels, each with its title element. */
export function sidePanels(url: URL, doc: Document): PanelHit[] {
  const hits: PanelHit[] = [];
  let pane = paneRef(url);
  for (const panel of doc.querySelectorAll(S.sidePanel)) {
    const titleEl = panelTitle(panel);
    if (!titleEl) continue;
    const ref = pane ?? panelLinkRef(panel, titleEl, url);
    pane = undefined;
    if (!ref || isStale(titleEl, ref.n)) continue;
    const stateEl = [...panel.querySelectorAll(S.headerState)].find((e) => !e.closest(S.sticky));
    const parent = viewParent(panel, url, false);
    hits.push({
      element: titleEl,
      panel,
      ticket: withDetails(ref, {
        title: norm(titleEl.textContent) || undefined,
        state: stateOfElement(stateEl),
        labels: viewLabels(panel, url, false),
        parent: parent !== ref.key ? parent : undefined,
      }),
    });
  }
  return hits;
}

/** Board cards are read one at a time, as the caller pulls (`scan`). */
export function* cardAnchors(
  url: URL,
  root: Document | Element,
  out: Collector,
): Generator<Anchor> {
  for (const card of findAll(root, S.boardCard)) {
    if (out.rows.has(card)) continue;
    const link = card.querySelector(S.boardCardTitleLink) ?? card.querySelector(S.boardCardAnyLink);
    const ref = link && refFromHref(link.getAttribute('href'), url);
    if (!link || !ref) continue; // drafts have no link, so no key
    const titleEl = card.querySelector(S.boardCardTitle);
    const a: Anchor = {
      ticket: withDetails(ref, {
        title: norm(titleEl?.textContent) || norm(link.textContent) || undefined,
        state: stateOfIcons(card),
      }),
      mode: 'row',
      element: link,
      position: 'after',
    };
    if (out.add(a)) {
      out.rows.add(card);
      yield a;
    }
  }
}
