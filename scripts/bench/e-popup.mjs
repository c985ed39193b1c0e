/**
 * (e) Popup ready time, empty store vs a big one (if the build has the page): the first
 * opening after a change (the background answers) and a repeat opening (the popup's snapshot
 * paints), next to two floors: a page without script and a React-only page.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { bigStore } from '../../test/bench/generate.mjs';
import { launch, sendFrom } from '../../test/bench/harness.mjs';
import { openPopup, summaryRoundTrip, userAgent, writeFloors } from './popup-pages.mjs';
import {
  BUDGET,
  median,
  ms,
  now,
  quantile,
  ratio,
  round,
  table,
  times,
  verdict,
} from './stats.mjs';

/** Import the big store through the options page of `c`; logs what it holds. */
async function importBigStore(c, log) {
  const store = bigStore();
  const opt = await c.context.newPage();
  await opt.goto(`chrome-extension://${c.extensionId}/options.html`);
  const ti = now();
  const counts = await sendFrom(opt, { type: 'importFile', file: store });
  const importMs = now() - ti;
  await opt.close();
  log(
    `  big store imported in ${ms(importMs)} (${store.objectives.length} objectives, ${store.keyResults.length} KRs, ${store.tickets.length} tickets, ${store.links.length} links)`,
  );
  return { counts, importMs };
}

/**
 * The timed openings: each series once per round, in an order rotating by round. Series:
 * blank and react (floors), empty/big × fresh (no snapshot) / snapshot (repeat opening).
 */
async function measureSeries({ empty, big, popupPath, mode, reactFloor, rounds }) {
  const page = (c, file) => `chrome-extension://${c.extensionId}/${file}`;
  const series = { blank: [], react: [], emptyFresh: [], bigFresh: [], emptySnap: [], bigSnap: [] };
  const plan = [
    ['blank', empty, 'ready', page(empty, 'bench-blank.html')],
    ...(reactFloor ? [['react', empty, 'ready', page(empty, 'bench-react.html')]] : []),
    ['emptyFresh', empty, mode, page(empty, popupPath), true],
    ['bigFresh', big, mode, page(big, popupPath), true],
    ['emptySnap', empty, mode, page(empty, popupPath), false],
    ['bigSnap', big, mode, page(big, popupPath), false],
  ];
  for (let i = 0; i < rounds; i++) {
    const order = plan.map((_, j) => plan[(i + j) % plan.length]);
    for (const [name, c, m, u, dropSnapshot] of order) {
      const settle = name !== 'blank' && name !== 'react';
      series[name].push((await openPopup(c.context, u, m, { dropSnapshot, settle })).ms);
    }
  }
  return series;
}

function summarize({ popupPath, mode, imported, roundTrips, series }) {
  const samples = { empty: series.emptyFresh, big: series.bigFresh };
  const e = median(samples.empty);
  const b = median(samples.big);
  return {
    page: popupPath,
    readiness:
      mode === 'ready'
        ? '[data-ready="true"]'
        : 'DOMContentLoaded + first <main> child (no [data-ready] element)',
    importMs: round(imported.importMs),
    importCounts: imported.counts,
    emptyMedianMs: round(e),
    bigMedianMs: round(b),
    emptyP90Ms: round(quantile(samples.empty, 0.9)),
    bigP90Ms: round(quantile(samples.big, 0.9)),
    ratio: round(ratio(b, e), 2),
    blankMedianMs: round(median(series.blank)),
    reactMedianMs: series.react.length ? round(median(series.react)) : null,
    snapshot: {
      emptyMedianMs: round(median(series.emptySnap)),
      bigMedianMs: round(median(series.bigSnap)),
      emptyP90Ms: round(quantile(series.emptySnap, 0.9)),
      bigP90Ms: round(quantile(series.bigSnap, 0.9)),
    },
    quarterSummaryMs: {
      empty: roundTrips.empty ? round(median(roundTrips.empty)) : null,
      big: roundTrips.big ? round(median(roundTrips.big)) : null,
    },
    samples: Object.fromEntries(
      Object.entries(series).map(([k, v]) => [k, v.map((x) => round(x))]),
    ),
  };
}

