/**
 * Benchmark pages and stores, generated from the bundled fixtures so they keep the trackers'
 * real structure (selectors, attributes, nesting) and only grow in size:
 *
 * - `githubIssueList(n)`: test/fixtures/github/repo-issue-list.html with n rows
 *   (`li[role="listitem"]` + `a[data-testid="issue-pr-title-link"]`, hrefs /acme/web/issues/N,
 *   numbered n…1 like GitHub's newest-first list). Labels carrying KR codes are dropped, so
 *   which rows are linked is decided by the benchmark alone (a label link is a write).
 * - `jiraBacklog(n)`: test/fixtures/jira/backlog.html with n rows (GRW-1…GRW-n), the first
 *   5 % in the sprint, the rest in the Backlog section, row markup cycled from the fixture's
 *   own rows (both the `data-testid` and the older `data-test-id` forms).
 * - `bigStore()`: an OKR Lens interchange file with 20 objectives, 100 key results,
 *   5,000 tickets and 20,000 links in the current quarter.
 *
 * Pure functions over the fixture text; no browser.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
const read = (name) => readFileSync(path.join(fixtures, name), 'utf8');

export const GITHUB_LIST_URL = 'https://github.com/acme/web/issues';
export const JIRA_BACKLOG_URL =
  'https://acme.atlassian.net/jira/software/c/projects/GRW/boards/12/backlog';
export const githubKey = (n, repo = 'web') => `github:github.com/acme/${repo}#${n}`;
export const jiraKey = (n, project = 'GRW') => `jira:acme.atlassian.net/${project}-${n}`;
/** The issue page the bench loads (test/fixtures/github/issue-view.html, issue #12). */
export const GITHUB_ISSUE_URL = 'https://github.com/acme/web/issues/12';

/** The `<li role="listitem">…</li>` blocks of the fixture, and the text around the list. */
function githubParts() {
  const html = read('github/repo-issue-list.html');
  const open = html.indexOf('<ul role="list" aria-label="Issues"');
  const start = html.indexOf('<li role="listitem"', open);
  const end = html.indexOf('</ul>', start);
  if (open < 0 || start < 0 || end < 0)
    throw new Error('repo-issue-list.html: no <ul aria-label="Issues"> with list items');
  const rows = html
    .slice(start, end)
    .split(/(?=<li role="listitem")/)
    .map((r) => r.trim())
    .filter(Boolean);
  return { head: html.slice(0, start), rows, tail: html.slice(end) };
}

/** One GitHub row for issue `n` of `repo` from template `tpl` (its own number replaced everywhere). */
function githubRow(tpl, n, repo = 'web') {
  const own = /id="issue_row_(\d+)"/.exec(tpl)?.[1];
  let row = tpl;
  if (own) {
    row = row
      .replaceAll(`issue_row_${own}`, `issue_row_${n}`)
      .replaceAll(`/acme/web/issues/${own}"`, `/acme/web/issues/${n}"`)
      .replaceAll(`>#${own}<`, `>#${n}<`);
  }
  if (repo !== 'web') row = row.replaceAll('/acme/web/issues/', `/acme/${repo}/issues/`);
  // Labels carrying KR codes (KR1.2, okr:KR2.1) would link rows by themselves: drop them.
  return row.replace(
    /<a [^>]*class="prc-Token-Token[^"]*"[^>]*>\s*<span[^>]*>[^<]*KR\d[^<]*<\/span>\s*<\/a>/gi,
    '',
  );
}

/** The issue list of `acme/<repo>` with `n` rows (issues n…1). */
export function githubIssueList(n = 1000, { repo = 'web' } = {}) {
  const { head, rows, tail } = githubParts();
  const out = [];
  for (let i = 0; i < n; i++) out.push(githubRow(rows[i % rows.length], n - i, repo));
  return `${head}${out.join('\n')}\n${tail}`.replace(
    /<title>[^<]*<\/title>/,
    `<title>Issues · acme/${repo} (${n} rows, benchmark)</title>`,
  );
}

