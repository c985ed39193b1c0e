/**
 * Linear: what the adapter's parts share (./index.ts says where each comes from): issue keys
 * and links, the selectors, status names → state, URL routes and `<title>`.
 */
import type { TicketState } from '../../okr/model';
import type { PageKind } from '../types';

export const KEY = '[A-Za-z][A-Za-z0-9_]*-\\d+';
export const KEY_ONLY = new RegExp(`^${KEY}$`);
/** `/<workspace>/issue/<KEY>(/<slug>)?`, relative or absolute. */
export const ISSUE_HREF_RE = new RegExp(
  `(?:^|linear\\.app)/([^/?#]+)/issue/(${KEY})(?:[/?#]|$)`,
  'i',
);

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
  /** Work hierarchy (./hierarchy.ts): the sub-issues section's add button, an issue link. */
  addSubIssue: 'button[aria-label="Create new sub-issue"]',
  activityEntry: '[data-history-entry-id]',
  issueLink: 'a[href*="/issue/"]',
  colorSchemeMeta: 'meta[name="color-scheme"]',
} as const;

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
// Routes

export interface Route {
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

/** The workspace and key of an issue link's href. */
export function fromHref(
  href: string | null | undefined,
): { workspace: string; key: string } | undefined {
  const m = href ? ISSUE_HREF_RE.exec(href) : null;
  return m ? { workspace: m[1]!, key: m[2]! } : undefined;
}

export function workspaceOf(url: URL): string | undefined {
  return url.pathname.split('/')[1] || undefined;
}
