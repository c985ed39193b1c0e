/**
 * Playwright fixtures: a fresh Chromium profile with the built extension loaded, the
 * extension id, and helpers to open its pages. Chromium, the build copy and the launch flags
 * come from test/support/browser.mjs (shared with the bench and the demo); OKR_LENS_CHROMIUM
 * overrides the path of Debian's Chromium.
 */
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildDir, copyBuild, launchBrowser, removeDir } from '../support/browser.mjs';

export { chromiumPath, copyBuild } from '../support/browser.mjs';

export const extensionPath = buildDir;

export interface LaunchOptions {
  /**
   * Host permissions to hold from install, as if the user had accepted Chrome's prompt for
   * them (Playwright cannot click browser UI). The build is copied and its manifest patched.
   */
  preGrantedHosts?: string[];
  /** Load a private copy of the build (specs that run long while others may rebuild it). */
  privateCopy?: boolean;
}

/** The copied build's manifest, holding `hosts` from install. */
function grantHosts(extDir: string, hosts: string[]): void {
  const manifestPath = path.join(extDir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    host_permissions: string[];
  };
  manifest.host_permissions.push(...hosts);
  writeFileSync(manifestPath, JSON.stringify(manifest));
}

export async function launchWithExtension(opts: LaunchOptions = {}): Promise<{
  context: BrowserContext;
  extensionId: string;
  cleanup: () => Promise<void>;
}> {
  const hosts = opts.preGrantedHosts ?? [];
  const extDir = hosts.length || opts.privateCopy ? await copyBuild() : extensionPath;
  const dropCopy = () => (extDir === extensionPath ? Promise.resolve() : removeDir(extDir));
  try {
    if (hosts.length) grantHosts(extDir, hosts);
    const { context, extensionId, cleanup } = await launchBrowser({ extension: extDir });
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
  openOptions: () => Promise<Page>;
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  context: async ({}, use) => {
    const { context, cleanup } = await launchWithExtension();
    await use(context);
    await cleanup();
  },
  extensionId: async ({ context }, use) => {
    let [sw] = context.serviceWorkers();
    sw ??= await context.waitForEvent('serviceworker');
    await use(new URL(sw.url()).host);
  },
  openOptions: async ({ context, extensionId }, use) => {
    await use(async () => {
      const page = await context.newPage();
      page.on('pageerror', (e) => console.error('[options pageerror]', e.message));
      await page.goto(`chrome-extension://${extensionId}/options.html`);
      return page;
    });
  },
});

/** `test` with a private copy of the build (others may rebuild .output while it runs). */
export const privateBuildTest = test.extend<{ context: BrowserContext }>({
  // eslint-disable-next-line no-empty-pattern
  context: async ({}, use) => {
    const { context, cleanup } = await launchWithExtension({ privateCopy: true });
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
    // eslint-disable-next-line no-empty-pattern
    context: async ({}, use) => {
      const { context, cleanup } = await launchWithExtension({ preGrantedHosts: hosts });
      await use(context);
      await cleanup();
    },
  });
}

export { expect };
