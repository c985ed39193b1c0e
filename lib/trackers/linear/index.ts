/**
 * Linear adapter (linear.app). Pure over (URL, Document): it reads, never writes.
 *
 * Sources: a saved Linear issue page (August 2026, modelled in test/fixtures/linear/) for the
 * issue view, the title editor, the property rail, `<title>` and the `<html class="dark">`
 * theme; Toggl Track's button
 * (https://github.com/toggl/track-extension/blob/master/src/content/linear.js) for list rows
 * (`a[data-list-key]` + `span[data-column-id="issueId"]`) and board cards (`a[data-board-item]`).
 *
 * Decisions:
 * - The issue title is a contenteditable ProseMirror element: the ticket anchor is placed
 *   `after` the title's container (its parent), so the badge is never inside the editor.
 * - Rows and cards ARE links (`<a data-list-key>`, `<a data-board-item>`): the anchor is the
 *   link itself with position `after`, so the badge host is the link's next sibling, never a
 *   descendant (a click on it cannot navigate).
 * - `a[data-list-key]` rows inside the issue view (its sub-issues) and the rail's issue links
 *   (relations) get row anchors like any row; a sub-issue names the view's issue as its parent
 *   (./hierarchy.ts, issue #14).
 * - List vs board cannot be told from the URL (the layout is a per-view setting): `page()`
 *   says `board` when the DOM shows `a[data-board-item]`, else `list`.
 * - Theme: attributes only (no getComputedStyle): a `dark`/`light` class on <html> or <body>,
 *   then `color-scheme` in their inline style, then `<meta name="color-scheme">`.
 * - Row state and issue-view labels are best effort and NOT verified against a live page:
 *   a row's state is read from an element whose aria-label is a workflow status name
 *   ("In Progress"); labels from the chips in the rail's Labels section (the section that holds
 *   `button[aria-label="Add labels"]`).
 */
import { linearKey } from '../keys';
import type { Anchor, PageInfo, TicketRef, TrackerAdapter } from '../types';
import { relationAnchors } from './hierarchy';
import { issueViewAnchor } from './issue-view';
import { boardAnchors, listAnchors } from './rows';
import { linearSelectors as S, linearRoute, parseLinearTitle } from './shared';

export { linearRoute, linearSelectors, linearState, parseLinearTitle } from './shared';

function linearPage(url: URL, doc: Document): PageInfo {
  const route = linearRoute(url);
  if (route.kind === 'list' && doc.querySelector(S.boardCard)) route.kind = 'board';
  if (route.kind !== 'issue' || !route.workspace || !route.key) return { kind: route.kind };
  const key = linearKey(route.workspace, route.key);
  if (!key) return { kind: route.kind };
  const ticket: TicketRef = { key, url: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
  const fromTitle = parseLinearTitle(doc.title ?? '');
  if (fromTitle?.title && fromTitle.key.toUpperCase() === route.key.toUpperCase()) {
    ticket.title = fromTitle.title;
  }
  return { kind: route.kind, ticket };
}

function* linearScan(url: URL, root: Document | Element): Generator<Anchor> {
  yield* issueViewAnchor(url, root);
  yield* listAnchors(url, root);
  yield* relationAnchors(url, root);
  yield* boardAnchors(url, root);
}

function linearAnchors(url: URL, root: Document | Element): Anchor[] {
  return [...linearScan(url, root)];
}

function themeFromElement(el: Element | null): 'light' | 'dark' | undefined {
  if (!el) return undefined;
  if (el.classList.contains('dark')) return 'dark';
  if (el.classList.contains('light')) return 'light';
  const scheme = /(?:^|;)\s*color-scheme\s*:\s*([a-z ]+)/i.exec(el.getAttribute('style') ?? '');
  const v = scheme?.[1]?.trim().toLowerCase();
  return v === 'dark' || v === 'light' ? v : undefined;
}

export const linearAdapter: TrackerAdapter = {
  id: 'linear',
  name: 'Linear',
  matchesHost(host: string): boolean {
    return host.trim().toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '') === 'linear.app';
  },
  page: linearPage,
  anchors: linearAnchors,
  scan: linearScan,
  theme(doc: Document) {
    const fromAttrs = themeFromElement(doc.documentElement) ?? themeFromElement(doc.body);
    if (fromAttrs) return fromAttrs;
    const meta = doc.querySelector(S.colorSchemeMeta)?.getAttribute('content')?.trim();
    return meta === 'dark' || meta === 'light' ? meta : undefined;
  },
};
