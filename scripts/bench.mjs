#!/usr/bin/env node
// `npm run bench`: what OKR Lens costs a tracker page, measured in one run against the same
// page with the extension OFF (a second browser profile launched without it). Figures are
// medians of alternating ON/OFF pairs; budgets are printed next to them, never asserted
// (machines are noisy). Writes the same figures as JSON to tmp/bench.json. Sections, each a
// module in scripts/bench/ with run() and report():
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
//   (g) a GitHub issue page with one linked ticket: main-thread time at load + 1.5 s, ON ÷ OFF,
//       and the extension's own JS per load (a trace's CPU profile)
//   (h) issue view, SPA navigation: new title inserted → its KR codes visible
//   (i) the big store imported through the options page: click → message
//   (j) the options page on the big store until Coverage (and the OKRs tab) shows
//   (k) one write with 1 and with 10 tracker tabs open: answered, and shown in every tab
//
// Lists in (a)–(c) come at three densities (--densities, default 5,30,100: % of rows linked).
//
// Options: --pairs N (5)  --trace-pairs N (3)  --popup-pairs N (12)  --rows N (1000)
//          --small-rows N (200; 0: none)  --inserts N (20)  --densities 5,30,100
//          --issue-pairs N (7)  --import-rounds N (3)  --tab-writes N (10)
//          --only a,b,c,d,e,f,g,h,i,j,k  --out FILE (tmp/bench.json)  --build|--no-build
//          --popup-path P (measure another extension page as the popup, e.g. options.html)
// OKR_LENS_CHROMIUM overrides /usr/bin/chromium. Everything is served by request routing.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  chromiumPath,
  ensureBuild,
  removeDir,
  root,
  snapshotBuild,
} from '../test/bench/harness.mjs';
import * as mainThread from './bench/a-main-thread.mjs';
import * as longTask from './bench/b-long-task.mjs';
import * as badgeLatency from './bench/c-badge-latency.mjs';
import * as sizes from './bench/d-sizes.mjs';
import * as popup from './bench/e-popup.mjs';
import * as coverage from './bench/f-coverage.mjs';
import * as issuePage from './bench/g-issue-page.mjs';
import * as issueLatency from './bench/h-issue-latency.mjs';
import * as bigStore from './bench/i-big-store.mjs';
import * as tabs from './bench/k-tabs.mjs';
import { parseArgs } from './bench/options.mjs';
import * as trackerPages from './bench/pages.mjs';
import { BUDGET, now, round } from './bench/stats.mjs';
import { runScript } from './lib/cli.mjs';

/** Reports in section order. */
const REPORTS = [
  mainThread,
  longTask,
  badgeLatency,
  sizes,
  popup,
  coverage,
  issuePage,
  issueLatency,
  bigStore,
  tabs,
];

/** Sections a–e: those that need the build copy (and, but for d, a browser). */
async function runBrowserSections(bench, result) {
  const { opts } = bench;
  // (d) sizes first: no browser needed.
  if (opts.only.has('d')) result.contentScripts = sizes.run(bench.ext);
  result.timingsS = {};
  const timed = async (name, fn) => {
    const t0 = now();
    const ran = await fn();
    if (ran !== false) result.timingsS[name] = round((now() - t0) / 1000);
  };
  if (['a', 'b', 'c', 'g', 'h'].some((k) => opts.only.has(k)))
    await timed('pages', async () => Object.assign(result, await trackerPages.run(bench)));
  if (opts.only.has('e'))
    await timed('popup', async () => {
      const { browser, popup: figures } = await popup.run(bench, result.browser);
      result.browser ??= browser;
      result.popup = figures;
      return !figures.skipped;
    });
  if (opts.only.has('i') || opts.only.has('j'))
    await timed('bigStore', async () => (result.bigStore = await bigStore.run(bench)));
  if (opts.only.has('k')) await timed('tabs', async () => (result.tabs = await tabs.run(bench)));
}

function report(r, opts) {
  const head = `OKR Lens bench · ${r.browser?.match(/Chrome\/[\d.]+/)?.[0] ?? 'Chromium'} · ${r.machine.cpus} CPUs · ${opts.rows} rows · ${opts.pairs} load pairs, ${opts.tracePairs} trace pairs (medians; budgets shown, not asserted)`;
  console.log(['', head, ...REPORTS.flatMap((s) => s.report(r, opts))].join('\n'));
}

async function main(cleanups) {
  const opts = parseArgs(process.argv.slice(2));
  const started = now();
  const log = (...a) => console.log(...a);
  chromiumPath();
  ensureBuild({ force: opts.build === true, skip: opts.build === false, log });
  const ext = await snapshotBuild('bench');
  // The build copy goes last (cleanups run newest first).
  cleanups.add(() => removeDir(ext));
  const result = {
    startedAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version },
    options: { ...opts, only: [...opts.only] },
    budgets: BUDGET,
  };
  try {
    await runBrowserSections({ ext, opts, log, cleanups }, result);
  } finally {
    await cleanups.run();
  }
  // (f) Coverage computation: a Vitest benchmark over the pure function (TypeScript).
  if (opts.only.has('f')) result.coverage = coverage.run({ log });

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

runScript('bench', main);
