/**
 * Jira adapter: Jira Cloud (`*.atlassian.net`) and, on hosts the user adds at runtime, Jira
 * Server / Data Center. Pure over (URL, Document): it reads, never writes.
 *
 * - ./urls.ts: URL → page kind and the ticket a page is about (`?selectedIssue=`, titles);
 * - ./issue-view.ts: one `ticket` anchor per issue view (Cloud page and panels, Server/DC);
 * - ./rows.ts: one `row` anchor per board card, backlog row and search row, and per child or
 *   linked work item of an issue view (./hierarchy.ts: a child names its parent);
 * - ./business.ts: Jira Work Management board cards and list rows;
 * - ./selectors.ts, ./state.ts: what is read, and status names → ticket state.
 */
import type { Anchor, TrackerAdapter } from '../types';
import { businessAnchors } from './business';
import { cloudIssueViews, serverIssueViews } from './issue-view';
import { rowAnchors } from './rows';
import { jiraPage } from './urls';

export { jiraSelectors, testId } from './selectors';
export { jiraState } from './state';
export { jiraRoute, parseJiraTitle } from './urls';

function* jiraScan(url: URL, root: Document | Element): Generator<Anchor> {
  const views = [...cloudIssueViews(url, root), ...serverIssueViews(url, root)];
  // Exactly one ticket anchor per ticket: the first view wins (a duplicated header, a panel
  // and a page showing the same issue).
  const keys = new Set<string>();
  yield* views.filter((a) => !keys.has(a.ticket.key) && keys.add(a.ticket.key));
  yield* rowAnchors(url, root);
  yield* businessAnchors(url, root);
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
