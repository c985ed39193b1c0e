/**
 * Every selector the GitHub adapter reads, by role (tests check them against the fixtures).
 * Order of trust: data-testid / data-component, then aria, then the unhashed legacy classes
 * (`.js-issue-title`, `.gh-header-*`, `.js-issue-row`, `.State`) as a last resort. Hashed
 * classes (`prc-*`, `*-module__*`) are never used: they change with every GitHub deploy.
 */
export const githubSelectors = {
  /** React issue view title (the `<bdi>` itself); also inside the Projects side panel. */
  issueTitle: '[data-testid="issue-title"]',
  /** React PR header (2026) title, then its whole `<h1>` as a last resort. */
  prTitle: 'h1[data-component="PH_Title"] .markdown-title',
  prTitleBdi: 'h1[data-component="PH_Title"] bdi',
  prHeader: 'h1[data-component="PH_Title"]',
  /** Legacy (Rails) issue/PR header. */
  legacyTitle: '.gh-header-title .js-issue-title',
  legacyTitleAny: '.js-issue-title',
  /** The generic fallback: the title `<bdi>` inside a heading. */
  h1Bdi: 'h1 bdi',
  /** Copies of the header that must not get a second badge. */
  sticky: '[data-testid="issue-metadata-sticky"], [data-testid="sticky-header"], .gh-header-sticky',
  headerState: '[data-testid="header-state"]',
  legacyState: '.gh-header-meta .State',
  legacyStateAny: '.State',
  labelsSection: '[data-testid="sidebar-labels-section"]',
  legacyLabels: '.js-issue-labels [data-name]',
  /** Lists: React issue/PR lists, the global PR preview, the older Rails rows. */
  listRow: '[role="listitem"]',
  listTitleLink: 'a[data-testid="issue-pr-title-link"]',
  previewTitleLink: 'a[data-testid="listitem-title-link"]',
  listStateIcon: '[data-testid="list-row-state-icon"]',
  legacyRow: '.js-issue-row',
  legacyRowLink:
    'a[id^="issue_"][id$="_link"], a[data-hovercard-type="pull_request"], a[data-hovercard-type="issue"]',
  /** Projects v2 board. */
  boardCard: '[data-board-card-id]',
  boardCardTitleLink: 'h3[id^="board-card-title-"] a[href]',
  boardCardAnyLink: 'a[href*="/issues/"], a[href*="/pull/"]',
  boardCardTitle: 'h3[id^="board-card-title-"]',
  sidePanel: '[role="dialog"][aria-label^="Side panel"]',
  /** Work hierarchy (./hierarchy.ts): the sub-issues list and its rows (Primer TreeView). */
  subIssues: '[data-testid="sub-issues-issue-container"], [data-testid*="sub-issues"]',
  subIssueItem:
    '[data-testid*="sub-issues"] li[role="treeitem"], [data-testid*="sub-issues"] [role="listitem"]',
  relationships: '[data-testid="sidebar-relationships-section"]',
  issueHeader: '[data-testid="issue-header"], [data-component="PH_Description"]',
  issueLink: 'a[href*="/issues/"]',
  ogUrl: 'meta[property="og:url"]',
} as const;

const S = githubSelectors;

/** Anything inside these is a copy or an overlay, not the page's own header. */
export const NOT_OWN = `${S.sticky}, ${S.sidePanel}`;
