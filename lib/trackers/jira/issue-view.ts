/**
 * Jira issue views: Cloud's (an issue page, a board's or backlog's side panel, several on a
 * page) and Server / Data Center's classic `#key-val` / `#summary-val` page and board detail
 * panel (`#ghx-detail-view`), as jira-helper's page objects read them
 * (https://github.com/jira-helper/jira-helper). One `ticket` anchor after each summary heading,
 * on a line of its own. Cloud's issue header and compact (side panel) layout as Toggl Track's
 * button reads them (https://github.com/toggl/track-extension/blob/master/src/content/atlassian.js).
 */
import { docOf, findAll, text } from '../dom';
import type { Anchor, TicketRef } from '../types';
import { KEY_ONLY, jiraSelectors as S } from './selectors';
import { serverState, stateOfStatusElement } from './state';
import { browseUrl, keyFromHref, keyOf, pageKey } from './urls';

/**
 * What belongs to the issue view around `heading`: the whole document when the page shows one
 * view (issue page, or a board with one panel), else the largest ancestor that holds no other
 * summary heading.
 */
export function viewScope(heading: Element): ParentNode {
  const doc = heading.ownerDocument;
  if (doc.querySelectorAll(S.summary).length <= 1) return doc;
  let scope: Element = heading;
  for (let el = heading.parentElement; el; el = el.parentElement) {
    if (el.querySelectorAll(S.summary).length > 1) break;
    scope = el;
  }
  return scope;
}

/**
 * Label names of an issue view; `undefined` when no labels field is on the page. The field's
 * test ids are not verified on a live page: every known variant is accepted
 * (`S.labelContainers`), then bare label items anywhere in the view.
 */
function readLabels(scope: ParentNode): string[] | undefined {
  const container = scope.querySelector(S.labelContainers);
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
export function viewKey(url: URL, heading: Element, scope: ParentNode): string | undefined {
  const link = scope.querySelector(S.currentIssue);
  const fromLink = keyFromHref(link?.getAttribute('href')) ?? text(link);
  if (fromLink && KEY_ONLY.test(fromLink)) return fromLink;
  const container = scope.querySelector(S.currentIssueContainer);
  const fromContainer = text(container);
  if (KEY_ONLY.test(fromContainer)) return fromContainer;
  return pageKey(url, heading.ownerDocument).raw;
}

export function cloudIssueViews(url: URL, root: Document | Element): Anchor[] {
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
    const parent = cloudParent(url, scope);
    if (parent !== undefined && parent !== key) ticket.parent = parent;
    out.push({ ticket, mode: 'ticket', element: heading, position: 'after', block: true });
  }
  return out;
}

/** The raw key a Server/DC view shows (`#key-val`, the detail panel's `#issuekey-val`). */
export function serverViewKey(scope: ParentNode): string | undefined {
  const keyEl = scope.querySelector(S.serverKey);
  const keyLink = keyEl?.matches('a') ? keyEl : keyEl?.querySelector('a');
  return [
    keyEl?.getAttribute('data-issue-key'),
    keyFromHref(keyLink?.getAttribute('href')),
    text(keyEl),
  ].find((k): k is string => !!k && KEY_ONLY.test(k));
}

/** The key of a link (its href, else `data-issue-key`, else its text), on this host. */
function linkKey(url: URL, el: Element | null | undefined): string | undefined {
  if (!el) return undefined;
  const a = el.matches('a') ? el : el.querySelector('a[href]');
  const raw = [
    keyFromHref(a?.getAttribute('href')),
    a?.getAttribute('data-issue-key'),
    text(a ?? el),
  ].find((k) => k && KEY_ONLY.test(k));
  return keyOf(url.host, raw);
}

/**
 * A Cloud view's parent: the breadcrumb's parent work item. `null` when the breadcrumb shows
 * the view's own key but no parent (the ticket has none: a recorded parent is cleared); left
 * out when there is no breadcrumb at all.
 */
function cloudParent(url: URL, scope: ParentNode): string | null | undefined {
  const crumb = scope.querySelector(S.parentIssue);
  if (crumb) return linkKey(url, crumb);
  return scope.querySelector(`${S.currentIssueContainer}, ${S.currentIssue}`) ? null : undefined;
}

/**
 * A Server/DC view's parent: a sub-task's parent (header breadcrumb), else the Epic Link.
 * Never `null`: an empty field is hidden on these pages, so its absence proves nothing.
 */
function serverParent(url: URL, scope: ParentNode): string | undefined {
  return (
    linkKey(url, scope.querySelector(S.serverParent)) ??
    linkKey(url, scope.querySelector(S.serverEpicLink))
  );
}

export function serverIssueViews(url: URL, root: Document | Element): Anchor[] {
  const out: Anchor[] = [];
  const doc = docOf(root);
  for (const summary of findAll(root, S.serverSummary)) {
    // The board's detail panel is a view of its own; elsewhere the page is one issue.
    const scope: ParentNode = summary.closest(S.serverDetail) ?? doc;
    const raw = serverViewKey(scope);
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
    const parent = serverParent(url, scope);
    if (parent && parent !== key) ticket.parent = parent;
    // After the summary heading, a line of its own (as on Cloud).
    out.push({ ticket, mode: 'ticket', element: summary, position: 'after', block: true });
  }
  return out;
}
