#!/usr/bin/env node
/**
 * A badge host's cost in isolation: a static 1,000-row GitHub list (no extension), then N hosts
 * put on rows spread over it by the overlay's own code (test/bench/host-cost-entry.ts, bundled
 * here), empty or with a row badge's content, in one batch; main-thread time (CDP ThreadTime)
 * from the insertion to the second frame after it, less the same with 0 hosts. Per host =
 * that difference ÷ N (medians of rounds). Also checks that every shadow root adopts the same
 * constructed stylesheet.
 *
 *   node scripts/bench/a-host-cost.mjs [--rounds N (7)] [--hosts 100,300]
 */
import path from 'node:path';
import { build } from 'rolldown';
import { GITHUB_LIST_URL, githubIssueList } from '../../test/bench/generate.mjs';
import { launch, root, serveTrackers } from '../../test/bench/harness.mjs';
import { median, ms, round, sleep, table } from './stats.mjs';
import { runScript } from '../lib/cli.mjs';

function parse(argv) {
  const o = { rounds: 7, hosts: [100, 300] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--rounds') o.rounds = Number(argv[++i]);
    else if (argv[i] === '--hosts') o.hosts = argv[++i].split(',').map(Number);
    else throw new Error(`unknown option ${argv[i]}`);
  }
  return o;
}

/** The in-page code as one IIFE. */
async function bundle() {
  const out = await build({
    input: path.join(root, 'test/bench/host-cost-entry.ts'),
    write: false,
    output: { format: 'iife' },
    logLevel: 'silent',
  });
  return out.output[0].code;
}

/** One fresh load of the list, then `n` hosts: ThreadTime until two frames later. */
async function once(context, url, code, n, content) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  try {
    await page.goto(url, { waitUntil: 'load' });
    await page.addScriptTag({ content: code });
    await page.evaluate(() => window.okrRows());
    await sleep(300);
    await cdp.send('Performance.enable');
    const thread = async () =>
      (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime').value;
    const t0 = await thread();
    const r = await page.evaluate(
      ([k, c]) =>
        new Promise((done) => {
          const res = window.okrHostCost(k, c);
          requestAnimationFrame(() => requestAnimationFrame(() => done(res)));
        }),
      [n, content],
    );
    const t1 = await thread();
    return { ...r, threadMs: (t1 - t0) * 1000 };
  } finally {
    await cdp.detach().catch(() => {});
    await page.close();
  }
}

async function main(cleanups) {
  const o = parse(process.argv.slice(2));
  const code = await bundle();
  const url = `${GITHUB_LIST_URL}?q=is%3Aissue`;
  const body = githubIssueList(1000);
  const b = await launch({ label: 'host-cost' });
  cleanups.add(b.cleanup);
  await serveTrackers(b.context, () => body);
  const cases = [['none', 0, false]];
  for (const n of o.hosts) cases.push([`empty ×${n}`, n, false], [`content ×${n}`, n, true]);
  const got = Object.fromEntries(cases.map(([name]) => [name, []]));
  let shared = true;
  await once(b.context, url, code, 10, true); // warm-up
  for (let r = 0; r < o.rounds; r++)
    for (const [name, n, content] of r % 2 ? [...cases].reverse() : cases) {
      const x = await once(b.context, url, code, n, content);
      shared &&= x.shared;
      got[name].push(x);
    }
  const base = median(got.none.map((x) => x.threadMs));
  const rows = cases.map(([name, n]) => {
    const t = median(got[name].map((x) => x.threadMs));
    const sync = median(got[name].map((x) => x.ms));
    const per = n > 0 ? (t - base) / n : undefined;
    return [name, ms(t), ms(sync), per === undefined ? '—' : `${round(per, 3)} ms`];
  });
  console.log(
    table([
      ['case', 'ThreadTime to 2nd frame', 'in-page sync (incl. layout)', 'per host'],
      ...rows,
    ]),
  );
  console.log(`every shadow root adopts one shared constructed sheet: ${shared ? 'yes' : 'NO'}`);
}

runScript('host-cost bench', async (cleanups) => (await main(cleanups), 0));
