/**
 * Playwright fixtures: a fresh Chromium profile with the built extension loaded, the
 * extension id, and helpers to open its pages. Chromium, the build copy and the launch flags
 * come from test/support/browser.mjs (shared with the bench and the demo); OKR_LENS_CHROMIUM
 * overrides the path of Debian's Chromium.
 *
 * The browser is the project's `browserName` (playwright.config.ts): the `firefox` project runs
 * the tests tagged `@firefox` in Debian's firefox-esr with .output/firefox-mv2 installed as a
 * temporary add-on (test/support/firefox.mjs; OKR_LENS_FIREFOX overrides the path). Tests that
 * run in both open extension pages with `extensionUrl('options.html')`, never a literal
 * chrome-extension:// URL.
 */
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildDir, buildDirFor, copyBuild, launchBrowser, removeDir } from '../support/browser.mjs';
import { firefoxPath, olderFirefox } from '../support/firefox.mjs';

export { chromiumPath, copyBuild } from '../support/browser.mjs';

export const extensionPath = buildDir;

/** The browsers the suite runs in (playwright.config.ts projects). */
export type ExtensionBrowser = 'chromium' | 'firefox';

/** Where each launched context's extension pages are (chrome-extension:// or moz-extension://). */
const origins = new WeakMap<BrowserContext, string>();

/** The URL of extension page `file` (e.g. 'popup.html', 'options.html#data') in `context`. */
export function extensionUrlIn(context: BrowserContext, file: string): string {
  const origin = origins.get(context);
  if (!origin) throw new Error('Not a context launched by launchWithExtension');
  return `${origin}/${file.replace(/^\//, '')}`;
}

export interface LaunchOptions {
  /**
   * Host permissions to hold from install, as if the user had accepted Chrome's prompt for
   * them (Playwright cannot click browser UI). The build is copied and its manifest patched.
   */
  preGrantedHosts?: string[];
  /** Load a private copy of the build (specs that run long while others may rebuild it). */
  privateCopy?: boolean;
  /** Default 'chromium'. */
  browser?: ExtensionBrowser;
}

/** The copied build's manifest, holding `hosts` from install. */
function grantHosts(extDir: string, hosts: string[]): void {
  const manifestPath = path.join(extDir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    host_permissions?: string[];
    permissions: string[];
  };
  // MV2 (the Firefox build) lists hosts among its permissions.
  (manifest.host_permissions ?? manifest.permissions).push(...hosts);
  writeFileSync(manifestPath, JSON.stringify(manifest));
}

export async function launchWithExtension(opts: LaunchOptions = {}): Promise<{
  context: BrowserContext;
  extensionId: string;
  cleanup: () => Promise<void>;
}> {
  const hosts = opts.preGrantedHosts ?? [];
  const browser = opts.browser ?? 'chromium';
  const from = buildDirFor(browser);
  const extDir = hosts.length || opts.privateCopy ? await copyBuild({ from }) : from;
  const dropCopy = () => (extDir === from ? Promise.resolve() : removeDir(extDir));
  try {
    if (hosts.length) grantHosts(extDir, hosts);
    const { context, extensionId, extensionOrigin, cleanup } = await launchBrowser({
      extension: extDir,
      browser,
    });
    origins.set(context, extensionOrigin!);
    return {
      context,
      extensionId: extensionId!,
      cleanup: async () => {
        await cleanup();
        await dropCopy();
      },
    };
  } catch (e) {
    await dropCopy();
    throw e;
  }
}

interface Fixtures {
  context: BrowserContext;
  extensionId: string;
  /** The URL of an extension page: `extensionUrl('options.html#data')`. */
  extensionUrl: (file: string) => string;
  openOptions: () => Promise<Page>;
}

/** The project's browser (playwright.config.ts), as launchWithExtension names it. */
function extensionBrowser(browserName: string): ExtensionBrowser {
  if (browserName !== 'chromium' && browserName !== 'firefox')
    throw new Error(`OKR Lens's e2e tests run in chromium and firefox, not ${browserName}`);
  return browserName;
}

