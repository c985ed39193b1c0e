/**
 * Every selector the Jira adapter uses, for tests and the demo to check against fixtures.
 * Atlassian ships both `data-testid` and the older `data-test-id` (the backlog still has the
 * old form: https://github.com/toggl/track-extension/issues/2243), so every test id selector
 * here matches both (`testId`).
 */

/** A Jira issue key as written in URLs and the DOM (any case; normalised by `jiraKey`). */
export const KEY = '[A-Za-z][A-Za-z0-9_]+-\\d+';
export const KEY_ONLY = new RegExp(`^${KEY}$`);

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
export function testIdOf(el: Element): string | null {
  return el.getAttribute('data-testid') ?? el.getAttribute('data-test-id');
}

export const ID = {
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
  // Work hierarchy: the parent in the breadcrumb (`…parent-issue.item`, `.container`,
  // `.tooltip--container`), the child work items panel, the linked work items.
  parentIssue: 'issue.views.issue-base.foundation.breadcrumbs.parent-issue',
  parentIssueContainer:
    'issue.views.issue-base.foundation.breadcrumbs.breadcrumb-parent-issue-container',
  childField: 'issue.views.field.child-issues',
  childPanel: 'child-issues-panel',
  issueLinks: 'issue.views.issue-base.content.issue-links',
  lineCard: 'issue.issue-view.views.common.issue-line-card.issue-line-card-view',
  lineCardKey: 'issue.issue-view.views.common.issue-line-card.issue-line-card-view.key',
  lineCardSummary: 'issue-field-summary.ui.inline-read.link-item',
  // Jira Work Management (business projects): board cards and list rows.
  wmCard: 'work-management-board.ui.board.column.card.container',
  wmCardActions: 'work-management-board.ui.board.column.card.actions-section',
  blRow: 'business-list.ui.list-view.base-table.draggable-rows-container.row-wrapper-',
  blKey: 'business-list.ui.list-view.key-cell.issue-key',
  blSummary: 'business-list.ui.list-view.summary-cell',
  blStatus: 'business-list.ui.list-view.status-cell.cell-container',
} as const;

/**
 * Containers of the labels field: four variants, none verified on a live page, so all are
 * accepted; the last is the `…labels.common.ui.labels-view` form whose prefix is unknown.
 */
const LABEL_CONTAINERS = [
  testId('issue.views.field.labels'),
  testId('issue.views.issue-base.context.labels'),
  testId('issue.views.field.labels.common.ui.labels-view'),
  testId('.labels.common.ui.labels-view', { op: '$=' }),
].join(', ');

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
  /** The parent (epic, parent work item) in a Cloud issue view's breadcrumb. */
  parentIssue: [testId(ID.parentIssue, { op: '^=' }), testId(ID.parentIssueContainer)].join(', '),
  /**
   * Lists of an issue view whose rows are its children: Cloud's "Child work items" panel (its
   * parts' test ids contain `child-issues-panel`; the grid is labelled "Child work items
   * section"), the older child-issues field, Server/DC's sub-task table.
   */
  childLists: [
    testId(ID.childPanel, { op: '*=' }),
    '[aria-label="Child work items section"]',
    testId(ID.childField),
    '#view-subtasks',
  ].join(', '),
  /** Items of the older child panel (`…child-issues-panel.issues-container ul > div`). */
  childListItems: [
    testId(ID.childPanel, { op: '*=', then: 'ul > div' }),
    testId(ID.childPanel, { op: '*=', then: 'ul > li' }),
  ].join(', '),
  /** Lists of an issue view whose rows are linked work items (no parent): Cloud, Server/DC. */
  linkedLists: [testId(ID.issueLinks, { op: '^=' }), '#linkingmodule'].join(', '),
  lineCard: testId(ID.lineCard),
  lineCardKey: testId(ID.lineCardKey, { tag: 'a' }),
  lineCardSummary: testId(ID.lineCardSummary),
  wmCard: testId(ID.wmCard),
  wmCardActions: testId(ID.wmCardActions),
  /** A business list's rows: the draggable row wrappers, else grid rows. */
  blRow: `${testId(ID.blRow, { op: '^=' })}, [role="row"]`,
  blKeyLink: testId(ID.blKey, { tag: 'a' }),
  blSummary: testId(ID.blSummary),
  blStatus: testId(ID.blStatus),
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
  /** A sub-task's parent in the header breadcrumbs; an issue's epic (Epic Link field). */
  serverParent: '#parent_issue_summary',
  serverEpicLink: '.type-gh-epic-link a[href*="/browse/"]',
  /** Issue Links module: one `<dd>` per linked issue. */
  serverLinkRow: '#linkingmodule dl.links-list > dd',
  serverLinkKey: 'a.issue-link[data-issue-key]',
  serverLinkSummary: '.link-summary',
  serverLinkStatus: '.link-snapshot li.status',
  serverCard: '.ghx-issue[data-issue-key], .js-issue[data-issue-key]',
  serverCardKey: '.ghx-key',
  serverCardSummary: '.ghx-summary',
  /** Issue navigator: list view rows and the split view's list; an issue's sub-task table. */
  serverSearchRow: '#issuetable tr.issuerow[data-issuekey], ol.issue-list > li[data-key]',
  serverSearchKey: 'td.issuekey a.issue-link, a.splitview-issue-link, td.stsummary a.issue-link',
  serverSearchSummary: 'td.summary a.issue-link, .issue-link-summary, td.stsummary a.issue-link',
  serverSearchStatus: 'td.status',
  colorMode: 'html[data-color-mode]',
} as const;
