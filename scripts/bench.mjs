#!/usr/bin/env node
// `npm run bench`: what OKR Lens costs a tracker page, measured in one run against the same
// page with the extension OFF (a second browser profile launched without it). Figures are
// medians of alternating ON/OFF pairs; budgets are printed next to them, never asserted
// (machines are noisy). Writes the same figures as JSON to tmp/bench.json.
//
//   (a) extra main-thread time from navigation until the badges settled (CDP Performance
//       TaskDuration and ThreadTime), per page and per 100 rows; with a second, shorter list
//       of the same rows (--small-rows) the marginal cost per 100 rows too (the slope between
//       the two sizes, free of the fixed cost of loading the script)
//   (b) the longest main-thread task (Chrome trace: RunTask on the page's renderer main thread)
//   (c) anchor inserted → badge host present (20 rows, one at a time, timed in the page)
//   (d) gzipped size of each built content script
//   (e) popup ready time, empty store vs a big one (if the build has popup.html): the first
//       opening after a change (the background answers) and a repeat opening (the popup's
//       snapshot paints), next to two floors: a page without script and a React-only page
//   (f) coverage computation, empty vs big store (Vitest bench, test/bench/coverage.bench.ts)
//
// Options: --pairs N (5)  --trace-pairs N (3)  --popup-pairs N (12)  --rows N (1000)
//          --small-rows N (200; 0: none)  --inserts N (20)  --only a,b,c,d,e  --out FILE (tmp/bench.json)  --build|--no-build
//          --popup-path P (measure another extension page as the popup, e.g. options.html)
// OKR_LENS_CHROMIUM overrides /usr/bin/chromium. Everything is served by request routing.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  chromiumPath,
  ensureBuild,
  launch,
  loadExampleOkrs,
  removeDir,
  root,
  sendFrom,
  serveTrackers,
  snapshotBuild,
} from '../test/bench/harness.mjs';
import {
  GITHUB_LIST_URL,
  JIRA_BACKLOG_URL,
  bigStore,
  githubIssueList,
  githubKey,
  jiraBacklog,
  jiraKey,
  linkedRows,
  rowTemplates,
} from '../test/bench/generate.mjs';

const BUDGET = {
  extraPer100Rows: 16, // ms of main-thread time per 100 rows
  longTask: 50, // ms
  badgeFrames: 1, // frames of 16.7 ms
  contentScriptGzip: 60 * 1024, // bytes
  popupReady: 100, // ms
};
const FRAME = 1000 / 60;
const STABLE_MS = 500;
const SETTLE_TIMEOUT = 20_000;

// ---------------------------------------------------------------------------------------------
// Options

function parseArgs(argv) {
  const o = {
    pairs: 5,
    tracePairs: 3,
    popupPairs: 12,
    rows: 1000,
    smallRows: 200,
    inserts: 20,
    only: new Set(['a', 'b', 'c', 'd', 'e', 'f']),
    out: 'tmp/bench.json',
    build: undefined,
    popupPath: undefined,
  };
  const num = (v, name, min) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) fail(`${name} expects an integer ≥ ${min}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s);
    const val = () => inline ?? argv[++i];
    switch (flag) {
      case '--pairs':
        o.pairs = num(val(), flag, 1);
        break;
      case '--trace-pairs':
        o.tracePairs = num(val(), flag, 0);
        break;
      case '--popup-pairs':
        o.popupPairs = num(val(), flag, 1);
        break;
      case '--rows':
        o.rows = num(val(), flag, 20);
        break;
      case '--small-rows':
        o.smallRows = num(val(), flag, 0);
        break;
      case '--inserts':
        o.inserts = num(val(), flag, 1);
        break;
      case '--only':
        o.only = new Set(
          val()
            .split(',')
            .map((s) => s.trim()),
        );
        break;
      case '--out':
        o.out = val();
        break;
      case '--popup-path':
        o.popupPath = val();
        break;
      case '--build':
        o.build = true;
        break;
      case '--no-build':
        o.build = false;
        break;
      case '-h':
      case '--help':
        console.log(
          readFileSync(new URL(import.meta.url), 'utf8')
            .split('\n')
            .slice(1, 17)
            .join('\n')
            .replace(/^\/\/ ?/gm, ''),
        );
        process.exit(0);
        break;
      default:
        fail(`unknown option ${argv[i]} (see --help)`);
    }
  }
  return o;
}

function fail(message) {
  throw Object.assign(new Error(message), { userFacing: true });
}

// ---------------------------------------------------------------------------------------------
// Statistics and formatting

const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const quantile = (xs, q) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
const round = (x, d = 1) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : null);
const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(x < 10 ? 1 : 0)} ms` : '—');
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : NaN);
const times = (r) => (Number.isFinite(r) ? `${r.toFixed(2)}×` : '—');
const verdict = (ok) => (ok === undefined ? '' : ok ? 'within' : 'OVER');

function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c] ?? '').length)));
  return rows
    .map((r, i) => {
      const line = r
        .map((cell, c) => String(cell ?? '').padEnd(widths[c]))
        .join('  ')
        .trimEnd();
      return i === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
    })
    .join('\n');
}

const sleep = (t) => new Promise((r) => setTimeout(r, t));
const now = () => performance.now();

// ---------------------------------------------------------------------------------------------
// Page loads: settle, metrics, traces

/** Hosts and linked hosts on the page (the badge contract). Same call ON and OFF. */
const countHosts = (page) =>
  page.evaluate(() => {
    const hosts = document.querySelectorAll('[data-okr-lens]');
    let linked = 0;
    for (const h of hosts) if (h.getAttribute('data-linked') === 'true') linked++;
    return [hosts.length, linked];
  });

/**
 * Poll until the host count reaches `rows`, at least `linked` hosts show linked KRs, and both
 * counts stay the same for 500 ms (ON); or for exactly `waitMs` (OFF: the same time, the same
 * polling). Times from `t0`.
 */
