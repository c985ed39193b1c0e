#!/usr/bin/env node
/**
 * The floors under (g) and (a): what a content script costs a GitHub page before it does
 * anything, and what the least extension doing the page's job costs it. Browsers load the
 * same page in rotating order, each round: no extension (OFF); an extension whose github
 * content script is an empty file (`empty`); one whose content script is an empty WXT
 * `defineContentScript` (`wxt`: its ContentScriptContext and nothing else); one that does the
 * least the job takes (`job`: finds the title, or a list's title links, with one selector, asks
 * its background for the KR codes in one message, and puts one shadow host with a chip per
 * code after each linked title: no store, no adapter, no facts, no labels); and this build
 * (`okr-lens`, seeded like (g), plus the list's linked rows). Main-thread time at load + 1.5 s
 * (CDP TaskDuration, ThreadTime), medians, each ÷ OFF, and the linked badge hosts shown.
 *
 *   node scripts/bench/g-floor.mjs [--rounds N (9)] [--trace N (0): traced loads per variant,
 *   the extension's JS from the CPU profile] [--no-build] [--out FILE (tmp/bench-floor.json)]
 *   [--also NAME=DIR: another OKR Lens build in the same rounds, seeded alike (e.g. main's)]
 *   [--page issue|list (issue): list = the 1,000-row GitHub list with 30 % of rows linked, like
 *   (a)'s 30 % case, and the added time per 100 rows beside each ratio]
 *
 * The floor extensions are built from sources this script writes into tmp/bench-floor/ and
 * tmp/bench-floor-job/ (the empty ones with an empty background: the launcher finds an
 * extension by its service worker).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  GITHUB_ISSUE_URL,
  GITHUB_LIST_URL,
  githubIssueList,
  githubIssueView,
  githubKey,
  rowsAtDensity,
} from '../../test/bench/generate.mjs';
import {
  ensureBuild,
  launch,
  loadExampleOkrs,
  removeDir,
  root,
  sendFrom,
  serveTrackers,
  snapshotBuild,
} from '../../test/bench/harness.mjs';
import { latencyIssues } from './h-issue-latency.mjs';
import { measureLoad, traceLoad } from './load.mjs';
import { median, ms, round, table } from './stats.mjs';
import { runScript } from '../lib/cli.mjs';

const AFTER_LOAD_MS = 1500;
const LIST_ROWS = 1000;
const LIST_SHARE = 0.3;
const FLOOR_DIR = path.join(root, 'tmp/bench-floor');
const JOB_DIR = path.join(root, 'tmp/bench-floor-job');
const ENTRY = `import { defineContentScript } from 'wxt/utils/define-content-script';
export default defineContentScript({
  matches: ['https://github.com/*'],
  runAt: 'document_idle',
  main() {},
});
`;
/**
 * The job's floor: what any extension showing this issue's KR codes must do at least. Written
 * for this page only (the fixture's title selector, a github.com issue path).
 */
const JOB_ENTRY = `import { defineContentScript } from 'wxt/utils/define-content-script';
import { browser } from 'wxt/browser';
const ISSUE = /^\\/([^/]+)\\/([^/]+)\\/issues\\/(\\d+)$/;
export default defineContentScript({
  matches: ['https://github.com/*'],
  runAt: 'document_idle',
  noScriptStartedPostMessage: true,
  async main() {
    const own = ISSUE.exec(location.pathname);
    const spots = (
      own
        ? [[document.querySelector('[data-testid="issue-title"]'), own]]
        : [...document.querySelectorAll('a[data-testid="issue-pr-title-link"]')].map((a) => [
            a,
            ISSUE.exec(a.pathname),
          ])
    )
      .filter(([el, m]) => el && m)
      .map(([el, m]) => [el, 'github:github.com/' + m[1] + '/' + m[2] + '#' + m[3]]);
    if (spots.length === 0) return;
    const { codes } = await browser.runtime.sendMessage({ keys: spots.map((s) => s[1]) });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(
      '.chip{display:inline-flex;align-items:center;height:20px;margin-left:6px;padding:0 8px;' +
        'border:1px solid #d0d7de;border-radius:10px;font:600 11px ui-monospace,monospace}',
    );
    for (const [el, key] of spots) {
      if (!codes[key]?.length) continue;
      const host = document.createElement('okr-lens-badge');
      host.setAttribute('data-okr-lens', own ? 'ticket' : 'row');
      host.setAttribute('data-ticket', key);
      host.setAttribute('data-linked', 'true');
      const root = host.attachShadow({ mode: 'open' });
      root.adoptedStyleSheets = [sheet];
      for (const code of codes[key]) {
        const chip = document.createElement('span');
        chip.className = 'chip';
        chip.textContent = code;
        root.append(chip);
      }
      el.after(host);
    }
  },
});
`;
/**
 * The job floor's background, from memory: the page's own issue serves two KRs; a list's row
 * n one KR when rowsAtDensity(…, 0.3) links it ((n × 7) mod 10 < 3).
 */
