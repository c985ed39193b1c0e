/**
 * (b) The longest main-thread task of a page load (Chrome trace: RunTask on the page's
 * renderer main thread), ON against OFF, and the extension's own longest task.
 */
import { onOffPairs, traceLoad } from './load.mjs';
import { BUDGET, median, ms, round, table, verdict } from './stats.mjs';

function summarize(traces) {
  const t = (m, k) => traces.map((x) => x[m][k]);
  return {
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

/** Trace pairs of one page into `record` (`record.traces`, `record.traceSummary`). */
export async function run({ on, off, opts, log }, page, record, { want, state }) {
  record.traces = await onOffPairs(
    opts.tracePairs,
    {
      on: async () => {
        const t = await traceLoad(on.context, page.url, want);
        state.lastOn = t.totalMs ?? state.lastOn;
        return t;
      },
      off: () => traceLoad(off.context, page.url, { rows: page.rows, waitMs: state.lastOn }),
    },
    (pair, i) =>
      log(
        `  ${page.name} trace pair ${i + 1}/${opts.tracePairs}: longest task ON ${ms(pair.on.longestTaskMs)} / OFF ${ms(pair.off.longestTaskMs)}; extension's longest ${ms(pair.on.extLongestTaskMs)} (${pair.on.extLongestEvent ?? 'no extension script seen'}); longest after it began ${ms(pair.on.afterExtLongestTaskMs)}`,
      ),
  );
  record.traceSummary = summarize(record.traces);
}

const HEADER = [
  'page',
  'longest task ON',
  'OFF',
  'max ON',
  "extension's longest task",
  'longest after the script began (max)',
  'ext script total',
  'tasks > 50 ms ON/OFF',
  `budget: no task > ${BUDGET.longTask} ms`,
];

function budgetCell(t) {
  const ok = Math.max(t.extLongestTaskMs, t.afterExtMaxMs ?? 0) <= BUDGET.longTask;
  const why =
    t.extLongestTaskMs > BUDGET.longTask
      ? ' (extension task)'
      : (t.afterExtMaxMs ?? 0) > BUDGET.longTask
        ? ' (after the script began)'
        : '';
  return verdict(ok) + why;
}

const row = (name, t) => [
  name,
  ms(t.longestOnMs),
  ms(t.longestOffMs),
  ms(t.maxLongestOnMs),
  ms(t.extLongestTaskMs),
  t.afterExtLongestMs === undefined ? '—' : `${ms(t.afterExtLongestMs)} (${ms(t.afterExtMaxMs)})`,
  ms(t.extScriptMs),
  `${t.tasksOver50On} / ${t.tasksOver50Off}`,
  budgetCell(t),
];

export function report(r) {
  const pages = Object.entries(r.pages ?? {});
  const rows = pages
    .filter(([, p]) => p.traceSummary)
    .map(([name, p]) => row(name, p.traceSummary));
  if (rows.length === 0) return [];
  const events = pages
    .map(([name, p]) => [name, p.traces?.map((t) => t.on.extLongestEvent).filter(Boolean)])
    .filter(([, ev]) => ev?.length)
    .map(
      ([name, ev]) => `    ${name}: longest extension script event per ON trace: ${ev.join(' | ')}`,
    );
  return [
    '\n(b) Longest main-thread task (Chrome trace, RunTask on the page renderer main thread)',
    table([HEADER, ...rows]),
    ...events,
  ];
}