async function settle(page, t0, { rows, linked = 0, waitMs }) {
  let last = '';
  let since = now();
  for (;;) {
    const state = await countHosts(page);
    const sig = state.join('/');
    const t = now();
    if (sig !== last) {
      last = sig;
      since = t;
    }
    if (waitMs !== undefined) {
      if (t - t0 >= waitMs) return { settledMs: undefined, hosts: state[0], linked: state[1] };
    } else if (state[0] >= rows && state[1] >= linked && t - since >= STABLE_MS) {
      return { settledMs: since - t0, totalMs: t - t0, hosts: state[0], linked: state[1] };
    } else if (t - t0 > SETTLE_TIMEOUT) {
      return {
        settledMs: undefined,
        totalMs: t - t0,
        hosts: state[0],
        linked: state[1],
        timedOut: true,
      };
    }
    await sleep(50);
  }
}

const METRICS = [
  'TaskDuration',
  'ThreadTime',
  'ScriptDuration',
  'LayoutDuration',
  'RecalcStyleDuration',
  'JSHeapUsedSize',
];

async function getMetrics(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
  return Object.fromEntries(METRICS.map((k) => [k, m[k] ?? 0]));
}

/**
 * One load of `url` in a fresh tab: main-thread metrics from navigation until settled.
 * Chromium 156 starts the Performance counters anew with each document, so the tab opens on
 * about:blank (≈0) and the difference after the load is the new document's work since commit.
 */
async function measureLoad(ctx, url, { rows, linked, waitMs }) {
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  try {
    await cdp.send('Performance.enable');
    const m0 = await getMetrics(cdp);
    const t0 = now();
    await page.goto(url, { waitUntil: 'commit', timeout: 30_000 });
    const s = await settle(page, t0, { rows, linked, waitMs });
    const m1 = await getMetrics(cdp);
    const d = {};
    for (const k of METRICS) {
      const reset = m1[k] < m0[k];
      d[k] = k === 'JSHeapUsedSize' ? m1[k] : (reset ? m1[k] : m1[k] - m0[k]) * 1000;
    }
    return { ...s, wallMs: now() - t0, metrics: d };
  } finally {
    await cdp.detach().catch(() => {});
    await page.close();
  }
}

/** Same load under a Chrome trace; returns the main-thread task analysis. */
async function traceLoad(ctx, url, { rows, linked, waitMs }) {
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  try {
    const complete = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.start', {
      transferMode: 'ReturnAsStream',
      traceConfig: {
        includedCategories: [
          'devtools.timeline',
          'disabled-by-default-devtools.timeline',
          'toplevel',
          'v8.execute',
          '__metadata',
        ],
        recordMode: 'recordAsMuchAsPossible',
      },
    });
    const t0 = now();
    await page.goto(url, { waitUntil: 'commit', timeout: 30_000 });
    const s = await settle(page, t0, { rows, linked, waitMs });
    await cdp.send('Tracing.end');
    const { stream } = await complete;
    const chunks = [];
    for (;;) {
      const r = await cdp.send('IO.read', { handle: stream, size: 4 << 20 });
      chunks.push(r.base64Encoded ? Buffer.from(r.data, 'base64').toString('utf8') : r.data);
      if (r.eof) break;
    }
    await cdp.send('IO.close', { handle: stream });
    const parsed = JSON.parse(chunks.join(''));
    return { ...s, ...analyzeTrace(parsed.traceEvents ?? parsed, url) };
  } finally {
    await cdp.detach().catch(() => {});
    await page.close();
  }
}

const EXT_EVENTS = new Set(['EvaluateScript', 'FunctionCall', 'v8.compile', 'TimerFire']);
const extUrlOf = (e) => {
  const u = e.args?.data?.url ?? e.args?.fileName;
  return typeof u === 'string' && u.startsWith('chrome-extension://') ? u : undefined;
};

/**
 * The page's renderer main thread (CrRendererMain of the process that parsed `url`), its
 * longest RunTask, tasks over 50 ms, and the extension's share: top-level script events whose
 * URL is chrome-extension:// and the tasks that contain them.
 */
