/**
 * (i) and (j): the big store (20 objectives, 100 KRs, 5,000 tickets, 20,000 links; ≈ 2.2 MB
 * as a file) as a user meets it.
 *
 * (i) Import through the options page: the file picked, Import clicked, until the page says
 *     what was imported (timed in the page, from the click to the message), into an empty store.
 * (j) The options page opened on that store, until Coverage shows (`#coverage`, the covered
 *     count), and until the OKRs tab shows its first objective (`#okrs`), timed in the page from
 *     navigation start.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bigStore } from '../../test/bench/generate.mjs';
import { launch, sendFrom, tmpRoot } from '../../test/bench/harness.mjs';
import { median, ms, round, table, verdict } from './stats.mjs';

export const IMPORT_BUDGET_MS = 2000;
export const COVERAGE_BUDGET_MS = 300;

/** In the page: when the click on Import happened and when the outcome notice appeared. */
function watchImport() {
  const w = window;
  w.__importClick = undefined;
  w.__importDone = undefined;
  document.addEventListener(
    'click',
    (e) => {
      const b = e.target instanceof Element ? e.target.closest('button') : null;
      if (b && b.textContent?.trim() === 'Import') w.__importClick = performance.now();
    },
    { capture: true },
  );
  new MutationObserver(() => {
    if (
      w.__importDone === undefined &&
      document.querySelector('.notice-ok, [data-testid="import-error"]')
    )
      w.__importDone = performance.now();
  }).observe(document.body, { childList: true, subtree: true });
}

async function importOnce(context, base, file) {
  const page = await context.newPage();
  try {
    await page.goto(`${base}/options.html#data`);
    await sendFrom(page, { type: 'clearAll' });
    await page.reload();
    await page.getByRole('heading', { name: 'Import' }).waitFor();
    await page.evaluate(watchImport);
    await page.locator('#import-file').setInputFiles(file);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.waitForFunction(() => window.__importDone !== undefined, null, {
      timeout: 120_000,
      polling: 50,
    });
    const [t0, t1, text] = await page.evaluate(() => [
      window.__importClick,
      window.__importDone,
      document.querySelector('.notice-ok, [data-testid="import-error"]')?.textContent ?? '',
    ]);
    return { ms: t1 - t0, text: text.slice(0, 160) };
  } finally {
    await page.close();
  }
}

/** In a fresh tab: navigation start → `selector` present. */
async function openTimed(context, url, selector) {
  const page = await context.newPage();
  try {
    await page.addInitScript((sel) => {
      const check = () => {
        if (window.__shownAt === undefined && document.querySelector(sel))
          window.__shownAt = performance.now();
      };
      new MutationObserver(check).observe(document, { childList: true, subtree: true });
    }, selector);
    await page.goto(url, { waitUntil: 'commit' });
    const h = await page.waitForFunction(() => window.__shownAt ?? false, null, {
      timeout: 30_000,
      polling: 20,
    });
    return await h.jsonValue();
  } finally {
    await page.close();
  }
}

export async function run({ ext, opts, log, cleanups }) {
  const file = path.join(tmpRoot, 'bench-big-store.json');
  mkdirSync(tmpRoot, { recursive: true });
  const store = bigStore();
  writeFileSync(file, JSON.stringify(store, null, 2));
  const c = await launch({ extension: ext, label: 'bench-big-store' });
  cleanups.add(c.cleanup);
  const base = `chrome-extension://${c.extensionId}`;
  const out = { fileBytes: JSON.stringify(store, null, 2).length };
  if (opts.only.has('i')) {
    const samples = [];
    for (let i = 0; i < opts.importRounds; i++) {
      const r = await importOnce(c.context, base, file);
      samples.push(r.ms);
      log(`  import ${i + 1}/${opts.importRounds}: ${ms(r.ms)} — ${r.text}`);
    }
    out.import = { medianMs: round(median(samples)), samplesMs: samples.map((x) => round(x)) };
  } else {
    const page = await c.context.newPage();
    await page.goto(`${base}/options.html`);
    await sendFrom(page, { type: 'importFile', file: store });
    await page.close();
  }
  if (opts.only.has('j')) {
    const cov = [];
    const okrs = [];
    for (let i = 0; i < opts.popupPairs; i++) {
      cov.push(
        await openTimed(c.context, `${base}/options.html#coverage`, '[data-testid="covered"]'),
      );
      okrs.push(
        await openTimed(c.context, `${base}/options.html#okrs`, '[aria-label^="Objective: "]'),
      );
    }
    out.options = {
      coverageMedianMs: round(median(cov)),
      okrsMedianMs: round(median(okrs)),
      coverageSamplesMs: cov.map((x) => round(x)),
      okrsSamplesMs: okrs.map((x) => round(x)),
    };
    log(
      `  options page on the big store: Coverage ${ms(out.options.coverageMedianMs)}, OKRs ${ms(out.options.okrsMedianMs)} (medians)`,
    );
  }
  await c.cleanup();
  return out;
}

export function report(r) {
  const b = r.bigStore;
  if (!b) return [];
  const rows = [];
  if (b.import)
    rows.push([
      `(i) import, click → message (${(b.fileBytes / 1e6).toFixed(1)} MB file)`,
      ms(b.import.medianMs),
      b.import.samplesMs.map((x) => Math.round(x)).join(', '),
      `≤ ${IMPORT_BUDGET_MS} ms: ${verdict(b.import.medianMs <= IMPORT_BUDGET_MS)}`,
    ]);
  if (b.options) {
    rows.push([
      '(j) options page until Coverage shows',
      ms(b.options.coverageMedianMs),
      b.options.coverageSamplesMs.map((x) => Math.round(x)).join(', '),
      `≤ ${COVERAGE_BUDGET_MS} ms: ${verdict(b.options.coverageMedianMs <= COVERAGE_BUDGET_MS)}`,
    ]);
    rows.push([
      '    options page until the OKRs tab shows',
      ms(b.options.okrsMedianMs),
      b.options.okrsSamplesMs.map((x) => Math.round(x)).join(', '),
      '',
    ]);
  }
  return [
    '\n(i, j) The big store (20 objectives, 100 KRs, 5,000 tickets, 20,000 links)',
    table([['', 'median', 'samples', 'budget'], ...rows]),
  ];
}