/** The popup figures (or why they were skipped), and the browser's user agent if not known. */
export async function run({ ext, opts, log, cleanups }, knownBrowser) {
  const popupPath = opts.popupPath ?? 'popup.html';
  if (!existsSync(path.join(ext, popupPath))) {
    log(`Popup: skipped (no ${popupPath} in .output/chrome-mv3).`);
    return { popup: { skipped: `no ${popupPath} in the build` } };
  }
  log(`Popup (${popupPath}): empty store vs big store, ${opts.popupPairs} pairs …`);
  const empty = await launch({ extension: ext, label: 'bench-empty' });
  cleanups.add(empty.cleanup);
  const big = await launch({ extension: ext, label: 'bench-big' });
  cleanups.add(big.cleanup);
  const browser = knownBrowser ?? (await userAgent(big.context));
  const imported = await importBigStore(big, log);
  const roundTrips = { empty: await summaryRoundTrip(empty), big: await summaryRoundTrip(big) };
  const reactFloor = await writeFloors(ext, log);
  // Warm-up, and which readiness signal the popup gives; these also save the snapshots.
  const popupUrl = (c) => `chrome-extension://${c.extensionId}/${popupPath}`;
  const { mode } = await openPopup(big.context, popupUrl(big), 'detect', { settle: true });
  await openPopup(empty.context, popupUrl(empty), mode, { settle: true });
  const rounds = opts.popupPairs;
  const series = await measureSeries({ empty, big, popupPath, mode, reactFloor, rounds });
  await empty.cleanup();
  await big.cleanup();
  return { browser, popup: summarize({ popupPath, mode, imported, roundTrips, series }) };
}

function storeTable(p) {
  const row = (label, m, p90) => [
    label,
    ms(m),
    ms(p90),
    verdict(m <= BUDGET.popupReady),
    times(ratio(m, p.blankMedianMs)),
    p.reactMedianMs === null ? '—' : times(ratio(m, p.reactMedianMs)),
  ];
  return table([
    ['store · opening', 'median', 'p90', `budget ≤ ${BUDGET.popupReady} ms`, '÷ blank', '÷ React'],
    row('empty · after a change (background answers)', p.emptyMedianMs, p.emptyP90Ms),
    row('big · after a change (background answers)', p.bigMedianMs, p.bigP90Ms),
    row('empty · repeat (snapshot paints)', p.snapshot.emptyMedianMs, p.snapshot.emptyP90Ms),
    row('big · repeat (snapshot paints)', p.snapshot.bigMedianMs, p.snapshot.bigP90Ms),
  ]);
}

export function report(r) {
  const p = r.popup;
  if (!p) return [];
  if (p.skipped) return ['\n(e) Popup ready', `    skipped: ${p.skipped}`];
  const q = p.quarterSummaryMs;
  return [
    '\n(e) Popup ready',
    `    ready = ${p.readiness}; opened as a tab; big store imported in ${ms(p.importMs)}`,
    ...(q?.empty !== null && q?.big !== null
      ? [
          `    'quarterSummary' round trip from an extension page (median of 3): empty ${ms(q.empty)}, big ${ms(q.big)}`,
        ]
      : []),
    `    floors, opened the same way: a page without script ${ms(p.blankMedianMs)}; a page that only renders with React 19 ${p.reactMedianMs === null ? '—' : ms(p.reactMedianMs)} (medians)`,
    storeTable(p),
    `    ratio big/empty: after a change ${times(p.ratio)}, repeat ${times(ratio(p.snapshot.bigMedianMs, p.snapshot.emptyMedianMs))}`,
    '    big = 20 objectives, 100 KRs, 5k tickets, 20k links',
  ];
}
