/**
 * The tracker-page sections (a–c) share one setup: two browsers, extension ON and OFF,
 * serving the same generated pages (a GitHub issue list and a Jira backlog per density: 5 %,
 * 30 % and 100 % of the rows linked, plus shorter twins for the marginal cost), seeded like a
 * user (example OKRs, the rows' links). Each page gets a warm-up load pair, then the chosen
 * sections in order.
 */
import {
  GITHUB_ISSUE_URL,
  GITHUB_LIST_URL,
  JIRA_BACKLOG_URL,
  githubIssueList,
  githubIssueView,
  githubKey,
  jiraBacklog,
  jiraKey,
  rowsAtDensity,
} from '../../test/bench/generate.mjs';
import { launch, loadExampleOkrs, sendFrom, serveTrackers } from '../../test/bench/harness.mjs';
import * as mainThread from './a-main-thread.mjs';
import * as longTask from './b-long-task.mjs';
import * as badgeLatency from './c-badge-latency.mjs';
import * as issuePage from './g-issue-page.mjs';
import * as issueLatency from './h-issue-latency.mjs';
import { SETTLE_TIMEOUT, measureLoad } from './load.mjs';
import { userAgent } from './popup-pages.mjs';

/**
 * Where each density lives: its own repository and Jira project, so the pages' links never
 * mix (the 5 % pages keep today's acme/web and GRW).
 */
const SCOPES = { 5: ['web', 'GRW'], 30: ['app', 'PAY'], 100: ['api', 'OPS'] };

/** The GitHub list and the Jira backlog of `rows` rows at `density` %; `suffix` names twins. */
function densityPages(rows, density, suffix = '') {
  const [repo, project] = SCOPES[density];
  const tag = density === 5 ? '' : `-${density}%`;
  const ghUrl = GITHUB_LIST_URL.replace('/acme/web/', `/acme/${repo}/`);
  const jiraUrl = JIRA_BACKLOG_URL.replace('/projects/GRW/', `/projects/${project}/`);
  const linked = rowsAtDensity(rows, density / 100);
  const q = suffix ? `+rows%3A${rows}` : '';
  return [
    {
      name: `github${tag}${suffix}`,
      label: `GitHub issue list, ${density} % linked`,
      url: `${ghUrl}?q=is%3Aissue${q}`,
      rows,
      density,
      linked,
      body: githubIssueList(rows, { repo }),
      key: (n) => githubKey(n, repo),
      tracker: 'github',
    },
    {
      name: `jira${tag}${suffix}`,
      label: `Jira backlog, ${density} % linked`,
      url: suffix ? `${jiraUrl}?rows=${rows}` : jiraUrl,
      rows,
      density,
      linked,
      body: jiraBacklog(rows, { project }),
      key: (n) => jiraKey(n, project),
      tracker: 'jira',
    },
  ];
}

/**
 * The pages to load: each tracker list at `opts.rows` for every density asked (5 % is today's
 * sparse case), and (for a) their twins at `opts.smallRows` for the marginal cost.
 */
function trackerPages(opts) {
  const pages = opts.densities.flatMap((d) => densityPages(opts.rows, d));
  const small = opts.smallRows;
  if (small > 0 && small < opts.rows && opts.only.has('a'))
    for (const d of opts.densities)
      for (const twin of densityPages(small, d, `-${small}`))
        pages.push({ ...twin, twinOf: twin.name.replace(`-${small}`, '') });
  if (opts.only.has('g') || opts.only.has('h'))
    pages.push({
      name: 'github-issue',
      kind: 'issue',
      label: 'GitHub issue page, one linked ticket',
      url: GITHUB_ISSUE_URL,
      rows: 1,
      density: 100,
      linked: [12, ...issueLatency.latencyIssues(opts.inserts)],
      body: githubIssueView(12),
      key: (n) => githubKey(n),
      tracker: 'github',
    });
  return pages;
}

/**
 * Example OKRs, then every page's linked rows (and the rows (c) inserts on the 5 % pages)
 * linked to one example KR each, written in one import (links may name stored KRs).
 */
