/**
 * Playwright fixtures: a fresh Chromium profile with the built extension loaded, the
 * extension id, and helpers to open its pages. Chromium comes from Debian
 * (shared/toolchain.md): OKR_LENS_CHROMIUM overrides the path.
 */
import { test as base, chromium, expect, type BrowserContext, type Page } from '@playwright/test';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const extensionPath = path.resolve('.output/chrome-mv3');

export function chromiumPath(): string {
  const p = process.env.OKR_LENS_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(p))
    throw new Error(
      `No Chromium at ${p}. Install it (apt-get install -y chromium) or set OKR_LENS_CHROMIUM.`,
    );
  return p;
}

/**
 * Copy the build to a private directory, once it is complete (others may be rebuilding it:
 * wait up to 60 s for a manifest whose worker, content scripts and pages all exist).
 */
export async function copyBuild(): Promise<string> {
  const complete = (dir: string) => {
    try {
      const m = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
        background?: { service_worker?: string };
        content_scripts?: { js?: string[] }[];
      };
      const files = [
        m.background?.service_worker ?? 'background.js',
        ...(m.content_scripts ?? []).flatMap((c) => c.js ?? []),
        'options.html',
        'popup.html',
      ];
      return files.every((f) => existsSync(path.join(dir, f)));
    } catch {
      return false;
    }
  };
  for (let attempt = 0; attempt < 60; attempt++) {
    if (complete(extensionPath)) {
      const ext = mkdtempSync(path.join(tmpdir(), 'okr-lens-ext-'));
      try {
        cpSync(extensionPath, ext, { recursive: true });
        if (complete(ext)) return ext;
      } catch {
        // a rebuild removed files while we copied: try again
      }
      rmSync(ext, { recursive: true, force: true });
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
  throw new Error('No build at .output/chrome-mv3: run `npx wxt build` first.');
}

export interface LaunchOptions {
  /**
   * Host permissions to hold from install, as if the user had accepted Chrome's prompt for
   * them (Playwright cannot click browser UI). The build is copied and its manifest patched.
   */
  preGrantedHosts?: string[];
  /** Load a private copy of the build (specs that run long while others may rebuild it). */
  privateCopy?: boolean;
}

export async function launchWithExtension(opts: LaunchOptions = {}): Promise<{
  context: BrowserContext;
  extensionId: string;
  cleanup: () => Promise<void>;
}> {
  if (!existsSync(path.join(extensionPath, 'manifest.json')))
    throw new Error('No build at .output/chrome-mv3: run `npm run build` first.');
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'okr-lens-profile-'));
  let extDir = extensionPath;
  if (opts.preGrantedHosts?.length || opts.privateCopy) extDir = await copyBuild();
  if (opts.preGrantedHosts?.length) {
    const manifestPath = path.join(extDir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      host_permissions: string[];
    };
    manifest.host_permissions.push(...opts.preGrantedHosts);
    writeFileSync(manifestPath, JSON.stringify(manifest));
  }
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1280, height: 860 },
    args: [
      `--disable-extensions-except=${extDir}`,
      `--load-extension=${extDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  let [sw] = context.serviceWorkers();
  sw ??= await context.waitForEvent('serviceworker', { timeout: 20_000 });
  const extensionId = new URL(sw.url()).host;
  return {
    context,
    extensionId,
    cleanup: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
      if (extDir !== extensionPath) rmSync(extDir, { recursive: true, force: true });
    },
  };
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
