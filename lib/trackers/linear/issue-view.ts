/**
 * A Linear issue view: its one `ticket` anchor after the title's container (outside the
 * ProseMirror editor), with state, labels and its parent from the rail and header.
 */
import { linearKey } from '../keys';
import type { Anchor, TicketRef } from '../types';
import { findAll, text } from '../dom';
import { viewParent } from './hierarchy';
import {
  linearSelectors as S,
  linearRoute,
  linearState,
  parseLinearTitle,
  workspaceOf,
} from './shared';

/** Label chips in the rail's Labels section (unverified; see the header comment). */
function readLabels(rail: Element): string[] | undefined {
  const section = rail.querySelector(S.addLabels)?.closest(S.sectionContent);
  if (!section) return undefined;
  const names = new Set<string>();
  for (const el of section.querySelectorAll(S.labelChip)) {
    if (el.matches(S.addLabels) || el.closest(S.addLabels)) continue;
    if (el.parentElement?.closest(S.labelChip)) continue; // nested button parts
    const t = text(el);
    if (t) names.add(t);
  }
  return [...names];
}

export function issueViewAnchor(url: URL, root: Document | Element): Anchor[] {
  const views = findAll(root, S.issueView);
  const view = views[0];
  if (!view) return [];
  const doc = view.ownerDocument;
  const route = linearRoute(url);
  let ws = route.workspace;
  let raw = route.kind === 'issue' ? route.key : undefined;
  if (!raw) {
    // An issue view on a non-issue URL (e.g. during navigation): trust the title's key.
    raw = parseLinearTitle(doc.title ?? '')?.key;
    ws = workspaceOf(url);
  }
  const key = ws && raw ? linearKey(ws, raw) : undefined;
  if (!key) return [];
  const ticket: TicketRef = {
    key,
    url: `${url.origin}/${ws!.toLowerCase()}/issue/${raw!.toUpperCase()}`,
  };
  if (route.kind === 'issue') ticket.url = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  const titleEl = view.querySelector(S.issueTitle);
  const title = text(titleEl);
  if (title) ticket.title = title;
  // The property rail is the view's sibling column in the scroll grid.
  const rail = view.closest(S.issueScroll) ?? view.parentElement ?? view;
  for (const button of rail.querySelectorAll(S.detailButton)) {
    const state = linearState(text(button));
    if (state) {
      ticket.state = state;
      break;
    }
  }
  const labels = readLabels(rail);
  if (labels) ticket.labels = labels;
  const parent = viewParent(url, view, key);
  if (parent) ticket.parent = parent;

  // After the title's container, outside the contenteditable (a line of its own, above the
  // description); else before the title itself.
  const container = titleEl?.parentElement;
  const anchor: Anchor =
    titleEl && container && container !== view && !container.closest('[contenteditable="true"]')
      ? { ticket, mode: 'ticket', element: container, position: 'after', block: true }
      : titleEl
        ? { ticket, mode: 'ticket', element: titleEl, position: 'before' }
        : { ticket, mode: 'ticket', element: view, position: 'prepend' };
  return [anchor];
}
