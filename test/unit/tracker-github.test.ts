/**
 * GitHub adapter (lib/trackers/github/) and the shared key builders (lib/trackers/keys.ts).
 * URL table → page kind → canonical key; then each saved-style page of test/fixtures/github/
 * loaded into a happy-dom Window at its URL: the anchors (count, mode, key, title, state,
 * labels, where they sit) and the noise that must not be matched (sticky header copies,
 * timeline references, linked pull requests, pinned issues, draft cards, a notification box,
 * saved views). Sub-issues are rows since issue #14 (tracker-github-hierarchy.test.ts).
 */
import { Window } from 'happy-dom';
import { labelMatcher } from '../../lib/okr/codes';
import { defaultSettings, ticketKeyRe } from '../../lib/okr/model';
import { sampleOkrs } from '../../lib/okr/samples';
import {
  githubAdapter,
  githubKeyFromUrl,
  githubPageKind,
  githubSelectors,
  parseGithubState,
  titleFromDocumentTitle,
} from '../../lib/trackers/github';
import { githubKey, jiraKey, linearKey } from '../../lib/trackers/keys';
import type { Anchor, PageKind } from '../../lib/trackers/types';
import {
  checkInvariants as holdsInvariants,
  fixtureText,
  itParsesStates,
  keys,
} from './helpers/adapters';

const windows: Window[] = [];
afterAll(async () => {
  await Promise.all(windows.map((w) => w.happyDOM.close()));
});

const FIXTURES = [
  'issue-view.html',
  'issue-view-closed.html',
  'pull-request.html',
  'pull-request-legacy.html',
  'repo-issue-list.html',
  'repo-pr-list.html',
  'global-pulls.html',
  'global-issues.html',
  'project-board.html',
  'issue-view-parent.html',
  'issue-view-sub-issue.html',
] as const;
type Fixture = (typeof FIXTURES)[number];

/** A fresh document for `html` at `href` (scripts are not run; fixtures have none). */
function docFrom(html: string, href: string): Document {
  const w = new Window({
    url: href,
    settings: {
      disableJavaScriptEvaluation: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
    },
  });
  windows.push(w);
  w.document.write(html);
  return w.document as unknown as Document;
}

function load(name: Fixture, href: string): { doc: Document; url: URL } {
  return { doc: docFrom(fixtureText('github', name), href), url: new URL(href) };
}

const seenKeys = new Set<string>();
function anchorsOf(url: URL, root: Document | Element): Anchor[] {
  const list = githubAdapter.anchors(url, root);
  for (const a of list) seenKeys.add(a.ticket.key);
  return list;
}
const G = (path: string) => `github:github.com/${path}`;

/** The invariants every adapter holds; a row badge sits in its list row or board card. */
function checkInvariants(url: URL, doc: Document, anchors: Anchor[]) {
  const S = githubSelectors;
  holdsInvariants(githubAdapter, url, doc, anchors, {
    rowIn: `${S.listRow}, ${S.legacyRow}, ${S.boardCard}, ${S.subIssueItem}, ${S.relationships}`,
  });
}

/** No part of the page named by `selectors` gives an anchor of its own. */
function expectNoAnchorsIn(url: URL, doc: Document, selectors: string[]) {
  for (const sel of selectors) {
    expect(anchorsOf(url, doc.querySelector(sel)!), sel).toEqual([]);
  }
}

/** Of the `count` ticket links inside the list's rows, the title links alone are anchors. */
function expectOnlyTitleLinks(doc: Document, list: Anchor[], count: number) {
  const elements = new Set(list.map((a) => a.element));
  const rowLinks = doc.querySelectorAll(
    '[data-testid="list-view-items"] :is(a[href*="/pull/"], a[href*="/issues/"])',
  );
  expect(rowLinks.length).toBe(count);
  for (const a of rowLinks) {
    expect(elements.has(a)).toBe(a.matches('a[data-testid="issue-pr-title-link"]'));
  }
}

/** KR codes the default label patterns find in `labels`, against the sample OKRs' codes. */
const sampleCodes = sampleOkrs('2026-11-15').keyResults.map((k) => k.code);
const krCodesOf = labelMatcher(defaultSettings.labelPatterns, sampleCodes);

/* ------------------------------------------------------------------ URLs */

describe('page kind and key from the URL', () => {
  const table: [string, PageKind, string | undefined][] = [
    // issue view
    ['https://github.com/acme/web/issues/12', 'issue', G('acme/web#12')],
    ['https://github.com/acme/web/issues/12/', 'issue', G('acme/web#12')],
    [
      'https://github.com/acme/web/issues/12?notification_referrer_id=NT_1',
      'issue',
      G('acme/web#12'),
    ],
    ['https://github.com/acme/web/issues/12#issuecomment-2451', 'issue', G('acme/web#12')],
    ['https://github.com/acme/web//issues/12', 'issue', G('acme/web#12')],
    ['https://github.com/Acme/Web/issues/12', 'issue', G('acme/web#12')],
    ['https://github.com/acme/web/issues/007', 'issue', G('acme/web#7')],
    ['https://github.com/acme/issues/issues/3', 'issue', G('acme/issues#3')],
    ['https://github.com/my.org/my_repo.js/issues/5', 'issue', G('my.org/my_repo.js#5')],
    // not issue views
    ['https://github.com/acme/web/issues/new', 'other', undefined],
    ['https://github.com/acme/web/issues/new/choose', 'other', undefined],
    ['https://github.com/acme/web/issues/templates/edit', 'other', undefined],
    ['https://github.com/acme/web/issues/views', 'other', undefined],
    ['https://github.com/acme/web/issues/abc', 'list', undefined],
    ['https://github.com/acme/web/issues/12abc', 'list', undefined],
    ['https://github.com/acme/issues', 'other', undefined],
    ['https://github.com/acme/web', 'other', undefined],
    ['https://github.com/acme/web/blob/main/issues/12', 'other', undefined],
    ['https://github.com/acme/web/discussions/12', 'other', undefined],
    ['https://github.com/acme/web/labels', 'other', undefined],
    ['https://github.com/settings/profile', 'other', undefined],
    ['https://github.com/', 'other', undefined],
    ['https://github.com/orgs/acme/projects', 'other', undefined],
    // pull requests: every tab is the PR's ticket
    ['https://github.com/acme/web/pull/7', 'pull', G('acme/web#7')],
    ['https://github.com/acme/web/pull/7/', 'pull', G('acme/web#7')],
    ['https://github.com/acme/web/pull/7/files', 'pull', G('acme/web#7')],
    ['https://github.com/acme/web/pull/7/files?w=1#diff-abc', 'pull', G('acme/web#7')],
    ['https://github.com/acme/web/pull/7/commits', 'pull', G('acme/web#7')],
    ['https://github.com/acme/web/pull/7/commits/4e1f2ab', 'pull', G('acme/web#7')],
    ['https://github.com/acme/web/pull/7/checks', 'pull', G('acme/web#7')],
    ['https://github.com/ACME/Web/pull/7', 'pull', G('acme/web#7')],
    ['https://github.com/acme/pull/pull/4', 'pull', G('acme/pull#4')],
    ['https://github.com/acme/web/pull/0', 'pull', undefined],
    // lists
    ['https://github.com/acme/web/issues', 'list', undefined],
    ['https://github.com/acme/web/issues/', 'list', undefined],
    ['https://github.com/acme/web/issues?q=is%3Aopen+label%3AKR1.2', 'list', undefined],
    ['https://github.com/acme/web/issues/views/123', 'list', undefined],
    ['https://github.com/acme/web/labels/KR1.2', 'list', undefined],
    ['https://github.com/acme/web/milestone/4', 'list', undefined],
    ['https://github.com/acme/web/pulls', 'list', undefined],
    ['https://github.com/acme/web/pulls?q=is%3Apr+is%3Aclosed', 'list', undefined],
    ['https://github.com/issues', 'list', undefined],
    ['https://github.com/issues/assigned', 'list', undefined],
    ['https://github.com/pulls', 'list', undefined],
    ['https://github.com/pulls/review-requested', 'list', undefined],
    // Projects v2 (and the side panel's issue)
    ['https://github.com/orgs/acme/projects/5', 'board', undefined],
    ['https://github.com/orgs/acme/projects/5/views/1', 'board', undefined],
    ['https://github.com/orgs/acme/projects/5/views/1/', 'board', undefined],
    ['https://github.com/users/alice/projects/2', 'board', undefined],
    ['https://github.com/acme/web/projects/3', 'board', undefined],
    [
      'https://github.com/orgs/acme/projects/5/views/1?pane=issue&itemId=1&issue=acme%7Cweb%7C101',
      'board',
      G('acme/web#101'),
    ],
    [
      'https://github.com/orgs/acme/projects/5/views/1?pane=issue&itemId=1&issue=acme|web|101',
      'board',
      G('acme/web#101'),
    ],
    [
      'https://github.com/orgs/Acme/projects/5?pane=issue&itemId=1&issue=Acme%7CWeb%7C101',
      'board',
      G('acme/web#101'),
    ],
    [
      'https://github.com/users/alice/projects/2/views/1?pane=issue&itemId=9&issue=alice%7Cdotfiles%7C3',
      'board',
      G('alice/dotfiles#3'),
    ],
    ['https://github.com/orgs/acme/projects/5/views/1?pane=issue&itemId=3', 'board', undefined],
    ['https://github.com/orgs/acme/projects/5?pane=issue&issue=acme%7Cweb', 'board', undefined],
    [
      'https://github.com/orgs/acme/projects/5?pane=issue&issue=acme%7Cweb%7Cabc',
      'board',
      undefined,
    ],
    ['https://github.com/orgs/acme/projects/5?pane=info&issue=acme%7Cweb%7C1', 'board', undefined],
    // GitHub Enterprise: any host, keys use the host lowercased
    ['https://git.example.com/a/b/issues/1', 'issue', 'github:git.example.com/a/b#1'],
    ['https://GIT.Example.com:8443/A/B/pull/2/files', 'pull', 'github:git.example.com:8443/a/b#2'],
    ['https://git.example.com/a/b/issues?q=is%3Aopen', 'list', undefined],
  ];

  let empty: Document;
  beforeAll(() => {
    empty = docFrom(
      '<html><head><title>GitHub</title></head><body></body></html>',
      'https://github.com/',
    );
  });

  it.each(table)('%s → %s, %s', (href, kind, key) => {
    const url = new URL(href);
    expect(githubPageKind(url)).toBe(kind);
    expect(githubKeyFromUrl(url)).toBe(key);
    const info = githubAdapter.page(url, empty);
    expect(info.kind).toBe(kind);
    expect(info.ticket?.key).toBe(key);
    if (key) {
      expect(key).toMatch(ticketKeyRe);
      seenKeys.add(key);
    }
  });

  it('serves github.com only by default (Enterprise hosts are added at runtime)', () => {
    expect(githubAdapter.matchesHost('github.com')).toBe(true);
    expect(githubAdapter.matchesHost('GitHub.com')).toBe(true);
    expect(githubAdapter.matchesHost('gist.github.com')).toBe(false);
    expect(githubAdapter.matchesHost('git.example.com')).toBe(false);
    expect(githubAdapter.matchesHost('github.com.evil.example')).toBe(false);
  });
});

