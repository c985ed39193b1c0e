/**
 * (k) One write with 1 and with 10 tracker tabs open. The tabs: 1,000-row GitHub lists and
 * Jira backlogs with 30 % of the rows linked (half of each with 10 tabs); the write links (then
 * unlinks) a second KR on a row every GitHub tab shows, sent from an extension page with no
 * script of its own. Per write: sent → answered, and sent → every GitHub tab shows the change
 * (the row's chips, timed in each tab on the same clock, `performance.timeOrigin + now()`).
 *
 * The floor: every tab that shows the change lays its page out again before it paints (on a
 * 1,000-row list, a few ms for one row whose height stays, ≈ 20 ms when it changes, whoever
 * changed the row: the page's own text costs the same). `relayoutFloor` times that relayout
 * for the chip a write adds, in one GitHub tab. Headless Chromium renders every tab (each is
 * `visible`, even a background tab of one window), so with G GitHub tabs on C cores the last
 * tab to show the change waits for about (G − 1) × relayout ÷ C: an estimate of what no
 * content script can avoid, printed beside the measured figure.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  GITHUB_LIST_URL,
  JIRA_BACKLOG_URL,
  githubIssueList,
  githubKey,
  jiraBacklog,
  jiraKey,
  rowsAtDensity,
} from '../../test/bench/generate.mjs';
import { launch, loadExampleOkrs, sendFrom, serveTrackers } from '../../test/bench/harness.mjs';
import { settle } from './load.mjs';
import { median, ms, now, ratio, round, table, times, verdict } from './stats.mjs';

export const TABS_BUDGET = 1.5;
const ROWS = 1000;
const GH_URL = `${GITHUB_LIST_URL.replace('/acme/web/', '/acme/app/')}?q=is%3Aissue`;
const JIRA_URL = JIRA_BACKLOG_URL.replace('/projects/GRW/', '/projects/PAY/');
const ROW = 10; // linked at 30 % ((10 * 7) % 10 = 0)

/** In a tab: resolve, on the shared clock, when row ROW's host shows `want` chips. */
function armWatch({ key, want }) {
  const host = document.querySelector(`[data-okr-lens="row"][data-ticket="${key}"]`);
  const count = () =>
    document
      .querySelector(`[data-okr-lens="row"][data-ticket="${key}"]`)
      ?.shadowRoot?.querySelectorAll('[data-kr]').length ?? 0;
  window.__okrWatch = new Promise((resolve) => {
    const done = () => {
      if (count() !== want) return false;
      resolve(performance.timeOrigin + performance.now());
      return true;
    };
    if (done()) return;
    const mo = new MutationObserver(() => done() && mo.disconnect());
    mo.observe(document.documentElement, { childList: true, subtree: true });
    if (host?.shadowRoot) mo.observe(host.shadowRoot, { childList: true, subtree: true });
    setTimeout(() => resolve(NaN), 10_000);
  });
}

/**
 * In a tab: the forced relayout after the change a write makes there (row ROW's second chip
 * taken out of its badge, then put back), median of 15 (ms).
 */
function relayoutFloor({ key }) {
  const host = document.querySelector(`[data-okr-lens="row"][data-ticket="${key}"]`);
  const chip = host?.shadowRoot?.querySelector('[data-kr]');
  if (!chip) return NaN;
  const runs = [];
  for (let i = 0; i < 15; i++) {
    const spare = chip.cloneNode(true);
    void document.body.offsetHeight;
    const t = performance.now();
    chip.after(spare);
    void document.body.offsetHeight;
    runs.push(performance.now() - t);
    spare.remove();
  }
  runs.sort((x, y) => x - y);
  return runs[7];
}

async function seed(c) {
  const options = await loadExampleOkrs(c.context, c.extensionId);
  const krs = await sendFrom(options, { type: 'searchKeyResults', query: '' });
  const createdAt = new Date().toISOString();
  const links = rowsAtDensity(ROWS, 0.3).flatMap((n, i) => [
    { ticket: githubKey(n, 'app'), keyResultId: krs[i % krs.length].id, createdAt, source: 'user' },
    { ticket: jiraKey(n, 'PAY'), keyResultId: krs[i % krs.length].id, createdAt, source: 'user' },
  ]);
  await sendFrom(options, { type: 'importFile', file: { format: 'okr-lens', version: 1, links } });
  await options.close();
  const own = links.find((l) => l.ticket === githubKey(ROW, 'app')).keyResultId;
  return krs.find((k) => k.id !== own).id;
}

async function openTabs(context, count) {
  const tabs = [];
  for (let i = 0; i < count; i++) {
    const gh = i % 2 === 0;
    const tab = await context.newPage();
    await tab.goto(gh ? GH_URL : JIRA_URL, { waitUntil: 'commit' });
    const linked = rowsAtDensity(ROWS, 0.3).length;
    await settle(tab, now(), { rows: linked, linked });
    tabs.push({ tab, gh });
  }
  return tabs;
}

