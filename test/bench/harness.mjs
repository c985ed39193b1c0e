/**
 * Plain-JS launch helpers shared by scripts/demo.mjs and scripts/bench.mjs. Node cannot import
 * the TypeScript helpers of test/e2e, so the few things they do are repeated here: find
 * Chromium, build the extension when the sources are newer, launch a persistent context with
 * (or without) the extension, read its id, serve fixture bodies at real tracker URLs, talk to
 * the background from an extension page. Everything stays on loopback: no network.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const buildDir = path.join(root, '.output/chrome-mv3');
export const tmpRoot = path.join(root, 'tmp');

/** Flags of shared/toolchain.md: without the networking ones Chromium floods the closed net. */
export const baseArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumPath() {
  const p = process.env.OKR_LENS_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(p)) {
    const e = new Error(
      `No Chromium at ${p}. Install it (apt-get install -y chromium) or point OKR_LENS_CHROMIUM at a Chromium/Chrome binary.`,
    );
    e.userFacing = true;
    throw e;
  }
  return p;
}

function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const name of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, name)));
  return newest;
}

const SOURCES = [
  'entrypoints',
  'lib',
  'components',
  'public',
  'assets',
  'wxt.config.ts',
  'package.json',
  'tsconfig.json',
];

/** Why the build must be (re)made, or undefined when .output/chrome-mv3 is up to date. */
export function buildStaleness() {
  const manifest = path.join(buildDir, 'manifest.json');
  if (!existsSync(manifest)) return 'no build at .output/chrome-mv3';
  const built = statSync(manifest).mtimeMs;
  const newest = Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
  return newest > built ? 'sources changed since the last build' : undefined;
}

/**
 * `npx wxt build` when forced or stale. A failed build with an older one on disk only warns
 * (others may be mid-edit); with none, it throws.
 */
