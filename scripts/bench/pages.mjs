/**
 * The tracker-page sections (a–c) share one setup: two browsers, extension ON and OFF,
 * serving the same generated pages (a GitHub issue list and a Jira backlog, plus shorter twins
 * for the marginal cost), seeded like a user (example OKRs, 5 % of the rows linked). Each page
 * gets a warm-up load pair, then the chosen sections in order.
 */
import {
  GITHUB_LIST_URL,
  JIRA_BACKLOG_URL,
  githubIssueList,
  githubKey,
  jiraBacklog,
  jiraKey,
  linkedRows,
} from '../../test/bench/generate.mjs';
import { launch, loadExampleOkrs, sendFrom, serveTrackers } from '../../test/bench/harness.mjs';
import * as mainThread from './a-main-thread.mjs';
import * as longTask from './b-long-task.mjs';
import * as badgeLatency from './c-badge-latency.mjs';
import { SETTLE_TIMEOUT, measureLoad } from './load.mjs';
import { userAgent } from './popup-pages.mjs';

/** The pages to load: each tracker list at `opts.rows`, and (for a) at `opts.smallRows`. */
function trackerPages(opts) {
  const pages = [
    {
      name: 'github',
      label: `GitHub issue list`,
      url: `${GITHUB_LIST_URL}?q=is%3Aissue`,
      rows: opts.rows,
      body: githubIssueList(opts.rows),
      key: githubKey,
    },
    {
      name: 'jira',
      label: `Jira backlog`,
      url: JIRA_BACKLOG_URL,
      rows: opts.rows,
      body: jiraBacklog(opts.rows),
      key: jiraKey,
    },
  ];
  const small = opts.smallRows;
  // The same lists, shorter: part (a) only, for the marginal cost per row.
  if (small > 0 && small < opts.rows && opts.only.has('a'))
    pages.push(
      {
        ...pages[0],
        name: `github-${small}`,
        twinOf: 'github',
        rows: small,
        url: `${GITHUB_LIST_URL}?q=is%3Aissue+rows%3A${small}`,
        body: githubIssueList(small),
      },
      {
        ...pages[1],
        name: `jira-${small}`,
        twinOf: 'jira',
        rows: small,
        url: `${JIRA_BACKLOG_URL}?rows=${small}`,
        body: jiraBacklog(small),
      },
    );
  return pages;
}

/** Example OKRs, then 5 % of the rows (and the rows (c) inserts) linked through the background. */
async function seed(on, opts) {
  const options = await loadExampleOkrs(on.context, on.extensionId);
  const krs = await sendFrom(options, { type: 'searchKeyResults', query: '' });
  const linked = linkedRows(opts.rows);
  // Rows inserted by (c) are linked too: unlinked rows get no badge at all (by design), so
  // only linked ones have a latency to measure.
  const numbers = [...linked, ...Array.from({ length: opts.inserts }, (_, i) => opts.rows + 1 + i)];
  await options.evaluate(
    async ({ tickets, ids }) => {
      for (let i = 0; i < tickets.length; i++) {
        const r = await globalThis.chrome.runtime.sendMessage({
          type: 'link',
          ticket: tickets[i],
          keyResultIds: [ids[i % ids.length]],
        });
        if (!r?.ok) throw new Error(JSON.stringify(r?.error));
      }
    },
    { tickets: numbers.flatMap((n) => [githubKey(n), jiraKey(n)]), ids: krs.map((k) => k.id) },
  );
  await options.close(); // its live queries would re-render on every background write
  return linked;
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

/** One page: a warm-up pair (not counted), then sections a, b, c as chosen. */
async function benchPage(env, page, record) {
  const { on, off, opts } = env;
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
  if (opts.only.has('c') && !page.twinOf) await badgeLatency.run(env, page, record, run);
}

/** Sections a–c: the browser's user agent and a record per page. */
export async function run(bench) {
  const { opts, log } = bench;
  const pages = trackerPages(opts);
  const { on, off } = await launchPair(bench, pages);
  const linked = await seed(on, opts);
  const browser = await userAgent(on.context);
  log(
    `Seeded: example OKRs, ${linked.length} rows of each page linked to a KR (${((linked.length / opts.rows) * 100).toFixed(0)} %).`,
  );
  const env = { ...bench, on, off };
  const results = {};
  for (const page of pages) {
    const record = (results[page.name] = {
      url: page.url,
      rows: page.rows,
      linkedRows: linked.filter((n) => n <= page.rows).length,
    });
    await benchPage(env, page, record);
  }
  mainThread.addMarginal(pages, results);
  await on.cleanup();
  await off.cleanup();
  return { browser, pages: results };
}
