// @ts-check
/**
 * The one way OKR Lens starts Firefox (beside Chromium in ./browser.mjs), for the e2e fixtures
 * and the demo: Debian's firefox-esr driven by Playwright over WebDriver BiDi, the Firefox
 * build installed as a temporary add-on, its moz-extension UUID chosen here so extension pages
 * have known URLs. ./firefox-bidi.mjs stands between Playwright and Firefox (why: see there).
 */
import { firefox } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** @typedef {import('@playwright/test').BrowserContext} BrowserContext */

const root = fileURLToPath(new URL('../..', import.meta.url));
/** Where `wxt build -b firefox` writes the Firefox build. */
export const firefoxBuildDir = path.join(root, '.output/firefox-mv2');
/** What Playwright runs as Firefox: starts the real one, adds the extension (./firefox-bidi.mjs). */
const bidiWrapper = fileURLToPath(new URL('./firefox-bidi.mjs', import.meta.url));

const userError = (/** @type {string} */ message) =>
  Object.assign(new Error(message), { userFacing: true });

/** Firefox's binary: OKR_LENS_FIREFOX, else /usr/bin/firefox-esr (Debian's package). */
export function firefoxPath() {
  const p = process.env.OKR_LENS_FIREFOX ?? '/usr/bin/firefox-esr';
  if (!existsSync(p))
    throw userError(
      `No Firefox at ${p}. Install it (apt-get install -y firefox-esr) or point OKR_LENS_FIREFOX at a Firefox binary (128 or newer).`,
    );
  return p;
}

/**
 * Preferences for every launch, on top of Playwright's (which already turn off updates, the
 * first-run pages and telemetry). Firefox otherwise spends its first seconds asking Mozilla's
 * services for settings, experiments and add-on metadata a closed network never answers.
 */
export const FIREFOX_PREFS = {
  'app.normandy.enabled': false,
  'app.shield.optoutstudies.enabled': false,
  'browser.discovery.enabled': false,
  'browser.newtabpage.activity-stream.feeds.section.topstories': false,
  'browser.region.network.url': '',
  'browser.safebrowsing.downloads.remote.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.provider.mozilla.updateURL': '',
  'browser.search.update': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'extensions.getAddons.cache.enabled': false,
  'extensions.systemAddon.update.enabled': false,
  'messaging-system.rsexperimentloader.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'services.settings.server': 'http://127.0.0.1:9/',
  // Keyboard focus moves through links and buttons as on Linux/Windows defaults everywhere.
  'accessibility.tabfocus': 7,
};

/** Firefox versions from here on speak enough of Playwright's BiDi (153 is the ESR tested). */
const BIDI_FIREFOX = 153;

/** Binary → whether it is older than BIDI_FIREFOX (asked once per binary and process). */
const behind = new Map();

/**
 * Whether the Firefox at `binary` is older than the BiDi Playwright speaks (ESR 140 in some
 * Debian archives), from `firefox --version` ("Mozilla Firefox 140.12.0esr"). A version it
 * does not say counts as new enough.
 * @param {string} binary
 * @returns {boolean}
 */
export function olderFirefox(binary) {
  let old = behind.get(binary);
  if (old === undefined) {
    let major = 0;
    try {
      const out = execFileSync(binary, ['--version'], { encoding: 'utf8', timeout: 30_000 });
      major = Number(/Firefox (\d+)\./.exec(out)?.[1] ?? 0);
    } catch {
      // no version said: new enough
    }
    old = major > 0 && major < BIDI_FIREFOX;
    behind.set(binary, old);
  }
  return old;
}

/**
 * Preferences for an older Firefox (`olderFirefox`). There, Playwright's page scripts in an
 * extension page run under the page's CSP, which forbids eval: its default CSP gets
 * `'unsafe-eval'`, as newer Firefox exempts WebDriver's scripts. The extension's own code
 * never evals (Chromium's runs keep the strict policy), so this tests nothing less of it.
 * @param {string} binary
 * @returns {Record<string, string>}
 */
function olderFirefoxPrefs(binary) {
  if (!olderFirefox(binary)) return {};
  return {
    'extensions.webextensions.default-content-security-policy':
      "script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval';",
  };
}

/**
 * The add-on id Firefox knows the build by (its manifest's gecko id).
 * @param {string} dir
 */
export function geckoId(dir) {
  const m = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  const id = m.browser_specific_settings?.gecko?.id ?? m.applications?.gecko?.id;
  if (!id) throw userError(`${dir}/manifest.json has no browser_specific_settings.gecko.id.`);
  return id;
}

/**
 * @typedef {object} LaunchFirefoxOptions
 * @property {string} userDataDir A new, empty profile directory (the caller removes it).
 * @property {string} [extension] A Firefox build directory to install; without it, no extension.
 * @property {boolean} [headless] Default true.
 * @property {{ width: number, height: number } | null} [viewport] Default 1280×860; null: the window's.
 * @property {boolean} [handleSignals] Let Playwright close the browser on Ctrl-C (default true).
 */

/**
 * Firefox in a fresh profile with (or without) the extension; ./browser.mjs `launchBrowser({
 * browser: 'firefox' })` is the way in. `extensionId` is the moz-extension UUID (pinned with
 * the `extensions.webextensions.uuids` preference), so `moz-extension://<extensionId>/
 * options.html` is the options page.
 * @param {LaunchFirefoxOptions} options
 * @returns {Promise<{ context: BrowserContext, extensionId: string | undefined }>}
 */
export async function launchFirefoxContext({
  userDataDir,
  extension,
  headless = true,
  viewport,
  handleSignals = true,
}) {
  const binary = firefoxPath();
  const uuid = randomUUID();
  const prefs = {
    ...FIREFOX_PREFS,
    ...olderFirefoxPrefs(binary),
    ...(extension
      ? { 'extensions.webextensions.uuids': JSON.stringify({ [geckoId(extension)]: uuid }) }
      : {}),
  };
  const context = await firefox.launchPersistentContext(userDataDir, {
    channel: 'moz-firefox',
    executablePath: bidiWrapper,
    headless,
    viewport: viewport === undefined ? { width: 1280, height: 860 } : viewport,
    firefoxUserPrefs: prefs,
    env: {
      ...process.env,
      OKR_LENS_FIREFOX_BINARY: binary,
      OKR_LENS_FIREFOX_EXTENSION: extension ?? '',
    },
    handleSIGINT: handleSignals,
    handleSIGTERM: handleSignals,
    handleSIGHUP: handleSignals,
    timeout: 90_000,
  });
  return { context, extensionId: extension ? uuid : undefined };
}