async function seed(on, opts, pages) {
  const options = await loadExampleOkrs(on.context, on.extensionId);
  const krs = await sendFrom(options, { type: 'searchKeyResults', query: '' });
  const keys = new Set();
  for (const p of pages.filter((x) => !x.twinOf)) {
    for (const n of p.linked) keys.add(p.key(n));
    // Rows inserted by (c) are linked too: unlinked rows get no badge at all (by design), so
    // only linked ones have a latency to measure.
    if (p.density === 5) for (let i = 1; i <= opts.inserts; i++) keys.add(p.key(opts.rows + i));
  }
  const createdAt = new Date().toISOString();
  const links = [...keys].map((ticket, i) => ({
    ticket,
    keyResultId: krs[i % krs.length].id,
    createdAt,
    source: 'user',
  }));
  await sendFrom(options, { type: 'importFile', file: { format: 'okr-lens', version: 1, links } });
  await options.close(); // its live reads would re-run on every background write
  return links.length;
}

/** Two browsers serving the pages: the extension ON and OFF. */
async function launchPair({ ext, opts, log, cleanups }, pages) {
  const bodies = new Map(pages.map((p) => [p.url, p.body]));
  const bodyFor = (u) =>
    bodies.get(`${u.origin}${u.pathname}${u.search}`) ??
    '<!doctype html><title>bench</title><p>not part of the benchmark</p>';
  log(`Launching Chromium twice (extension ON / OFF), ${opts.rows}-row pages …`);
  const on = await launch({ extension: ext, label: 'bench-on' });
  cleanups.add(on.cleanup);
  const off = await launch({ label: 'bench-off' });
  cleanups.add(off.cleanup);
  for (const c of [on.context, off.context]) await serveTrackers(c, bodyFor);
  return { on, off };
}

/** One page: a warm-up pair (not counted), then sections a, b, c (or g, h) as chosen. */
async function benchPage(env, page, record) {
  const { on, off, opts } = env;
  if (page.kind === 'issue') {
    if (opts.only.has('g')) await issuePage.run(env, page, record);
    if (opts.only.has('h')) await issueLatency.run(env, page, record);
    return;
  }
  // Only linked rows get a host (unlinked rows stay quiet by design): settled = every linked
  // row has its badge and nothing changed for 500 ms.
  const want = { rows: record.linkedRows, linked: record.linkedRows };
  // Warm-up: caches, the background's ticket records, code caches.
  const w = await measureLoad(on.context, page.url, want);
  await measureLoad(off.context, page.url, { rows: page.rows, waitMs: w.totalMs ?? w.wallMs });
  const run = { want, state: { lastOn: w.totalMs ?? SETTLE_TIMEOUT } };
  if (opts.only.has('a')) await mainThread.run(env, page, record, run);
  if (opts.only.has('b') && opts.tracePairs > 0 && !page.twinOf)
    await longTask.run(env, page, record, run);
  if (opts.only.has('c') && !page.twinOf && page.density === 5)
    await badgeLatency.run(env, page, record, run);
}

/** Sections a–c: the browser's user agent and a record per page. */
export async function run(bench) {
  const { opts, log } = bench;
  const pages = trackerPages(opts);
  const { on, off } = await launchPair(bench, pages);
  const links = await seed(on, opts, pages);
  const browser = await userAgent(on.context);
  log(
    `Seeded: example OKRs and ${links} links (${opts.densities.map((d) => `${d} %`).join(', ')} of the rows of each list).`,
  );
  const env = { ...bench, on, off };
  const results = {};
  for (const page of pages) {
    if (page.kind !== 'issue' && !['a', 'b', 'c'].some((k) => opts.only.has(k))) continue;
    const record = (results[page.name] = {
      url: page.url,
      rows: page.rows,
      density: page.density,
      linkedRows: page.linked.length,
    });
    await benchPage(env, page, record);
  }
  mainThread.addMarginal(pages, results);
  await on.cleanup();
  await off.cleanup();
  return { browser, pages: results };
}
