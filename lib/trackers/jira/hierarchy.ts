/**
 * Rows inside a Jira issue view: its child work items and its linked work items get row
 * badges like any list row (README "Work hierarchy"). A child row also says who its parent
 * is: the issue whose view lists it. Every other row inside a view (none known today) stays
 * part of the view, without a badge.
 *
 * Lists (./selectors.ts `childLists`, `linkedLists`): Cloud's "Child work items" panel (a
 * native issue table; older sites a list of issue line cards) and "Linked work items" (issue
 * line cards), as extensions and userscripts read them (the child-issues-panel test ids and
 * the "Child work items section" grid label in public field-hiding and export scripts); Server
 * / Data Center's sub-task table (`#view-subtasks`) and Issue Links module (`#linkingmodule`),
 * as jira-helper's page objects name them.
 */
import { jiraSelectors as S } from './selectors';
import { serverViewKey, viewKey, viewScope } from './issue-view';
import { keyOf } from './urls';

/** What a row inside an issue view is: a child of `parent`, or a linked work item. */
export interface InView {
  /** The issue whose view lists the row as its child (undefined: a linked work item). */
  parent?: string;
}

/**
 * The canonical key of the issue view holding `el`: the nearest ancestor that holds a
 * summary heading (Cloud) or a Server/DC summary is that view.
 */
function ownerKey(url: URL, el: Element): string | undefined {
  for (let at = el.parentElement; at; at = at.parentElement) {
    const heading = at.querySelector(S.summary);
    if (heading) return keyOf(url.host, viewKey(url, heading, viewScope(heading)));
    const server = at.querySelector(S.serverSummary);
    if (server) {
      const scope = server.closest(S.serverDetail) ?? server.ownerDocument;
      return keyOf(url.host, serverViewKey(scope));
    }
  }
  return undefined;
}

/**
 * Where a row inside an issue view belongs; undefined for a row that is part of the view but
 * in none of its child or linked lists. `owners` caches the view's key per list for one pass
 * (a child table of fifty rows walks up once).
 */
export function inView(
  url: URL,
  row: Element,
  owners: Map<Element, string | undefined>,
): InView | undefined {
  const children = row.closest(S.childLists);
  if (children) {
    if (!owners.has(children)) owners.set(children, ownerKey(url, children));
    const parent = owners.get(children);
    return parent ? { parent } : {};
  }
  return row.closest(S.linkedLists) ? {} : undefined;
}
