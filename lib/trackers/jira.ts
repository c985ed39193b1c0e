/**
 * Jira adapter: Jira Cloud (`*.atlassian.net`) and, on hosts the user adds at runtime, Jira
 * Server / Data Center. Pure over (URL, Document): it reads, never writes.
 *
 * Sources (shared/trackers.md §2): jira-helper `RoutingService.ts` (2026-04-19) for URL forms;
 * the "live survey" outerHTML of a Jira Cloud site for board cards, backlog rows and native
 * issue-table rows; toggl `atlassian.js` (2026-02-18) for the issue header and the compact
 * (side panel) layout; jira-helper page objects for the Server/DC `ghx`/`#key-val` DOM.
 *
 * Decisions (see also the tests' URL table):
 * - Atlassian ships both `data-testid` and the older `data-test-id` (the backlog still has the
 *   old form, toggl #2243): every test id selector here matches both (`testId`).
 * - `?selectedIssue=KEY` on Cloud boards, backlogs and searches is trusted on its own: the live
 *   survey saw the panel open with `…/backlog?assignee=…&selectedIssue=RDC-3889` and no `view`
 *   or `modal` parameter. On Server/DC `RapidBoard.jspa` it is trusted only with `view=detail`,
 *   `view=planning` or a `modal` parameter, as jira-helper does (`view=planning.nodetail` keeps
 *   the key in the URL with the panel closed).
 * - `/browse/KEY?jql=…` is the issue navigator's detail view (jira-helper: SEARCH): kind
 *   `search`, ticket KEY.
 * - Rows (cards, backlog rows, search rows) inside an issue view are not anchors: the child
 *   work-items table and the linked-issues panel of an issue are noise, not the list.
 * - Labels: the labels field's test ids are NOT verified (trackers.md lists four unattributed
 *   variants); `readLabels` accepts all of them, see LABEL_CONTAINERS.
 */
import type { TicketState } from '../okr/model';
import { jiraKey } from './keys';
import type { Anchor, PageInfo, PageKind, TicketRef, TrackerAdapter } from './types';
import { findAll } from './dom';

/** A Jira issue key as written in URLs and the DOM (any case; normalised by `jiraKey`). */
const KEY = '[A-Za-z][A-Za-z0-9_]+-\\d+';
const KEY_ONLY = new RegExp(`^${KEY}$`);

type Op = '=' | '^=' | '$=' | '*=';

/**
 * `[data-testid="X"], [data-test-id="X"]`, optionally with a tag before and a descendant
 * selector after each alternative: `testId('a.b', {tag: 'tr', then: 'a'})` →
 * `tr[data-testid="a.b"] a, tr[data-test-id="a.b"] a`.
 */
export function testId(id: string, opts: { tag?: string; op?: Op; then?: string } = {}): string {
  const { tag = '', op = '=', then } = opts;
  const value = JSON.stringify(id);
  return ['data-testid', 'data-test-id']
    .map((attr) => `${tag}[${attr}${op}${value}]${then ? ` ${then}` : ''}`)
    .join(', ');
}

/** The element's test id in either attribute form. */
function testIdOf(el: Element): string | null {
  return el.getAttribute('data-testid') ?? el.getAttribute('data-test-id');
}

