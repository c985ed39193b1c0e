/**
 * Linear's work hierarchy on an issue view (README "Work hierarchy"): the rows of its
 * sub-issue list (`a[data-list-key]` rows after the "Create new sub-issue" button, before the
 * activity feed) name the view's issue as their parent; the rail's issue links (relations:
 * blocked by, related…) are row anchors without a parent; the view reads its own parent.
 *
 * NOT verified against a live page (the saved page this adapter was modelled on had no
 * sub-issues and no parent): where the sub-issue list sits (after the add button the saved
 * page did show), and where a sub-issue's parent shows: the header breadcrumb's issue link
 * before the current one, or a "Sub-issue of KEY" / "Parent" link in the view or the rail.
 * So a parent is never read as "none": a missed one must not clear one learned from the
 * parent's own sub-issue list.
 */
import { linearKey } from '../keys';
import type { Anchor, TicketRef } from '../types';
import { findAll, norm, resolveHref, text } from '../dom';
import {
  KEY,
  fromHref,
  linearSelectors as S,
  linearRoute,
  parseLinearTitle,
  workspaceOf,
} from './shared';

/** The canonical key of an issue link on this page; undefined for other links. */
function linkKey(a: Element): string | undefined {
  const ref = fromHref(a.getAttribute('href'));
  return ref ? linearKey(ref.workspace, ref.key) : undefined;
}

/** The key of the issue a view shows (the URL's, else the title's, as the ticket anchor). */
function viewKey(url: URL, view: Element): string | undefined {
  const route = linearRoute(url);
  if (route.kind === 'issue' && route.workspace && route.key)
    return linearKey(route.workspace, route.key);
  const raw = parseLinearTitle(view.ownerDocument.title ?? '')?.key;
  const ws = workspaceOf(url);
  return raw && ws ? linearKey(ws, raw) : undefined;
}

/** Whether `a` comes before `b` in the document. */
const before = (a: Node, b: Node) => (a.compareDocumentPosition(b) & 4) !== 0;

/**
 * The parent of a list row inside an issue view: the view's issue when the row sits in its
 * sub-issue list (after the add button, before the activity feed); else undefined.
 */
export function subIssueParent(url: URL, row: Element): string | undefined {
  const view = row.closest(S.issueView);
  const add = view?.querySelector(S.addSubIssue);
  if (!view || !add || !before(add, row)) return undefined;
  const activity = view.querySelector(S.activityEntry);
  if (activity && before(activity, row)) return undefined;
  return viewKey(url, view);
}

/**
 * A view's parent: the header breadcrumb's issue link just before the current issue's, else a
 * link the page introduces as "Sub-issue of" / "Parent". Undefined when none shows.
 */
export function viewParent(url: URL, view: Element, own: string): string | undefined {
  const doc = view.ownerDocument;
  for (const header of doc.querySelectorAll('main header')) {
    const keys = [...header.querySelectorAll(S.issueLink)].map((a) => linkKey(a));
    const at = keys.indexOf(own);
    const parent =
      at > 0
        ? keys
            .slice(0, at)
            .reverse()
            .find((k) => k && k !== own)
        : undefined;
    if (parent) return parent;
  }
  const scroll = view.closest(S.issueScroll) ?? view;
  for (const a of scroll.querySelectorAll(S.issueLink)) {
    const said = [a.getAttribute('aria-label'), a.parentElement?.textContent, a.textContent].map(
      norm,
    );
    if (!said.some((t) => /^(?:sub-issue of|parent(?: issue)?)\b/i.test(t))) continue;
    const key = linkKey(a);
    if (key && key !== own) return key;
  }
  return undefined;
}

/** "Blocked by ENG-12 Parse quoted newlines" → "Parse quoted newlines". */
function relationTitle(link: Element, key: string): string | undefined {
  const t = text(link);
  const m = new RegExp(`(?:^|\\s)${KEY}\\s+(.+)$`).exec(t);
  const title = m?.[1]?.trim();
  return title && !title.toUpperCase().startsWith(key.toUpperCase()) ? title : undefined;
}

/** The rail's issue links (relations): one row anchor each, after the link. */
export function* relationAnchors(url: URL, root: Document | Element): Generator<Anchor> {
  for (const scroll of findAll(root, S.issueScroll)) {
    const view = scroll.querySelector(S.issueView);
    for (const link of scroll.querySelectorAll(`${S.sectionContent} ${S.issueLink}`)) {
      if (view?.contains(link) || link.matches(S.listRow)) continue;
      // A subtree scan yields the links in (or around) that subtree only.
      if (!root.contains(link) && !link.contains(root)) continue;
      const key = linkKey(link);
      if (!key) continue;
      const ticket: TicketRef = { key };
      const href = resolveHref(url, link.getAttribute('href'));
      if (href) ticket.url = href;
      const title = relationTitle(link, key.slice(key.lastIndexOf('/') + 1));
      if (title) ticket.title = title;
      yield { ticket, mode: 'row', element: link, position: 'after' };
    }
  }
}
