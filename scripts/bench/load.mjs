/**
 * Page loads for sections a–c: load a URL in a fresh tab, wait until the badges settled, and
 * read the main thread's metrics (CDP Performance) or a Chrome trace of the load.
 */
import { analyzeTrace } from './trace.mjs';
import { now, sleep } from './stats.mjs';

const STABLE_MS = 500;
export const SETTLE_TIMEOUT = 20_000;

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
export async function settle(page, t0, { rows, linked = 0, waitMs }) {
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
    const counts = { hosts: state[0], linked: state[1] };
    if (waitMs !== undefined) {
      if (t - t0 >= waitMs) return { settledMs: undefined, ...counts };
    } else if (state[0] >= rows && state[1] >= linked && t - since >= STABLE_MS) {
      return { settledMs: since - t0, totalMs: t - t0, ...counts };
    } else if (t - t0 > SETTLE_TIMEOUT) {
      return { settledMs: undefined, totalMs: t - t0, ...counts, timedOut: true };
    }
    await sleep(50);
  }
}

/**
 * Wait for the page's load event, then `afterMs` more (the issue page: "TaskDuration at load +
 * 1.5 s"); the same on ON and OFF. Returns the host counts then, as `settle` does.
 */
async function afterLoad(page, t0, afterMs) {
  await page.waitForLoadState('load');
  await sleep(afterMs);
  const [hosts, linked] = await countHosts(page);
  return { settledMs: undefined, totalMs: now() - t0, hosts, linked };
}

/** `settle` or `afterLoad`, as `want` says. */
const waitFor = (page, t0, want) =>
  want.afterLoadMs !== undefined ? afterLoad(page, t0, want.afterLoadMs) : settle(page, t0, want);

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

/** `fn(page, cdp)` in a fresh tab with a CDP session, closed afterwards. */
async function inNewTab(ctx, fn) {
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  try {
    return await fn(page, cdp);
  } finally {
    await cdp.detach().catch(() => {});
    await page.close();
  }
}

/**
 * One load of `url` in a fresh tab: main-thread metrics from navigation until settled.
 * Chromium 156 starts the Performance counters anew with each document, so the tab opens on
 * about:blank (≈0) and the difference after the load is the new document's work since commit.
 */
export function measureLoad(ctx, url, want) {
  return inNewTab(ctx, async (page, cdp) => {
    await cdp.send('Performance.enable');
    const m0 = await getMetrics(cdp);
    const t0 = now();
    await page.goto(url, { waitUntil: 'commit', timeout: 30_000 });
    const s = await waitFor(page, t0, want);
    const m1 = await getMetrics(cdp);
    const d = {};
    for (const k of METRICS) {
      const reset = m1[k] < m0[k];
      d[k] = k === 'JSHeapUsedSize' ? m1[k] : (reset ? m1[k] : m1[k] - m0[k]) * 1000;
    }
    return { ...s, wallMs: now() - t0, metrics: d };
  });
}

const TRACE_CONFIG = {
  includedCategories: [
    'devtools.timeline',
    'disabled-by-default-devtools.timeline',
    'toplevel',
    'v8.execute',
    'disabled-by-default-v8.cpu_profiler',
    '__metadata',
  ],
  recordMode: 'recordAsMuchAsPossible',
};

/** The trace of a finished tracing session, read from its stream. */
async function readTrace(cdp, stream) {
  const chunks = [];
  for (;;) {
    const r = await cdp.send('IO.read', { handle: stream, size: 4 << 20 });
    chunks.push(r.base64Encoded ? Buffer.from(r.data, 'base64').toString('utf8') : r.data);
    if (r.eof) break;
  }
  await cdp.send('IO.close', { handle: stream });
  return JSON.parse(chunks.join(''));
}

/** Same load under a Chrome trace; returns the main-thread task analysis. */
export function traceLoad(ctx, url, want) {
  return inNewTab(ctx, async (page, cdp) => {
    const complete = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.start', { transferMode: 'ReturnAsStream', traceConfig: TRACE_CONFIG });
    const t0 = now();
    await page.goto(url, { waitUntil: 'commit', timeout: 30_000 });
    const s = await waitFor(page, t0, want);
    await cdp.send('Tracing.end');
    const { stream } = await complete;
    const parsed = await readTrace(cdp, stream);
    return { ...s, ...analyzeTrace(parsed.traceEvents ?? parsed, url) };
  });
}

/**
 * `count` ON/OFF pairs, alternating which goes first (ON first in even pairs) so neither
 * profits from the other's warm caches; `logPair(pair, i)` after each.
 */
export async function onOffPairs(count, measure, logPair) {
  const pairs = [];
  for (let i = 0; i < count; i++) {
    const pair = {};
    for (const mode of i % 2 === 0 ? ['on', 'off'] : ['off', 'on'])
      pair[mode] = await measure[mode]();
    pairs.push(pair);
    logPair(pair, i);
  }
  return pairs;
}
