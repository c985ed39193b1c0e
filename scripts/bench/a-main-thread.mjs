/**
 * (a) Extra main-thread time from navigation until the badges settled (CDP Performance
 * TaskDuration and ThreadTime), per page and per 100 rows, as medians of ON/OFF pairs; with a
 * second, shorter list of the same rows the marginal cost per 100 rows too.
 */
import { measureLoad, onOffPairs } from './load.mjs';
import { BUDGET, median, ms, quantile, ratio, round, table, times, verdict } from './stats.mjs';

const TIMES = ['TaskDuration', 'ThreadTime', 'ScriptDuration'];

function summarize(loads, rows) {
  const pick = (m, k) => loads.map((l) => l[m].metrics[k]);
  const diff = (k) => loads.map((l) => l.on.metrics[k] - l.off.metrics[k]);
  const summary = {};
  for (const k of TIMES) {
    const onM = median(pick('on', k));
    const offM = median(pick('off', k));
    const extra = median(diff(k));
    summary[k] = {
      onMs: round(onM),
      offMs: round(offM),
      extraMs: round(extra),
      extraIqrMs: [round(quantile(diff(k), 0.25)), round(quantile(diff(k), 0.75))],
      ratio: round(ratio(onM, offM), 2),
      extraPer100RowsMs: round(extra / (rows / 100), 2),
    };
  }
  summary.settledMs = round(median(loads.map((l) => l.on.settledMs)));
  summary.hosts = median(loads.map((l) => l.on.hosts));
  summary.linkedHosts = median(loads.map((l) => l.on.linked));
  summary.timedOut = loads.filter((l) => l.on.timedOut).length;
  summary.jsHeapOnMB = round(median(pick('on', 'JSHeapUsedSize')) / 1048576);
  summary.jsHeapOffMB = round(median(pick('off', 'JSHeapUsedSize')) / 1048576);
  return summary;
}

/** Load pairs of one page into `record` (`record.loads`, `record.summary`). */
export async function run({ on, off, opts, log }, page, record, { want, state }) {
  record.loads = await onOffPairs(
    opts.pairs,
    {
      on: async () => {
        const m = await measureLoad(on.context, page.url, want);
        state.lastOn = m.totalMs ?? m.wallMs;
        return m;
      },
      off: () => measureLoad(off.context, page.url, { rows: page.rows, waitMs: state.lastOn }),
    },
    (pair, i) =>
      log(
        `  ${page.name} load pair ${i + 1}/${opts.pairs}: Task ON ${ms(pair.on.metrics.TaskDuration)} / OFF ${ms(pair.off.metrics.TaskDuration)}, badges settled ${ms(pair.on.settledMs)} (${pair.on.hosts} hosts, ${pair.on.linked} linked)`,
      ),
  );
  record.summary = summarize(record.loads, page.rows);
}

/** The slope of the extra time between the short and the long list, on the long one. */
export function addMarginal(pages, results) {
  for (const p of pages) {
    const small = results[p.name];
    const big = p.twinOf && results[p.twinOf];
    if (!big?.summary || !small?.summary) continue;
    const per100 = (big.rows - small.rows) / 100;
    big.marginal = { fromRows: small.rows, toRows: big.rows };
    for (const k of TIMES) {
      const slope = (big.summary[k].extraMs - small.summary[k].extraMs) / per100;
      big.marginal[k] = {
        per100RowsMs: round(slope, 2),
        fixedMs: round(small.summary[k].extraMs - slope * (small.rows / 100)),
      };
    }
  }
}

const HEADER = [
  'page',
  'metric',
  'ext ON',
  'ext OFF',
  'extra (pairs p25…p75)',
  'ON/OFF',
  'extra/100 rows',
  `budget ≤ ${BUDGET.extraPer100Rows} ms/100 rows`,
];

function summaryRows(name, p) {
  return TIMES.map((k) => {
    const s = p.summary[k];
    return [
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
    ];
  });
}

/** The marginal rows: the slope between the two list sizes, without the fixed cost. */
function marginalRows(name, p) {
  return ['TaskDuration', 'ThreadTime'].map((k) => {
    const m = p.marginal[k];
    return [
      k === 'TaskDuration' ? `${name} ${p.marginal.fromRows}→${p.marginal.toRows}` : '',
      k,
      '',
      '',
      `fixed ≈ ${ms(m.fixedMs)}`,
      '',
      ms(m.per100RowsMs),
      verdict(m.per100RowsMs <= BUDGET.extraPer100Rows) + ' (marginal)',
    ];
  });
}

export function report(r) {
  const pages = Object.entries(r.pages ?? {});
  const rows = [
    ...pages.filter(([, p]) => p.summary).flatMap(([name, p]) => summaryRows(name, p)),
    ...pages.filter(([, p]) => p.marginal).flatMap(([name, p]) => marginalRows(name, p)),
  ];
  if (rows.length === 0) return [];
  return [
    '\n(a) Main-thread time, navigation → badges settled (CDP Performance.getMetrics)',
    table([HEADER, ...rows]),
    ...pages
      .filter(([, p]) => p.summary)
      .map(
        ([name, { rows, summary: s }]) =>
          `    ${name}: badges settled ${ms(s.settledMs)} after navigation · ${s.hosts} hosts for ${rows} rows, ${s.linkedHosts} linked` +
          `${s.timedOut ? ` · ${s.timedOut} loads never settled` : ''} · JS heap ${s.jsHeapOnMB} MB ON / ${s.jsHeapOffMB} MB OFF`,
      ),
  ];
}