/** A row for `<project>-n`: every issue key in the template becomes that key. */
function jiraRow(tpl, n, project = 'GRW') {
  return tpl.replace(/\b[A-Z][A-Z0-9]+-\d+\b/g, `${project}-${n}`);
}

const ROW_START =
  /^\s*<div data-test-?id="software-backlog\.card-list\.card\.content-container\.[A-Z][A-Z0-9]+-\d+"/;

/** The balanced `<div>…</div>` starting at the beginning of `s`. */
function balancedDiv(s) {
  let depth = 0;
  const re = /<div\b|<\/div>/g;
  let m;
  while ((m = re.exec(s))) {
    depth += m[0] === '</div>' ? -1 : 1;
    if (depth === 0) return s.slice(0, m.index + m[0].length);
  }
  throw new Error('unbalanced <div> in a backlog row');
}

/** The rows of the list whose content starts at `from`, and where they end. */
function scanRows(html, from) {
  const rows = [];
  let pos = from;
  for (;;) {
    const rest = html.slice(pos, pos + 20_000);
    if (!ROW_START.test(rest)) return { rows, end: pos };
    const lead = rest.length - rest.trimStart().length;
    const row = balancedDiv(rest.slice(lead));
    rows.push(row);
    pos += lead + row.length;
  }
}

/** The backlog of Jira project `project` with `n` rows (`project`-1…n). */
export function jiraBacklog(n = 1000, { project = 'GRW' } = {}) {
  const html = read('jira/backlog.html');
  const lists = [];
  for (let at = html.indexOf('<div role="list">'); at >= 0;) {
    const body = at + '<div role="list">'.length;
    lists.push({ body, ...scanRows(html, body) });
    at = html.indexOf('<div role="list">', body);
  }
  if (lists.length < 2 || lists.some((l) => l.rows.length === 0))
    throw new Error('backlog.html: expected a sprint list and a backlog list with rows');
  const templates = lists.flatMap((l) => l.rows);
  const inSprint = Math.max(1, Math.round(n * 0.05));
  const make = (from, to) => {
    const out = [];
    for (let i = from; i <= to; i++) out.push(jiraRow(templates[i % templates.length], i, project));
    return out.join('');
  };
  const [sprint, backlog] = lists;
  return (
    html.slice(0, sprint.body) +
    make(1, inSprint) +
    html.slice(sprint.end, backlog.body) +
    make(inSprint + 1, n) +
    html.slice(backlog.end)
  )
    .replace(/\(12 work items\)/, `(${inSprint} work items)`)
    .replace(/\(20 work items\)/, `(${n - inSprint} work items)`)
    .replace(
      /<title>[^<]*<\/title>/,
      `<title>Backlog - Growth - Jira (${n} rows, benchmark)</title>`,
    );
}

/**
 * Markup of one more row with `__N__` for its number, and where such rows go: what the
 * badge-latency test inserts into a loaded page.
 */
export function rowTemplates() {
  const gh = githubRow(githubParts().rows[0], 987654321).replaceAll('987654321', '__N__');
  const html = read('jira/backlog.html');
  const at = html.lastIndexOf('<div role="list">');
  const { rows } = scanRows(html, at + '<div role="list">'.length);
  const jira = jiraRow(rows[0], 987654321).replaceAll('987654321', '__N__');
  return {
    github: {
      html: gh,
      container: 'ul[data-testid="list-view-items"]',
      key: (n) => githubKey(n),
    },
    jira: {
      html: jira,
      container: 'section[aria-label="Backlog"] div[role="list"]',
      key: (n) => jiraKey(n),
    },
  };
}

/** Every GitHub and Jira row key the benchmark links: every 20th row (5 %). */
export function linkedRows(n = 1000, every = 20) {
  const out = [];
  for (let i = every; i <= n; i += every) out.push(i);
  return out;
}

/**
 * The rows of an `n`-row list linked at density `share` (0–1), spread evenly: 5 % is every
 * 20th row (`linkedRows`), 30 % three rows in ten, 100 % every row.
 */
export function rowsAtDensity(n, share) {
  if (share <= 0.05) return linkedRows(n);
  const per10 = Math.round(share * 10);
  const out = [];
  for (let i = 1; i <= n; i++) if ((i * 7) % 10 < per10) out.push(i);
  return out;
}

