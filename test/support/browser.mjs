// @ts-check
/**
 * The one way OKR Lens starts Chromium, for the e2e fixtures (test/e2e/fixtures.ts), the bench
 * and the demo (scripts/): where Chromium is, a private copy of the build, the launch flags,
 * and a persistent context with (or without) the extension and its id. Plain JavaScript with
 * JSDoc types, so Node scripts and TypeScript both import it.
 */
import { chromium } from '@playwright/test';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** @typedef {import('@playwright/test').BrowserContext} BrowserContext */

/** The repository root. */
export const root = fileURLToPath(new URL('../..', import.meta.url));
/** Where `wxt build` writes the Chrome build. */
export const buildDir = path.join(root, '.output/chrome-mv3');

/** An error whose message is for the person running the command (printed without a stack). */
const userError = (/** @type {string} */ message) =>
  Object.assign(new Error(message), { userFacing: true });

/** Chromium's binary: OKR_LENS_CHROMIUM, else /usr/bin/chromium (Debian's package). */
export function chromiumPath() {
  const p = process.env.OKR_LENS_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(p))
    throw userError(
      `No Chromium at ${p}. Install it (apt-get install -y chromium) or point OKR_LENS_CHROMIUM at a Chromium/Chrome binary.`,
    );
  return p;
}

/**
 * Flags for every launch. Without the networking ones Chromium keeps calling Google services,
 * which a machine without network answers slowly and a test must not depend on.
 */
export const BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The launch flags: with `extension` (a build directory) only that extension is loaded;
 * without it, none at all.
 * @param {string} [extension]
 */
export function browserArgs(extension) {
  const ext = extension
    ? [`--disable-extensions-except=${extension}`, `--load-extension=${extension}`]
    : ['--disable-extensions'];
  return [...ext, ...BROWSER_ARGS];
}

/**
 * Files the manifest of build directory `dir` names that are missing (empty when whole).
 * @param {string} dir
 * @returns {string[]}
 */
export function missingFiles(dir) {
  const manifestPath = path.join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) return ['manifest.json'];
  let m;
  try {
    m = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch {
    return ['manifest.json (unreadable)'];
  }
  /** @type {string[]} */
  const files = [
    m.background?.service_worker,
    m.options_ui?.page,
    m.action?.default_popup,
    ...(m.content_scripts ?? []).flatMap((/** @type {any} */ c) => [
      ...(c.js ?? []),
      ...(c.css ?? []),
    ]),
  ].filter(Boolean);
  return files.filter((f) => !existsSync(path.join(dir, f)));
}

const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

/**
 * A private copy of the build in a new directory `<parent>/<label>-ext-XXXXXX`, so a parallel
 * `wxt build` cannot swap files under a running browser. Waits up to `waitMs` while the build
 * is incomplete (another build is writing it) or changes during the copy. The caller removes
 * the copy (`removeDir`) when done.
 * @param {{ from?: string, parent?: string, label?: string, waitMs?: number }} [options]
 * @returns {Promise<string>}
 */
export async function copyBuild({
  from = buildDir,
  parent = tmpdir(),
  label = 'okr-lens',
  waitMs = 60_000,
} = {}) {
  const deadline = Date.now() + waitMs;
  for (;;) {
    let missing = missingFiles(from);
    if (missing.length === 0) {
      const dir = mkdtempSync(path.join(parent, `${label}-ext-`));
      try {
        cpSync(from, dir, { recursive: true });
        missing = missingFiles(dir);
        if (missing.length === 0) return dir;
      } catch {
        // a rebuild removed files while we copied: try again
      }
      rmSync(dir, { recursive: true, force: true });
    }
    if (Date.now() >= deadline) {
      const where = path.relative(root, from) || from;
      throw userError(
        missing.includes('manifest.json')
          ? `No build at ${where}: run \`npx wxt build\` first.`
          : `${where} is incomplete (missing ${missing.join(', ')}): rebuild it.`,
      );
    }
    await sleep(1000);
  }
}

/**
 * Remove a directory we created. Chromium's helper processes may go on writing into a profile
 * (its cache) for a few seconds after the browser is gone, so retry for up to ~6 s, then warn.
 * @param {string} dir
 */
export async function removeDir(dir) {
  for (let attempt = 1; ; attempt++) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
      return;
    } catch (e) {
      if (attempt >= 12) {
        console.warn(`Could not remove ${dir}: ${/** @type {Error} */ (e).message}`);
        return;
      }
      await sleep(500);
    }
  }
}

/**
 * The extension's id, read from its service worker (20 s at most).
 * @param {BrowserContext} context
 */
async function extensionIdOf(context) {
  let [sw] = context.serviceWorkers();
  try {
    sw ??= await context.waitForEvent('serviceworker', { timeout: 20_000 });
  } catch {
    throw userError(
      'The extension did not start (no service worker within 20 s). Run with DEBUG=pw:browser to see why.',
    );
  }
  return new URL(sw.url()).host;
}

/**
 * @typedef {object} LaunchBrowserOptions
 * @property {string} [extension] A build directory to load; without it, no extension.
 * @property {boolean} [headless] Default true.
 * @property {{ width: number, height: number } | null} [viewport] Default 1280×860; null: the window's.
 * @property {string} [label] Prefix of the profile directory's name (default `okr-lens`).
 * @property {string} [parent] Where the profile directory goes (default the system temp dir).
 * @property {boolean} [handleSignals] Let Playwright close the browser on Ctrl-C (default true;
 *   scripts that clean up on their own signal handler pass false).
 */

/**
 * A fresh persistent context in a new profile directory. `cleanup` closes it and removes the
 * profile (safe to call twice); the build directory stays.
 * @param {LaunchBrowserOptions} [options]
 * @returns {Promise<{ context: BrowserContext, extensionId: string | undefined, userDataDir: string, cleanup: () => Promise<void> }>}
 */
export async function launchBrowser({
  extension,
  headless = true,
  viewport,
  label = 'okr-lens',
  parent = tmpdir(),
  handleSignals = true,
} = {}) {
  if (extension && !existsSync(path.join(extension, 'manifest.json')))
    throw userError(`No build at ${extension}: run \`npx wxt build\` first.`);
  const executablePath = chromiumPath();
  const userDataDir = mkdtempSync(path.join(parent, `${label}-profile-`));
  let closed = false;
  /** @type {BrowserContext | undefined} */
  let context;
  const cleanup = async () => {
    if (!closed) {
      closed = true;
      await context?.close().catch(() => {});
    }
    await removeDir(userDataDir);
  };
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless,
      viewport: viewport === undefined ? { width: 1280, height: 860 } : viewport,
      args: browserArgs(extension),
      handleSIGINT: handleSignals,
      handleSIGTERM: handleSignals,
    });
    const extensionId = extension ? await extensionIdOf(context) : undefined;
    return { context, extensionId, userDataDir, cleanup };
  } catch (e) {
    await cleanup();
    throw e;
  }
}
