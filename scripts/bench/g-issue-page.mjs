/**
 * (g) A single GitHub issue page with one linked ticket (test/fixtures/github/issue-view.html,
 * acme/web#12): main-thread time at the load event + 1.5 s (CDP Performance TaskDuration and
 * ThreadTime), extension ON ÷ OFF as medians of alternating pairs; and, from traced loads, the
 * extension's own JavaScript per load (the trace's sampled CPU profile: samples with an
 * extension frame on the stack).
 */
import { measureLoad, onOffPairs, traceLoad } from './load.mjs';
import { median, ms, quantile, ratio, round, table, times, verdict } from './stats.mjs';

/** Budget: the page with the extension costs at most 5 % more main-thread time. */
export const ISSUE_RATIO_BUDGET = 1.05;
const AFTER_LOAD_MS = 1500;
const TIMES = ['TaskDuration', 'ThreadTime', 'ScriptDuration'];

/** Pairs of loads and traces of the issue page into `record`. */
export async function run({ on, off, opts, log }, page, record) {
  const want = { afterLoadMs: AFTER_LOAD_MS };
  // Warm-up (caches, the background's records of the ticket), not counted.
  await measureLoad(on.context, page.url, want);
  await measureLoad(off.context, page.url, want);
  const loads = await onOffPairs(
    opts.issuePairs,
    {
      on: () => measureLoad(on.context, page.url, want),
      off: () => measureLoad(off.context, page.url, want),
    },
    (p, i) =>
      log(
        `  issue page load pair ${i + 1}/${opts.issuePairs}: Task ON ${ms(p.on.metrics.TaskDuration)} / OFF ${ms(p.off.metrics.TaskDuration)} (${p.on.linked} linked host)`,
      ),
  );
  const summary = {};
  for (const k of TIMES) {
    const onM = median(loads.map((l) => l.on.metrics[k]));
    const offM = median(loads.map((l) => l.off.metrics[k]));
    const diffs = loads.map((l) => l.on.metrics[k] - l.off.metrics[k]);
    const ratios = loads.map((l) => ratio(l.on.metrics[k], l.off.metrics[k]));
    summary[k] = {
      onMs: round(onM),
      offMs: round(offM),
      extraMs: round(median(diffs)),
      ratio: round(ratio(onM, offM), 3),
      pairRatioMedian: round(median(ratios), 3),
      pairRatioIqr: [round(quantile(ratios, 0.25), 3), round(quantile(ratios, 0.75), 3)],
    };
  }
  summary.linkedHosts = median(loads.map((l) => l.on.linked));
  record.issue = { summary, loads: loads.map((l) => ({ on: l.on.metrics, off: l.off.metrics })) };
  if (opts.tracePairs > 0) {
    const traces = [];
    for (let i = 0; i < opts.tracePairs; i++)
      traces.push(await traceLoad(on.context, page.url, want));
    record.issue.profile = {
      extJsMs: round(median(traces.map((t) => t.extProfileMs))),
      extJsSelfMs: round(median(traces.map((t) => t.extProfileSelfMs))),
      extScriptEventsMs: round(median(traces.map((t) => t.extScriptMs))),
      samplesMs: traces.map((t) => round(t.extProfileMs)),
    };
    log(
      `  issue page extension JS per load (profile): ${traces.map((t) => ms(t.extProfileMs)).join(', ')}`,
    );
  }
}

export function report(r) {
  const rec = r.pages?.['github-issue']?.issue;
  if (!rec) return [];
  const s = rec.summary;
  const rows = TIMES.map((k) => [
    k,
    ms(s[k].onMs),
    ms(s[k].offMs),
    ms(s[k].extraMs),
    `${times(s[k].ratio)} (pairs ${s[k].pairRatioIqr.map((x) => x?.toFixed(2)).join('…')})`,
    k === 'ScriptDuration' ? '(undercounts)' : verdict(s[k].ratio <= ISSUE_RATIO_BUDGET),
  ]);
  const p = rec.profile;
  return [
    `\n(g) GitHub issue page, one linked ticket: main-thread time at load + ${AFTER_LOAD_MS / 1000} s (CDP Performance.getMetrics)`,
    table([
      ['metric', 'ext ON', 'ext OFF', 'extra', 'ON ÷ OFF', `budget ≤ ${ISSUE_RATIO_BUDGET}×`],
      ...rows,
    ]),
    ...(p
      ? [
          `    extension JS per load (trace CPU profile, median): ${ms(p.extJsMs)} with the DOM calls it makes, ${ms(p.extJsSelfMs)} in its own frames; top-level script events ${ms(p.extScriptEventsMs)}`,
        ]
      : []),
  ];
}