const ID = {
  summary: 'issue.views.issue-base.foundation.summary.heading',
  currentIssue: 'issue.views.issue-base.foundation.breadcrumbs.current-issue.item',
  currentIssueContainer:
    'issue.views.issue-base.foundation.breadcrumbs.breadcrumb-current-issue-container',
  statusButton: 'issue-field-status.ui.status-view.status-button.status-button',
  issueLayout: 'issue.views.issue-details.issue-layout',
  compactLayout: 'issue.views.issue-details.issue-layout.compact-layout',
  issueMain: 'issue.views.issue-base.foundation.main',
  card: 'platform-board-kit.ui.card.card',
  cardKey: 'platform-card.common.ui.key.key',
  cardSummary: 'issue-field-single-line-text-readview-card.ui.single-line-text.container.box',
  backlogRow: 'software-backlog.card-list.card.content-container.',
  backlogKey: 'software-backlog.card-list.card.card-contents.key',
  backlogSrKey: 'software-backlog.card-list.card.card-contents.screen-reader-key',
  backlogSummary: 'software-backlog.card-list.card.card-contents.summary',
  searchRow: 'native-issue-table.ui.issue-row',
  searchKey: 'native-issue-table.common.ui.issue-cells.issue-key.issue-key-cell',
  searchSummary: 'native-issue-table.common.ui.issue-cells.issue-summary.issue-summary-cell',
  statusLozenge: 'issue.fields.status.common.ui.status-lozenge.',
  labelItem: 'issue-field-labels.ui.label',
} as const;

/**
 * Containers of the labels field. Unverified variants (trackers.md §2 "Labels"); the last one
 * is the `…labels.common.ui.labels-view` form whose prefix was not recorded.
 */
const LABEL_CONTAINERS = [
  testId('issue.views.field.labels'),
  testId('issue.views.issue-base.context.labels'),
  testId('issue.views.field.labels.common.ui.labels-view'),
  testId('.labels.common.ui.labels-view', { op: '$=' }),
].join(', ');

/** Every selector the adapter uses, for tests and the demo to check against fixtures. */
export const jiraSelectors = {
  summary: testId(ID.summary, { tag: 'h1' }),
  currentIssue: testId(ID.currentIssue, { tag: 'a' }),
  currentIssueContainer: testId(ID.currentIssueContainer),
  statusButton: testId(ID.statusButton),
  compactLayout: testId(ID.compactLayout),
  /** Ancestors that make a row part of an issue view (child work items, linked issues). */
  issueView: [
    testId(ID.issueLayout, { op: '^=' }),
    testId(ID.issueMain),
    '#jira-issue-header',
    '#ghx-detail-view',
    '#view-subtasks',
    '#linkingmodule',
  ].join(', '),
  card: testId(ID.card),
  cardKeyLink: testId(ID.cardKey, { then: 'a' }),
  cardSummary: testId(ID.cardSummary),
  backlogRow: testId(ID.backlogRow, { op: '^=' }),
  backlogKeyLink: testId(ID.backlogKey, { tag: 'a' }),
  backlogSrKeyLink: testId(ID.backlogSrKey, { tag: 'a' }),
  backlogSummary: testId(ID.backlogSummary),
  searchRow: testId(ID.searchRow, { tag: 'tr' }),
  searchKeyLink: testId(ID.searchKey, { tag: 'a' }),
  searchSummary: testId(ID.searchSummary),
  statusLozenge: testId(ID.statusLozenge, { op: '^=' }),
  labelContainers: LABEL_CONTAINERS,
  labelItem: testId(ID.labelItem),
  labelTagText: '[data-tag-text]',
  labelLink: 'a[href*="labels"]',
  /** The issue page's key, then the board detail panel's (`#ghx-detail-view`). */
  serverKey: '#key-val, #issuekey-val',
  serverSummary: '#summary-val',
  serverStatus: '#status-val',
  /** The status lozenge inside `#status-val` (a "View Workflow" link may sit beside it). */
  serverStatusLozenge: '.aui-lozenge, .jira-issue-status-lozenge',
  /**
   * The Labels field only: every Labels-type custom field ("Team tags") is drawn with the same
   * `.labels-wrap .lozenge` markup, so that alone would read them as labels too.
   */
  serverLabelsField: '#wrap-labels',
  serverLabels: '#wrap-labels .lozenge',
  serverDetail: '#ghx-detail-view',
  serverCard: '.ghx-issue[data-issue-key], .js-issue[data-issue-key]',
  serverCardKey: '.ghx-key',
  serverCardSummary: '.ghx-summary',
  /** Issue navigator: list view rows and the split view's list (sub-task tables excluded). */
  serverSearchRow: '#issuetable tr.issuerow[data-issuekey], ol.issue-list > li[data-key]',
  serverSearchKey: 'td.issuekey a.issue-link, a.splitview-issue-link',
  serverSearchSummary: 'td.summary a.issue-link, .issue-link-summary',
  serverSearchStatus: 'td.status',
  colorMode: 'html[data-color-mode]',
} as const;

