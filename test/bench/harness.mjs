/**
 * Plain-JS helpers shared by scripts/demo.mjs and scripts/bench.mjs: build the extension when
 * the sources are newer, launch Chromium the scripts' way (test/support/browser.mjs with
 * profiles and build copies in tmp/), serve fixture bodies at real tracker URLs, talk to the
 * background from an extension page. Everything stays on loopback: no network.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { buildDir, copyBuild, launchBrowser, root } from '../support/browser.mjs';

export { chromiumPath, removeDir, root } from '../support/browser.mjs';

export const tmpRoot = path.join(root, 'tmp');

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
 * A private copy of the build in tmp/, so a parallel `wxt build` cannot swap files under a
 * running browser. The caller removes it (`removeDir`) when done.
 */
export function snapshotBuild(label) {
  mkdirSync(tmpRoot, { recursive: true });
  return copyBuild({ parent: tmpRoot, label, waitMs: 10_000 });
}

/**
 * `launchBrowser` as the scripts use it: the profile in tmp/, and no Playwright signal
 * handlers (the scripts close the browser and remove their temp dirs on Ctrl-C themselves).
 */
export function launch(options = {}) {
  mkdirSync(tmpRoot, { recursive: true });
  // Playwright and Chromium litter the temp dir: keep it in tmp/.
  process.env.TMPDIR = tmpRoot;
  return launchBrowser({ parent: tmpRoot, handleSignals: false, ...options });
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