/* ---------------------------------------------------------------- keys.ts */

describe('canonical key builders (keys.ts)', () => {
  it('githubKey lowercases host, owner and repo and drops leading zeros', () => {
    expect(githubKey('GitHub.com', 'Acme', 'Web', 12)).toBe(G('acme/web#12'));
    expect(githubKey('github.com', 'acme', 'web', '0012')).toBe(G('acme/web#12'));
    expect(githubKey('git.example.com:8443', 'a', 'b', '1')).toBe(
      'github:git.example.com:8443/a/b#1',
    );
    expect(githubKey('github.com', 'my-org', 'repo.js_2', 3)).toBe(G('my-org/repo.js_2#3'));
  });

  it.each([
    ['', 'a', 'b', 1],
    ['github.com', '', 'b', 1],
    ['github.com', 'a', '', 1],
    ['github.com', 'a', 'b', 0],
    ['github.com', 'a', 'b', -1],
    ['github.com', 'a', 'b', 1.5],
    ['github.com', 'a', 'b', 'abc'],
    ['github.com', 'a', 'b', '12abc'],
    ['github.com', 'a/b', 'c', 1],
    ['github.com', 'a b', 'c', 1],
    ['github.com', '..', 'c', 1],
    ['git hub.com', 'a', 'b', 1],
    ['github.com/x', 'a', 'b', 1],
  ] as [string, string, string, number | string][])(
    'githubKey(%j, %j, %j, %j) is undefined',
    (host, owner, repo, n) => {
      expect(githubKey(host, owner, repo, n)).toBeUndefined();
    },
  );

  it('jiraKey uppercases the key and lowercases the host', () => {
    expect(jiraKey('Acme.Atlassian.net', 'okr-12')).toBe('jira:acme.atlassian.net/OKR-12');
    expect(jiraKey('jira.example.com:8080', 'AB2_X-7')).toBe('jira:jira.example.com:8080/AB2_X-7');
    expect(jiraKey('acme.atlassian.net', 'A-1')).toBeUndefined(); // project keys have 2+ chars
    expect(jiraKey('acme.atlassian.net', '12-OKR')).toBeUndefined();
    expect(jiraKey('acme.atlassian.net', 'OKR-')).toBeUndefined();
    expect(jiraKey('', 'OKR-1')).toBeUndefined();
  });

  it('linearKey lowercases the workspace and uppercases the key', () => {
    expect(linearKey('Acme', 'eng-42')).toBe('linear:acme/ENG-42');
    expect(linearKey('acme-inc', 'E-1')).toBe('linear:acme-inc/E-1');
    expect(linearKey('acme inc', 'ENG-1')).toBeUndefined();
    expect(linearKey('acme', 'ENG42')).toBeUndefined();
    expect(linearKey('', 'ENG-1')).toBeUndefined();
  });

  it('every key built is accepted by ticketKeyRe', () => {
    for (const k of [
      githubKey('github.com', 'A', 'B', 1),
      jiraKey('x.atlassian.net', 'ab-1'),
      linearKey('w', 'a-1'),
    ]) {
      expect(k).toMatch(ticketKeyRe);
    }
  });
});

/* -------------------------------------------------------------- text parsing */

describe('state and title parsing', () => {
  itParsesStates('parseGithubState', parseGithubState, [
    ['Open', 'open'],
    ['Draft', 'open'],
    ['Closed', 'closed'],
    ['Closed as not planned', 'closed'],
    ['Merged', 'merged'],
    ['Status: Open.', 'open'],
    ['Status: Closed (completed).', 'closed'],
    ['Status: Not planned (skipped).', 'closed'],
    ['Status: Merged.', 'merged'],
    ['Status: Draft.', 'open'],
    ['Merged Pull Request', 'merged'],
    ['  Open\n ', 'open'],
    ['In progress', undefined],
    ['', undefined],
  ]);

  it.each([
    ['Fix login · Issue #12 · acme/web', 'Fix login'],
    ['Fix login by alice · Pull Request #12 · acme/web', 'Fix login'],
    ['Sort by date by alice · Pull Request #12 · acme/web', 'Sort by date'],
    ['A · B · Issue #12 · acme/web', 'A · B'],
    ['Fix login · Issue #12 · Acme/Web · GitHub', 'Fix login'],
    ['Fix login · Issue #13 · acme/web', undefined], // another number: a stale title
    ['Fix login · Issue #12 · acme/api', undefined], // another repository
    ['acme/web: the web app', undefined],
    ['GitHub · Where software is built', undefined],
  ])('%j → %j', (title, expected) => {
    expect(titleFromDocumentTitle(title, { n: '12', owner: 'acme', repo: 'web' })).toBe(expected);
  });
});

/* --------------------------------------------------------------- fixtures */

