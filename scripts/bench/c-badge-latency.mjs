/** (c) Row inserted → its badge host present: rows added one at a time to a loaded page. */
import { settle } from './load.mjs';
import { BUDGET, FRAME, median, ms, now, quantile, round, table, verdict } from './stats.mjs';
import { rowTemplates } from '../../test/bench/generate.mjs';

/**
 * In the page: insert `keys.length` rows one at a time; for each, a MutationObserver
 * registered synchronously before the insertion records when the row's `[data-okr-lens]` host
 * appears. (A promise continuation would run after the mutation callbacks and miss a host
 * inserted at once.)
 */
async function insertAndTime({ html, container, keys, first }) {
  const list = document.querySelector(container);
  if (!list) return { error: `no ${container}` };
  const timeOne = (n, key) =>
    new Promise((resolve) => {
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
  const out = [];
  for (let i = 0; i < keys.length; i++) {
    out.push((await timeOne(first + i, keys[i])).ms);
    // Let the page go idle between insertions, as a user-paced update would.
    await new Promise((r) => setTimeout(r, 120));
  }
  return { samples: out };
}

/** Badge latency on one page into `record.latency`. */
export async function run({ on, opts, log }, page, record, { want }) {
  const tpl = rowTemplates()[page.name];
  const tab = await on.context.newPage();
  await tab.goto(page.url, { waitUntil: 'commit' });
  const s = await settle(tab, now(), want);
  const first = opts.rows + 1;
  const lat = await tab.evaluate(insertAndTime, {
    html: tpl.html,
    container: tpl.container,
    keys: [...Array(opts.inserts)].map((_, i) => tpl.key(first + i)),
    first,
  });
  await tab.close();
  const samples = lat.samples ?? [];
  const got = samples.filter((x) => x !== null);
  record.latency = {
    samplesMs: samples.map((x) => (x === null ? null : round(x, 2))),
    missed: samples.length - got.length,
    medianMs: round(median(got), 2),
    p95Ms: round(quantile(got, 0.95), 2),
    medianFrames: round(median(got) / FRAME, 2),
    p95Frames: round(quantile(got, 0.95) / FRAME, 2),
    pageSettled: !s.timedOut,
    error: lat.error,
  };
  const l = record.latency;
  log(
    `  ${page.name} badge latency: median ${ms(l.medianMs)}, p95 ${ms(l.p95Ms)}${l.missed ? `, ${l.missed} missed` : ''}`,
  );
}

export function report(r, opts) {
  const rows = Object.entries(r.pages ?? {})
    .filter(([, p]) => p.latency)
    .map(([name, { latency: l }]) => [
      name,
      ms(l.medianMs),
      ms(l.p95Ms),
      `${l.medianFrames ?? '—'} / ${l.p95Frames ?? '—'}`,
      `${l.missed}/${l.samplesMs.length}`,
      verdict(l.p95Frames !== null && l.p95Frames <= BUDGET.badgeFrames && l.missed === 0),
    ]);
  if (rows.length === 0) return [];
  const header = [
    'page',
    'median',
    'p95',
    'frames (median / p95)',
    'missed',
    `budget: ≤ ${BUDGET.badgeFrames} frame`,
  ];
  return [
    `\n(c) Row inserted → its badge host present (${opts.inserts} rows, one at a time, on the loaded page)`,
    table([header, ...rows]),
  ];
}
