/**
 * GitHub adapter (github.com by default; any GitHub Enterprise host the user adds works the
 * same way, keys use `url.host`). Pure over (URL, Document): reads, never writes.
 *
 * Sources (shared/trackers.md §1): page kinds from github-url-detection, always called with an
 * explicit URL (its `isIssue` reads `document.title`, so issue/PR paths are matched here);
 * selectors from refined-github, toggl, the solidtime fork and WebSculpt's live-verified
 * tables. Order of trust: URL, then data-testid / data-component, then aria, then the
 * unhashed legacy classes (`.js-issue-title`, `.gh-header-*`, `.js-issue-row`, `.State`) as a
 * last resort. Hashed classes (`prc-*`, `*-module__*`) are never used.
 *
 * Anchors:
 * - issue or PR page: ONE `ticket` anchor after the title (`[data-testid="issue-title"]`, the
 *   React PR header title, or the legacy `.js-issue-title`), never the sticky header's copy;
 * - Projects side panel (`[role="dialog"][aria-label^="Side panel"]`): one `ticket` anchor
 *   after its `issue-title`, keyed by the `issue=owner|repo|n` query parameter;
 * - list rows and board cards: one `row` anchor after the title link, keyed by the link's
 *   own href (global lists and boards mix repositories).
 */
import {
  isGlobalIssueOrPRList,
  isMilestone,
  isProject,
  isRepoIssueList,
  isRepoPRList,
  isRepoTaxonomyIssueOrPRList,
  utils,
} from 'github-url-detection';
import type { TicketState } from '../okr/model';
import { githubKey } from './keys';
import type { Anchor, PageInfo, PageKind, TicketRef, TrackerAdapter } from './types';
import { findAll } from './dom';

/** Every selector the adapter reads, by role (tests check them against the fixtures). */
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
  /** Generic fallback of trackers.md: the title `<bdi>` inside a heading. */
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
  ogUrl: 'meta[property="og:url"]',
} as const;

const S = githubSelectors;

/** Anything inside these is a copy or an overlay, not the page's own header. */
const NOT_OWN = `${S.sticky}, ${S.sidePanel}`;

const PROJECT_PATH = /^(?:orgs|users)\/[^/]+\/projects\/\d+(?:\/|$)/;
const TICKET_PATH = /^(issues|pull)\/(\d+)(?:\/|$)/;

/* ---------------------------------------------------------------- parsing */

interface GhRef {
  key: string;
  n: string;
  url: string;
  owner: string;
  repo: string;
}

function isDocument(root: Document | Element): root is Document {
  return root.nodeType === 9;
}

function docOf(root: Document | Element): Document {
  return isDocument(root) ? root : root.ownerDocument;
}

function norm(s: string | null | undefined): string {
  return (s ?? '').replace(/\s+/g, ' ').trim();
}

function toUrl(href: string | null | undefined, base: URL): URL | undefined {
  if (!href) return undefined;
  try {
    const u = new URL(href, base);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u : undefined;
  } catch {
    return undefined;
  }
}

/** `/:owner/:repo/(issues|pull)/:n[/…]` → ref; undefined for anything else. */
function refFromUrl(u: URL): GhRef | undefined {
  const info = utils.getRepositoryInfo(u);
  if (!info) return undefined;
  const m = TICKET_PATH.exec(info.path);
  if (!m?.[1] || !m[2]) return undefined;
  return makeRef(u, info.owner, info.name, m[2], m[1] as 'issues' | 'pull');
}

/**
 * Row and card links by href: a list re-rendered or scrolled shows the same hrefs again, and
 * parsing each through URL + github-url-detection was the biggest cost of a 1,000-row pass.
 * Bounded; refs are never mutated (withDetails copies).
 */
const hrefRefs = new Map<string, GhRef | null>();
function refFromHref(href: string | null, base: URL): GhRef | undefined {
  if (!href) return undefined;
  // Absolute and root-relative hrefs resolve the same on every page of the origin.
  const k = `${/^(\/|https?:)/i.test(href) ? base.origin : base.href} ${href}`;
  let ref = hrefRefs.get(k);
  if (ref === undefined) {
    ref = fastRef(href, base) ?? slowRef(href, base) ?? null;
    if (hrefRefs.size >= 5_000) hrefRefs.clear();
    hrefRefs.set(k, ref);
  }
  return ref ?? undefined;
}

