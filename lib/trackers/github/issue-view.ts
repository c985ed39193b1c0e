/**
 * A GitHub issue or pull request page: its own title (React issue view, React or legacy PR
 * header, never the sticky header's copy), state, labels, and the title from `document.title`
 * when the header is not rendered yet.
 */
import { utils } from 'github-url-detection';
import type { TicketState } from '../../okr/model';
import { norm } from '../dom';
import type { Anchor, TicketRef } from '../types';
import { viewParent } from './hierarchy';
import { viewLabels } from './labels';
import { NOT_OWN, githubSelectors as S } from './selectors';
import { stateOfElement } from './state';
import { makeRef, refFromUrl, toUrl, withDetails } from './urls';
import type { GhRef } from './urls';

/** GitHub's titles: "Fix login · Issue #12 · acme/web", "Fix by x · Pull Request #7 · acme/web". */
const DOC_TITLE =
  /^(.+) · (Issue|Pull Request) #(\d+) · ([^\s/·]+\/[^\s/·]+)(?: · GitHub(?: Enterprise)?)?$/;

export function titleFromDocumentTitle(
  docTitle: string,
  ref?: Pick<GhRef, 'n' | 'owner' | 'repo'>,
): string | undefined {
  const m = DOC_TITLE.exec(norm(docTitle));
  if (!m?.[1] || !m[3] || !m[4]) return undefined;
  if (ref) {
    if (String(Number(m[3])) !== ref.n) return undefined;
    if (m[4].toLowerCase() !== `${ref.owner}/${ref.repo}`.toLowerCase()) return undefined;
  }
  const title = m[2] === 'Pull Request' ? m[1].replace(/ by [^\s]+$/, '') : m[1];
  return norm(title) || undefined;
}

/**
 * True when the heading around a title shows another number than the URL's (GitHub has changed
 * the URL but not yet re-rendered the header): no anchor then; the overlay will call again.
 */
export function isStale(titleEl: Element, n: string): boolean {
  const heading = titleEl.closest('h1, h2, h3') ?? titleEl.parentElement;
  if (!heading || heading === titleEl) return false;
  const rest = (heading.textContent ?? '').replace(titleEl.textContent ?? '', '');
  const m = /#(\d+)\b/.exec(rest);
  return Boolean(m?.[1] && String(Number(m[1])) !== n);
}

/**
 * Put the badge at the end of the title's heading, after the "#12" GitHub shows next to the
 * title: between the two it splits the heading and pushes the number onto a line of its own.
 * The issue view's title is an `<h1>`; the Projects side panel's is an `<h2>`.
 */
export function endOfHeading(
  el: Element,
  position: Anchor['position'],
): { element: Element; position: Anchor['position'] } {
  const heading = el.closest('h1, h2');
  return heading && heading !== el
    ? { element: heading, position: 'append' }
    : { element: el, position };
}

export interface TitleSpot {
  element: Element;
  position: Anchor['position'];
  text: string;
}

const OWN_TITLES: [string, Anchor['position']][] = [
  [S.issueTitle, 'after'],
  [S.prTitle, 'after'],
  [S.prTitleBdi, 'after'],
  [S.legacyTitle, 'after'],
  [S.h1Bdi, 'after'],
  [S.legacyTitleAny, 'after'],
  [S.prHeader, 'append'],
];

function headerText(el: Element): string {
  return norm(el.textContent).replace(/\s*#\d+$/, '');
}

/** The page's own title element (issue view, React or legacy PR header), not a copy. */
function ownTitle(doc: Document, n: string): TitleSpot | undefined {
  for (const [sel, position] of OWN_TITLES) {
    for (const el of doc.querySelectorAll(sel)) {
      if (el.closest(NOT_OWN)) continue;
      if (isStale(el, n)) return undefined;
      const text = position === 'append' ? headerText(el) : norm(el.textContent);
      return { element: el, position, text };
    }
  }
  return undefined;
}

function ownState(doc: Document): TicketState | undefined {
  for (const sel of [S.headerState, S.legacyState, S.legacyStateAny]) {
    for (const el of doc.querySelectorAll(sel)) {
      if (el.closest(NOT_OWN)) continue;
      const s = stateOfElement(el);
      if (s) return s;
    }
  }
  return undefined;
}

/** Owner/repo capitalisation from og:url when it names the same repository as the path. */
function canonicalRef(url: URL, doc: Document, ref: GhRef): GhRef {
  const content = doc.querySelector(S.ogUrl)?.getAttribute('content');
  const og = toUrl(content, url);
  const info = og && utils.getRepositoryInfo(og);
  if (!info) return ref;
  if (info.nameWithOwner.toLowerCase() !== `${ref.owner}/${ref.repo}`.toLowerCase()) return ref;
  const type = ref.url.includes('/pull/') ? 'pull' : 'issues';
  return makeRef(url, info.owner, info.name, ref.n, type) ?? ref;
}

/** The page's own ticket (issue or PR page) with its anchor spot. */
export function ownTicket(
  url: URL,
  doc: Document,
): { ticket: TicketRef; spot?: TitleSpot } | undefined {
  const base = refFromUrl(url);
  if (!base) return undefined;
  const ref = canonicalRef(url, doc, base);
  const spot = ownTitle(doc, ref.n);
  const title = spot?.text || titleFromDocumentTitle(doc.title, ref);
  const parent = viewParent(doc, url, true);
  const ticket = withDetails(ref, {
    title,
    state: ownState(doc),
    labels: viewLabels(doc, url, true),
    parent: parent !== ref.key ? parent : undefined,
  });
  return { ticket, spot };
}
