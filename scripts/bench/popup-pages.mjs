/**
 * Extension pages for section (e): open one and time when it is ready, the two floors the
 * popup is compared with, and the background's summary round trip.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { root } from '../../test/bench/harness.mjs';

/** Records, in the popup, when `[data-ready="true"]` appears (else DCL and main's 1st child). */
function readyProbe() {
  const w = window;
  const check = () => {
    if (!w.__okrReadyAt && document.querySelector('[data-ready="true"]'))
      w.__okrReadyAt = performance.now();
    const main = document.querySelector('main');
    if (!w.__okrMainChildAt && main && main.firstElementChild)
      w.__okrMainChildAt = performance.now();
  };
  new MutationObserver(check).observe(document, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['data-ready'],
  });
  document.addEventListener('DOMContentLoaded', () => {
    w.__okrDclAt = performance.now();
    check();
  });
}

/** The popup's snapshot of its last summary (entrypoints/popup/snapshot.ts). */
const SNAPSHOT_KEY = 'okrLens.popup.snapshot';

/**
 * Open `url` in a new tab and time it: `mode` 'ready' waits for `[data-ready="true"]`,
 * 'fallback' for DOMContentLoaded and main's first child, 'detect' tries the first, then the
 * second. `dropSnapshot`: the opening after a write (no snapshot: the background answers);
 * `settle`: let the page finish its work, untimed, before the tab closes.
 */
export async function openPopup(ctx, url, mode, { dropSnapshot = false, settle = false } = {}) {
  const page = await ctx.newPage();
  try {
    // Removed before any script of the page runs: the opening after a write, which must ask
    // the background (the snapshot no longer matches the revision).
    if (dropSnapshot) await page.addInitScript((k) => localStorage.removeItem(k), SNAPSHOT_KEY);
    await page.addInitScript(readyProbe);
    await page.goto(url, { waitUntil: 'commit' });
    const wait = (fn, timeout, arg = null) =>
      page.waitForFunction(fn, arg, { timeout, polling: 10 }).then(
        (h) => h.jsonValue(),
        () => null,
      );
    if (mode !== 'fallback') {
      const t = await wait(() => window.__okrReadyAt ?? false, 15_000);
      // Untimed: let the popup finish its work (the summary with counts, then its snapshot)
      // so it does not keep the service worker busy under the next opening.
      if (t !== null && settle)
        await wait((k) => localStorage.getItem(k) !== null, 60_000, SNAPSHOT_KEY);
      if (t !== null) return { ms: t, mode: 'ready' };
      if (mode === 'ready') return { ms: NaN, mode: 'ready' };
    }
    const t = await wait(
      () =>
        window.__okrDclAt && window.__okrMainChildAt
          ? Math.max(window.__okrDclAt, window.__okrMainChildAt)
          : false,
      10_000,
    );
    return { ms: t ?? NaN, mode: 'fallback' };
  } finally {
    await page.close();
  }
}

export async function userAgent(ctx) {
  const page = await ctx.newPage();
  try {
    return await page.evaluate(() => navigator.userAgent);
  } finally {
    await page.close();
  }
}

/**
 * bench-react.html + bench-react.js in `ext`: React 19 rendering one <main data-ready>, built
 * by Vite in production mode like the popup. The floor under which no React popup can go.
 */
async function buildReactFloor(ext) {
  const { build } = await import('vite');
  const dir = path.join(root, 'tmp', 'bench-react-floor');
  mkdirSync(dir, { recursive: true });
  const entry = path.join(dir, 'entry.js');
  writeFileSync(
    entry,
    "import { createElement } from 'react';\nimport { createRoot } from 'react-dom/client';\n" +
      "createRoot(document.getElementById('root')).render(createElement('main', { 'data-ready': 'true' }, 'React floor'));\n",
  );
  await build({
    configFile: false,
    logLevel: 'silent',
    root,
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      outDir: dir,
      emptyOutDir: false,
      write: true,
      minify: true,
      rollupOptions: { input: entry, output: { entryFileNames: 'bench-react.js', format: 'es' } },
    },
  });
  writeFileSync(path.join(ext, 'bench-react.js'), readFileSync(path.join(dir, 'bench-react.js')));
  writeFileSync(
    path.join(ext, 'bench-react.html'),
    '<!doctype html><html><head><meta charset="utf-8"><title>react</title><script type="module" src="/bench-react.js"></script></head><body><div id="root"></div></body></html>',
  );
  return true;
}

/**
 * Two floors, opened the same way as the popup, written into the bench's copy of the build
 * `ext` (the product has neither): bench-blank.html, an extension page with no script, and
 * bench-react.html, one that only renders a <main> with React 19 (the popup's framework,
 * bundled the way the popup is). Returns whether the React floor was built.
 */
export async function writeFloors(ext, log) {
  writeFileSync(
    path.join(ext, 'bench-blank.html'),
    '<!doctype html><html><head><meta charset="utf-8"><title>blank</title></head><body><main data-ready="true"><p>blank</p></main></body></html>',
  );
  return buildReactFloor(ext).catch((e) => {
    log(`  (no React floor: ${e.message})`);
    return false;
  });
}

/**
 * What the popup waits for: the background's summary, timed three times from an extension
 * page (diagnostic; a failure just leaves it out, e.g. a build without this request).
 */
export async function summaryRoundTrip({ context, extensionId }) {
  const pg = await context.newPage();
  try {
    await pg.goto(`chrome-extension://${extensionId}/options.html`);
    return await pg.evaluate(async () => {
      const out = [];
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        const r = await globalThis.chrome.runtime.sendMessage({ type: 'quarterSummary' });
        if (!r?.ok) return null;
        out.push(performance.now() - t);
      }
      return out;
    });
  } catch {
    return null;
  } finally {
    await pg.close();
  }
}