describe('fixture files', () => {
  it.each(FIXTURES)('%s is self-contained, under 60 KB and says what it models', (name) => {
    const html = fixtureText('github', name);
    expect(html.length).toBeLessThan(60_000);
    expect(html.split('\n')[0]).toMatch(
      /^<!-- fixture: .+, modelled on .+trackers\.md.+, \d{4}-\d{2}-\d{2} -->$/,
    );
    expect(html).not.toMatch(/<script\b/i);
    expect(html).not.toMatch(/<link\b[^>]*stylesheet/i);
    expect(html).not.toMatch(/\s(src|href)="(https?:)?\/\/[^"]*\.(css|js|png|jpe?g|svg|gif)"/i);
    expect(html).toMatch(/<style>/);
  });
});

describe('issue view (React)', () => {
  const href = 'https://github.com/acme/web/issues/12';

  it('page(): kind, key, title, state, labels from the DOM', () => {
    const { doc, url } = load('issue-view.html', href);
    expect(githubAdapter.page(url, doc)).toEqual({
      kind: 'issue',
      ticket: {
        key: G('acme/web#12'),
        url: 'https://github.com/acme/web/issues/12',
        title: 'Fix login redirect loop on SSO',
        state: 'open',
        labels: ['bug', 'KR1.2', 'okr:KR2.1'],
      },
    });
  });

  it('one ticket anchor, after the header title, not the sticky copy', () => {
    const { doc, url } = load('issue-view.html', href);
    const list = anchorsOf(url, doc);
    // Issue #14: its three sub-issues are rows, children of #12.
    expect(list.filter((x) => x.mode === 'ticket')).toHaveLength(1);
    expect(
      list.filter((x) => x.mode === 'row').map((x) => [x.ticket.key, x.ticket.parent]),
    ).toEqual(['13', '14', '15'].map((n) => [G(`acme/web#${n}`), G('acme/web#12')]));
    const [a] = list as [Anchor];
    expect(a.mode).toBe('ticket');
    // At the end of the heading, after "#12" (between them it would split the heading).
    expect(a.position).toBe('append');
    expect(a.element.matches('h1[data-component="PH_Title"]')).toBe(true);
    expect(a.element.querySelector('[data-testid="issue-title"]')).not.toBeNull();
    expect(a.element.closest('[data-testid="issue-metadata-sticky"]')).toBeNull();
    expect(a.ticket).toMatchObject({
      key: G('acme/web#12'),
      title: 'Fix login redirect loop on SSO',
      state: 'open',
      labels: ['bug', 'KR1.2', 'okr:KR2.1'],
    });
    // The noise is there, and unmatched: sticky title, timeline, linked PRs.
    expect(doc.querySelectorAll('[data-testid="issue-title"]')).toHaveLength(2);
    expect(doc.querySelectorAll('[role="listitem"]').length).toBeGreaterThan(0);
    expect(doc.querySelectorAll('a[href*="/issues/"], a[href*="/pull/"]').length).toBeGreaterThan(
      8,
    );
  });

  it('is idempotent and scoped: same element every time; subtrees give their own anchors', () => {
    const { doc, url } = load('issue-view.html', href);
    const first = anchorsOf(url, doc)[0]?.element;
    expect(anchorsOf(url, doc)[0]?.element).toBe(first);
    const header = doc.querySelector('[data-testid="issue-header"]')!;
    expect(anchorsOf(url, header).map((a) => a.element)).toEqual([first]);
    expect(anchorsOf(url, first!).map((a) => a.element)).toEqual([first]);
    expect(anchorsOf(url, doc.querySelector('[data-testid="issue-metadata-sticky"]')!)).toEqual([]);
    // Issue #14: the sub-issues list gives its rows.
    expect(
      keys(anchorsOf(url, doc.querySelector('[data-testid="sub-issues-section"]')!)),
    ).toHaveLength(3);
    expect(anchorsOf(url, doc.querySelector('[data-testid="issue-timeline-container"]')!)).toEqual(
      [],
    );
  });

  it('never anchors the sticky copy, wherever GitHub puts it', () => {
    const { doc, url } = load('issue-view.html', href);
    const sticky = doc.querySelector('[data-testid="issue-metadata-sticky"]')!;
    const header = doc.querySelector('[data-testid="issue-header"]')!;
    header.before(sticky); // sticky first in document order
    const [a] = anchorsOf(url, doc);
    expect(a?.element.closest('[data-testid="issue-header"]')).not.toBeNull();
    header.querySelector('[data-testid="issue-title"]')?.remove(); // header title gone
    const list = anchorsOf(url, doc).filter((x) => x.mode === 'ticket');
    expect(list).toHaveLength(1);
    expect(list[0]?.element.closest('[data-testid="issue-metadata-sticky"]')).toBeNull();
    expect(githubAdapter.page(url, doc).ticket?.state).toBe('open');
  });

  it('reads the theme from data-color-mode', () => {
    const { doc } = load('issue-view.html', href);
    expect(githubAdapter.theme?.(doc)).toBe('dark');
  });

  it('falls back to document.title when the DOM title is missing; anchors on the h1', () => {
    const { doc, url } = load('issue-view.html', href);
    for (const el of doc.querySelectorAll('[data-testid="issue-title"]')) el.remove();
    expect(githubAdapter.page(url, doc).ticket?.title).toBe('Fix login redirect loop on SSO');
    const list = anchorsOf(url, doc).filter((x) => x.mode === 'ticket');
    expect(list).toHaveLength(1);
    expect(list[0]?.element.matches('h1[data-component="PH_Title"]')).toBe(true);
    expect(list[0]?.position).toBe('append');
    expect(list[0]?.ticket.title).toBe('Fix login redirect loop on SSO');
  });

  it('with no header at all: the key from the URL, the title from document.title, no anchor', () => {
    const { doc, url } = load('issue-view.html', href);
    doc.querySelector('[data-testid="issue-header"]')?.remove();
    doc.querySelector('[data-testid="issue-metadata-sticky"]')?.remove();
    const info = githubAdapter.page(url, doc);
    expect(info.ticket).toMatchObject({
      key: G('acme/web#12'),
      title: 'Fix login redirect loop on SSO',
    });
    expect(info.ticket?.state).toBeUndefined();
    // No ticket anchor; the sub-issue rows stay, without a parent (no header: the list may
    // still be the previous issue's).
    const list = anchorsOf(url, doc);
    expect(list.filter((x) => x.mode === 'ticket')).toEqual([]);
    expect(list.map((x) => x.ticket.parent)).toEqual([undefined, undefined, undefined]);
  });

  it('does not anchor a header GitHub has not re-rendered yet (URL says #13, header #12)', () => {
    const { doc } = load('issue-view.html', href);
    const url = new URL('https://github.com/acme/web/issues/13');
    // No ticket anchor; #12's sub-issue rows are not made children of #13.
    const list = anchorsOf(url, doc);
    expect(list.filter((x) => x.mode === 'ticket')).toEqual([]);
    expect(list.map((x) => x.ticket.parent)).toEqual([undefined, undefined, undefined]);
    const info = githubAdapter.page(url, doc);
    expect(info.ticket?.key).toBe(G('acme/web#13'));
    expect(info.ticket?.title).toBeUndefined(); // document.title is still #12's
  });
});

describe('issue view, closed as not planned', () => {
  const href = 'https://github.com/acme/web/issues/31';

  it('state closed, title as text, labels, canonical URL from og:url', () => {
    const { doc, url } = load('issue-view-closed.html', href);
    const list = anchorsOf(url, doc);
    expect(list).toHaveLength(1);
    expect(list[0]?.mode).toBe('ticket');
    expect(list[0]?.ticket).toEqual({
      key: G('acme/web#31'),
      url: 'https://github.com/Acme/Web/issues/31',
      title: 'Dark mode flickers when <b>switching</b> tabs',
      state: 'closed',
      labels: ['wontfix', 'okr:KR3.1'],
    });
    expect(githubAdapter.theme?.(doc)).toBe('light');
  });

  it('ignores og:url when it names another repository (a stale meta after soft navigation)', () => {
    const { doc } = load('issue-view-closed.html', href);
    const url = new URL('https://github.com/acme/api/issues/31');
    expect(githubAdapter.page(url, doc).ticket?.url).toBe('https://github.com/acme/api/issues/31');
    expect(githubAdapter.page(url, doc).ticket?.key).toBe(G('acme/api#31'));
  });

  it('works the same on a GitHub Enterprise host', () => {
    const { doc, url } = load(
      'issue-view-closed.html',
      'https://git.example.com/acme/web/issues/31',
    );
    const list = anchorsOf(url, doc);
    expect(keys(list)).toEqual(['github:git.example.com/acme/web#31']);
    expect(list[0]?.ticket.url).toBe('https://git.example.com/Acme/Web/issues/31');
  });
});

