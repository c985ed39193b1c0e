#!/usr/bin/env node
/**
 * The floor under (g): what a content script costs the GitHub issue page before it does
 * anything. Four browsers load the same page in rotating order, each round: no extension
 * (OFF); an extension whose github content script is an empty file (`empty`); one whose
 * content script is an empty WXT `defineContentScript` (`wxt`: its ContentScriptContext and
 * nothing else); and this build (`okr-lens`, seeded like (g): the issue linked). Main-thread
 * time at load + 1.5 s (CDP TaskDuration, ThreadTime), medians, and each ÷ OFF.
 *
 *   node scripts/bench/g-floor.mjs [--rounds N (9)] [--trace N (0): traced loads per variant,
 *   the extension's JS from the CPU profile] [--no-build] [--out FILE (tmp/bench-floor.json)]
 *   [--also NAME=DIR: another OKR Lens build in the same rounds, seeded alike (e.g. main's)]
 *
 * The floor extensions (with an empty background: the launcher waits for a service worker) are
 * built from sources this script writes into tmp/bench-floor/.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  GITHUB_ISSUE_URL,
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
const FLOOR_DIR = path.join(root, 'tmp/bench-floor');
const ENTRY = `import { defineContentScript } from 'wxt/utils/define-content-script';
export default defineContentScript({
  matches: ['https://github.com/*'],
  runAt: 'document_idle',
  main() {},
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
  const o = { rounds: 9, trace: 0, build: true, out: 'tmp/bench-floor.json', also: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--rounds') o.rounds = Number(argv[++i]);
    else if (a === '--trace') o.trace = Number(argv[++i]);
    else if (a === '--no-build') o.build = false;
    else if (a === '--out') o.out = argv[++i];
    else if (a === '--also') o.also.push(argv[++i].split(/=(.*)/s).slice(0, 2));
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

/** Build the empty-WXT floor extension; returns its output directory. */
function buildFloor() {
  mkdirSync(path.join(FLOOR_DIR, 'entrypoints'), { recursive: true });
  writeFileSync(path.join(FLOOR_DIR, 'wxt.config.ts'), CONFIG);
  writeFileSync(path.join(FLOOR_DIR, 'entrypoints/github.content.ts'), ENTRY);
  writeFileSync(path.join(FLOOR_DIR, 'entrypoints/background.ts'), BACKGROUND);
  const r = spawnSync('npx', ['wxt', 'build', FLOOR_DIR], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`floor build failed:\n${r.stdout}${r.stderr}`);
  return path.join(FLOOR_DIR, '.output/chrome-mv3');
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
  const keys = [12, ...latencyIssues(20), ...rowsAtDensity(1000, 0.05)].map((n) => githubKey(n));
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

async function main(cleanups) {
  const o = parse(process.argv.slice(2));
  if (o.build) ensureBuild({});
  const full = await snapshotBuild('floor-full');
  cleanups.add(() => removeDir(full));
  const wxtDir = buildFloor();
  const empty = await emptyFloor(wxtDir);
  cleanups.add(() => removeDir(empty));
  const body = githubIssueView(12);
  const variants = {};
  for (const [name, extension] of [
    ['off', undefined],
    ['empty', empty],
    ['wxt', wxtDir],
    ['okr-lens', full],
    ...o.also,
  ]) {
    const b = await launch({ extension, label: `floor-${name}` });
    cleanups.add(b.cleanup);
    await serveTrackers(b.context, (u) => (u.href === GITHUB_ISSUE_URL ? body : undefined));
    variants[name] = b;
  }
  for (const n of ['okr-lens', ...o.also.map(([name]) => name)]) await seedFull(variants[n]);
  const names = Object.keys(variants);
  const want = { afterLoadMs: AFTER_LOAD_MS };
  for (const n of names) await measureLoad(variants[n].context, GITHUB_ISSUE_URL, want);
  const loads = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < o.rounds; r++) {
    const order = names.map((_, i) => names[(i + r) % names.length]);
    for (const n of order)
      loads[n].push((await measureLoad(variants[n].context, GITHUB_ISSUE_URL, want)).metrics);
    console.log(
      `round ${r + 1}/${o.rounds}: ${names.map((n) => `${n} ${ms(loads[n][r].TaskDuration)}`).join(' · ')}`,
    );
  }
  const profile = {};
  for (let t = 0; t < o.trace; t++)
    for (const n of names.filter((x) => x !== 'off')) {
      const tr = await traceLoad(variants[n].context, GITHUB_ISSUE_URL, want);
      (profile[n] ??= []).push(tr.extProfileMs ?? 0);
    }
  const summary = {};
  for (const n of names) {
    summary[n] = {};
    for (const k of ['TaskDuration', 'ThreadTime']) {
      const m = median(loads[n].map((x) => x[k]));
      const ratios = loads[n].map((x, i) => x[k] / loads.off[i][k]);
      summary[n][k] = { ms: round(m), ratio: round(m / median(loads.off.map((x) => x[k])), 3) };
      summary[n][k].pairRatio = round(median(ratios), 3);
    }
    if (profile[n]) summary[n].extJsMs = round(median(profile[n]));
  }
  writeFileSync(path.join(root, o.out), JSON.stringify({ summary, loads, profile }, null, 2));
  console.log(
    table([
      ['variant', 'TaskDuration', '÷ OFF (pairs)', 'ThreadTime', '÷ OFF (pairs)', 'ext JS'],
      ...names.map((n) => {
        const s = summary[n];
        const f = (k) => `${s[k].ratio.toFixed(2)}× (${s[k].pairRatio.toFixed(2)}×)`;
        return [
          n,
          ms(s.TaskDuration.ms),
          f('TaskDuration'),
          ms(s.ThreadTime.ms),
          f('ThreadTime'),
        ].concat(s.extJsMs === undefined ? ['—'] : [ms(s.extJsMs)]);
      }),
    ]),
  );
}

runScript('floor bench', async (cleanups) => (await main(cleanups), 0));