function analyzeTrace(events, url) {
  const mains = new Map(); // pid → tid of CrRendererMain
  for (const e of events)
    if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      mains.set(e.pid, e.tid);
  let pid;
  for (const e of events)
    if (e.name === 'ParseHTML' && mains.has(e.pid) && e.args?.beginData?.url === url) {
      pid = e.pid;
      break;
    }
  const runTasksOf = (p) =>
    events.filter(
      (e) => e.name === 'RunTask' && e.ph === 'X' && e.pid === p && e.tid === mains.get(p),
    );
  if (pid === undefined) {
    // Fallback: the renderer with the most task time.
    let best = 0;
    for (const p of mains.keys()) {
      const total = runTasksOf(p).reduce((a, e) => a + (e.dur ?? 0), 0);
      if (total > best) [best, pid] = [total, p];
    }
  }
  if (pid === undefined) return { longestTaskMs: NaN, error: 'renderer main thread not found' };
  const tid = mains.get(pid);
  const tasks = runTasksOf(pid).sort((a, b) => a.ts - b.ts);
  const ext = events
    .filter(
      (e) =>
        e.pid === pid && e.tid === tid && e.ph === 'X' && EXT_EVENTS.has(e.name) && extUrlOf(e),
    )
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  // Top-level extension events only (a v8.compile inside EvaluateScript counts once).
  const top = [];
  for (const e of ext) {
    const last = top.at(-1);
    if (last && e.ts >= last.ts && e.ts + (e.dur ?? 0) <= last.ts + (last.dur ?? 0)) continue;
    top.push(e);
  }
  const containing = (e) => tasks.find((t) => t.ts <= e.ts && t.ts + t.dur >= e.ts + (e.dur ?? 0));
  const extTasks = new Set(top.map(containing).filter(Boolean));
  const longest = tasks.reduce((a, t) => (t.dur > (a?.dur ?? -1) ? t : a), undefined);
  const longestExt = [...extTasks].reduce((a, t) => (t.dur > (a?.dur ?? -1) ? t : a), undefined);
  const longestExtEvent = top.reduce((a, e) => (e.dur > (a?.dur ?? -1) ? e : a), undefined);
  // The bench pages run no script of their own: once the content script started, a task that
  // parses no HTML is ours or rendering work our DOM changes caused (the relayout after badges
  // go in). Its longest is the fair "no task > 50 ms" figure, script or not.
  const parses = events
    .filter((e) => e.pid === pid && e.tid === tid && e.name === 'ParseHTML')
    .map((e) => [e.ts, e.ts + (e.dur ?? 0)]);
  const extStart = top[0]?.ts;
  const after =
    extStart === undefined
      ? []
      : tasks.filter(
          (t) => t.ts + t.dur >= extStart && !parses.some(([a, b]) => a < t.ts + t.dur && b > t.ts),
        );
  const longestAfter = after.reduce((a, t) => (t.dur > (a?.dur ?? -1) ? t : a), undefined);
  return {
    longestTaskMs: longest ? longest.dur / 1000 : NaN,
    tasksOver50: tasks.filter((t) => t.dur > 50_000).length,
    extScriptMs: top.reduce((a, e) => a + (e.dur ?? 0), 0) / 1000,
    extLongestTaskMs: longestExt ? longestExt.dur / 1000 : 0,
    extTasksOver50: [...extTasks].filter((t) => t.dur > 50_000).length,
    afterExtLongestTaskMs: longestAfter ? longestAfter.dur / 1000 : 0,
    afterExtTasksOver50: after.filter((t) => t.dur > 50_000).length,
    extLongestEvent: longestExtEvent
      ? `${longestExtEvent.name} ${extUrlOf(longestExtEvent).replace(/^chrome-extension:\/\/[^/]+\//, '')} ${(longestExtEvent.dur / 1000).toFixed(1)} ms`
      : undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// Badge latency

/**
 * Insert `count` rows one at a time; for each, a MutationObserver registered synchronously
 * before the insertion records when the row's `[data-okr-lens]` host appears. (A promise
 * continuation would run after the mutation callbacks and miss a host inserted at once.)
 */
async function badgeLatency(page, tpl, { count, first }) {
  return page.evaluate(
    async ({ html, container, keys, first }) => {
      const list = document.querySelector(container);
      if (!list) return { error: `no ${container}` };
      const out = [];
      for (let i = 0; i < keys.length; i++) {
        const n = first + i;
        const key = keys[i];
        const result = await new Promise((resolve) => {
          let t0 = 0;
          let timer = 0;
          const seen = (node) =>
            node.nodeType === 1 &&
            (node.matches('[data-okr-lens]') ? node : node.querySelector?.('[data-okr-lens]'));
          const mo = new MutationObserver((records) => {
            const t1 = performance.now();
            for (const r of records)
              for (const node of r.addedNodes) {
                const host = seen(node);
                if (host && host.getAttribute('data-ticket') === key) {
                  mo.disconnect();
                  clearTimeout(timer);
                  resolve({ ms: t1 - t0 });
                  return;
                }
              }
          });
          mo.observe(document.documentElement, { childList: true, subtree: true });
          timer = setTimeout(() => {
            mo.disconnect();
            resolve({ ms: null });
          }, 3000);
          const t = document.createElement('template');
          t.innerHTML = html.replaceAll('__N__', String(n));
          const row = t.content.firstElementChild;
          t0 = performance.now();
          list.prepend(row);
        });
        out.push(result.ms);
        // Let the page go idle between insertions, as a user-paced update would.
        await new Promise((r) => setTimeout(r, 120));
      }
      return { samples: out };
    },
    {
      html: tpl.html,
      container: tpl.container,
      keys: [...Array(count)].map((_, i) => tpl.key(first + i)),
      first,
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Popup

/** Records, in the popup, when `[data-ready="true"]` appears (else DCL and main's 1st child). */
function readyProbe() {
  const w = window;
  const check = () => {
    if (!w.__okrReadyAt && document.querySelector('[data-ready="true"]'))
      w.__okrReadyAt = performance.now();
    const main = document.querySelector('main');
    if (!w.__okrMainChildAt && main && main.firstElementChild)
      w.__okrMainChildAt = performance.now();
  };
  new MutationObserver(check).observe(document, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['data-ready'],
  });
  document.addEventListener('DOMContentLoaded', () => {
    w.__okrDclAt = performance.now();
    check();
  });
}

/** The popup's snapshot of its last summary (entrypoints/popup/snapshot.ts). */
const SNAPSHOT_KEY = 'okrLens.popup.snapshot';

async function openPopup(ctx, url, mode, { dropSnapshot = false, settle = false } = {}) {
  const page = await ctx.newPage();
  try {
    // Removed before any script of the page runs: the opening after a write, which must ask
    // the background (the snapshot no longer matches the revision).
    if (dropSnapshot) await page.addInitScript((k) => localStorage.removeItem(k), SNAPSHOT_KEY);
    await page.addInitScript(readyProbe);
    await page.goto(url, { waitUntil: 'commit' });
    const wait = (fn, timeout, arg = null) =>
      page.waitForFunction(fn, arg, { timeout, polling: 10 }).then(
        (h) => h.jsonValue(),
        () => null,
      );
    if (mode !== 'fallback') {
      const t = await wait(() => window.__okrReadyAt ?? false, 15_000);
      // Untimed: let the popup finish its work (the summary with counts, then its snapshot)
      // so it does not keep the service worker busy under the next opening.
      if (t !== null && settle)
        await wait((k) => localStorage.getItem(k) !== null, 60_000, SNAPSHOT_KEY);
      if (t !== null) return { ms: t, mode: 'ready' };
      if (mode === 'ready') return { ms: NaN, mode: 'ready' };
    }
    const t = await wait(
      () =>
        window.__okrDclAt && window.__okrMainChildAt
          ? Math.max(window.__okrDclAt, window.__okrMainChildAt)
          : false,
      10_000,
    );
    return { ms: t ?? NaN, mode: 'fallback' };
  } finally {
    await page.close();
  }
}

async function userAgent(ctx) {
  const page = await ctx.newPage();
  try {
    return await page.evaluate(() => navigator.userAgent);
  } finally {
    await page.close();
  }
}

/**
 * bench-react.html + bench-react.js in `ext`: React 19 rendering one <main data-ready>, built
 * by Vite in production mode like the popup. The floor under which no React popup can go.
 */
async function buildReactFloor(ext) {
  const { build } = await import('vite');
  const dir = path.join(root, 'tmp', 'bench-react-floor');
  mkdirSync(dir, { recursive: true });
  const entry = path.join(dir, 'entry.js');
  writeFileSync(
    entry,
    "import { createElement } from 'react';\nimport { createRoot } from 'react-dom/client';\n" +
      "createRoot(document.getElementById('root')).render(createElement('main', { 'data-ready': 'true' }, 'React floor'));\n",
  );
  await build({
    configFile: false,
    logLevel: 'silent',
    root,
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      outDir: dir,
      emptyOutDir: false,
      write: true,
      minify: true,
      rollupOptions: { input: entry, output: { entryFileNames: 'bench-react.js', format: 'es' } },
    },
  });
  writeFileSync(path.join(ext, 'bench-react.js'), readFileSync(path.join(dir, 'bench-react.js')));
  writeFileSync(
    path.join(ext, 'bench-react.html'),
    '<!doctype html><html><head><meta charset="utf-8"><title>react</title><script type="module" src="/bench-react.js"></script></head><body><div id="root"></div></body></html>',
  );
  return true;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = now();
  const log = (...a) => console.log(...a);
  chromiumPath();
  ensureBuild({ force: opts.build === true, skip: opts.build === false, log });
  const ext = await snapshotBuild('bench');
  const result = {
    startedAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version },
    options: { ...opts, only: [...opts.only] },
    budgets: BUDGET,
  };
  // Contexts first, the build copy last (cleanups run again at the end: all idempotent).
  const cleanups = [];
  const dropCopy = () => removeDir(ext);
  const onSignal = () => {
    console.log('\nStopping the bench…');
    stopping = Promise.all(cleanups.map((c) => c()))
      .then(dropCopy)
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    // (d) sizes first: no browser needed.
    if (opts.only.has('d')) {
      const dir = path.join(ext, 'content-scripts');
      result.contentScripts = existsSync(dir)
        ? readdirSync(dir)
            .filter((f) => f.endsWith('.js'))
            .sort()
            .map((f) => {
              const buf = readFileSync(path.join(dir, f));
              const gz = gzipSync(buf, { level: 9 }).length;
              return {
                file: f,
                bytes: buf.length,
                gzipBytes: gz,
                withinBudget: gz <= BUDGET.contentScriptGzip,
              };
            })
        : [];
    }

    result.timingsS = {};
    const section = (name, t0) => (result.timingsS[name] = round((now() - t0) / 1000));
    const pageBench = ['a', 'b', 'c'].some((k) => opts.only.has(k));
    const tPages = now();
    if (pageBench) {
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
      // The same lists, shorter: part (a) only, for the marginal cost per row.
      if (opts.smallRows > 0 && opts.smallRows < opts.rows && opts.only.has('a')) {
        pages.push(
          {
            ...pages[0],
            name: `github-${opts.smallRows}`,
            twinOf: 'github',
            rows: opts.smallRows,
            url: `${GITHUB_LIST_URL}?q=is%3Aissue+rows%3A${opts.smallRows}`,
            body: githubIssueList(opts.smallRows),
          },
          {
            ...pages[1],
            name: `jira-${opts.smallRows}`,
            twinOf: 'jira',
            rows: opts.smallRows,
            url: `${JIRA_BACKLOG_URL}?rows=${opts.smallRows}`,
            body: jiraBacklog(opts.smallRows),
          },
        );
      }
      const bodies = new Map(pages.map((p) => [p.url, p.body]));
      const bodyFor = (u) =>
        bodies.get(`${u.origin}${u.pathname}${u.search}`) ??
        '<!doctype html><title>bench</title><p>not part of the benchmark</p>';
      log(`Launching Chromium twice (extension ON / OFF), ${opts.rows}-row pages …`);
      const on = await launch({ extension: ext, label: 'bench-on' });
      cleanups.push(on.cleanup);
      const off = await launch({ label: 'bench-off' });
      cleanups.push(off.cleanup);
      for (const c of [on.context, off.context]) await serveTrackers(c, bodyFor);

      // Seed like a user (example OKRs), then link 5 % of the rows through the background.
      const options = await loadExampleOkrs(on.context, on.extensionId);
      const krs = await sendFrom(options, { type: 'searchKeyResults', query: '' });
      const linked = linkedRows(opts.rows);
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
        {
          // Rows inserted by (c) are linked too: unlinked rows get no badge at all (by design),
          // so only linked ones have a latency to measure.
          tickets: [
            ...linked,
            ...Array.from({ length: opts.inserts }, (_, i) => opts.rows + 1 + i),
          ].flatMap((n) => [githubKey(n), jiraKey(n)]),
          ids: krs.map((k) => k.id),
        },
      );
      await options.close(); // its live queries would re-render on every background write
      result.browser = await userAgent(on.context);
      log(
        `Seeded: example OKRs, ${linked.length} rows of each page linked to a KR (${((linked.length / opts.rows) * 100).toFixed(0)} %).`,
      );

      result.pages = {};
      for (const p of pages) {
        const r = (result.pages[p.name] = {
          url: p.url,
          rows: p.rows,
          linkedRows: linked.filter((n) => n <= p.rows).length,
        });
        // Only linked rows get a host (unlinked rows stay quiet by design): settled = every
        // linked row has its badge and nothing changed for STABLE_MS. (It waited for a host
        // per row before, so every ON load ran into the 20 s timeout.)
        const want = { rows: r.linkedRows, linked: r.linkedRows };
        // Warm-up (not counted): caches, the background's ticket records, code caches.
        const w = await measureLoad(on.context, p.url, want);
        await measureLoad(off.context, p.url, { rows: p.rows, waitMs: w.totalMs ?? w.wallMs });
        let lastOn = w.totalMs ?? SETTLE_TIMEOUT;

        if (opts.only.has('a')) {
          r.loads = [];
          for (let i = 0; i < opts.pairs; i++) {
            const pair = {};
            for (const mode of i % 2 === 0 ? ['on', 'off'] : ['off', 'on']) {
              if (mode === 'on') {
                pair.on = await measureLoad(on.context, p.url, want);
                lastOn = pair.on.totalMs ?? pair.on.wallMs;
              } else
                pair.off = await measureLoad(off.context, p.url, {
                  rows: p.rows,
                  waitMs: lastOn,
                });
            }
            r.loads.push(pair);
            log(
              `  ${p.name} load pair ${i + 1}/${opts.pairs}: Task ON ${ms(pair.on.metrics.TaskDuration)} / OFF ${ms(pair.off.metrics.TaskDuration)}, badges settled ${ms(pair.on.settledMs)} (${pair.on.hosts} hosts, ${pair.on.linked} linked)`,
            );
          }
          const pick = (m, k) => r.loads.map((l) => l[m].metrics[k]);
          const diff = (k) => r.loads.map((l) => l.on.metrics[k] - l.off.metrics[k]);
          r.summary = {};
          for (const k of ['TaskDuration', 'ThreadTime', 'ScriptDuration']) {
            const onM = median(pick('on', k));
            const offM = median(pick('off', k));
            const extra = median(diff(k));
            r.summary[k] = {
              onMs: round(onM),
              offMs: round(offM),
              extraMs: round(extra),
              extraIqrMs: [round(quantile(diff(k), 0.25)), round(quantile(diff(k), 0.75))],
              ratio: round(ratio(onM, offM), 2),
              extraPer100RowsMs: round(extra / (p.rows / 100), 2),
            };
          }
          r.summary.settledMs = round(median(r.loads.map((l) => l.on.settledMs)));
          r.summary.hosts = median(r.loads.map((l) => l.on.hosts));
          r.summary.linkedHosts = median(r.loads.map((l) => l.on.linked));
          r.summary.timedOut = r.loads.filter((l) => l.on.timedOut).length;
          r.summary.jsHeapOnMB = round(median(pick('on', 'JSHeapUsedSize')) / 1048576);
          r.summary.jsHeapOffMB = round(median(pick('off', 'JSHeapUsedSize')) / 1048576);
        }

        if (opts.only.has('b') && opts.tracePairs > 0 && !p.twinOf) {
          r.traces = [];
          for (let i = 0; i < opts.tracePairs; i++) {
            const pair = {};
            for (const mode of i % 2 === 0 ? ['on', 'off'] : ['off', 'on']) {
              if (mode === 'on') {
                pair.on = await traceLoad(on.context, p.url, want);
                lastOn = pair.on.totalMs ?? lastOn;
              } else
                pair.off = await traceLoad(off.context, p.url, { rows: p.rows, waitMs: lastOn });
            }
            r.traces.push(pair);
            log(
              `  ${p.name} trace pair ${i + 1}/${opts.tracePairs}: longest task ON ${ms(pair.on.longestTaskMs)} / OFF ${ms(pair.off.longestTaskMs)}; extension's longest ${ms(pair.on.extLongestTaskMs)} (${pair.on.extLongestEvent ?? 'no extension script seen'}); longest after it began ${ms(pair.on.afterExtLongestTaskMs)}`,
            );
          }
          const t = (m, k) => r.traces.map((x) => x[m][k]);
          r.traceSummary = {
            longestOnMs: round(median(t('on', 'longestTaskMs'))),
            longestOffMs: round(median(t('off', 'longestTaskMs'))),
            maxLongestOnMs: round(Math.max(...t('on', 'longestTaskMs'))),
            extLongestTaskMs: round(median(t('on', 'extLongestTaskMs'))),
            extScriptMs: round(median(t('on', 'extScriptMs'))),
            tasksOver50On: median(t('on', 'tasksOver50')),
            tasksOver50Off: median(t('off', 'tasksOver50')),
            extTasksOver50: median(t('on', 'extTasksOver50')),
            afterExtLongestMs: round(median(t('on', 'afterExtLongestTaskMs'))),
            afterExtMaxMs: round(Math.max(...t('on', 'afterExtLongestTaskMs'))),
            afterExtTasksOver50: median(t('on', 'afterExtTasksOver50')),
          };
        }

        if (opts.only.has('c') && !p.twinOf) {
          const tpl = rowTemplates()[p.name];
          const page = await on.context.newPage();
          await page.goto(p.url, { waitUntil: 'commit' });
          const s = await settle(page, now(), want);
          const lat = await badgeLatency(page, tpl, { count: opts.inserts, first: opts.rows + 1 });
          await page.close();
          const samples = lat.samples ?? [];
          const got = samples.filter((x) => x !== null);
          r.latency = {
            samplesMs: samples.map((x) => (x === null ? null : round(x, 2))),
            missed: samples.length - got.length,
            medianMs: round(median(got), 2),
            p95Ms: round(quantile(got, 0.95), 2),
            medianFrames: round(median(got) / FRAME, 2),
            p95Frames: round(quantile(got, 0.95) / FRAME, 2),
            pageSettled: !s.timedOut,
            error: lat.error,
          };
          log(
            `  ${p.name} badge latency: median ${ms(r.latency.medianMs)}, p95 ${ms(r.latency.p95Ms)}${r.latency.missed ? `, ${r.latency.missed} missed` : ''}`,
          );
        }
      }
      // Marginal cost: the slope of the extra time between the short and the long list.
      for (const p of pages) {
        const small = result.pages[p.name];
        const big = p.twinOf && result.pages[p.twinOf];
        if (!big?.summary || !small?.summary) continue;
        const per100 = (big.rows - small.rows) / 100;
        big.marginal = { fromRows: small.rows, toRows: big.rows };
        for (const k of ['TaskDuration', 'ThreadTime', 'ScriptDuration'])
          big.marginal[k] = {
            per100RowsMs: round((big.summary[k].extraMs - small.summary[k].extraMs) / per100, 2),
            fixedMs: round(
              small.summary[k].extraMs -
                ((big.summary[k].extraMs - small.summary[k].extraMs) / per100) * (small.rows / 100),
            ),
          };
      }
      await on.cleanup();
      await off.cleanup();
    }

    // (e) Popup ready, empty store vs big store.
    if (pageBench) section('pages', tPages);
    const tPopup = now();
    if (opts.only.has('e')) {
      const popupPath = opts.popupPath ?? 'popup.html';
      if (!existsSync(path.join(ext, popupPath))) {
        result.popup = { skipped: `no ${popupPath} in the build` };
        log(`Popup: skipped (no ${popupPath} in .output/chrome-mv3).`);
      } else {
        log(`Popup (${popupPath}): empty store vs big store, ${opts.popupPairs} pairs …`);
        const empty = await launch({ extension: ext, label: 'bench-empty' });
        cleanups.push(empty.cleanup);
        const big = await launch({ extension: ext, label: 'bench-big' });
        cleanups.push(big.cleanup);
        result.browser ??= await userAgent(big.context);
        const store = bigStore();
        const opt = await big.context.newPage();
        await opt.goto(`chrome-extension://${big.extensionId}/options.html`);
        const ti = now();
        const counts = await sendFrom(opt, { type: 'importFile', file: store });
        const importMs = now() - ti;
        await opt.close();
        log(
          `  big store imported in ${ms(importMs)} (${store.objectives.length} objectives, ${store.keyResults.length} KRs, ${store.tickets.length} tickets, ${store.links.length} links)`,
        );
        // What the popup waits for: the background's summary, timed from an extension page
        // (diagnostic; a failure just leaves it out, e.g. a build without this request).
        const summaryRoundTrip = async (c) => {
          const pg = await c.context.newPage();
          try {
            await pg.goto(`chrome-extension://${c.extensionId}/options.html`);
            return await pg.evaluate(async () => {
              const out = [];
              for (let i = 0; i < 3; i++) {
                const t = performance.now();
                const r = await globalThis.chrome.runtime.sendMessage({ type: 'quarterSummary' });
                if (!r?.ok) return null;
                out.push(performance.now() - t);
              }
              return out;
            });
          } catch {
            return null;
          } finally {
            await pg.close();
          }
        };
        const rtEmpty = await summaryRoundTrip(empty);
        const rtBig = await summaryRoundTrip(big);
        const url = (c) => `chrome-extension://${c.extensionId}/${popupPath}`;
        // Two floors, opened the same way, written into the bench's copy of the build (the
        // product has neither): an extension page with no script, and one that only renders a
        // <main> with React 19 (the popup's framework, bundled the way the popup is).
        writeFileSync(
          path.join(ext, 'bench-blank.html'),
          '<!doctype html><html><head><meta charset="utf-8"><title>blank</title></head><body><main data-ready="true"><p>blank</p></main></body></html>',
        );
        const reactFloor = await buildReactFloor(ext).catch((e) => {
          log(`  (no React floor: ${e.message})`);
          return false;
        });
        // Warm-up, and which readiness signal the popup gives; these also save the snapshots.
        const first = await openPopup(big.context, url(big), 'detect', { settle: true });
        await openPopup(empty.context, url(empty), first.mode, { settle: true });
        // Four series in rotating order: empty/big × first opening after a change (no
        // snapshot: the background answers) / repeat opening (the snapshot paints), + blank.
        const series = {
          blank: [],
          react: [],
          emptyFresh: [],
          bigFresh: [],
          emptySnap: [],
          bigSnap: [],
        };
        const plan = [
          ['blank', empty, 'ready', `chrome-extension://${empty.extensionId}/bench-blank.html`],
          ...(reactFloor
            ? [
                [
                  'react',
                  empty,
                  'ready',
                  `chrome-extension://${empty.extensionId}/bench-react.html`,
                ],
              ]
            : []),
          ['emptyFresh', empty, first.mode, url(empty), true],
          ['bigFresh', big, first.mode, url(big), true],
          ['emptySnap', empty, first.mode, url(empty), false],
          ['bigSnap', big, first.mode, url(big), false],
        ];
        for (let i = 0; i < opts.popupPairs; i++) {
          const order = plan.map((_, j) => plan[(i + j) % plan.length]);
          for (const [name, c, mode, u, dropSnapshot] of order) {
            const settle = name !== 'blank' && name !== 'react';
            series[name].push((await openPopup(c.context, u, mode, { dropSnapshot, settle })).ms);
          }
        }
        const samples = { empty: series.emptyFresh, big: series.bigFresh };
        await empty.cleanup();
        await big.cleanup();
        const e = median(samples.empty);
        const b = median(samples.big);
        result.popup = {
          page: popupPath,
          readiness:
            first.mode === 'ready'
              ? '[data-ready="true"]'
              : 'DOMContentLoaded + first <main> child (no [data-ready] element)',
          importMs: round(importMs),
          importCounts: counts,
          emptyMedianMs: round(e),
          bigMedianMs: round(b),
          emptyP90Ms: round(quantile(samples.empty, 0.9)),
          bigP90Ms: round(quantile(samples.big, 0.9)),
          ratio: round(ratio(b, e), 2),
          blankMedianMs: round(median(series.blank)),
          reactMedianMs: series.react.length ? round(median(series.react)) : null,
          snapshot: {
            emptyMedianMs: round(median(series.emptySnap)),
            bigMedianMs: round(median(series.bigSnap)),
            emptyP90Ms: round(quantile(series.emptySnap, 0.9)),
            bigP90Ms: round(quantile(series.bigSnap, 0.9)),
          },
          quarterSummaryMs: {
            empty: rtEmpty ? round(median(rtEmpty)) : null,
            big: rtBig ? round(median(rtBig)) : null,
          },
          samples: Object.fromEntries(
            Object.entries(series).map(([k, v]) => [k, v.map((x) => round(x))]),
          ),
        };
        section('popup', tPopup);
      }
    }
  } finally {
    await Promise.all(cleanups.map((c) => c()));
    await dropCopy();
  }

  // (f) Coverage computation: a Vitest benchmark over the pure function (TypeScript), big store
  // against an empty one in the same run. Budget ≤ 50 ms.
  if (opts.only.has('f')) {
    const json = path.join(root, 'tmp', 'coverage-bench.json');
    const r = spawnSync(
      'npx',
      ['vitest', 'bench', '--run', 'test/bench/coverage.bench.ts', '--outputJson', json],
      { cwd: root, stdio: 'ignore' },
    );
    if (r.status === 0 && existsSync(json)) {
      const benches = JSON.parse(readFileSync(json, 'utf8')).files[0].groups[0].benchmarks;
      const empty = benches.find((b) => b.name.startsWith('empty'));
      const big = benches.find((b) => b.name.startsWith('big'));
      result.coverage = {
        emptyMeanMs: round(empty.mean, 3),
        bigMeanMs: round(big.mean, 1),
        bigMedianMs: round(big.median ?? big.p50 ?? big.mean, 1),
        bigMinMs: round(big.min, 1),
        ratio: round(big.mean / empty.mean, 0),
      };
      log(
        `coverage: empty ${result.coverage.emptyMeanMs} ms, big ${result.coverage.bigMeanMs} ms mean (min ${result.coverage.bigMinMs}) — budget ≤ 50 ms: ${result.coverage.bigMeanMs <= 50 ? 'ok' : 'OVER'}`,
      );
    } else log('coverage: the Vitest benchmark failed');
  }

  result.durationS = round((now() - started) / 1000);
  const out = path.resolve(root, opts.out);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  report(result, opts);
  const parts = Object.entries(result.timingsS ?? {}).map(([k, v]) => `${k} ${v} s`);
  log(
    `\nJSON: ${path.relative(root, out)} · total ${result.durationS} s${parts.length ? ` (${parts.join(', ')})` : ''}`,
  );
  return 0;
}

function report(r, opts) {
  const out = [];
  out.push('');
  out.push(
    `OKR Lens bench · ${r.browser?.match(/Chrome\/[\d.]+/)?.[0] ?? 'Chromium'} · ${r.machine.cpus} CPUs · ${opts.rows} rows · ${opts.pairs} load pairs, ${opts.tracePairs} trace pairs (medians; budgets shown, not asserted)`,
  );
  if (r.pages) {
    const rows = [
      [
        'page',
        'metric',
        'ext ON',
        'ext OFF',
        'extra (pairs p25…p75)',
        'ON/OFF',
        'extra/100 rows',
        `budget ≤ ${BUDGET.extraPer100Rows} ms/100 rows`,
      ],
    ];
    for (const [name, p] of Object.entries(r.pages)) {
      if (!p.summary) continue;
      for (const k of ['TaskDuration', 'ThreadTime', 'ScriptDuration']) {
        const s = p.summary[k];
        rows.push([
          k === 'TaskDuration' ? `${name} (${p.rows})` : '',
          k,
          ms(s.onMs),
          ms(s.offMs),
          `${ms(s.extraMs)} (${s.extraIqrMs.map((x) => Math.round(x)).join('…')})`,
          times(s.ratio),
          ms(s.extraPer100RowsMs),
          k === 'ScriptDuration'
            ? '(undercounts)'
            : verdict(s.extraPer100RowsMs <= BUDGET.extraPer100Rows),
        ]);
      }
    }
    // The marginal rows: the slope between the two list sizes, without the fixed cost.
    for (const [name, p] of Object.entries(r.pages)) {
      if (!p.marginal) continue;
      for (const k of ['TaskDuration', 'ThreadTime']) {
        const m = p.marginal[k];
        rows.push([
          k === 'TaskDuration' ? `${name} ${p.marginal.fromRows}→${p.marginal.toRows}` : '',
          k,
          '',
          '',
          `fixed ≈ ${ms(m.fixedMs)}`,
          '',
          ms(m.per100RowsMs),
          verdict(m.per100RowsMs <= BUDGET.extraPer100Rows) + ' (marginal)',
        ]);
      }
    }
    if (rows.length > 1) {
      out.push('\n(a) Main-thread time, navigation → badges settled (CDP Performance.getMetrics)');
      out.push(table(rows));
      for (const [name, p] of Object.entries(r.pages))
        if (p.summary)
          out.push(
            `    ${name}: badges settled ${ms(p.summary.settledMs)} after navigation · ${p.summary.hosts} hosts for ${p.rows} rows, ${p.summary.linkedHosts} linked` +
              `${p.summary.timedOut ? ` · ${p.summary.timedOut} loads never settled` : ''} · JS heap ${p.summary.jsHeapOnMB} MB ON / ${p.summary.jsHeapOffMB} MB OFF`,
          );
    }
    const trows = [
      [
        'page',
        'longest task ON',
        'OFF',
        'max ON',
        "extension's longest task",
        'longest after the script began (max)',
        'ext script total',
        'tasks > 50 ms ON/OFF',
        `budget: no task > ${BUDGET.longTask} ms`,
      ],
    ];
    for (const [name, p] of Object.entries(r.pages)) {
      const t = p.traceSummary;
      if (!t) continue;
      trows.push([
        name,
        ms(t.longestOnMs),
        ms(t.longestOffMs),
        ms(t.maxLongestOnMs),
        ms(t.extLongestTaskMs),
        t.afterExtLongestMs === undefined
          ? '—'
          : `${ms(t.afterExtLongestMs)} (${ms(t.afterExtMaxMs)})`,
        ms(t.extScriptMs),
        `${t.tasksOver50On} / ${t.tasksOver50Off}`,
        verdict(Math.max(t.extLongestTaskMs, t.afterExtMaxMs ?? 0) <= BUDGET.longTask) +
          (t.extLongestTaskMs > BUDGET.longTask
            ? ' (extension task)'
            : (t.afterExtMaxMs ?? 0) > BUDGET.longTask
              ? ' (after the script began)'
              : ''),
      ]);
    }
    if (trows.length > 1) {
      out.push(
        '\n(b) Longest main-thread task (Chrome trace, RunTask on the page renderer main thread)',
      );
      out.push(table(trows));
      for (const [name, p] of Object.entries(r.pages)) {
        const ev = p.traces?.map((t) => t.on.extLongestEvent).filter(Boolean);
        if (ev?.length)
          out.push(`    ${name}: longest extension script event per ON trace: ${ev.join(' | ')}`);
      }
    }
    const lrows = [
      [
        'page',
        'median',
        'p95',
        'frames (median / p95)',
        'missed',
        `budget: ≤ ${BUDGET.badgeFrames} frame`,
      ],
    ];
    for (const [name, p] of Object.entries(r.pages)) {
      const l = p.latency;
      if (!l) continue;
      lrows.push([
        name,
        ms(l.medianMs),
        ms(l.p95Ms),
        `${l.medianFrames ?? '—'} / ${l.p95Frames ?? '—'}`,
        `${l.missed}/${l.samplesMs.length}`,
        verdict(l.p95Frames !== null && l.p95Frames <= BUDGET.badgeFrames && l.missed === 0),
      ]);
    }
    if (lrows.length > 1) {
      out.push(
        `\n(c) Row inserted → its badge host present (${opts.inserts} rows, one at a time, on the loaded page)`,
      );
      out.push(table(lrows));
    }
  }
  if (r.contentScripts) {
    out.push('\n(d) Content scripts (gzip -9)');
    out.push(
      table([
        ['file', 'raw', 'gzip', `budget ≤ ${kb(BUDGET.contentScriptGzip)}`],
        ...r.contentScripts.map((c) => [
          c.file,
          kb(c.bytes),
          kb(c.gzipBytes),
          verdict(c.withinBudget),
        ]),
      ]),
    );
  }
  if (r.popup) {
    out.push('\n(e) Popup ready');
    if (r.popup.skipped) out.push(`    skipped: ${r.popup.skipped}`);
    else {
      out.push(
        `    ready = ${r.popup.readiness}; opened as a tab; big store imported in ${ms(r.popup.importMs)}`,
      );
      const q = r.popup.quarterSummaryMs;
      if (q?.empty !== null && q?.big !== null)
        out.push(
          `    'quarterSummary' round trip from an extension page (median of 3): empty ${ms(q.empty)}, big ${ms(q.big)}`,
        );
      const p = r.popup;
      const row = (label, m, p90) => [
        label,
        ms(m),
        ms(p90),
        verdict(m <= BUDGET.popupReady),
        times(ratio(m, p.blankMedianMs)),
        p.reactMedianMs === null ? '—' : times(ratio(m, p.reactMedianMs)),
      ];
      out.push(
        `    floors, opened the same way: a page without script ${ms(p.blankMedianMs)}; a page that only renders with React 19 ${p.reactMedianMs === null ? '—' : ms(p.reactMedianMs)} (medians)`,
        table([
          [
            'store · opening',
            'median',
            'p90',
            `budget ≤ ${BUDGET.popupReady} ms`,
            '÷ blank',
            '÷ React',
          ],
          row('empty · after a change (background answers)', p.emptyMedianMs, p.emptyP90Ms),
          row('big · after a change (background answers)', p.bigMedianMs, p.bigP90Ms),
          row('empty · repeat (snapshot paints)', p.snapshot.emptyMedianMs, p.snapshot.emptyP90Ms),
          row('big · repeat (snapshot paints)', p.snapshot.bigMedianMs, p.snapshot.bigP90Ms),
        ]),
        `    ratio big/empty: after a change ${times(p.ratio)}, repeat ${times(ratio(p.snapshot.bigMedianMs, p.snapshot.emptyMedianMs))}`,
        '    big = 20 objectives, 100 KRs, 5k tickets, 20k links',
      );
    }
  }
  console.log(out.join('\n'));
}

/** Set on Ctrl-C: the signal handler cleans up and exits; main's own failure is moot then. */
let stopping;

main().then(
  (code) => {
    if (!stopping) process.exit(code);
  },
  (e) => {
    if (stopping) return;
    console.error(e.userFacing ? `bench: ${e.message}` : e);
    process.exit(1);
  },
);
