/** Helpers for tracker pages: serve fixture bodies at real tracker URLs, seed the store. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from '@playwright/test';

export function fixture(name: string): string {
  return readFileSync(path.resolve('test/fixtures', name), 'utf8');
}

/**
 * Serve `body` for every document request to `urlGlob` (e.g. 'https://github.com/**'): the
 * page really has its tracker URL, so the content script's `matches` apply as in the field.
 * Other requests (images, scripts) get a 404: the fixtures are self-contained.
 */
export async function serve(
  context: BrowserContext,
  urlGlob: string,
  body: string | ((url: URL) => string),
): Promise<void> {
  await context.route(urlGlob, (route) => {
    const url = new URL(route.request().url());
    if (route.request().resourceType() !== 'document')
      return route.fulfill({ status: 404, body: '' });
    return route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: typeof body === 'string' ? body : body(url),
    });
  });
}

/**
 * Where a screenshot goes: `file` in Chromium; in the firefox project the same folder with
 * `firefox-` before the name (docs/screenshots/firefox-github-issue.png), so neither browser
 * overwrites the other's.
 */
export function shotPath(file: string): string {
  if (test.info().project.use.browserName !== 'firefox') return file;
  return path.join(path.dirname(file), `firefox-${path.basename(file)}`);
}

/** Load the sample OKRs through the options page (the way a user does on first run). */
export async function seedSample(openOptions: () => Promise<Page>): Promise<Page> {
  const page = await openOptions();
  await page.getByRole('button', { name: 'Load example OKRs' }).click();
  await page
    .getByRole('region', { name: /^Objective: / })
    .first()
    .waitFor();
  return page;
}

/** Send one request to the background from an extension page; the envelope it answers. */
export async function sendFrom(
  extPage: Page,
  message: unknown,
): Promise<{ ok: boolean; value?: unknown; error?: unknown }> {
  return extPage.evaluate(async (m) => {
    // Firefox's `chrome.*` takes callbacks only; its `browser.*` (and Chrome's `chrome.*`)
    // return promises.
    type Runtime = { runtime: { sendMessage(m: unknown): Promise<unknown> } };
    const g = globalThis as unknown as { browser?: Runtime; chrome: Runtime };
    const rt = (g.browser ?? g.chrome).runtime;
    return (await rt.sendMessage(m)) as { ok: boolean; value?: unknown; error?: unknown };
  }, message);
}

/**
 * Link a ticket to KRs by code, as another tool (or another tab) would: through the
 * background's message API, from an extension page.
 */
export async function linkByCode(extPage: Page, ticket: string, codes: string[]): Promise<void> {
  const hits = (await sendFrom(extPage, { type: 'searchKeyResults', query: '' })).value as {
    id: string;
    code: string;
  }[];
  const ids = codes.map((c) => hits.find((h) => h.code === c)!.id);
  const r = await sendFrom(extPage, { type: 'link', ticket, keyResultIds: ids });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
}

/** The badge host of a ticket view / rows, by the public contract (README "Badge hosts"). */
export function ticketBadge(page: Page, key: string) {
  return page.locator(`[data-okr-lens="ticket"][data-ticket="${key}"]`);
}
export function rowBadge(page: Page, key: string) {
  return page.locator(`[data-okr-lens="row"][data-ticket="${key}"]`);
}
export function allBadges(page: Page) {
  return page.locator('[data-okr-lens="ticket"], [data-okr-lens="row"]');
}

/** KR codes shown in a badge host (inside its open shadow root). */
export async function codesIn(host: ReturnType<Page['locator']>): Promise<string[]> {
  return host.evaluate((h) =>
    [...(h.shadowRoot?.querySelectorAll('[data-kr]') ?? [])].map((e) => e.getAttribute('data-kr')!),
  );
}

export async function expectCodes(host: ReturnType<Page['locator']>, codes: string[]) {
  await expect.poll(() => codesIn(host)).toEqual(codes);
}

/** Records errors the page or our content script throws, and dialogs (alert from XSS). */
export function watchForTrouble(page: Page): { errors: string[]; dialogs: string[] } {
  const trouble = { errors: [] as string[], dialogs: [] as string[] };
  page.on('pageerror', (e) => trouble.errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') trouble.errors.push(m.text());
  });
  page.on('dialog', (d) => {
    trouble.dialogs.push(d.message());
    void d.dismiss();
  });
  return trouble;
}
