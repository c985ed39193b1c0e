/**
 * Team OKRs end to end, with two browser profiles sharing one repository (README "Team
 * OKRs"): the PM publishes a cycle, the KR owner subscribes and checks in, the PM's popup
 * shows the check-in after a refresh; both rename the same KR: one commit wins, the other
 * user sees the conflict with both values, keeps theirs, and nothing is lost.
 *
 * The contents API is the stand-in of test/support/github-contents.ts (real blob-sha
 * semantics: a stale sha is refused), served at https://api.github.com for both profiles'
 * service workers through Playwright routes; every exchange is checked against GitHub's
 * OpenAPI description at the end. The GitHub connection is stored directly (the Connections
 * panel is another issue's), as its store would write it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import express from 'express';
import { serializeTeamFile } from '../../lib/okr/team-file';
import { expect, launchWithExtension, test } from './fixtures';
import { ContentsModel } from '../support/github-contents';
import { checkExchange } from '../support/openapi';

test.use({ actionTimeout: 15_000 });

const FILE = 'acme/okrs · 2026-Q4.json';
const FILE_KEY = 'acme/okrs@main:okrs/2026-Q4.json';

interface Profile {
  context: BrowserContext;
  extensionId: string;
  cleanup: () => Promise<void>;
  options: Page;
}

async function openProfile(model: ContentsModel, token: string): Promise<Profile> {
  const { context, extensionId, cleanup } = await launchWithExtension({
    // As after Settings → Connections asked for the API's origin.
    preGrantedHosts: ['https://api.github.com/*'],
  });
  await context.route('https://api.github.com/**', async (route) => {
    const req = route.request();
    const a = model.handle(
      req.method(),
      new URL(req.url()),
      await req.allHeaders(),
      req.postData() ?? undefined,
    );
    await route.fulfill({
      status: a.status,
      headers: a.headers,
      body: a.body === undefined ? '' : JSON.stringify(a.body),
    });
  });
  const [sw] = context.serviceWorkers();
  await sw!.evaluate(
    async (conn) => {
      const g = globalThis as unknown as {
        chrome: { storage: { local: { set(v: object): Promise<void> } } };
      };
      await g.chrome.storage.local.set({ 'okrLens.connections': [conn] });
    },
    {
      id: `conn-${token}`,
      tracker: 'github',
      host: 'github.com',
      scopes: [],
      writeLabels: true,
      token,
    },
  );
  const options = await context.newPage();
  options.on('pageerror', (e) => console.error(`[${token} options]`, e.message));
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  return { context, extensionId, cleanup, options };
}

async function fillRepo(form: ReturnType<Page['getByRole']>) {
  await form.getByLabel('Repository', { exact: true }).fill('acme/okrs');
  await form.getByLabel('File path').fill('okrs/2026-Q4.json');
}

const kr = (page: Page, code: string) =>
  page.getByRole('listitem', { name: new RegExp(`^${code.replace('.', '\\.')} `) });

async function renameKr(page: Page, code: string, title: string) {
  await kr(page, code)
    .getByRole('button', { name: `Edit ${code}` })
    .click();
  const dialog = page.getByRole('dialog', { name: `Edit ${code}` });
  await dialog.getByLabel('Title').fill(title);
  await dialog.getByRole('button', { name: 'Save key result' }).click();
  await expect(dialog).toBeHidden();
}

test('the PM publishes, the KR owner subscribes and checks in, a rename conflict is shown and resolved', async () => {
  test.setTimeout(120_000);
  const model = new ContentsModel();
  const pm = await openProfile(model, 'token-pm');
  const owner = await openProfile(model, 'token-owner');
  try {
    // 1. The PM loads OKRs and publishes the cycle to a new file.
    const p = pm.options;
    await p.getByRole('button', { name: 'Load example OKRs' }).click();
    await expect(p.getByRole('region', { name: /^Objective: / })).toHaveCount(3);
    await p.getByRole('tab', { name: 'Settings' }).click();
    const publish = p.getByRole('form', { name: 'Publish a cycle' });
    await fillRepo(publish);
    await publish.getByRole('button', { name: 'Publish' }).click();
    await expect(p.getByRole('listitem', { name: `Subscription ${FILE}` })).toBeVisible();
    expect(model.commits.map((c) => c.message)).toEqual([
      expect.stringMatching(/^Publish OKRs: .* \(3 objectives, 9 key results\)$/),
    ]);

    // 2. The KR owner subscribes: the records arrive, marked as the file's.
    const o = owner.options;
    await o.getByRole('tab', { name: 'Settings' }).click();
    const subscribe = o.getByRole('form', { name: 'Subscribe to a team file' });
    await fillRepo(subscribe);
    await subscribe.getByRole('button', { name: 'Subscribe' }).click();
    const row = o.getByRole('listitem', { name: `Subscription ${FILE}` });
    await expect(row).toContainText('read & write');
    await expect(row.getByTestId('subscription-status')).toContainText(
      '3 objectives, 9 key results',
    );
    await o
      .getByRole('region', { name: 'Team OKRs' })
      .screenshot({ path: 'docs/screenshots/team-okrs-settings.png' });
    await o.getByRole('tab', { name: 'OKRs' }).click();
    await expect(o.getByRole('region', { name: /^Objective: / })).toHaveCount(3);
    const objective = o.getByRole('region', { name: /^Objective: / }).first();
    await expect(objective.locator('[data-team-mark="team"]').first()).toHaveText(
      `⇅ from ${FILE}, just now`,
    );
    // Its KRs say nothing more while they are as shared as their objective.
    await expect(kr(o, 'KR1.1').locator('[data-team-mark]')).toHaveCount(0);

    // 3. The owner checks in on KR1.1: one commit that says what changed.
    await kr(o, 'KR1.1').getByRole('button', { name: 'Check in on KR1.1' }).click();
    const ci = o.getByRole('dialog', { name: 'Check in on KR1.1' });
    await ci.getByLabel('Value (%)').fill('37');
    await ci.getByLabel('Confidence').selectOption('at-risk');
    await ci.getByRole('button', { name: 'Save check-in' }).click();
    await expect(ci).toBeHidden();
    await expect.poll(() => model.commits.at(-1)?.message).toBe('Check-in KR1.1: 37% (at risk)');
    expect(model.commits.at(-1)?.author).toBe('token-owner');

    // 4. The PM refreshes; the popup shows the check-in.
    await p.getByRole('button', { name: 'Refresh now' }).click();
    await expect(p.getByRole('listitem', { name: `Subscription ${FILE}` })).toContainText(
      'changed just now',
    );
    const popup = await pm.context.newPage();
    await popup.setViewportSize({ width: 420, height: 600 });
    await popup.goto(`chrome-extension://${pm.extensionId}/popup.html`);
    await expect(kr(popup, 'KR1.1').getByTestId('kr-value')).toHaveText('37% → 40%');
    await expect(popup.getByTestId('popup-team')).toHaveText(`⇅ from ${FILE}, just now`);
    await popup.screenshot({ path: 'docs/screenshots/team-okrs-popup.png' });

    // 5. Both rename KR1.2. The PM's commit lands first; the owner's finds the file moved.
    await p.getByRole('tab', { name: 'OKRs' }).click();
    await renameKr(p, 'KR1.2', 'Cut lead time by 20%');
    await expect
      .poll(() => model.commits.at(-1)?.message)
      .toBe('Rename KR1.2 to “Cut lead time by 20%”');
    await renameKr(o, 'KR1.2', 'Cut cycle time by 20%');
    const conflicts = o.getByRole('region', { name: /Conflicts with the team file/ });
    await expect(conflicts).toBeVisible();
    const conflict = conflicts.getByRole('listitem', { name: 'Conflict: KR1.2 title' });
    await expect(conflict.getByTestId('conflict-ours')).toHaveText('“Cut cycle time by 20%”');
    await expect(conflict.getByTestId('conflict-theirs')).toHaveText('“Cut lead time by 20%”');
    // Not silently overwritten: the repository still has the PM's title.
    expect(model.files.get(FILE_KEY)).toContain('"title":"Cut lead time by 20%"');
    await expect(kr(o, 'KR1.2').locator('[data-team-mark="conflict"]')).toBeVisible();
    await o.evaluate(() => window.scrollTo(0, 0));
    await o.setViewportSize({ width: 1100, height: 760 });
    await o.screenshot({ path: 'docs/screenshots/team-okrs-conflict.png' });

    // 6. The owner keeps theirs: committed over the PM's, who sees it after a refresh.
    await conflict.getByRole('button', { name: 'Keep mine' }).click();
    await expect(conflicts).toBeHidden();
    await expect
      .poll(() => model.commits.at(-1)?.message)
      .toBe('Rename KR1.2 to “Cut cycle time by 20%”');
    await p.getByRole('tab', { name: 'Settings' }).click();
    await p.getByRole('button', { name: 'Refresh now' }).click();
    await p.getByRole('tab', { name: 'OKRs' }).click();
    await expect(kr(p, 'KR1.2')).toContainText('Cut cycle time by 20%');

    // Nothing lost: the owner's check-in is in the file, and each change was one commit.
    const file = JSON.parse(model.files.get(FILE_KEY)!) as { checkIns: { value: number }[] };
    expect(file.checkIns.some((c) => c.value === 37)).toBe(true);
    expect(model.commits.map((c) => c.message)).toHaveLength(4);
    expect(model.exchanges.flatMap(checkExchange)).toEqual([]);
    expect(model.exchanges.some((x) => x.method === 'put' && x.status === 409)).toBe(false);
  } finally {
    await pm.cleanup();
    await owner.cleanup();
  }
});

/** A team file for today's quarter: one objective, one KR with one check-in. */
function urlFile(title: string): string {
  const year = new Date().getUTCFullYear();
  return serializeTeamFile({
    cycles: [{ id: 'c', name: `Year ${year}`, start: `${year}-01-01`, end: `${year}-12-31` }],
    objectives: [{ id: 'o', cycleId: 'c', title: 'Keep the lights on' }],
    keyResults: [
      {
        id: 'k',
        objectiveId: 'o',
        code: 'KR1',
        title,
        kind: 'increase',
        start: 0,
        target: 100,
        unit: '%',
      },
    ],
    checkIns: [{ id: 'ci-0', keyResultId: 'k', at: `${year}-01-02`, value: 10 }],
    links: [],
    tickets: [],
  });
}