export const test = base.extend<Fixtures>({
  context: async ({ browserName }, use) => {
    const { context, cleanup } = await launchWithExtension({
      browser: extensionBrowser(browserName),
    });
    await use(context);
    await cleanup();
  },
  extensionId: async ({ context }, use) => {
    // Firefox: the moz-extension UUID chosen at launch (no service worker: MV2 background page).
    const origin = origins.get(context);
    if (origin?.startsWith('moz-extension://')) return use(new URL(origin).host);
    let [sw] = context.serviceWorkers();
    sw ??= await context.waitForEvent('serviceworker');
    await use(new URL(sw.url()).host);
  },
  extensionUrl: async ({ context }, use) => {
    await use((file) => extensionUrlIn(context, file));
  },
  openOptions: async ({ context, extensionUrl }, use) => {
    await use(async () => {
      const page = await context.newPage();
      page.on('pageerror', (e) => console.error('[options pageerror]', e.message));
      await page.goto(extensionUrl('options.html'));
      return page;
    });
  },
});

/** `test` with a private copy of the build (others may rebuild .output while it runs). */
export const privateBuildTest = test.extend<{ context: BrowserContext }>({
  context: async ({ browserName }, use) => {
    const { context, cleanup } = await launchWithExtension({
      privateCopy: true,
      browser: extensionBrowser(browserName),
    });
    await use(context);
    await cleanup();
  },
});

/**
 * `test` in a browser whose extension holds `hosts` from install, as after the user accepted
 * Chrome's prompt for a self-hosted tracker (Playwright cannot click browser UI).
 */
export function testWithGrantedHosts(hosts: string[]) {
  return test.extend<{ context: BrowserContext }>({
    context: async ({ browserName }, use) => {
      const { context, cleanup } = await launchWithExtension({
        preGrantedHosts: hosts,
        browser: extensionBrowser(browserName),
      });
      await use(context);
      await cleanup();
    },
  });
}

/**
 * Whether downloads reach Playwright in this context's browser. An older Firefox (ESR 140, in
 * some Debian archives; test/support/firefox.mjs `olderFirefox`) sends no download events and
 * has no `browser.setDownloadBehavior`: there a download is read in the page (`downloaded`).
 */
const downloadsReachPlaywright = (page: Page): boolean =>
  !origins.get(page.context())?.startsWith('moz-extension://') || !olderFirefox(firefoxPath());

/** A file the page handed the browser, and where an older Firefox's test keeps them. */
type Saved = { name: string; text: string };
type SavingWindow = { okrLensSaved?: Promise<Saved>[] };

/**
 * Click what saves a file (`click`) and return the file the page handed the browser: its name
 * and text. Where downloads reach Playwright, the browser's own download, read from disk. In
 * an older Firefox (see above), the page's click on its `<a download>` is taken in the capture
 * phase and its blob read there, so everything up to the browser's save dialog is still what
 * runs (entrypoints/options/download.ts).
 */
export async function downloaded(page: Page, click: () => Promise<void>): Promise<Saved> {
  if (downloadsReachPlaywright(page)) {
    const [download] = await Promise.all([page.waitForEvent('download'), click()]);
    return {
      name: download.suggestedFilename(),
      text: readFileSync(await download.path(), 'utf8'),
    };
  }
  const before = await page.evaluate(() => {
    const w = window as SavingWindow;
    if (!w.okrLensSaved) {
      const saved: Promise<Saved>[] = (w.okrLensSaved = []);
      document.addEventListener(
        'click',
        (e) => {
          const a = e.target;
          if (!(a instanceof HTMLAnchorElement) || !a.download) return;
          e.preventDefault();
          const name = a.download;
          saved.push(
            fetch(a.href)
              .then((r) => r.text())
              .then((text) => ({ name, text })),
          );
        },
        true,
      );
    }
    return w.okrLensSaved.length;
  });
  await click();
  await page.waitForFunction(
    (n) => ((window as SavingWindow).okrLensSaved?.length ?? 0) > n,
    before,
  );
  return page.evaluate((n) => (window as SavingWindow).okrLensSaved![n]!, before);
}

export { expect };
