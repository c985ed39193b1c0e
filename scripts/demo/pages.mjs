/** The demo's tracker pages (bundled fixtures at realistic URLs) and the links made on them. */

/**
 * Each demo page: a realistic URL and the fixture (under test/fixtures/) served there.
 * `height`: the screenshot's viewport height. GitHub scrolls the document (full-page shots);
 * Jira and Linear scroll an inner pane inside a 100vh frame, so a taller viewport shows more
 * rows there.
 */
export const PAGES = [
  {
    name: 'github-issue',
    url: 'https://github.com/acme/web/issues/12',
    fixture: 'github/issue-view.html',
  },
  {
    name: 'github-issue-closed',
    url: 'https://github.com/Acme/Web/issues/31',
    fixture: 'github/issue-view-closed.html',
  },
  {
    name: 'github-issues',
    url: 'https://github.com/acme/web/issues',
    fixture: 'github/repo-issue-list.html',
  },
  {
    name: 'github-pr',
    url: 'https://github.com/acme/web/pull/7',
    fixture: 'github/pull-request.html',
  },
  {
    name: 'github-pr-legacy',
    url: 'https://github.com/acme/api/pull/21',
    fixture: 'github/pull-request-legacy.html',
  },
  {
    name: 'github-repo-pulls',
    url: 'https://github.com/acme/web/pulls',
    fixture: 'github/repo-pr-list.html',
  },
  { name: 'github-pulls', url: 'https://github.com/pulls', fixture: 'github/global-pulls.html' },
  {
    name: 'github-global-issues',
    url: 'https://github.com/issues',
    fixture: 'github/global-issues.html',
  },
  {
    name: 'github-project',
    url: 'https://github.com/orgs/acme/projects/4/views/1?pane=issue&itemId=1&issue=acme%7Cweb%7C101',
    fixture: 'github/project-board.html',
  },
  {
    name: 'jira-issue',
    url: 'https://acme.atlassian.net/browse/GRW-142',
    fixture: 'jira/issue-view.html',
  },
  {
    name: 'jira-board',
    url: 'https://acme.atlassian.net/jira/software/projects/AB2/boards/3',
    fixture: 'jira/board-team.html',
  },
  {
    name: 'jira-board-selected',
    url: 'https://acme.atlassian.net/jira/software/c/projects/GRW/boards/12?selectedIssue=GRW-131',
    fixture: 'jira/board-company-selected.html',
  },
  {
    name: 'jira-backlog',
    url: 'https://acme.atlassian.net/jira/software/c/projects/GRW/boards/12/backlog',
    fixture: 'jira/backlog.html',
    height: 1400,
  },
  {
    name: 'jira-backlog-selected',
    url: 'https://acme.atlassian.net/jira/software/c/projects/GRW/boards/12/backlog?selectedIssue=GRW-146',
    fixture: 'jira/backlog-selected.html',
  },
  {
    name: 'jira-search',
    url: 'https://acme.atlassian.net/issues/?jql=labels%20in%20(KR1.2)%20ORDER%20BY%20updated%20DESC',
    fixture: 'jira/search.html',
    height: 1000,
  },
  {
    name: 'linear-issue',
    url: 'https://linear.app/acme-labs/issue/ENG-37/harden-the-csv-importer-against-malformed-rows',
    fixture: 'linear/issue-view.html',
  },
  {
    name: 'linear-list',
    url: 'https://linear.app/acme-labs/team/ENG/active',
    fixture: 'linear/list.html',
    height: 1320,
  },
  {
    name: 'linear-board',
    url: 'https://linear.app/acme-labs/team/ENG/all',
    fixture: 'linear/board.html',
  },
];

/**
 * Links made on top of the example OKRs, so every tracker shows chips (the sample itself links
 * acme/web#101, SHOP-42 and acme/ENG-7; fixture labels such as "KR1.2" link more by themselves).
 */
export const DEMO_LINKS = [
  ['github:github.com/acme/web#105', ['KR1.1', 'KR2.3']],
  ['github:github.com/acme/web#140', ['KR3.1']],
  ['jira:acme.atlassian.net/GRW-142', ['KR1.2']],
  ['jira:acme.atlassian.net/GRW-131', ['KR2.2', 'KR3.3']],
  ['jira:acme.atlassian.net/GRW-137', ['KR3.1']],
  ['jira:acme.atlassian.net/GRW-146', ['KR2.1']],
  ['jira:acme.atlassian.net/GRW-150', ['KR1.3']],
  ['jira:acme.atlassian.net/AB2-7', ['KR3.3']],
  ['jira:acme.atlassian.net/AB2-18', ['KR1.1']],
  ['linear:acme-labs/ENG-37', ['KR2.3', 'KR1.2']],
  ['linear:acme-labs/ENG-57', ['KR3.2']],
  ['linear:acme-labs/ENG-63', ['KR1.1']],
];

/** The page for a requested URL: same host and path (case-insensitive), same query keys. */
export function pageFor(url) {
  const norm = (u) => `${u.host}${u.pathname.replace(/\/+$/, '')}`.toLowerCase();
  const candidates = PAGES.filter((p) => norm(new URL(p.url)) === norm(url));
  // A board URL with ?selectedIssue= is another fixture than the same board without it.
  return (
    candidates.find((p) => {
      const want = new URL(p.url).searchParams;
      return [...want.keys()].every((k) => url.searchParams.has(k));
    }) ?? candidates.find((p) => new URL(p.url).search === '')
  );
}

/** What any other tracker URL shows: the list of demo pages. */
export function notInDemo(url) {
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  const items = PAGES.map((p) => `<li><a href="${esc(p.url)}">${esc(p.name)}</a></li>`).join('');
  return `<!doctype html><meta charset="utf-8"><title>Not in the OKR Lens demo</title>
<body style="font:15px system-ui;margin:40px;max-width:720px">
<h1 style="font-size:20px">${esc(url.href)} is not part of the demo</h1>
<p>The demo has no network: only these pages are served (bundled fixtures).</p><ul>${items}</ul>`;
}