const S = jiraSelectors;

const text = (el: Element | null | undefined): string =>
  (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

// ---------------------------------------------------------------------------------------------
// State

/** Status names → state (case-insensitive). Unknown names fall back to the status category. */
const STATUS_NAMES: Record<string, TicketState> = {
  'to do': 'open',
  todo: 'open',
  open: 'open',
  backlog: 'open',
  new: 'open',
  reopened: 'open',
  'selected for development': 'open',
  'in progress': 'in-progress',
  'in review': 'in-progress',
  'in development': 'in-progress',
  'code review': 'in-progress',
  review: 'in-progress',
  'in testing': 'in-progress',
  'in qa': 'in-progress',
  done: 'done',
  closed: 'done',
  resolved: 'done',
  "won't do": 'closed',
  'won’t do': 'closed',
  rejected: 'closed',
  cancelled: 'closed',
  canceled: 'closed',
};

/** Jira status categories: 2 = To Do (new), 4 = In Progress (indeterminate), 3 = Done. */
const STATUS_CATEGORIES: Record<string, TicketState> = {
  '2': 'open',
  '4': 'in-progress',
  '3': 'done',
};

/** A status name as shown ("In Progress", aria-label "In Progress - Change status") → state. */
export function jiraState(name: string | null | undefined): TicketState | undefined {
  if (!name) return undefined;
  const n = name
    .replace(/\s+-\s+change status$/i, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
  return STATUS_NAMES[n];
}

/** State from a status button or lozenge: its aria-label, its text, then its category id. */
function stateOfStatusElement(el: Element): TicketState | undefined {
  const byName = jiraState(el.getAttribute('aria-label')) ?? jiraState(text(el));
  if (byName) return byName;
  const m = /status-lozenge\.(\d+)$/.exec(testIdOf(el) ?? '');
  return m ? STATUS_CATEGORIES[m[1]!] : undefined;
}

/** State of a row or card: its status lozenge, else "KEY is resolved" on the key link. */
function rowState(row: Element, keyLink: Element | null): TicketState | undefined {
  for (const el of row.querySelectorAll(S.statusLozenge)) {
    if (!/status-lozenge\.\d+$/.test(testIdOf(el) ?? '')) continue; // skip `--text`, `--chevron`
    const s = stateOfStatusElement(el);
    if (s) return s;
  }
  const label = keyLink?.getAttribute('aria-label') ?? '';
  if (/\bis resolved$/i.test(label)) return 'done';
  if (row.classList.contains('ghx-done')) return 'done';
  // Server/DC issue navigator: the status cell.
  return serverState(row.querySelector(S.serverSearchStatus));
}

/** A Server/DC status field or cell: its lozenge first (a "View Workflow" link may follow). */
function serverState(el: Element | null): TicketState | undefined {
  if (!el) return undefined;
  return jiraState(text(el.querySelector(S.serverStatusLozenge))) ?? jiraState(text(el));
}

// ---------------------------------------------------------------------------------------------
// Keys and URLs

function keyOf(host: string, raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  const k = raw.trim();
  return KEY_ONLY.test(k) ? jiraKey(host, k) : undefined;
}

/** The issue key at the end of a `/browse/KEY` href (relative or absolute). */
function keyFromHref(href: string | null | undefined): string | undefined {
  if (!href) return undefined;
  const m = new RegExp(`/browse/(${KEY})(?:[/?#]|$)`).exec(href);
  return m?.[1];
}

/**
 * Server/DC installs often live under a context path (`https://corp.example/jira/browse/X-1`).
 * Cloud's `/jira/browse/` is a route, not a context path, so Cloud always links `/browse/`.
 */
function contextPath(url: URL): string {
  if (url.hostname.toLowerCase().endsWith('.atlassian.net')) return '';
  const m = /^(\/[^/]+)?\/(?:browse|secure|issues)(?:\/|$)/.exec(url.pathname);
  return m?.[1] ?? '';
}

function browseUrl(url: URL, key: string): string {
  return `${url.origin}${contextPath(url)}/browse/${key.toUpperCase()}`;
}

function resolveHref(url: URL, href: string | null | undefined): string | undefined {
  if (!href) return undefined;
  try {
    return new URL(href, url).href;
  } catch {
    return undefined;
  }
}

/** `[KEY-1] Summary - Jira` (Cloud), `[KEY-1] Summary - Company JIRA` (Server). */
export function parseJiraTitle(title: string): { key: string; summary?: string } | undefined {
  const m = new RegExp(`^\\s*\\[(${KEY})\\]\\s*(.*?)\\s*$`).exec(title);
  if (!m) return undefined;
  const summary = m[2]!.replace(/\s+[-–]\s+[^-–]*\bjira\b[^-–]*$/i, '').trim();
  return summary ? { key: m[1]!, summary } : { key: m[1]! };
}

// ---------------------------------------------------------------------------------------------
// page()

interface Route {
  kind: PageKind;
  /** Key from the path (issue pages, `/issues/KEY`). */
  key?: string;
  /** Whether `?selectedIssue=` on this route means an open panel. */
  selected?: boolean;
}

const BOARD_RE = new RegExp(
  `^(?:/[^/]+)?/jira/software/(?:c/)?projects/[^/]+/boards/\\d+(/.*)?$`,
  'i',
);
const PROJECT_ISSUES_RE = new RegExp(
  `^(?:/[^/]+)?/jira/[a-z-]+/(?:c/)?projects/[^/]+/issues(?:/(${KEY}))?$`,
  'i',
);
const BROWSE_RE = new RegExp(`^(?:/[^/]+)?/browse/(${KEY})$`, 'i');

/** The route from the URL alone. Paths are compared without trailing slashes. */
export function jiraRoute(url: URL): Route {
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const q = url.searchParams;

  const browse = BROWSE_RE.exec(path);
  if (browse) return { kind: q.has('jql') ? 'search' : 'issue', key: browse[1] };

  const board = BOARD_RE.exec(path);
  if (board) {
    if (q.has('config')) return { kind: 'other' };
    const rest = (board[1] ?? '').toLowerCase();
    if (rest === '') return { kind: 'board', selected: true };
    if (rest === '/backlog') return { kind: 'backlog', selected: true };
    return { kind: 'other' };
  }

  const projectIssues = PROJECT_ISSUES_RE.exec(path);
  if (projectIssues) return { kind: 'search', key: projectIssues[1], selected: true };

  if (/^(?:\/[^/]+)?\/issues$/i.test(path) || /\/secure\/IssueNavigator\.jspa$/i.test(path)) {
    return { kind: 'search', selected: true };
  }

  if (/\/secure\/RapidBoard\.jspa$/i.test(path)) {
    const view = (q.get('view') ?? '').toLowerCase();
    if (q.has('config') || view === 'reporting') return { kind: 'other' };
    const selected = view === 'detail' || view === 'planning' || q.has('modal');
    if (view === 'planning' || view === 'planning.nodetail') return { kind: 'backlog', selected };
    return { kind: 'board', selected };
  }

  return { kind: 'other' };
}

/** The page's route and the raw key of the ticket it is about (URL first, then title). */
function pageKey(url: URL, doc: Document) {
  const route = jiraRoute(url);
  let raw = route.key;
  if (!raw && route.selected) {
    const sel = url.searchParams.get('selectedIssue');
    if (sel && KEY_ONLY.test(sel)) raw = sel;
  }
  const fromTitle = parseJiraTitle(doc.title ?? '');
  // The title is a fallback only where the URL names no panel: on boards and lists a stale
  // title from the previous page must not invent a ticket.
  if (!raw && fromTitle && (route.kind === 'issue' || route.kind === 'other')) raw = fromTitle.key;
  return { route, raw, fromTitle };
}

function jiraPage(url: URL, doc: Document): PageInfo {
  const { route, raw, fromTitle } = pageKey(url, doc);
  const key = keyOf(url.host, raw);
  if (!key || !raw) return { kind: route.kind };
  const ticket: TicketRef = {
    key,
    url:
      route.kind === 'issue'
        ? `${url.origin}${url.pathname.replace(/\/+$/, '')}`
        : browseUrl(url, raw),
  };
  if (fromTitle?.summary && fromTitle.key.toUpperCase() === raw.toUpperCase()) {
    ticket.title = fromTitle.summary;
  }
  return { kind: route.kind, ticket };
}

// ---------------------------------------------------------------------------------------------
// anchors()

/**
 * What belongs to the issue view around `heading`: the whole document when the page shows one
 * view (issue page, or a board with one panel), else the largest ancestor that holds no other
 * summary heading.
 */
function viewScope(heading: Element): ParentNode {
  const doc = heading.ownerDocument;
  if (doc.querySelectorAll(S.summary).length <= 1) return doc;
  let scope: Element = heading;
  for (let el = heading.parentElement; el; el = el.parentElement) {
    if (el.querySelectorAll(S.summary).length > 1) break;
    scope = el;
  }
  return scope;
}

/** Label names of an issue view; `undefined` when no labels field is on the page. */
function readLabels(scope: ParentNode): string[] | undefined {
  const container = scope.querySelector(LABEL_CONTAINERS);
  const names = new Set<string>();
  if (container) {
    for (const sel of [S.labelItem, S.labelTagText, S.labelLink]) {
      for (const el of container.querySelectorAll(sel)) {
        const t = text(el);
        if (t) names.add(t);
      }
      if (names.size) break;
    }
    return [...names];
  }
  const items = scope.querySelectorAll(S.labelItem);
  if (!items.length) return undefined;
  for (const el of items) {
    const t = text(el);
    if (t) names.add(t);
  }
  return [...names];
}

/** The key the issue view around `heading` shows: breadcrumb link, URL, title. */
function viewKey(url: URL, heading: Element, scope: ParentNode): string | undefined {
  const link = scope.querySelector(S.currentIssue);
  const fromLink = keyFromHref(link?.getAttribute('href')) ?? text(link);
  if (fromLink && KEY_ONLY.test(fromLink)) return fromLink;
  const container = scope.querySelector(S.currentIssueContainer);
  const fromContainer = text(container);
  if (KEY_ONLY.test(fromContainer)) return fromContainer;
  return pageKey(url, heading.ownerDocument).raw;
}

function cloudIssueViews(url: URL, root: Document | Element): Anchor[] {
  const out: Anchor[] = [];
  for (const heading of findAll(root, S.summary)) {
    const scope = viewScope(heading);
    const raw = viewKey(url, heading, scope);
    const key = keyOf(url.host, raw);
    if (!key) continue;
    const ticket: TicketRef = { key, url: browseUrl(url, raw!) };
    const title = text(heading);
    if (title) ticket.title = title;
    const status = scope.querySelector(S.statusButton);
    const state = status ? stateOfStatusElement(status) : undefined;
    if (state) ticket.state = state;
    const labels = readLabels(scope);
    if (labels) ticket.labels = labels;
    out.push({ ticket, mode: 'ticket', element: heading, position: 'after', block: true });
  }
  return out;
}

function serverIssueViews(url: URL, root: Document | Element): Anchor[] {
  const out: Anchor[] = [];
  const doc = root.nodeType === 1 ? (root as Element).ownerDocument : (root as Document);
  for (const summary of findAll(root, S.serverSummary)) {
    // The board's detail panel is a view of its own; elsewhere the page is one issue.
    const scope: ParentNode = summary.closest(S.serverDetail) ?? doc;
    const keyEl = scope.querySelector(S.serverKey);
    const keyLink = keyEl?.matches('a') ? keyEl : keyEl?.querySelector('a');
    const raw = [
      keyEl?.getAttribute('data-issue-key'),
      keyFromHref(keyLink?.getAttribute('href')),
      text(keyEl),
    ].find((k) => k && KEY_ONLY.test(k));
    const key = keyOf(url.host, raw);
    if (!key) continue;
    const ticket: TicketRef = { key, url: browseUrl(url, raw!) };
    const title = text(summary);
    if (title) ticket.title = title;
    const state = serverState(scope.querySelector(S.serverStatus));
    if (state) ticket.state = state;
    // The Labels field shown without lozenges ("None") means no labels: `[]`, so a removed
    // label's link goes, as on Cloud. No field at all: labels not read.
    if (scope.querySelector(S.serverLabelsField)) {
      const names = [...scope.querySelectorAll(S.serverLabels)].map(text).filter(Boolean);
      ticket.labels = [...new Set(names)];
    }
    // After the summary heading, a line of its own (as on Cloud).
    out.push({ ticket, mode: 'ticket', element: summary, position: 'after', block: true });
  }
  return out;
}

interface RowSpec {
  rows: string;
  /** Key from the row element itself (id, test id suffix, data attribute). */
  ownKey: (row: Element) => string | undefined;
  keyLink: string;
  title: (row: Element, keyLink: Element | null) => string;
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

/** Rows are read one at a time, as the caller pulls (`scan`). */
function* rowAnchors(url: URL, root: Document | Element): Generator<Anchor> {
  const seen = new Set<Element>();
  for (const spec of ROWS) {
    for (const row of findAll(root, spec.rows)) {
      if (seen.has(row)) continue; // `.ghx-issue.js-issue` matches twice
      seen.add(row);
      if (row.parentElement?.closest(S.issueView)) continue; // child / linked issues
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
      // Beside the key link, never inside it: a badge inside <a> would navigate on click. On
      // board cards the key sits in a tight footer (estimate, priority, avatar): the badge goes
      // under the summary instead, where it has the card's width and pushes nothing out.
      const summary = row.querySelector(S.cardSummary);
      const anchor: Anchor = summary
        ? { ticket, mode: 'row', element: summary, position: 'after', block: true }
        : link
          ? { ticket, mode: 'row', element: link, position: 'after' }
          : { ticket, mode: 'row', element: row, position: 'append' };
      yield anchor;
    }
  }
}

function* jiraScan(url: URL, root: Document | Element): Generator<Anchor> {
  const views = [...cloudIssueViews(url, root), ...serverIssueViews(url, root)];
  // Exactly one ticket anchor per ticket: the first view wins (a duplicated header, a panel
  // and a page showing the same issue).
  const keys = new Set<string>();
  yield* views.filter((a) => !keys.has(a.ticket.key) && keys.add(a.ticket.key));
  yield* rowAnchors(url, root);
}

function jiraAnchors(url: URL, root: Document | Element): Anchor[] {
  return [...jiraScan(url, root)];
}

export const jiraAdapter: TrackerAdapter = {
  id: 'jira',
  name: 'Jira',
  matchesHost(host: string): boolean {
    const h = host.trim().toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
    return /^[a-z0-9-]+(\.[a-z0-9-]+)*\.atlassian\.net$/.test(h);
  },
  page: jiraPage,
  anchors: jiraAnchors,
  scan: jiraScan,
  theme(doc: Document) {
    const mode = doc.documentElement.getAttribute('data-color-mode');
    return mode === 'dark' || mode === 'light' ? mode : undefined;
  },
};
