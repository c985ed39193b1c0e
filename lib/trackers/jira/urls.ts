/**
 * Jira URLs → page kind and the ticket a page is about, for Cloud and Server / Data Center.
 * URL forms as jira-helper routes them
 * (https://github.com/jira-helper/jira-helper, src/routing/RoutingService.ts):
 * - `?selectedIssue=KEY` on Cloud boards, backlogs and searches is trusted on its own: a live
 *   Cloud backlog showed the panel open with `…/backlog?assignee=…&selectedIssue=RDC-3889` and
 *   no `view` or `modal` parameter. On Server/DC `RapidBoard.jspa` it is trusted only with
 *   `view=detail`, `view=planning` or a `modal` parameter, as jira-helper does
 *   (`view=planning.nodetail` keeps the key in the URL with the panel closed).
 * - `/browse/KEY?jql=…` is the issue navigator's detail view (jira-helper: SEARCH): kind
 *   `search`, ticket KEY.
 */
import { jiraKey } from '../keys';
import type { PageInfo, PageKind, TicketRef } from '../types';
import { KEY, KEY_ONLY } from './selectors';

/** The canonical key of a raw issue key on this host; undefined when it is not a key. */
export function keyOf(host: string, raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  const k = raw.trim();
  return KEY_ONLY.test(k) ? jiraKey(host, k) : undefined;
}

/** The issue key at the end of a `/browse/KEY` href (relative or absolute). */
export function keyFromHref(href: string | null | undefined): string | undefined {
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

export function browseUrl(url: URL, key: string): string {
  return `${url.origin}${contextPath(url)}/browse/${key.toUpperCase()}`;
}

/** `[KEY-1] Summary - Jira` (Cloud), `[KEY-1] Summary - Company JIRA` (Server). */
export function parseJiraTitle(title: string): { key: string; summary?: string } | undefined {
  const m = new RegExp(`^\\s*\\[(${KEY})\\]\\s*(.*?)\\s*$`).exec(title);
  if (!m) return undefined;
  const summary = m[2]!.replace(/\s+[-–]\s+[^-–]*\bjira\b[^-–]*$/i, '').trim();
  return summary ? { key: m[1]!, summary } : { key: m[1]! };
}

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
/**
 * Jira Work Management (business projects): `/jira/core/projects/KEY/<view>`. Board and list
 * are badged; calendar, timeline, summary, forms and the rest are not (README).
 */
const BUSINESS_RE = /^(?:\/[^/]+)?\/jira\/core\/projects\/[^/]+\/([a-z-]+)$/i;

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

  const business = BUSINESS_RE.exec(path);
  if (business) {
    const view = business[1]!.toLowerCase();
    // An issue opened over any business view is `?selectedIssue=KEY` (a modal).
    if (view === 'board' || view === 'list') return { kind: view, selected: true };
    if (view !== 'issues') return { kind: 'other', selected: true };
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
export function pageKey(url: URL, doc: Document) {
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

export function jiraPage(url: URL, doc: Document): PageInfo {
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