test('a read-only URL file on a real server: 304 on refresh, check-ins stay local, edits refused', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'okr-url-'));
  writeFileSync(path.join(dir, 'okrs.json'), urlFile('Uptime'));
  const seen: { inm?: string; status?: number }[] = [];
  const app = express();
  app.use((req, res, next) => {
    const entry: (typeof seen)[number] = { inm: req.headers['if-none-match'] };
    seen.push(entry);
    res.on('finish', () => (entry.status = res.statusCode));
    next();
  });
  // no-store: Chromium's own HTTP cache must not revalidate for us (it would send its own
  // If-None-Match and hide whether OKR Lens sent one).
  app.use(express.static(dir, { setHeaders: (res) => res.setHeader('Cache-Control', 'no-store') }));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { context, extensionId, cleanup } = await launchWithExtension({
    preGrantedHosts: ['http://127.0.0.1/*'],
  });
  try {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/options.html#settings`);
    const form = page.getByRole('form', { name: 'Subscribe to a team file' });
    await form.getByLabel('Any HTTPS URL (read-only)').check();
    await form.getByLabel('URL', { exact: true }).fill(`${origin}/okrs.json`);
    await form.getByRole('button', { name: 'Subscribe' }).click();
    const row = page.getByRole('listitem', { name: /^Subscription 127\.0\.0\.1/ });
    await expect(row).toContainText('read-only');
    expect(seen.map((s) => s.status)).toEqual([200]);

    // Chromium's fetch from the service worker, a real server: If-None-Match gets a 304.
    await row.getByRole('button', { name: 'Refresh now' }).click();
    await expect.poll(() => seen.length).toBe(2);
    await expect.poll(() => seen[1]?.status).toBe(304);
    expect(seen[1]?.inm).toBeTruthy();

    // A check-in is allowed and stays here, marked; an edit of the KR is refused.
    await page.getByRole('tab', { name: 'OKRs' }).click();
    await kr(page, 'KR1').getByRole('button', { name: 'Check in on KR1' }).click();
    const ci = page.getByRole('dialog', { name: 'Check in on KR1' });
    await ci.getByLabel('Value (%)').fill('20');
    await ci.getByRole('button', { name: 'Save check-in' }).click();
    await expect(ci).toBeHidden();
    await kr(page, 'KR1').getByRole('button', { name: 'Check in on KR1' }).click();
    const history = page.getByRole('list', { name: 'Check-in history' });
    await expect(history.getByRole('listitem').filter({ hasText: '20%' })).toContainText(
      'not shared',
    );
    await expect(history.getByRole('listitem').filter({ hasText: '10%' })).not.toContainText(
      'not shared',
    );
    await page.keyboard.press('Escape');
    await kr(page, 'KR1').getByRole('button', { name: 'Edit KR1' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit KR1' });
    await edit.getByLabel('Title').fill('Mine');
    await edit.getByRole('button', { name: 'Save key result' }).click();
    await expect(edit).toContainText(/read-only subscription/);
    await page.keyboard.press('Escape');

    // The file changes at its source: the next read brings it, the local check-in stays.
    writeFileSync(path.join(dir, 'okrs.json'), urlFile('Uptime, everywhere'));
    await page.getByRole('tab', { name: 'Settings' }).click();
    await row.getByRole('button', { name: 'Refresh now' }).click();
    await expect.poll(() => seen.at(-1)?.status).toBe(200);
    await page.getByRole('tab', { name: 'OKRs' }).click();
    await expect(kr(page, 'KR1')).toContainText('Uptime, everywhere');
    await expect(kr(page, 'KR1').getByTestId('kr-values')).toContainText('20%');
  } finally {
    await cleanup();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