/** Repositories already parsed by github-url-detection: `origin owner/repo` → its names. */
const knownRepos = new Map<string, { owner: string; repo: string }>();
const ROOT_TICKET_HREF = /^\/([\w.-]+)\/([\w.-]+)\/(issues|pull)\/(\d+)(?:[/?#]|$)/;

function slowRef(href: string, base: URL): GhRef | undefined {
  const u = toUrl(href, base);
  const ref = u && refFromUrl(u);
  const m = ROOT_TICKET_HREF.exec(href);
  if (ref && m && u.origin === base.origin) {
    if (knownRepos.size >= 1_000) knownRepos.clear();
    knownRepos.set(`${base.origin} ${m[1]}/${m[2]}`, { owner: ref.owner, repo: ref.repo });
  }
  return ref;
}

/**
 * A root-relative `/owner/repo/(issues|pull)/n` link of a repository already parsed once: a
 * list's thousand rows share one or a few repositories, so github-url-detection runs once per
 * repository, not per row. Dot segments fall through to the full parse.
 */
function fastRef(href: string, base: URL): GhRef | undefined {
  const m = ROOT_TICKET_HREF.exec(href);
  if (!m?.[1] || !m[2] || !m[4] || m[1].startsWith('.') || m[2].startsWith('.')) return undefined;
  const known = knownRepos.get(`${base.origin} ${m[1]}/${m[2]}`);
  return known && makeRef(base, known.owner, known.repo, m[4], m[3] as 'issues' | 'pull');
}

function makeRef(
  base: URL,
  owner: string,
  repo: string,
  n: string,
  type: 'issues' | 'pull',
): GhRef | undefined {
  const key = githubKey(base.host, owner, repo, n);
  if (!key) return undefined;
  const num = key.slice(key.lastIndexOf('#') + 1);
  return {
    key,
    n: num,
    owner,
    repo,
    url: `${base.protocol}//${base.host}/${owner}/${repo}/${type}/${num}`,
  };
}

/** `?pane=issue&issue=owner|repo|n` (Projects side panel); `%7C` decodes to `|`. */
function paneRef(url: URL): GhRef | undefined {
  if (url.searchParams.get('pane') !== 'issue') return undefined;
  const parts = (url.searchParams.get('issue') ?? '').split('|');
  if (parts.length !== 3) return undefined;
  const [owner, repo, n] = parts as [string, string, string];
  return makeRef(url, owner, repo, n, 'issues');
}

function pageKind(url: URL): PageKind {
  const path = utils.getCleanPathname(url);
  if (PROJECT_PATH.test(path) || isProject(url)) return 'board';
  const info = utils.getRepositoryInfo(url);
  if (info) {
    const m = TICKET_PATH.exec(info.path);
    if (m) return m[1] === 'pull' ? 'pull' : 'issue';
    if (
      isRepoIssueList(url) ||
      isRepoPRList(url) ||
      isRepoTaxonomyIssueOrPRList(url) ||
      isMilestone(url)
    ) {
      return 'list';
    }
    return 'other';
  }
  return isGlobalIssueOrPRList(url) ? 'list' : 'other';
}

/* ------------------------------------------------------------------ state */

/**
 * "Open", "Closed", "Merged", "Draft", "Closed as not planned", "Status: Open.",
 * "Status: Closed (completed).", "Status: Not planned (skipped).", "Merged pull request".
 */
export function parseGithubState(text: string | null | undefined): TicketState | undefined {
  const t = norm(text)
    .toLowerCase()
    .replace(/^status:\s*/, '');
  if (!t) return undefined;
  if (/\bmerged\b/.test(t)) return 'merged';
  if (/\b(closed|not planned|completed|skipped|duplicate)\b/.test(t)) return 'closed';
  if (/\b(open|opened|draft|reopened)\b/.test(t)) return 'open';
  return undefined;
}

function stateOfElement(el: Element | null | undefined): TicketState | undefined {
  if (!el) return undefined;
  return (
    parseGithubState(el.querySelector('.sr-only')?.textContent) ??
    parseGithubState(el.textContent) ??
    parseGithubState(el.getAttribute('aria-label')) ??
    parseGithubState(el.getAttribute('title')) ??
    parseGithubState(el.querySelector('[aria-label]')?.getAttribute('aria-label'))
  );
}

/** Icons labelled like "Open issue", "Merged pull request", "Draft Pull Request". */
const ICON_LABEL =
  /^(?:status:\s*)?(open|opened|closed|merged|draft|not planned)\b.*\b(?:issue|pull request)\b/i;

function stateOfIcons(container: Element): TicketState | undefined {
  for (const el of container.querySelectorAll('[aria-label]')) {
    const label = el.getAttribute('aria-label') ?? '';
    if (ICON_LABEL.test(label)) return parseGithubState(label);
  }
  return undefined;
}

function rowState(row: Element): TicketState | undefined {
  return stateOfElement(row.querySelector(S.listStateIcon)) ?? stateOfIcons(row);
}

/* ----------------------------------------------------------------- labels */

function labelFromHref(href: string | null, base: URL): string | undefined {
  const u = toUrl(href, base);
  if (!u) return undefined;
  const q = u.searchParams.get('q');
  if (q) {
    const m = /(?:^|\s)label:(?:"([^"]+)"|([^\s,]+))/.exec(q);
    const name = norm(m?.[1] ?? m?.[2]);
    if (name) return name;
  }
  const p = /\/labels\/([^/]+)\/?$/.exec(u.pathname);
  if (p?.[1]) {
    try {
      return norm(decodeURIComponent(p[1])) || undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Visible text: screen-reader-only parts ("Label: ") left out, emoji kept (part of a name). */
function visibleText(el: Element): string {
  if (!el.querySelector('.sr-only')) return norm(el.textContent);
  let out = '';
  const walk = (n: Node) => {
    for (const c of n.childNodes) {
      if (c.nodeType === 3) out += c.nodeValue ?? '';
      else if (c.nodeType === 1 && !(c as Element).classList.contains('sr-only')) walk(c);
    }
  };
  walk(el);
  return norm(out);
}

function labelName(a: Element, base: URL): string | undefined {
  // The whole chip: a name split over spans (an emoji, then the words) is one name.
  const shown = a.querySelector('span') ? visibleText(a) : '';
  if (shown) return shown;
  return (
    norm(a.getAttribute('data-name')) ||
    labelFromHref(a.getAttribute('href'), base) ||
    norm(a.textContent) ||
    undefined
  );
}

function uniq(xs: (string | undefined)[]): string[] {
  return [...new Set(xs.filter((x): x is string => Boolean(x)))];
}

/**
 * Labels of an issue view (page or side panel). `[]` when the labels section is there but
 * empty; undefined when no labels section was found (labels not read).
 */
function viewLabels(scope: Document | Element, base: URL, own: boolean): string[] | undefined {
  const pick = (sel: string) =>
    [...scope.querySelectorAll(sel)].find((el) => !own || !el.closest(NOT_OWN));
  const section = pick(S.labelsSection);
  if (section) {
    return uniq([...section.querySelectorAll('a')].map((a) => labelName(a, base)));
  }
  const legacy = [...scope.querySelectorAll(S.legacyLabels)].filter(
    (el) => !own || !el.closest(NOT_OWN),
  );
  if (legacy.length > 0) {
    return uniq(legacy.map((el) => norm(el.getAttribute('data-name')) || labelName(el, base)));
  }
  if (pick('.js-issue-labels')) return [];
  return undefined;
}

/** Label links of a list row (`label:` queries or `/labels/x` paths); undefined when none. */
function rowLabels(row: Element, base: URL, except: Element): string[] | undefined {
  // The attribute selector narrows natively (a row has a dozen links); the regexes decide.
  const names = [...row.querySelectorAll('a[href*="label" i]')]
    .filter((a) => a !== except && !except.contains(a))
    .filter((a) => {
      const href = a.getAttribute('href') ?? '';
      return /label(?:%3A|:)/i.test(href) || /\/labels\/[^/?#]+/.test(href);
    })
    .map((a) => labelName(a, base));
  const out = uniq(names);
  return out.length > 0 ? out : undefined;
}

/* ------------------------------------------------------------------ title */

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
function isStale(titleEl: Element, n: string): boolean {
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
function endOfHeading(
  el: Element,
  position: Anchor['position'],
): { element: Element; position: Anchor['position'] } {
  const heading = el.closest('h1, h2');
  return heading && heading !== el
    ? { element: heading, position: 'append' }
    : { element: el, position };
}

interface TitleSpot {
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

function withDetails(ref: GhRef, more: Omit<TicketRef, 'key' | 'url'>): TicketRef {
  const t: TicketRef = { key: ref.key, url: ref.url };
  if (more.title) t.title = more.title;
  if (more.state) t.state = more.state;
  if (more.labels) t.labels = more.labels;
  return t;
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
function ownTicket(url: URL, doc: Document): { ticket: TicketRef; spot?: TitleSpot } | undefined {
  const base = refFromUrl(url);
  if (!base) return undefined;
  const ref = canonicalRef(url, doc, base);
  const spot = ownTitle(doc, ref.n);
  const title = spot?.text || titleFromDocumentTitle(doc.title, ref);
  const ticket = withDetails(ref, {
    title,
    state: ownState(doc),
    labels: viewLabels(doc, url, true),
  });
  return { ticket, spot };
}

/* ------------------------------------------------------------ side panel */

function panelTitle(panel: Element): Element | undefined {
  for (const sel of [S.issueTitle, 'h1 bdi', 'h2 bdi']) {
    const el = [...panel.querySelectorAll(sel)].find((e) => !e.closest(S.sticky));
    if (el) return el;
  }
  return undefined;
}

function panelLinkRef(panel: Element, titleEl: Element, url: URL): GhRef | undefined {
  const header =
    titleEl.closest('[data-testid="issue-header"]') ??
    titleEl.closest('h1, h2')?.parentElement ??
    titleEl.parentElement;
  const candidates = [
    ...(header ? header.querySelectorAll(S.boardCardAnyLink) : []),
    // Elsewhere in the panel, but not the issue body or comments (they link other tickets).
    ...[...panel.querySelectorAll(S.boardCardAnyLink)].filter(
      (a) => !a.closest('[data-testid="issue-body"], .markdown-body, [data-testid^="timeline"]'),
    ),
  ];
  for (const a of candidates) {
    const u = toUrl(a.getAttribute('href'), url);
    const ref = u && refFromUrl(u);
    if (ref) return ref;
  }
  return undefined;
}

interface PanelHit {
  ticket: TicketRef;
  element: Element;
}

function sidePanels(url: URL, doc: Document): PanelHit[] {
  const hits: PanelHit[] = [];
  let pane = paneRef(url);
  for (const panel of doc.querySelectorAll(S.sidePanel)) {
    const titleEl = panelTitle(panel);
    if (!titleEl) continue;
    const ref = pane ?? panelLinkRef(panel, titleEl, url);
    pane = undefined;
    if (!ref || isStale(titleEl, ref.n)) continue;
    const stateEl = [...panel.querySelectorAll(S.headerState)].find((e) => !e.closest(S.sticky));
    hits.push({
      element: titleEl,
      ticket: withDetails(ref, {
        title: norm(titleEl.textContent) || undefined,
        state: stateOfElement(stateEl),
        labels: viewLabels(panel, url, false),
      }),
    });
  }
  return hits;
}

/* ------------------------------------------------------------ rows, cards */

function rowAnchor(link: Element, row: Element, url: URL): Anchor | undefined {
  const ref = refFromHref(link.getAttribute('href'), url);
  if (!ref) return undefined;
  const ticket = withDetails(ref, {
    title: norm(link.textContent) || undefined,
    state: rowState(row),
    labels: rowLabels(row, url, link),
  });
  // A row's labels only add label links, never remove one: a narrow or filtered list may show
  // fewer labels than the ticket has, and a wrong removal would silently unlink. The issue
  // view (its sidebar shows every label) removes. Same rule as Linear rows.
  if (ticket.labels) ticket.labelsPartial = true;
  return {
    ticket,
    mode: 'row',
    element: link,
    position: 'after',
  };
}

/** Rows are read one at a time, as the caller pulls (`scan`). */
function* listAnchors(url: URL, root: Document | Element, out: Collector): Generator<Anchor> {
  // React lists (repo and global issue/PR lists), then the global PR preview.
  for (const sel of [S.listTitleLink, S.previewTitleLink]) {
    for (const link of findAll(root, sel)) {
      const row = link.closest(S.listRow) ?? link.closest('li') ?? link.parentElement ?? link;
      if (out.rows.has(row)) continue;
      const a = rowAnchor(link, row, url);
      if (a && out.add(a)) {
        out.rows.add(row);
        yield a;
      }
    }
  }
  // Rows that changed below a list item (root inside the row).
  if (!isDocument(root)) {
    const row = root.closest(S.listRow);
    const link = row?.querySelector(`${S.listTitleLink}, ${S.previewTitleLink}`);
    if (row && link && !out.rows.has(row)) {
      const a = rowAnchor(link, row, url);
      if (a && out.add(a)) {
        out.rows.add(row);
        yield a;
      }
    }
  }
  // Older Rails rows.
  for (const row of findAll(root, S.legacyRow)) {
    if (out.rows.has(row)) continue;
    const link = row.querySelector(S.legacyRowLink);
    if (!link) continue;
    const a = rowAnchor(link, row, url);
    if (a && out.add(a)) {
      out.rows.add(row);
      yield a;
    }
  }
}

function* cardAnchors(url: URL, root: Document | Element, out: Collector): Generator<Anchor> {
  for (const card of findAll(root, S.boardCard)) {
    if (out.rows.has(card)) continue;
    const link = card.querySelector(S.boardCardTitleLink) ?? card.querySelector(S.boardCardAnyLink);
    const ref = link && refFromHref(link.getAttribute('href'), url);
    if (!link || !ref) continue; // drafts have no link, so no key
    const titleEl = card.querySelector(S.boardCardTitle);
    const a: Anchor = {
      ticket: withDetails(ref, {
        title: norm(titleEl?.textContent) || norm(link.textContent) || undefined,
        state: stateOfIcons(card),
      }),
      mode: 'row',
      element: link,
      position: 'after',
    };
    if (out.add(a)) {
      out.rows.add(card);
      yield a;
    }
  }
}

class Collector {
  readonly list: Anchor[] = [];
  readonly elements = new Set<Element>();
  readonly rows = new Set<Element>();
  readonly ticketKeys = new Set<string>();

  add(a: Anchor): boolean {
    if (this.elements.has(a.element)) return false;
    if (a.mode === 'ticket') {
      if (this.ticketKeys.has(a.ticket.key)) return false;
      this.ticketKeys.add(a.ticket.key);
    }
    this.elements.add(a.element);
    this.list.push(a);
    return true;
  }
}

/** Whether an element found in the whole document is inside the changed subtree. */
function inRoot(root: Document | Element, el: Element): boolean {
  return isDocument(root) || root.contains(el) || el.contains(root);
}

/* ---------------------------------------------------------------- adapter */

/** Every anchor in `root`: the page's own ticket and side panels first, then rows and cards. */
function* githubScan(url: URL, root: Document | Element): Generator<Anchor> {
  const doc = docOf(root);
  const out = new Collector();
  const kind = pageKind(url);

  // The page's own ticket: one anchor, at the end of its title heading.
  if (kind === 'issue' || kind === 'pull') {
    const own = ownTicket(url, doc);
    if (own?.spot && inRoot(root, own.spot.element)) {
      out.add({
        ticket: own.ticket,
        mode: 'ticket',
        ...endOfHeading(own.spot.element, own.spot.position),
      });
    }
  }

  // An issue open in a Projects side panel (a portal: not under the board).
  for (const hit of sidePanels(url, doc)) {
    if (!inRoot(root, hit.element)) continue;
    out.add({ ticket: hit.ticket, mode: 'ticket', ...endOfHeading(hit.element, 'after') });
  }

  yield* out.list;
  yield* listAnchors(url, root, out);
  yield* cardAnchors(url, root, out);
}

export const githubAdapter: TrackerAdapter = {
  id: 'github',
  name: 'GitHub',

  matchesHost(host: string): boolean {
    return host.toLowerCase() === 'github.com';
  },

  page(url: URL, doc: Document): PageInfo {
    const kind = pageKind(url);
    if (kind === 'issue' || kind === 'pull') {
      const own = ownTicket(url, doc);
      return own ? { kind, ticket: own.ticket } : { kind };
    }
    // A side panel (Projects): the `issue=` parameter names it; without one, the panel's link.
    const pane = paneRef(url);
    const hits = sidePanels(url, doc);
    if (!pane) return hits[0] ? { kind, ticket: hits[0].ticket } : { kind };
    const hit = hits.find((h) => h.ticket.key === pane.key);
    return { kind, ticket: hit?.ticket ?? withDetails(pane, {}) };
  },

  anchors(url: URL, root: Document | Element): Anchor[] {
    return [...githubScan(url, root)];
  },

  scan: githubScan,

  theme(doc: Document): 'light' | 'dark' | undefined {
    const html = doc.documentElement;
    const mode = html.getAttribute('data-color-mode');
    if (mode === 'dark') {
      return /^light/.test(html.getAttribute('data-dark-theme') ?? '') ? 'light' : 'dark';
    }
    if (mode === 'light') {
      return /^dark/.test(html.getAttribute('data-light-theme') ?? '') ? 'dark' : 'light';
    }
    return undefined; // 'auto' (follows the OS) or absent
  },
};

/** For tests and the demo: page kind and key straight from a URL, no DOM. */
export function githubPageKind(url: URL): PageKind {
  return pageKind(url);
}

export function githubKeyFromUrl(url: URL): string | undefined {
  const kind = pageKind(url);
  if (kind === 'issue' || kind === 'pull') return refFromUrl(url)?.key;
  return paneRef(url)?.key;
}