/** A GitHub issue view of `acme/web#n`: the fixture with its number and title replaced. */
export function githubIssueView(n = 12, title = 'Fix login redirect loop on SSO') {
  const html = read('github/issue-view.html');
  if (n === 12) return html;
  return html
    .replaceAll('/acme/web/issues/12', `/acme/web/issues/${n}`)
    .replaceAll('Issue #12 ', `Issue #${n} `)
    .replaceAll('>#12<', `>#${n}<`)
    .replaceAll('Fix login redirect loop on SSO', title);
}

/** The quarter holding `today` (YYYY-MM-DD), as [start, end]. */
function quarterOf(today) {
  const [y, m] = today.split('-').map(Number);
  const q = Math.floor((m - 1) / 3);
  const start = `${y}-${String(q * 3 + 1).padStart(2, '0')}-01`;
  const endMonth = q * 3 + 3;
  const lastDay = new Date(Date.UTC(y, endMonth, 0)).getUTCDate();
  return [start, `${y}-${String(endMonth).padStart(2, '0')}-${lastDay}`];
}

/**
 * A big store as an interchange file: 20 objectives × 5 KRs, a check-in per KR, 5,000 tickets
 * (GitHub, Jira, Linear) each linked to 4 KRs = 20,000 links.
 */
export function bigStore({
  today = new Date().toISOString().slice(0, 10),
  objectives = 20,
  krsPer = 5,
  tickets = 5000,
  linksPer = 4,
} = {}) {
  const [start, end] = quarterOf(today);
  const cycleId = `bench-${start}`;
  const objs = [];
  const krs = [];
  const checkIns = [];
  for (let o = 1; o <= objectives; o++) {
    objs.push({
      id: `${cycleId}-o${o}`,
      cycleId,
      title: `Objective ${o}: make the benchmark store realistically large`,
      owner: `Team ${((o - 1) % 5) + 1}`,
    });
    for (let k = 1; k <= krsPer; k++) {
      const id = `${cycleId}-kr${o}.${k}`;
      krs.push({
        id,
        objectiveId: `${cycleId}-o${o}`,
        code: `KR${o}.${k}`,
        title: `Key result ${o}.${k}: raise metric ${k} of objective ${o}`,
        kind: 'increase',
        start: 0,
        target: 100,
        unit: '%',
        owner: `Owner ${k}`,
      });
      checkIns.push({
        id: `${id}-c1`,
        keyResultId: id,
        at: `${start}T12:00:00Z`,
        value: (o * 7 + k * 13) % 90,
        confidence: 'on-track',
      });
    }
  }
  const ticketRecords = [];
  const links = [];
  for (let t = 1; t <= tickets; t++) {
    let key;
    let url;
    if (t % 5 < 2) {
      key = `github:github.com/acme/web#${t}`;
      url = `https://github.com/acme/web/issues/${t}`;
    } else if (t % 5 < 4) {
      key = `jira:acme.atlassian.net/GRW-${t}`;
      url = `https://acme.atlassian.net/browse/GRW-${t}`;
    } else {
      key = `linear:acme/ENG-${t}`;
      url = `https://linear.app/acme/issue/ENG-${t}`;
    }
    ticketRecords.push({ key, title: `Benchmark ticket ${t}`, url, state: 'open' });
    for (let l = 0; l < linksPer; l++) {
      const kr = krs[(t * 7 + l * 31) % krs.length];
      links.push({
        ticket: key,
        keyResultId: kr.id,
        source: 'user',
        createdAt: `${start}T09:00:00Z`,
      });
    }
  }
  // (t*7 + l*31) mod 100 differs for l = 0..3, so no ticket has the same KR twice.
  return {
    format: 'okr-lens',
    version: 1,
    cycles: [{ id: cycleId, name: `Benchmark ${start.slice(0, 7)}`, start, end }],
    objectives: objs,
    keyResults: krs,
    checkIns,
    links,
    tickets: ticketRecords,
  };
}