export function ensureBuild({ force = false, skip = false, log = console.log } = {}) {
  const why = force ? 'forced' : buildStaleness();
  if (skip || !why) {
    if (!existsSync(path.join(buildDir, 'manifest.json')))
      throw Object.assign(new Error('No build at .output/chrome-mv3: run `npx wxt build`.'), {
        userFacing: true,
      });
    log(`Using the existing build in .output/chrome-mv3${skip ? '' : ' (up to date)'}.`);
    return;
  }
  log(`Building the extension (${why}): npx wxt build …`);
  const t0 = Date.now();
  const r = spawnSync('npx', ['wxt', 'build'], { cwd: root, encoding: 'utf8', env: process.env });
  if (r.status === 0 && existsSync(path.join(buildDir, 'manifest.json'))) {
    log(`Built in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
    return;
  }
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-25).join('\n');
  if (existsSync(path.join(buildDir, 'manifest.json'))) {
    log(`WARNING: the build failed; using the previous build in .output/chrome-mv3.\n${out}`);
    return;
  }
  throw Object.assign(new Error(`The build failed:\n${out}`), { userFacing: true });
}

/**
 * Remove a directory we created. Chromium's helper processes may go on writing into a profile
 * (its cache) for a few seconds after the browser is gone, so retry for up to ~6 s, then warn.
 */
export async function removeDir(dir) {
  for (let attempt = 1; ; attempt++) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
      return;
    } catch (e) {
      if (attempt >= 12) {
        console.warn(`Could not remove ${dir}: ${e.message}`);
        return;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** Files the manifest names that are missing from build directory `dir` (empty when whole). */
export function missingFiles(dir) {
  const manifestPath = path.join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) return ['manifest.json'];
  let m;
  try {
    m = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch {
    return ['manifest.json (unreadable)'];
  }
  const files = [
    m.background?.service_worker,
    m.options_ui?.page,
    m.action?.default_popup,
    ...(m.content_scripts ?? []).flatMap((c) => [...(c.js ?? []), ...(c.css ?? [])]),
  ].filter(Boolean);
  return files.filter((f) => !existsSync(path.join(dir, f)));
}

/**
 * A private copy of the build, so a parallel `wxt build` cannot swap files under a running
 * browser. A copy caught in the middle of someone else's build (files the manifest names are
 * missing) is retried. The caller removes it (`rmSync(dir, { recursive: true })`) when done.
 */
export async function snapshotBuild(label) {
  mkdirSync(tmpRoot, { recursive: true });
  for (let attempt = 1; ; attempt++) {
    const dir = mkdtempSync(path.join(tmpRoot, `${label}-ext-`));
    cpSync(buildDir, dir, { recursive: true });
    const missing = missingFiles(dir);
    if (missing.length === 0) return dir;
    rmSync(dir, { recursive: true, force: true });
    if (attempt >= 5)
      throw Object.assign(
        new Error(`.output/chrome-mv3 is incomplete (missing ${missing.join(', ')}): rebuild it.`),
        { userFacing: true },
      );
    await new Promise((r) => setTimeout(r, 2000)); // another build is writing it
  }
}

/**
 * A fresh persistent context. With `extension` (a build directory) the extension is loaded and
 * its id read from the service worker; without it, the same browser with no extension.
 */
export async function launch({ extension, headless = true, viewport, label = 'okr-lens' } = {}) {
  mkdirSync(tmpRoot, { recursive: true });
  // Playwright and Chromium litter the temp dir (shared/toolchain.md): keep it in tmp/.
  process.env.TMPDIR = tmpRoot;
  const { chromium } = await import('@playwright/test');
  const userDataDir = mkdtempSync(path.join(tmpRoot, `${label}-profile-`));
  const args = [...baseArgs];
  if (extension)
    args.push(`--disable-extensions-except=${extension}`, `--load-extension=${extension}`);
  else args.push('--disable-extensions');
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath(),
      headless,
      viewport: viewport === undefined ? { width: 1280, height: 860 } : viewport,
      args,
      // The scripts close the browser and remove their temp dirs on Ctrl-C themselves
      // (Playwright's own handler would exit before they can).
      handleSIGINT: false,
      handleSIGTERM: false,
    });
  } catch (e) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw e;
  }
  let extensionId;
  if (extension) {
    let [sw] = context.serviceWorkers();
    try {
      sw ??= await context.waitForEvent('serviceworker', { timeout: 20_000 });
    } catch {
      await context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
      throw Object.assign(
        new Error(
          'The extension did not start (no service worker within 20 s). Run with DEBUG=pw:browser to see why.',
        ),
        { userFacing: true },
      );
    }
    extensionId = new URL(sw.url()).host;
  }
  let closed = false;
  return {
    context,
    extensionId,
    userDataDir,
    cleanup: async () => {
      if (!closed) {
        closed = true;
        await context.close().catch(() => {});
      }
      await removeDir(userDataDir);
    },
  };
}

/**
 * Serve documents at real tracker URLs: `resolve(url)` returns an HTML body or undefined (then
 * a small "not in the demo" page). Everything else the page asks for gets an empty 404.
 */
export async function serveTrackers(context, resolve, fallback) {
  const handler = (route) => {
    const req = route.request();
    if (req.resourceType() !== 'document') return route.fulfill({ status: 404, body: '' });
    const url = new URL(req.url());
    const body = resolve(url) ?? fallback?.(url);
    if (body === undefined) return route.fulfill({ status: 404, body: 'Not found' });
    return route.fulfill({ contentType: 'text/html; charset=utf-8', body });
  };
  for (const glob of [
    'https://github.com/**',
    'https://*.atlassian.net/**',
    'https://linear.app/**',
  ])
    await context.route(glob, handler);
}

/** Open the options page and load the sample OKRs with the button a user clicks. */
export async function loadExampleOkrs(context, extensionId) {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await page.getByRole('button', { name: 'Load example OKRs' }).click({ timeout: 15_000 });
  await page
    .getByRole('region', { name: /^Objective: / })
    .first()
    .waitFor({ timeout: 15_000 });
  return page;
}

/** Send one request to the background from an extension page; returns the envelope's value. */
export async function sendFrom(extPage, message) {
  const answer = await extPage.evaluate((m) => globalThis.chrome.runtime.sendMessage(m), message);
  if (!answer || answer.ok !== true)
    throw new Error(`${message.type} failed: ${JSON.stringify(answer?.error ?? answer)}`);
  return answer.value;
}

/** Link tickets to KRs by code (`[[ticketKey, ['KR1.2', …]], …]`); unknown codes are skipped. */
export async function linkByCodes(extPage, pairs) {
  return extPage.evaluate(async (pairs) => {
    const send = (m) => globalThis.chrome.runtime.sendMessage(m);
    const hits = (await send({ type: 'searchKeyResults', query: '' })).value;
    const byCode = new Map(hits.map((h) => [h.code, h.id]));
    const skipped = [];
    let linked = 0;
    for (const [ticket, codes] of pairs) {
      const ids = codes.map((c) => byCode.get(c)).filter(Boolean);
      if (ids.length < codes.length) skipped.push(`${ticket}: ${codes.join(',')}`);
      if (!ids.length) continue;
      const r = await send({ type: 'link', ticket, keyResultIds: ids });
      if (!r.ok) throw new Error(`link ${ticket}: ${JSON.stringify(r.error)}`);
      linked++;
    }
    return { linked, skipped };
  }, pairs);
}