/** `writes` writes, alternately link and unlink; latencies in ms. */
async function timeWrites(writer, tabs, krId, writes) {
  const key = githubKey(ROW, 'app');
  const out = [];
  for (let i = 0; i < writes; i++) {
    const link = i % 2 === 0;
    const gh = tabs.filter((t) => t.gh).map((t) => t.tab);
    for (const t of gh) await t.evaluate(armWatch, { key, want: link ? 2 : 1 });
    const [t0, t1] = await writer.evaluate(
      async ({ key, krId, link }) => {
        const t0 = performance.timeOrigin + performance.now();
        const r = await globalThis.chrome.runtime.sendMessage(
          link
            ? { type: 'link', ticket: key, keyResultIds: krId }
            : { type: 'unlink', ticket: key, keyResultId: krId },
        );
        if (!r?.ok) throw new Error(JSON.stringify(r));
        return [t0, performance.timeOrigin + performance.now()];
      },
      { key, krId, link },
    );
    const shown = await Promise.all(gh.map((t) => t.evaluate(() => window.__okrWatch)));
    out.push({ answerMs: t1 - t0, allShownMs: Math.max(...shown) - t0 });
    await new Promise((r) => setTimeout(r, 300));
  }
  return out;
}

export async function run({ ext, opts, log, cleanups }) {
  writeFileSync(
    path.join(ext, 'bench-writer.html'),
    '<!doctype html><meta charset="utf-8"><title>writer</title>',
  );
  const c = await launch({ extension: ext, label: 'bench-tabs' });
  cleanups.add(c.cleanup);
  const bodies = new Map([
    [GH_URL, githubIssueList(ROWS, { repo: 'app' })],
    [JIRA_URL, jiraBacklog(ROWS, { project: 'PAY' })],
  ]);
  await serveTrackers(c.context, (u) => bodies.get(`${u.origin}${u.pathname}${u.search}`));
  const krId = await seed(c);
  const writer = await c.context.newPage();
  await writer.goto(`chrome-extension://${c.extensionId}/bench-writer.html`);
  const result = {};
  const tabs = [];
  for (const count of [1, 10]) {
    tabs.push(...(await openTabs(c.context, count - tabs.length)));
    await new Promise((r) => setTimeout(r, 1000));
    const samples = await timeWrites(writer, tabs, krId, opts.tabWrites);
    result[`tabs${count}`] = {
      answerMedianMs: round(median(samples.map((s) => s.answerMs))),
      allShownMedianMs: round(median(samples.map((s) => s.allShownMs))),
      samples: samples.map((s) => [round(s.answerMs), round(s.allShownMs)]),
    };
    const r = result[`tabs${count}`];
    log(
      `  ${count} tab(s): write answered ${ms(r.answerMedianMs)}, shown in every tab ${ms(r.allShownMedianMs)} (medians)`,
    );
  }
  // The floor, timed in a GitHub tab once the writes are done (nothing else runs then).
  const relayout = await tabs
    .find((t) => t.gh)
    .tab.evaluate(relayoutFloor, { key: githubKey(ROW, 'app') });
  const ghTabs = tabs.filter((t) => t.gh).length;
  const cores = os.cpus().length;
  const waitMs = ((ghTabs - 1) * relayout) / cores;
  result.floor = {
    relayoutMs: round(relayout, 1),
    githubTabs: ghTabs,
    cores,
    estimatedWaitMs: round(waitMs),
    estimatedRatio: round(
      ratio(result.tabs1.allShownMedianMs + waitMs, result.tabs1.allShownMedianMs),
      2,
    ),
  };
  log(
    `  floor: the write's chip relayouts a tab in ${ms(relayout)}; ${ghTabs} GitHub tabs on ${cores} cores wait ≈ ${ms(waitMs)}`,
  );
  result.answerRatio = round(ratio(result.tabs10.answerMedianMs, result.tabs1.answerMedianMs), 2);
  result.shownRatio = round(
    ratio(result.tabs10.allShownMedianMs, result.tabs1.allShownMedianMs),
    2,
  );
  await c.cleanup();
  return result;
}

export function report(r) {
  const t = r.tabs;
  if (!t) return [];
  const row = (label, k) => [label, ms(t.tabs1[k]), ms(t.tabs10[k])];
  return [
    `\n(k) One write with 1 and 10 tracker tabs open (1,000-row lists, 30 % linked)`,
    table([
      ['per write (median)', '1 tab', '10 tabs', '10 ÷ 1', `budget ≤ ${TABS_BUDGET}×`],
      [
        ...row('sent → answered', 'answerMedianMs'),
        times(t.answerRatio),
        verdict(t.answerRatio <= TABS_BUDGET),
      ],
      [
        ...row('sent → shown in every tab', 'allShownMedianMs'),
        times(t.shownRatio),
        verdict(t.shownRatio <= TABS_BUDGET),
      ],
    ]),
    ...(t.floor
      ? [
          `the pages' share (estimate): the write's chip relayouts each 1,000-row tab in ${ms(t.floor.relayoutMs)}; headless renders every tab,`,
          `so ${t.floor.githubTabs} GitHub tabs on ${t.floor.cores} cores add ≈ ${ms(t.floor.estimatedWaitMs)} whatever the extension does (≈ ${times(t.floor.estimatedRatio)} of the 1-tab figure)`,
        ]
      : []),
  ];
}