describe('pull request, React header', () => {
  const href = 'https://github.com/acme/web/pull/7';

  it('one ticket anchor after the header title; merged; labels from the sidebar', () => {
    const { doc, url } = load('pull-request.html', href);
    const list = anchorsOf(url, doc);
    expect(list).toHaveLength(1);
    const [a] = list as [Anchor];
    expect(a.mode).toBe('ticket');
    expect(a.position).toBe('append');
    expect(a.element.matches('h1[data-component="PH_Title"]')).toBe(true);
    expect(a.ticket).toEqual({
      key: G('acme/web#7'),
      url: 'https://github.com/acme/web/pull/7',
      title: 'Refactor session handling',
      state: 'merged',
      labels: ['refactor', 'KR1.2'],
    });
    expect(githubAdapter.page(url, doc)).toEqual({ kind: 'pull', ticket: a.ticket });
    expect(githubAdapter.theme?.(doc)).toBe('light');
  });

  it('the Files and Commits tabs are the same ticket', () => {
    for (const tab of ['/files', '/commits', '/checks']) {
      const { doc, url } = load('pull-request.html', `${href}${tab}`);
      expect(keys(anchorsOf(url, doc))).toEqual([G('acme/web#7')]);
      expect(githubAdapter.page(url, doc)).toMatchObject({ kind: 'pull' });
    }
  });

  it('title falls back to document.title without the "by author" part', () => {
    const { doc, url } = load('pull-request.html', href);
    doc.querySelector('h1[data-component="PH_Title"]')?.remove();
    expect(githubAdapter.page(url, doc).ticket?.title).toBe('Refactor session handling');
    expect(anchorsOf(url, doc)).toEqual([]);
  });
});

describe('pull request, legacy layout', () => {
  const href = 'https://github.com/acme/api/pull/21';

  it('anchors the header title, not the sticky copy; closed; labels from data-name', () => {
    const { doc, url } = load('pull-request-legacy.html', href);
    const list = anchorsOf(url, doc);
    expect(list).toHaveLength(1);
    const [a] = list as [Anchor];
    expect(a.mode).toBe('ticket');
    expect(a.element.querySelector('.js-issue-title')).not.toBeNull();
    expect(a.element.matches('h1')).toBe(true);
    expect(a.element.closest('.gh-header-sticky')).toBeNull();
    expect(a.ticket).toEqual({
      key: G('acme/api#21'),
      url: 'https://github.com/acme/api/pull/21',
      title: 'Add rate limiting to /v2 endpoints',
      state: 'closed',
      labels: ['KR2.3', 'backend'],
    });
    expect(doc.querySelectorAll('.js-issue-title')).toHaveLength(2);
    a.element.remove(); // header title gone: the sticky copy is still not the anchor
    expect(anchorsOf(url, doc)).toEqual([]);
    expect(githubAdapter.page(url, doc).ticket?.title).toBe('Add rate limiting to /v2 endpoints');
    expect(githubAdapter.theme?.(doc)).toBeUndefined(); // data-color-mode="auto"
  });
});

