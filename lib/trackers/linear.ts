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
 * - `a[data-list-key]` rows inside the issue view (sub-issues) are part of that view, not a
 *   list, and get no row anchor (as Jira's child work items).
 * - List vs board cannot be told from the URL (the layout is a per-view setting): `page()`
 *   says `board` when the DOM shows `a[data-board-item]`, else `list`.
 * - Theme: attributes only (no getComputedStyle): a `dark`/`light` class on <html> or <body>,
 *   then `color-scheme` in their inline style, then `<meta name="color-scheme">`.
 * - Row state and issue-view labels are best effort and NOT verified against a live page:
 *   a row's state is read from an element whose aria-label is a workflow status name
 *   ("In Progress"); labels from the chips in the rail's Labels section (the section that holds
 *   `button[aria-label="Add labels"]`).
 */
import type { TicketState } from '../okr/model';
import { linearKey } from './keys';
import type { Anchor, PageInfo, PageKind, TicketRef, TrackerAdapter } from './types';
import { findAll, resolveHref, text } from './dom';

const KEY = '[A-Za-z][A-Za-z0-9_]*-\\d+';
const KEY_ONLY = new RegExp(`^${KEY}$`);
/** `/<workspace>/issue/<KEY>(/<slug>)?`, relative or absolute. */
const ISSUE_HREF_RE = new RegExp(`(?:^|linear\\.app)/([^/?#]+)/issue/(${KEY})(?:[/?#]|$)`, 'i');

/** Every selector the adapter uses, for tests and the demo to check against fixtures. */
export const linearSelectors = {
  issueView: 'div[data-view-id="issue-view"]',
  issueScroll: '[data-restore-scroll-view="issue-view"]',
  issueTitle: '[aria-label="Issue title"]',
  detailButton: 'button[data-detail-button]',
  addLabels: 'button[aria-label="Add labels"]',
  sectionContent: '[data-details-pane-section-content]',
  labelChip: 'button, [role="button"]',
  listRow: 'a[data-list-key]',
  listId: 'span[data-column-id="issueId"]',
  listTitle: '[data-column-id="title"]',
  boardCard: 'a[data-board-item]',
  boardMain: 'div[data-contextual-menu="true"]',
  /** Label chips inside a row or card (each a context menu; not verified on a live page). */
  labelChipInRow: '[data-contextual-menu="true"]',
  statusLabelled: '[aria-label]',
  colorSchemeMeta: 'meta[name="color-scheme"]',
} as const;

const S = linearSelectors;

// ---------------------------------------------------------------------------------------------
// State

/** Linear's default workflow names (and common ones) → state. Custom names stay unknown. */
const STATUS_NAMES: Record<string, TicketState> = {
  triage: 'open',
  backlog: 'open',
  todo: 'open',
  'to do': 'open',
  'in progress': 'in-progress',
  'in review': 'in-progress',
  done: 'done',
  canceled: 'closed',
  cancelled: 'closed',
  duplicate: 'closed',
};

export function linearState(name: string | null | undefined): TicketState | undefined {
  if (!name) return undefined;
  return STATUS_NAMES[name.replace(/\s+/g, ' ').trim().toLowerCase()];
}

// ---------------------------------------------------------------------------------------------
// page()

interface Route {
  kind: PageKind;
  workspace?: string;
  key?: string;
}

const ISSUE_PATH_RE = new RegExp(`^/([^/]+)/issue/(${KEY})(?:/.*)?$`, 'i');
const TEAM_LISTS = new Set(['all', 'active', 'backlog', 'triage', 'cycle', 'views', 'view']);

/** The route from the URL alone (list vs board is decided in `page()` from the DOM). */
export function linearRoute(url: URL): Route {
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const issue = ISSUE_PATH_RE.exec(path);
  if (issue) return { kind: 'issue', workspace: issue[1], key: issue[2] };
  const [ws, section, a, b] = path.split('/').slice(1);
  if (!ws || !section) return { kind: 'other' };
  const list = (): Route => ({ kind: 'list', workspace: ws });
  switch (section) {
    case 'my-issues':
    case 'views':
    case 'view':
      return list();
    case 'team':
      return a && b && TEAM_LISTS.has(b) ? list() : { kind: 'other', workspace: ws };
    case 'project':
      // `/project/<slug>/overview` is the project's document page; its issues are elsewhere.
      return a && b !== 'overview' ? list() : { kind: 'other', workspace: ws };
    default:
      return { kind: 'other', workspace: ws };
  }
}

