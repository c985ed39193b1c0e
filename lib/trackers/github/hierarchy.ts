/**
 * GitHub's work hierarchy on an issue view (the page, or a Projects side panel): the rows of
 * its sub-issues list and of the sidebar's Relationships get row anchors (README "Work
 * hierarchy"); a sub-issue names its parent (the issue whose view lists it, or for a nested
 * one, the sub-issue it is nested under); the view reads its own parent.
 *
 * Sources: public extensions that badge GitHub's sub-issues read them as
 * `[data-testid="sub-issues-issue-container"]` (or any `[data-testid*="sub-issues"]`)
 * holding a Primer TreeView: `li[role="treeitem"]` with `aria-level`, nested in
 * `ul[role="group"]` when expanded, the issue link inside; a page-data extractor reads the
 * sidebar's `[data-testid="sidebar-relationships-section"]`. GitHub's docs place a sub-issue's
 * parent "in the header below the issue title" ("Parent: <title>"). The parent's markup in the
 * header and in Relationships is NOT verified: it is read by its words ("Parent"), never as
 * "no parent" (a missed parent must not clear one learned from the parent's own list).
 */
import { findAll, norm } from '../dom';
import type { Anchor } from '../types';
import type { Collector } from './lists';
import { NOT_OWN, githubSelectors as S } from './selectors';
import { stateOfIcons } from './state';
import { refFromHref, withDetails } from './urls';
import type { GhRef } from './urls';

/** The issue links of `scope` (issues, not pull requests), in order. */
function issueLinks(scope: Element, url: URL): { a: Element; ref: GhRef }[] {
  const out: { a: Element; ref: GhRef }[] = [];
  for (const a of scope.querySelectorAll(S.issueLink)) {
    const ref = refFromHref(a.getAttribute('href'), url);
    if (ref && ref.url.includes('/issues/')) out.push({ a, ref });
  }
  return out;
}

/** The row's own issue link (not one of a nested sub-issue's). */
function ownLink(row: Element, url: URL): { a: Element; ref: GhRef } | undefined {
  return issueLinks(row, url).find(({ a }) => a.closest(S.subIssueItem) === row);
}

/**
 * A view's parent: the Relationships section's "Parent issue" entry, else the header's
 * "Parent: <title>" link. Undefined when neither shows (never "none": see the header comment).
 */
export function viewParent(scope: Document | Element, url: URL, own: boolean): string | undefined {
  const ok = (el: Element) => !own || !el.closest(NOT_OWN);
  for (const section of scope.querySelectorAll(S.relationships)) {
    if (!ok(section)) continue;
    for (const label of section.querySelectorAll('h3, h4, span, div, dt')) {
      if (!/^parent(?: issue)?:?$/i.test(norm(label.textContent))) continue;
      const link = label.parentElement && issueLinks(label.parentElement, url)[0];
      if (link) return link.ref.key;
    }
  }
  for (const header of scope.querySelectorAll(S.issueHeader)) {
    if (!ok(header)) continue;
    for (const { a, ref } of issueLinks(header, url)) {
      const said = [a.getAttribute('aria-label'), a.parentElement?.textContent].map(norm);
      if (said.some((t) => /^parent\b/i.test(t))) return ref.key;
    }
  }
  return undefined;
}

/** Who owns a sub-issues list: the key of the view (page or side panel) holding it. */
export type ViewKeyOf = (container: Element) => string | undefined;

/** The parent of a sub-issue row: the row it is nested under, else the view's issue. */
function parentOf(row: Element, url: URL, viewKey: ViewKeyOf): string | undefined {
  const outer = row.parentElement?.closest(S.subIssueItem);
  if (outer) return ownLink(outer, url)?.ref.key;
  const container = row.closest(S.subIssues);
  return container ? viewKey(container) : undefined;
}

/** Sub-issue rows and Relationships rows, read one at a time as the caller pulls. */
export function* hierarchyAnchors(
  url: URL,
  root: Document | Element,
  out: Collector,
  viewKey: ViewKeyOf,
): Generator<Anchor> {
  for (const row of findAll(root, S.subIssueItem)) {
    if (out.rows.has(row)) continue;
    const link = ownLink(row, url);
    if (!link) continue;
    const parent = parentOf(row, url, viewKey);
    const ticket = withDetails(link.ref, {
      title: norm(link.a.textContent) || undefined,
      state: stateOfIcons(row, (el) => el.closest(S.subIssueItem) === row),
      parent: parent !== link.ref.key ? parent : undefined,
    });
    const a: Anchor = { ticket, mode: 'row', element: link.a, position: 'after' };
    if (out.add(a)) {
      out.rows.add(row);
      yield a;
    }
  }
  for (const section of findAll(root, S.relationships)) {
    for (const { a: link, ref } of issueLinks(section, url)) {
      const row = link.parentElement ?? link;
      const ticket = withDetails(ref, {
        title: norm(link.textContent) || undefined,
        state: stateOfIcons(row),
      });
      const a: Anchor = { ticket, mode: 'row', element: link, position: 'after' };
      if (out.add(a)) yield a;
    }
  }
}