describe('repo issue list (React)', () => {
  const href = 'https://github.com/acme/web/issues?q=is%3Aissue%20sort%3Aupdated-desc';

  it('one row anchor per row, after the title link', () => {
    const { doc, url } = load('repo-issue-list.html', href);
    expect(githubAdapter.page(url, doc)).toEqual({ kind: 'list' });
    const list = anchorsOf(url, doc);
    expect(list).toHaveLength(27);
    expect(new Set(keys(list)).size).toBe(27);
    for (const a of list) {
      expect(a.mode).toBe('row');
      expect(a.position).toBe('after');
      expect(a.element.matches('a[data-testid="issue-pr-title-link"]')).toBe(true);
      expect(a.ticket.key).toMatch(/^github:github\.com\/acme\/web#\d+$/);
      expect(a.ticket.title).toBe(a.element.textContent?.trim());
      expect(a.ticket.state).toBeDefined();
    }
    expect(list[0]?.ticket).toEqual({
      key: G('acme/web#140'),
      url: 'https://github.com/acme/web/issues/140',
      title: 'Fix login redirect loop on SSO',
      state: 'open',
      labels: ['bug', 'KR1.2'],
      labelsPartial: true,
    });
    expect(list[1]?.ticket.labels).toEqual(['okr:KR2.1']);
    expect(list[2]?.ticket.labels).toBeUndefined();
    const states = list.map((a) => a.ticket.state);
    expect(states.filter((s) => s === 'open')).toHaveLength(17);
    expect(states.filter((s) => s === 'closed')).toHaveLength(10);
    expect(list[4]?.ticket.state).toBe('closed'); // "Status: Not planned (skipped)."
    expect(list[20]?.ticket.state).toBe('closed'); // icon with aria-label only
    expect(list[22]?.ticket.title).toBe('Add <code> spans to release notes');
  });

  it('pinned issues, comment and linked-PR links, filters and pagination are not matched', () => {
    const { doc, url } = load('repo-issue-list.html', href);
    const ks = keys(anchorsOf(url, doc));
    expect(ks).not.toContain(G('acme/web#3'));
    expect(ks).not.toContain(G('acme/web#5'));
    expect(ks).not.toContain(G('acme/web#7'));
    expect(anchorsOf(url, doc.querySelector('[data-testid="pinned-issues"]')!)).toEqual([]);
  });

  it('a changed row, or a node inside it, gives that row only', () => {
    const { doc, url } = load('repo-issue-list.html', href);
    const row = doc.querySelectorAll('li[role="listitem"]')[5]!;
    const link = row.querySelector('a[data-testid="issue-pr-title-link"]');
    expect(anchorsOf(url, row).map((a) => a.element)).toEqual([link]);
    const icon = row.querySelector('[data-testid="list-row-state-icon"]')!;
    expect(anchorsOf(url, icon).map((a) => a.element)).toEqual([link]);
    expect(anchorsOf(url, doc.querySelector('ul[data-testid="list-view-items"]')!)).toHaveLength(
      27,
    );
  });
});

describe('global pull request list (/pulls)', () => {
  const href = 'https://github.com/pulls?q=is%3Apr+involves%3Amona+archived%3Afalse';

  it('rows from several repositories, keyed by their own href', () => {
    const { doc, url } = load('global-pulls.html', href);
    expect(githubAdapter.page(url, doc)).toEqual({ kind: 'list' });
    const list = anchorsOf(url, doc);
    expect(keys(list)).toEqual([
      G('acme/web#3'),
      G('acme/api#21'),
      G('acme/web#7'),
      G('widgets/core#88'),
      G('acme/mobile#12'),
      G('acme/api#24'),
      G('widgets/core#90'),
      G('acme/docs#4'),
    ]);
    expect(list.map((a) => a.ticket.state)).toEqual([
      'open',
      'closed',
      'merged',
      'open',
      'open',
      'open',
      'merged',
      'open',
    ]);
    for (const a of list) {
      expect(a.mode).toBe('row');
      expect(a.position).toBe('after');
      expect(a.element.matches('.js-issue-row a[data-hovercard-type="pull_request"]')).toBe(true);
    }
    expect(list[0]?.ticket).toEqual({
      key: G('acme/web#3'),
      url: 'https://github.com/Acme/Web/pull/3',
      title: 'Bump eslint to 10',
      state: 'open',
      labels: ['dependencies'],
      labelsPartial: true,
    });
    expect(list[2]?.ticket.labels).toEqual(['refactor', 'KR1.2']);
    expect(list[6]?.ticket.title).toBe('Fix focus trap in <Dialog>');
    expect(githubAdapter.theme?.(doc)).toBe('light');
  });

  it('repository links, checks and comment links add no anchors', () => {
    const { doc, url } = load('global-pulls.html', href);
    const elements = anchorsOf(url, doc).map((a) => a.element);
    for (const el of doc.querySelectorAll(
      'a[data-hovercard-type="repository"], a[href$="/checks"], a[aria-label$="comments"]',
    )) {
      expect(elements).not.toContain(el);
    }
  });
});

describe('repo pull request list (React)', () => {
  const hrefs = [
    'https://github.com/acme/web/pulls',
    'https://github.com/acme/web/pulls?q=is%3Apr+is%3Aopen',
  ];
  const href = hrefs[0]!;
  type Row = [n: number, title: string, state: string, labels?: string[]];
  const rows: Row[] = [
    [142, 'Bump vite from 7.1.2 to 7.2.0', 'open', ['dependencies', 'javascript']],
    [141, 'Add SSO audit log endpoint', 'open', ['security']], // draft
    [139, 'Fix login redirect loop on SSO', 'merged', ['bug', 'KR1.2']],
    [138, 'Track sign-up funnel events', 'open', ['analytics', 'okr:KR2.1']],
    [136, 'Use useId for form field ids', 'open', ['refactor']],
    [135, 'Try Turbopack for dev builds', 'closed', ['experiment']],
    [133, 'Escape & in search queries', 'open', ['bug']],
    [132, 'Cache avatars in the service worker', 'merged', ['performance']],
    [130, 'Experiment: pricing page A/B test', 'open', ['experiment', 'KR9.9']], // draft
    [7, 'Refactor session handling', 'merged', ['refactor', 'KR1.2']],
    [129, 'Rename notKR helpers in the importer', 'open', ['notKR1.2x']],
    [
      127,
      'Add keyboard shortcuts to the command palette',
      'open',
      ['enhancement', 'accessibility'],
    ],
    [126, 'Docs: explain the release process', 'merged', ['documentation']],
    [124, 'Lazy-load the markdown editor', 'open', ['performance', 'good first issue']],
    [123, 'Revert "Switch CI to self-hosted runners"', 'closed', ['ci']],
    [121, 'Mobile: close sidebar on navigation', 'open', ['mobile']],
    [120, 'Localise date pickers', 'merged'],
    [118, 'Bump @playwright/test from 1.64.0 to 1.65.1', 'open', ['dependencies']],
    [117, 'WIP: live cursors without the memory leak', 'open'], // draft
    [115, 'Show a focus ring on tabs', 'open', ['accessibility']],
    [112, 'Add a cookie banner', 'closed', ['enhancement']],
    [111, 'Fix typo in password reset email', 'open', ['good first issue']],
    [109, 'Upgrade React Router to v7', 'merged', ['dependencies', 'refactor']],
    [108, 'Needs review: SAML metadata refresh', 'open', ['needs review', 'security']],
  ];

  it.each(hrefs)('%s: a list, no ticket; one row anchor per row, after its title link', (h) => {
    const { doc, url } = load('repo-pr-list.html', h);
    expect(githubAdapter.page(url, doc)).toEqual({ kind: 'list' });
    const list = anchorsOf(url, doc);
    expect(list).toHaveLength(24);
    expect(
      list.map((a) => [a.ticket.key, a.ticket.title, a.ticket.state, a.ticket.labels]),
    ).toEqual(rows.map(([n, title, state, labels]) => [G(`acme/web#${n}`), title, state, labels]));
    const items = doc.querySelectorAll('ul[data-testid="list-view-items"] > li[role="listitem"]');
    expect(items).toHaveLength(24);
    list.forEach((a, i) => {
      expect(a.mode).toBe('row');
      expect(a.position).toBe('after');
      expect(a.element.matches('h3 > a[data-testid="issue-pr-title-link"]')).toBe(true);
      expect(a.element.closest('li[role="listitem"]')).toBe(items[i]);
      expect(a.ticket.url).toBe(`https://github.com${a.element.getAttribute('href')}`);
      // Row labels may be a subset: they add label links, never remove one.
      expect(a.ticket.labelsPartial).toBe(a.ticket.labels ? true : undefined);
    });
    checkInvariants(url, doc, list);
    expect(githubAdapter.theme?.(doc)).toBe('light');
  });

  it('#7 in full; drafts are open; an icon with only an aria-label still gives the state', () => {
    const { doc, url } = load('repo-pr-list.html', href);
    const list = anchorsOf(url, doc);
    const seven = list.find((a) => a.ticket.key === G('acme/web#7'));
    expect(seven?.ticket).toEqual({
      key: G('acme/web#7'),
      url: 'https://github.com/acme/web/pull/7',
      title: 'Refactor session handling',
      state: 'merged',
      labels: ['refactor', 'KR1.2'],
      labelsPartial: true,
    });
    const row7 = seven!.element.closest('li')!;
    expect(row7.querySelector('[data-testid="list-row-state-icon"] .sr-only')).toBeNull();
    const srOnly = (a: Anchor) =>
      a.element
        .closest('li')
        ?.querySelector('[data-testid="list-row-state-icon"] .sr-only')
        ?.textContent?.trim();
    const drafts = list.filter((a) => srOnly(a) === 'Status: Draft.');
    expect(keys(drafts)).toEqual([G('acme/web#141'), G('acme/web#130'), G('acme/web#117')]);
    expect(drafts.every((a) => a.ticket.state === 'open')).toBe(true);
    const states = list.map((a) => a.ticket.state);
    expect(states.filter((s) => s === 'open')).toHaveLength(15); // 12 open + 3 drafts
    expect(states.filter((s) => s === 'merged')).toHaveLength(6);
    expect(states.filter((s) => s === 'closed')).toHaveLength(3);
    // Inline markup and entities in titles come out as text.
    expect(list[4]?.element.querySelector('code')?.textContent).toBe('useId');
  });

  it('KR labels per row: KR1.2 and okr:KR2.1 name sample KRs; KR9.9 none; notKR1.2x none', () => {
    const { doc, url } = load('repo-pr-list.html', href);
    const byN = new Map(anchorsOf(url, doc).map((a) => [a.ticket.key, a.ticket.labels ?? []]));
    const codes = (n: number) => krCodesOf(byN.get(G(`acme/web#${n}`)) ?? []);
    expect(sampleCodes).toContain('KR1.2');
    expect(sampleCodes).not.toContain('KR9.9');
    expect(codes(7)).toEqual(['KR1.2']);
    expect(codes(139)).toEqual(['KR1.2']);
    expect(codes(138)).toEqual(['KR2.1']);
    expect(byN.get(G('acme/web#130'))).toContain('KR9.9');
    expect(codes(130)).toEqual([]);
    expect(byN.get(G('acme/web#129'))).toEqual(['notKR1.2x']);
    expect(codes(129)).toEqual([]);
    // Only those rows carry KR labels.
    const withKr = [...byN].filter(([, labels]) => krCodesOf(labels).length > 0).map(([k]) => k);
    expect(withKr).toEqual([G('acme/web#139'), G('acme/web#138'), G('acme/web#7')]);
  });

  it('pinned items, filters, the milestone banner and the recently-viewed box give no rows', () => {
    const { doc, url } = load('repo-pr-list.html', href);
    const list = anchorsOf(url, doc);
    const ks = keys(list);
    for (const n of [2, 3, 5, 12, 101]) expect(ks).not.toContain(G(`acme/web#${n}`));
    expect(ks).not.toContain(G('acme/api#21'));
    // The noise is there…
    const header = doc.querySelector('header[role="banner"]')!;
    expect(header.querySelectorAll('a[href^="/acme/web/pull/3"]')).toHaveLength(2);
    expect(header.querySelectorAll('li[role="listitem"]').length).toBeGreaterThan(0);
    expect(doc.querySelectorAll('a[href="/acme/web/milestone/4"]').length).toBeGreaterThan(1);
    // …and unmatched, as a whole and piece by piece.
    expectNoAnchorsIn(url, doc, [
      'header[role="banner"]',
      '[data-testid="pinned-issues"]',
      '[data-testid="filter-bar"]',
      '[data-testid="milestone-banner"]',
      '[data-testid="list-view-metadata"]',
      'nav[aria-label="Pagination"]',
      'footer',
    ]);
    // Inside the rows: only the title links, not the checks, linked-issue, comment or
    // milestone links (several point at tickets): 24 titles, 15 checks, 9 linked issues,
    // 12 comments.
    expectOnlyTitleLinks(doc, list, 60);
  });

  it('anchors(url, row) gives that row only; so does a node inside it', () => {
    const { doc, url } = load('repo-pr-list.html', href);
    const items = doc.querySelectorAll('ul[data-testid="list-view-items"] > li[role="listitem"]');
    items.forEach((row, i) => {
      const link = row.querySelector('a[data-testid="issue-pr-title-link"]');
      const got = anchorsOf(url, row);
      expect(got.map((a) => a.element)).toEqual([link]);
      expect(got[0]?.ticket.key).toBe(G(`acme/web#${rows[i]![0]}`));
    });
    const row7 = [...items].find((r) => r.querySelector('a[href="/acme/web/pull/7"]'))!;
    for (const sel of [
      '[data-testid="list-row-labels"]',
      '[data-testid="list-row-state-icon"]',
      'h3',
    ]) {
      expect(keys(anchorsOf(url, row7.querySelector(sel)!)), sel).toEqual([G('acme/web#7')]);
    }
    expect(anchorsOf(url, doc.querySelector('ul[data-testid="list-view-items"]')!)).toHaveLength(
      24,
    );
  });
});

describe('global issues dashboard (/issues, React)', () => {
  const href = 'https://github.com/issues';
  type Row = [repo: string, n: number, title: string, state: string, labels?: string[]];
  const rows: Row[] = [
    ['acme/web', 12, 'Fix login redirect loop on SSO', 'open', ['bug', 'KR1.2']],
    ['acme/web', 101, 'Add SSO audit log', 'open', ['KR3.1', 'security']],
    ['Widgets/Core', 214, 'Plugin API: expose lifecycle hooks', 'open', ['enhancement', 'KR3.1']],
    ['acme/api', 55, 'Expose audit events over the API', 'open', ['api']],
    ['acme/mobile', 17, 'Push notifications arrive twice', 'open', ['bug', 'okr:KR2.1']],
    ['Widgets/Core', 209, 'Crash when a widget id contains a slash', 'closed', ['bug']],
    ['acme/web', 98, 'Rotate signing keys monthly', 'closed', ['security']],
    ['acme/api', 58, 'Rate limit headers are missing on 429', 'open', ['backend', 'KR2.3']],
    ['Widgets/Core', 201, 'Docs: migration guide for v3', 'closed', ['documentation']], // not planned
    ['acme/api', 61, 'Pagination cursor breaks with unicode', 'open'],
    ['acme/mobile', 19, 'Dark mode: status bar is unreadable', 'open', ['mobile', 'accessibility']],
    ['Widgets/Core', 198, 'Theme tokens for <high contrast>', 'open', ['accessibility']],
    ['acme/web', 104, 'Saved filters are lost after logout', 'closed'],
    ['acme/mobile', 21, 'Tablet layout for the inbox', 'closed', ['enhancement', 'KR9.9']], // not planned
    ['acme/web', 107, 'Export the OKR report as CSV', 'open', ['enhancement', 'KR1.3']],
  ];

  it.each([href, 'https://github.com/issues/assigned'])(
    '%s: a list, no ticket; rows from four repositories keyed by their own href',
    (h) => {
      const { doc, url } = load('global-issues.html', h);
      expect(githubAdapter.page(url, doc)).toEqual({ kind: 'list' });
      const list = anchorsOf(url, doc);
      expect(list).toHaveLength(15);
      expect(
        list.map((a) => [a.ticket.key, a.ticket.title, a.ticket.state, a.ticket.labels]),
      ).toEqual(
        rows.map(([repo, n, title, state, labels]) => [
          G(`${repo.toLowerCase()}#${n}`),
          title,
          state,
          labels,
        ]),
      );
      const items = doc.querySelectorAll('ul[data-testid="list-view-items"] > li[role="listitem"]');
      list.forEach((a, i) => {
        expect(a.mode).toBe('row');
        expect(a.position).toBe('after');
        expect(a.element.matches('h3 > a[data-testid="issue-pr-title-link"]')).toBe(true);
        expect(a.element.closest('li[role="listitem"]')).toBe(items[i]);
        expect(a.ticket.labelsPartial).toBe(a.ticket.labels ? true : undefined);
      });
      checkInvariants(url, doc, list);
      expect(githubAdapter.theme?.(doc)).toBe('dark'); // dark_dimmed
    },
  );

  it('the href keeps GitHub’s capitalisation in the URL; the key is lowercased', () => {
    const { doc, url } = load('global-issues.html', href);
    const list = anchorsOf(url, doc);
    expect(list[0]?.ticket).toEqual({
      key: G('acme/web#12'),
      url: 'https://github.com/acme/web/issues/12',
      title: 'Fix login redirect loop on SSO',
      state: 'open',
      labels: ['bug', 'KR1.2'],
      labelsPartial: true,
    });
    expect(list[1]?.ticket).toMatchObject({ key: G('acme/web#101'), title: 'Add SSO audit log' });
    expect(list[2]?.ticket).toEqual({
      key: G('widgets/core#214'),
      url: 'https://github.com/Widgets/Core/issues/214',
      title: 'Plugin API: expose lifecycle hooks',
      state: 'open',
      labels: ['enhancement', 'KR3.1'],
      labelsPartial: true,
    });
    // An absolute href, as some rows render it.
    expect(list[11]?.element.getAttribute('href')).toBe(
      'https://github.com/Widgets/Core/issues/198',
    );
    expect(list[11]?.ticket.url).toBe('https://github.com/Widgets/Core/issues/198');
    expect(list[11]?.ticket.key).toBe(G('widgets/core#198'));
    // The row shows "Widgets/Core #214"; the key comes from the href, not that text.
    const repoAndNumber = list[2]?.element
      .closest('li')
      ?.querySelector('[data-testid="list-row-repo-name-and-number"]');
    expect(repoAndNumber?.textContent).toBe('Widgets/Core #214');
  });

  it('KR labels per row, across repositories', () => {
    const { doc, url } = load('global-issues.html', href);
    const codes = anchorsOf(url, doc).map((a): [string, string[]] => [
      a.ticket.key,
      krCodesOf(a.ticket.labels ?? []),
    ]);
    expect(codes.filter(([, c]) => c.length > 0)).toEqual([
      [G('acme/web#12'), ['KR1.2']],
      [G('acme/web#101'), ['KR3.1']],
      [G('widgets/core#214'), ['KR3.1']],
      [G('acme/mobile#17'), ['KR2.1']],
      [G('acme/api#58'), ['KR2.3']],
      [G('acme/web#107'), ['KR1.3']],
    ]);
  });

  it('the saved-views sidebar, filters and header give no rows; nor do links inside rows', () => {
    const { doc, url } = load('global-issues.html', href);
    const list = anchorsOf(url, doc);
    const sidebar = doc.querySelector('[data-testid="dashboard-sidebar"]')!;
    expect(
      [...sidebar.querySelectorAll('a')].map((a) => a.textContent?.trim()).slice(0, 3),
    ).toEqual(['Assigned to me 10', 'Created by me 4', '@ Mentioned 2']);
    expect(sidebar.querySelectorAll('li[role="listitem"]').length).toBeGreaterThan(0);
    expectNoAnchorsIn(url, doc, [
      '[data-testid="dashboard-sidebar"]',
      '[data-testid="saved-views"]',
      '[data-testid="filter-bar"]',
      '[data-testid="list-view-metadata"]',
      'header[role="banner"]',
      '[data-testid="feedback-banner"]',
      'footer',
    ]);
    // 15 titles, 3 linked PRs, 2 parent issues, 9 comments.
    expectOnlyTitleLinks(doc, list, 29);
    // Parent issues and linked pull requests are not rows of their own.
    for (const k of [G('acme/web#100'), G('acme/api#50'), G('acme/web#139'), G('acme/api#24')]) {
      expect(keys(list)).not.toContain(k);
    }
  });

  it('anchors(url, row) gives that row only', () => {
    const { doc, url } = load('global-issues.html', href);
    const items = doc.querySelectorAll('ul[data-testid="list-view-items"] > li[role="listitem"]');
    expect(items).toHaveLength(15);
    items.forEach((row, i) => {
      const [repo, n] = rows[i]!;
      const got = anchorsOf(url, row);
      expect(got.map((a) => a.element)).toEqual([
        row.querySelector('a[data-testid="issue-pr-title-link"]'),
      ]);
      expect(keys(got)).toEqual([G(`${repo.toLowerCase()}#${n}`)]);
    });
    const core = [...items].find((r) => r.querySelector('a[href="/Widgets/Core/issues/214"]'))!;
    const labels = core.querySelector('[data-testid="list-row-labels"]')!;
    expect(anchorsOf(url, labels).map((a) => a.ticket.labels)).toEqual([['enhancement', 'KR3.1']]);
  });
});

describe('Projects v2 board with the side panel open', () => {
  const href =
    'https://github.com/orgs/acme/projects/5/views/1?pane=issue&itemId=1&issue=acme%7Cweb%7C101';

  it('page(): the side panel issue is the page ticket', () => {
    const { doc, url } = load('project-board.html', href);
    expect(githubAdapter.page(url, doc)).toEqual({
      kind: 'board',
      ticket: {
        key: G('acme/web#101'),
        url: 'https://github.com/acme/web/issues/101',
        title: 'Add SSO audit log',
        state: 'open',
        labels: ['KR3.1', 'security'],
      },
    });
    expect(githubAdapter.theme?.(doc)).toBe('dark');
  });

  it('a row anchor per linked card (drafts skipped) and one ticket anchor in the panel', () => {
    const { doc, url } = load('project-board.html', href);
    const list = anchorsOf(url, doc);
    const tickets = list.filter((a) => a.mode === 'ticket');
    const rows = list.filter((a) => a.mode === 'row');
    expect(tickets).toHaveLength(1);
    expect(tickets[0]?.element.closest('#__primerPortalRoot__ [role="dialog"]')).not.toBeNull();
    // At the end of the panel's <h2>, after "#101": between title and number it pushed the
    // number onto a line of its own.
    expect(tickets[0]?.element.localName).toBe('h2');
    expect(tickets[0]?.element.querySelector('[data-testid="issue-title"]')).not.toBeNull();
    expect(tickets[0]?.position).toBe('append');
    expect(tickets[0]?.ticket.key).toBe(G('acme/web#101'));
    expect(rows.map((a) => [a.ticket.key, a.ticket.title, a.ticket.state])).toEqual([
      [G('acme/web#101'), 'Add SSO audit log', 'open'],
      [G('acme/api#55'), 'Expose audit events over the API', 'open'],
      [G('acme/web#7'), 'Refactor session handling', 'merged'],
      [G('acme/mobile#12'), 'Offline mode for the inbox', 'open'],
      [G('acme/web#98'), 'Rotate signing keys monthly', 'closed'],
    ]);
    for (const a of rows) {
      expect(a.element.matches('h3[id^="board-card-title-"] a')).toBe(true);
      expect(a.position).toBe('after');
    }
    for (const id of ['3', '7']) {
      const draft = doc.querySelector(`[data-board-card-id="${id}"]`)!;
      expect(list.some((a) => draft.contains(a.element))).toBe(false);
      expect(anchorsOf(url, draft)).toEqual([]);
    }
    expect(new Set(list.map((a) => a.element)).size).toBe(list.length);
  });

  it('subtrees: the portal alone, one card alone', () => {
    const { doc, url } = load('project-board.html', href);
    const portal = doc.getElementById('__primerPortalRoot__')!;
    expect(anchorsOf(url, portal).map((a) => [a.mode, a.ticket.key])).toEqual([
      ['ticket', G('acme/web#101')],
    ]);
    const card = doc.querySelector('[data-board-card-id="2"]')!;
    expect(keys(anchorsOf(url, card))).toEqual([G('acme/api#55')]);
    const title = card.querySelector('h3')!;
    expect(keys(anchorsOf(url, title))).toEqual([G('acme/api#55')]);
  });

  it('without the pane parameter the panel is keyed by its own link', () => {
    const { doc, url } = load(
      'project-board.html',
      'https://github.com/orgs/acme/projects/5/views/1',
    );
    expect(githubAdapter.page(url, doc).ticket).toMatchObject({
      key: G('acme/web#101'),
      title: 'Add SSO audit log',
    });
    const tickets = anchorsOf(url, doc).filter((a) => a.mode === 'ticket');
    expect(keys(tickets)).toEqual([G('acme/web#101')]);
  });

  it('a panel still showing the previous issue (URL already says #102) gets no anchor', () => {
    const { doc, url } = load(
      'project-board.html',
      'https://github.com/orgs/acme/projects/5/views/1?pane=issue&itemId=2&issue=acme%7Cweb%7C102',
    );
    expect(anchorsOf(url, doc).filter((a) => a.mode === 'ticket')).toEqual([]);
    expect(githubAdapter.page(url, doc).ticket).toEqual({
      key: G('acme/web#102'),
      url: 'https://github.com/acme/web/issues/102',
    });
  });

  it('with the panel closed: cards only, and the page ticket from the URL', () => {
    const { doc, url } = load('project-board.html', href);
    doc.getElementById('__primerPortalRoot__')?.remove();
    expect(githubAdapter.page(url, doc)).toEqual({
      kind: 'board',
      ticket: { key: G('acme/web#101'), url: 'https://github.com/acme/web/issues/101' },
    });
    expect(anchorsOf(url, doc).every((a) => a.mode === 'row')).toBe(true);
  });
});

/* ----------------------------------------------------- small DOM snippets */

const shell = (body: string, title = 'GitHub') =>
  `<!DOCTYPE html><html data-color-mode="light"><head><title>${title}</title></head><body>${body}</body></html>`;

describe('DOM variants not in the fixtures', () => {
  it('global issue lists and the PR list preview: React rows from several repositories', () => {
    const href = 'https://github.com/issues/assigned';
    const doc = docFrom(
      shell(`<ul role="list">
<li role="listitem"><span data-testid="list-row-state-icon"><span class="sr-only">Status: Open.</span></span>
<a data-testid="issue-pr-title-link" href="/acme/web/issues/1">One</a></li>
<li role="listitem"><span data-testid="list-row-state-icon"><span class="sr-only">Status: Closed (completed).</span></span>
<a data-testid="issue-pr-title-link" href="https://github.com/Widgets/Core/issues/2">Two</a></li>
<li role="listitem"><span data-testid="list-row-state-icon" aria-label="Merged pull request"></span>
<a data-testid="listitem-title-link" href="/acme/api/pull/3">Three</a></li>
<li role="listitem"><a data-testid="listitem-title-link" href="/acme/api">Not a ticket</a></li>
</ul>`),
      href,
    );
    const list = anchorsOf(new URL(href), doc);
    expect(list.map((a) => [a.ticket.key, a.ticket.title, a.ticket.state, a.mode])).toEqual([
      [G('acme/web#1'), 'One', 'open', 'row'],
      [G('widgets/core#2'), 'Two', 'closed', 'row'],
      [G('acme/api#3'), 'Three', 'merged', 'row'],
    ]);
  });

  it('a row with two title links gets one anchor', () => {
    const href = 'https://github.com/pulls';
    const doc = docFrom(
      shell(`<div role="listitem"><a data-testid="issue-pr-title-link" href="/a/b/pull/1">One</a>
<a data-testid="listitem-title-link" href="/a/b/pull/1">One</a></div>`),
      href,
    );
    expect(anchorsOf(new URL(href), doc)).toHaveLength(1);
  });

  it('labels: span text first, then label:"…" / label:x in the query, then /labels/x', () => {
    const href = 'https://github.com/acme/web/issues/4';
    const doc = docFrom(
      shell(`<h1><bdi data-testid="issue-title">T</bdi> <span>#4</span></h1>
<span data-testid="header-state">Open</span>
<div data-testid="sidebar-labels-section"><h3>Labels</h3>
<a href="/acme/web/issues?q=label%3AKR9"><span>KR1.2</span></a>
<a href="/acme/web/issues?q=state%3Aopen+label%3A%22needs+design%22"><span class="dot"></span></a>
<a href="/acme/web/issues?q=label%3AKR4.1"></a>
<a href="/acme/web/labels/okr%3AKR2.1"></a>
<a href="/acme/web/issues?q=label%3AKR1.2"><span>KR1.2</span></a>
</div>`),
      href,
    );
    expect(githubAdapter.page(new URL(href), doc).ticket?.labels).toEqual([
      'KR1.2',
      'needs design',
      'KR4.1',
      'okr:KR2.1',
    ]);
  });

  it('labels: a name split over spans is one name; screen-reader-only text is left out', () => {
    const href = 'https://github.com/acme/web/issues/4';
    const doc = docFrom(
      shell(`<h1><bdi data-testid="issue-title">T</bdi> <span>#4</span></h1>
<div data-testid="sidebar-labels-section"><h3>Labels</h3>
<a href="/acme/web/labels/x1"><span class="emoji">🎯</span> <span>goal</span></a>
<a href="/acme/web/labels/KR1.2"><span class="sr-only">Label: </span><span>KR1.2</span></a>
<a href="/acme/web/labels/KR2.1"><span><g-emoji alias="dart">🎯</g-emoji> KR2.1</span></a>
</div>`),
      href,
    );
    expect(githubAdapter.page(new URL(href), doc).ticket?.labels).toEqual([
      '🎯 goal',
      'KR1.2',
      '🎯 KR2.1',
    ]);
  });

  it('labels: [] for an empty labels section, absent when there is none', () => {
    const href = 'https://github.com/acme/web/issues/4';
    const empty = docFrom(
      shell('<div data-testid="sidebar-labels-section"><h3>Labels</h3>No labels</div>'),
      href,
    );
    expect(githubAdapter.page(new URL(href), empty).ticket?.labels).toEqual([]);
    const none = docFrom(shell('<p>loading…</p>'), href);
    expect(githubAdapter.page(new URL(href), none).ticket).not.toHaveProperty('labels');
  });

  it('h1 bdi is the last-resort title of an issue view', () => {
    const href = 'https://github.com/acme/web/issues/4';
    const doc = docFrom(shell('<main><h1><bdi>Old header</bdi> <span>#4</span></h1></main>'), href);
    const list = anchorsOf(new URL(href), doc);
    expect(list.map((a) => [a.mode, a.element.tagName, a.ticket.title])).toEqual([
      ['ticket', 'H1', 'Old header'],
    ]);
  });

  it('board cards: a link anywhere in the card when the title has none', () => {
    const href = 'https://github.com/users/alice/projects/2';
    const doc = docFrom(
      shell(`<div data-board-card-id="9"><span id="board-card-header-title-9">
<a href="/alice/dotfiles/issues/3">dotfiles #3</a></span><h3 id="board-card-title-9">Sync vimrc</h3></div>`),
      href,
    );
    const list = anchorsOf(new URL(href), doc);
    expect(list.map((a) => [a.ticket.key, a.ticket.title, a.mode])).toEqual([
      [G('alice/dotfiles#3'), 'Sync vimrc', 'row'],
    ]);
  });

  it.each([
    ['dark', 'dark', 'light', 'dark'],
    ['dark', 'dark_dimmed', 'light', 'dark'],
    ['light', 'dark', 'light_high_contrast', 'light'],
    ['auto', 'dark', 'light', undefined],
    [null, null, null, undefined],
  ])('theme: data-color-mode=%s dark=%s light=%s → %s', (mode, dark, light, expected) => {
    const doc = docFrom(shell(''), 'https://github.com/');
    const html = doc.documentElement;
    html.removeAttribute('data-color-mode');
    if (mode) html.setAttribute('data-color-mode', mode);
    if (dark) html.setAttribute('data-dark-theme', dark);
    if (light) html.setAttribute('data-light-theme', light);
    expect(githubAdapter.theme?.(doc)).toBe(expected);
  });
});

/* ------------------------------------------------------------ contracts */

describe('selectors and keys', () => {
  const pages: [Fixture, string][] = [
    ['issue-view.html', 'https://github.com/acme/web/issues/12'],
    ['issue-view-closed.html', 'https://github.com/acme/web/issues/31'],
    ['pull-request.html', 'https://github.com/acme/web/pull/7'],
    ['pull-request-legacy.html', 'https://github.com/acme/api/pull/21'],
    ['repo-issue-list.html', 'https://github.com/acme/web/issues'],
    ['repo-pr-list.html', 'https://github.com/acme/web/pulls'],
    ['global-pulls.html', 'https://github.com/pulls'],
    ['global-issues.html', 'https://github.com/issues'],
    [
      'project-board.html',
      'https://github.com/orgs/acme/projects/5/views/1?pane=issue&itemId=1&issue=acme%7Cweb%7C101',
    ],
    ['issue-view-parent.html', 'https://github.com/acme/web/issues/10'],
    ['issue-view-sub-issue.html', 'https://github.com/acme/web/issues/12'],
  ];

  it.each(pages)('invariants hold on %s', (name, href) => {
    const { doc, url } = load(name, href);
    checkInvariants(url, doc, anchorsOf(url, doc));
  });

  it('every listed selector parses, and all but the fallbacks occur in a fixture', () => {
    const docs = pages.map(([name, href]) => load(name, href).doc);
    const fallbacks = new Set(['prTitleBdi', 'previewTitleLink', 'boardCardAnyLink']);
    for (const [role, sel] of Object.entries(githubSelectors)) {
      const found = docs.some((d) => d.querySelector(sel) !== null);
      if (!fallbacks.has(role)) expect(found, `${role}: ${sel}`).toBe(true);
    }
  });

  it('every key seen in this file matches ticketKeyRe', () => {
    expect(seenKeys.size).toBeGreaterThan(40);
    for (const k of seenKeys) expect(k).toMatch(ticketKeyRe);
  });
});

describe('row links parsed once per repository (fast path) agree with the full parse', () => {
  const rows = (hrefs: string[]) =>
    `<div role="list">${hrefs
      .map(
        (h, i) =>
          `<div role="listitem"><a data-testid="issue-pr-title-link" href="${h}">Row ${i}</a></div>`,
      )
      .join('')}</div>`;
  const hrefs = [
    '/acme/web/issues/1',
    '/acme/web/pull/2/files',
    '/acme/web/issues/3?x=1#y',
    '/Acme/Web/issues/4',
    'https://github.com/acme/web/issues/5',
    '/acme/web/issues/new',
    '/acme/web/issues/0',
    '/acme/web/./issues/6',
    '/acme/../acme/web/issues/7',
    '/settings/web/issues/8',
    '/acme/web/issues/9/',
  ];
  const expected = [
    githubKey('github.com', 'acme', 'web', 1),
    githubKey('github.com', 'acme', 'web', 2),
    githubKey('github.com', 'acme', 'web', 3),
    githubKey('github.com', 'acme', 'web', 4),
    githubKey('github.com', 'acme', 'web', 5),
    githubKey('github.com', 'acme', 'web', 6),
    githubKey('github.com', 'acme', 'web', 7),
    githubKey('github.com', 'acme', 'web', 9),
  ];
  it.each([
    ['in order', hrefs],
    ['reversed', [...hrefs].reverse()],
    ['twice', [...hrefs, ...hrefs]],
  ])('%s', (_, list) => {
    const doc = docFrom(rows(list), 'https://github.com/acme/web/issues');
    const keys = githubAdapter
      .anchors(new URL('https://github.com/acme/web/issues'), doc)
      .map((a) => a.ticket.key);
    expect([...new Set(keys)].sort()).toEqual([...expected].sort());
  });
});