const JOB_BACKGROUND = `import { defineBackground } from 'wxt/utils/define-background';
import { browser } from 'wxt/browser';
export default defineBackground(() => {
  browser.runtime.onMessage.addListener(({ keys }, _sender, reply) => {
    const linked = (key) => (Number(key.split('#')[1]) * 7) % 10 < 3;
    reply({
      codes: Object.fromEntries(
        keys.map((k) => [k, keys.length === 1 ? ['KR1.1', 'KR2.3'] : linked(k) ? ['KR1.1'] : []]),
      ),
    });
  });
});
`;
/** An empty background: the launcher finds an extension by its service worker. */
const BACKGROUND = `import { defineBackground } from 'wxt/utils/define-background';
export default defineBackground(() => {});
`;
const CONFIG = `import { defineConfig } from 'wxt';
export default defineConfig({
  imports: false,
  manifest: { name: 'floor', version: '0.0.0', host_permissions: ['https://github.com/*'] },
});
`;

function parse(argv) {
  const o = {
    rounds: 9,
    trace: 0,
    build: true,
    out: 'tmp/bench-floor.json',
    also: [],
    page: 'issue',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--rounds') o.rounds = Number(argv[++i]);
    else if (a === '--trace') o.trace = Number(argv[++i]);
    else if (a === '--no-build') o.build = false;
    else if (a === '--out') o.out = argv[++i];
    else if (a === '--page') o.page = argv[++i];
    else if (a === '--also') o.also.push(argv[++i].split(/=(.*)/s).slice(0, 2));
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

/** Build a floor extension in `dir` from its sources; returns its output directory. */
function buildFloor(dir = FLOOR_DIR, entry = ENTRY, background = BACKGROUND) {
  mkdirSync(path.join(dir, 'entrypoints'), { recursive: true });
  writeFileSync(path.join(dir, 'wxt.config.ts'), CONFIG);
  writeFileSync(path.join(dir, 'entrypoints/github.content.ts'), entry);
  writeFileSync(path.join(dir, 'entrypoints/background.ts'), background);
  const r = spawnSync('npx', ['wxt', 'build', dir], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`floor build failed:\n${r.stdout}${r.stderr}`);
  return path.join(dir, '.output/chrome-mv3');
}

/** The empty-file floor: the WXT floor's manifest with a content script of zero bytes. */
async function emptyFloor(wxtDir) {
  const { copyBuild } = await import('../../test/support/browser.mjs');
  const dir = await copyBuild({ from: wxtDir, parent: path.join(root, 'tmp'), label: 'floor' });
  writeFileSync(path.join(dir, 'content-scripts/github.js'), '');
  return dir;
}

/** This build, seeded as (g) seeds it: the issue and the rows the fixture lists, linked. */
async function seedFull(on) {
  const options = await loadExampleOkrs(on.context, on.extensionId);
  const krs = await sendFrom(options, { type: 'searchKeyResults', query: '' });
  const keys = [
    12,
    ...latencyIssues(20),
    ...rowsAtDensity(1000, 0.05),
    ...rowsAtDensity(1000, LIST_SHARE),
  ].map((n) => githubKey(n));
  const createdAt = new Date().toISOString();
  const links = [...new Set(keys)].map((ticket, i) => ({
    ticket,
    keyResultId: krs[i % krs.length].id,
    createdAt,
    source: 'user',
  }));
  await sendFrom(options, { type: 'importFile', file: { format: 'okr-lens', version: 1, links } });
  await options.close();
}

/** Medians per variant and metric, each ÷ OFF (of the medians and of the rounds' pairs). */
function summarize({ names, loads, linked, profile, list }) {
  const summary = {};
  for (const n of names) {
    summary[n] = {};
    for (const k of ['TaskDuration', 'ThreadTime']) {
      const m = median(loads[n].map((x) => x[k]));
      const ratios = loads[n].map((x, i) => x[k] / loads.off[i][k]);
      summary[n][k] = { ms: round(m), ratio: round(m / median(loads.off.map((x) => x[k])), 3) };
      summary[n][k].pairRatio = round(median(ratios), 3);
      if (list)
        summary[n][k].per100Ms = round(
          median(loads[n].map((x, i) => x[k] - loads.off[i][k])) / (LIST_ROWS / 100),
          1,
        );
    }
    if (profile[n]) summary[n].extJsMs = round(median(profile[n]));
    summary[n].linkedHosts = median(linked[n]);
  }
  return summary;
}

function printSummary(summary, list) {
  const head = ['variant', 'TaskDuration', '÷ OFF (pairs)', 'ThreadTime', '÷ OFF (pairs)'];
  const rows = Object.entries(summary).map(([n, s]) => {
    const f = (k) =>
      `${s[k].ratio.toFixed(2)}× (${s[k].pairRatio.toFixed(2)}×)` +
      (list ? `, ${s[k].per100Ms} ms / 100 rows` : '');
    return [n, ms(s.TaskDuration.ms), f('TaskDuration'), ms(s.ThreadTime.ms), f('ThreadTime')]
      .concat(s.extJsMs === undefined ? ['—'] : [ms(s.extJsMs)])
      .concat([String(s.linkedHosts)]);
  });
  console.log(table([[...head, 'ext JS', 'badges'], ...rows]));
}

/** One browser per variant, serving the page; OKR Lens builds seeded. */
async function launchVariants(o, cleanups, page) {
  const full = await snapshotBuild('floor-full');
  cleanups.add(() => removeDir(full));
  const wxtDir = buildFloor();
  const jobDir = buildFloor(JOB_DIR, JOB_ENTRY, JOB_BACKGROUND);
  const empty = await emptyFloor(wxtDir);
  cleanups.add(() => removeDir(empty));
  const variants = {};
  for (const [name, extension] of [
    ['off', undefined],
    ['empty', empty],
    ['wxt', wxtDir],
    ['job', jobDir],
    ['okr-lens', full],
    ...o.also,
  ]) {
    const b = await launch({ extension, label: `floor-${name}` });
    cleanups.add(b.cleanup);
    await serveTrackers(b.context, (u) => (u.href === page.url ? page.body : undefined));
    variants[name] = b;
  }
  for (const n of ['okr-lens', ...o.also.map(([name]) => name)]) await seedFull(variants[n]);
  return variants;
}

async function main(cleanups) {
  const o = parse(process.argv.slice(2));
  if (o.page !== 'issue' && o.page !== 'list') throw new Error(`--page issue or list`);
  const list = o.page === 'list';
  if (o.build) ensureBuild({});
  const page = list
    ? { url: GITHUB_LIST_URL, body: githubIssueList(LIST_ROWS) }
    : { url: GITHUB_ISSUE_URL, body: githubIssueView(12) };
  const variants = await launchVariants(o, cleanups, page);
  const names = Object.keys(variants);
  const want = { afterLoadMs: AFTER_LOAD_MS };
  for (const n of names) await measureLoad(variants[n].context, page.url, want);
  const loads = Object.fromEntries(names.map((n) => [n, []]));
  /** Linked badge hosts at the end of each load: the job floor and the build must show them. */
  const linked = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < o.rounds; r++) {
    const order = names.map((_, i) => names[(i + r) % names.length]);
    for (const n of order) {
      const l = await measureLoad(variants[n].context, page.url, want);
      loads[n].push(l.metrics);
      linked[n].push(l.linked);
    }
    console.log(
      `round ${r + 1}/${o.rounds}: ${names.map((n) => `${n} ${ms(loads[n][r].TaskDuration)}`).join(' · ')}`,
    );
  }
  const profile = {};
  for (let t = 0; t < o.trace; t++)
    for (const n of names.filter((x) => x !== 'off')) {
      const tr = await traceLoad(variants[n].context, page.url, want);
      (profile[n] ??= []).push(tr.extProfileMs ?? 0);
    }
  const summary = summarize({ names, loads, linked, profile, list });
  writeFileSync(
    path.join(root, o.out),
    JSON.stringify({ page: o.page, summary, loads, profile }, null, 2),
  );
  printSummary(summary, list);
}

runScript('floor bench', async (cleanups) => (await main(cleanups), 0));