/** `KEY-37 Title` (Linear's `<title>` on an issue page). */
export function parseLinearTitle(title: string): { key: string; title?: string } | undefined {
  const m = new RegExp(`^\\s*(${KEY})(?:\\s+(.*?))?\\s*$`).exec(title);
  if (!m) return undefined;
  return m[2] ? { key: m[1]!, title: m[2] } : { key: m[1]! };
}

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

// ---------------------------------------------------------------------------------------------
// anchors()

/** The workspace and key of an issue link's href. */
function fromHref(href: string | null | undefined): { workspace: string; key: string } | undefined {
  const m = href ? ISSUE_HREF_RE.exec(href) : null;
  return m ? { workspace: m[1]!, key: m[2]! } : undefined;
}

function workspaceOf(url: URL): string | undefined {
  return url.pathname.split('/')[1] || undefined;
}

/** Label chips in the rail's Labels section (unverified; see the header comment). */
function readLabels(rail: Element): string[] | undefined {
  const section = rail.querySelector(S.addLabels)?.closest(S.sectionContent);
  if (!section) return undefined;
  const names = new Set<string>();
  for (const el of section.querySelectorAll(S.labelChip)) {
    if (el.matches(S.addLabels) || el.closest(S.addLabels)) continue;
    if (el.parentElement?.closest(S.labelChip)) continue; // nested button parts
    const t = text(el);
    if (t) names.add(t);
  }
  return [...names];
}

function issueViewAnchor(url: URL, root: Document | Element): Anchor[] {
  const views = findAll(root, S.issueView);
  const view = views[0];
  if (!view) return [];
  const doc = view.ownerDocument;
  const route = linearRoute(url);
  let ws = route.workspace;
  let raw = route.kind === 'issue' ? route.key : undefined;
  if (!raw) {
    // An issue view on a non-issue URL (e.g. during navigation): trust the title's key.
    raw = parseLinearTitle(doc.title ?? '')?.key;
    ws = workspaceOf(url);
  }
  const key = ws && raw ? linearKey(ws, raw) : undefined;
  if (!key) return [];
  const ticket: TicketRef = {
    key,
    url: `${url.origin}/${ws!.toLowerCase()}/issue/${raw!.toUpperCase()}`,
  };
  if (route.kind === 'issue') ticket.url = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  const titleEl = view.querySelector(S.issueTitle);
  const title = text(titleEl);
  if (title) ticket.title = title;
  // The property rail is the view's sibling column in the scroll grid.
  const rail = view.closest(S.issueScroll) ?? view.parentElement ?? view;
  for (const button of rail.querySelectorAll(S.detailButton)) {
    const state = linearState(text(button));
    if (state) {
      ticket.state = state;
      break;
    }
  }
  const labels = readLabels(rail);
  if (labels) ticket.labels = labels;

  // After the title's container, outside the contenteditable (a line of its own, above the
  // description); else before the title itself.
  const container = titleEl?.parentElement;
  const anchor: Anchor =
    titleEl && container && container !== view && !container.closest('[contenteditable="true"]')
      ? { ticket, mode: 'ticket', element: container, position: 'after', block: true }
      : titleEl
        ? { ticket, mode: 'ticket', element: titleEl, position: 'before' }
        : { ticket, mode: 'ticket', element: view, position: 'prepend' };
  return [anchor];
}

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
function linkTicket(
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
function* listAnchors(url: URL, root: Document | Element): Generator<Anchor> {
  for (const row of findAll(root, S.listRow)) {
    // Sub-issue rows inside an issue view are part of that view, not a list.
    if (row.closest(S.issueView)) continue;
    const idEl = row.querySelector(S.listId);
    const href = fromHref(row.getAttribute('href'));
    const idText = text(idEl);
    const ticket = linkTicket(url, row, href, KEY_ONLY.test(idText) ? idText : href?.key);
    if (!ticket) continue;
    // Toggl Track: the title is the id's next-but-one sibling.
    const titleEl = row.querySelector(S.listTitle) ?? idEl?.nextElementSibling?.nextElementSibling;
    withRowDetails(ticket, text(titleEl), row, chipLabels(row));
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

function* boardAnchors(url: URL, root: Document | Element): Generator<Anchor> {
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

function* linearScan(url: URL, root: Document | Element): Generator<Anchor> {
  yield* issueViewAnchor(url, root);
  yield* listAnchors(url, root);
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
