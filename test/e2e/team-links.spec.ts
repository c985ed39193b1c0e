/**
 * Team links end to end (README "Team links"): two browser profiles at once, an engineer and a
 * PM, and one stand-in per tracker API (test/support/standins: GitHub, Jira Cloud, Linear)
 * served at the real API URLs through Playwright's routing, which reaches the extension's
 * service worker. Both profiles share the stand-ins' state (the team's trackers); every
 * exchange is checked against the tracker's published schema. The engineer links a GitHub, a
 * Jira and a Linear issue in the picker; the PM, who never opened them, syncs and sees them in
 * Coverage and the popup; an unlink disappears at the PM's next sync; a link made offline is
 * delivered once when the network is back.
 */
import type { BrowserContext, Locator, Page } from '@playwright/test';
import { expect, launchWithExtension, test } from './fixtures';
import { codesIn, fixture, seedSample, serve, ticketBadge } from './helpers';
import { serveStandIn } from './standins';
import { GithubStandIn } from '../support/standins/github';
import { JiraStandIn } from '../support/standins/jira';
import { LinearStandIn } from '../support/standins/linear';

const SITE = 'https://acme.atlassian.net';
const GH = 'github:github.com/acme/web#12';
const JI = 'jira:acme.atlassian.net/GRW-142';
const LI = 'linear:acme-labs/ENG-37';
const GH_PAGE = 'https://github.com/acme/web/issues/12';
const JI_PAGE = `${SITE}/browse/GRW-142`;
const LI_PAGE =
  'https://linear.app/acme-labs/issue/ENG-37/harden-the-csv-importer-against-malformed-rows';

interface Team {
  gh: GithubStandIn;
  jira: JiraStandIn;
  lin: LinearStandIn;
}

function team(): Team {
  const gh = new GithubStandIn();
  gh.users.set('github_pat_eng', { login: 'eng' });
  gh.users.set('github_pat_pm', { login: 'pm' });
  // The same labels as the fixture page shows.
  gh.addIssue('acme/web', 12, {
    title: 'Faster onboarding',
    labels: new Set(['KR1.2', 'okr:KR2.1']),
  });
  const jira = new JiraStandIn(SITE, 'cloud');
  jira.users.set('ATATT-eng', { name: 'Eng', email: 'eng@acme.example' });
  jira.users.set('ATATT-pm', { name: 'PM', email: 'pm@acme.example' });
  jira.addIssue('GRW-142', { summary: 'Checkout redesign', labels: new Set(['KR1.2', 'KR2.1']) });
  const lin = new LinearStandIn({ name: 'Acme Labs', urlKey: 'acme-labs' });
  lin.keys.set('lin_api_eng', 'Eng');
  lin.keys.set('lin_api_pm', 'PM');
  lin.addIssue('ENG-37', { title: 'Harden the CSV importer against malformed rows' });
  return { gh, jira, lin };
}

interface Profile {
  context: BrowserContext;
  extensionId: string;
  cleanup: () => Promise<void>;
  options: Page;
}

/** A profile with the example OKRs and the three trackers connected with `who`'s tokens. */
async function profile(t: Team, who: 'eng' | 'pm'): Promise<Profile> {
  const { context, extensionId, cleanup } = await launchWithExtension({
    // As after Settings → Connections asked for each API's origin.
    preGrantedHosts: ['https://api.github.com/*', `${SITE}/*`, 'https://api.linear.app/*'],
  });
  await serveStandIn(context, 'https://api.github.com', t.gh);
  await serve(context, `${SITE}/browse/**`, fixture('jira/issue-view.html'));
  await serveStandIn(context, `${SITE}/rest`, t.jira);
  await serveStandIn(context, 'https://api.linear.app', t.lin);
  await serve(context, 'https://github.com/**', fixture('github/issue-view.html'));
  await serve(context, 'https://linear.app/**', fixture('linear/issue-view.html'));
  const [sw] = context.serviceWorkers();
  await sw!.evaluate(
    async (conns) => {
      const g = globalThis as unknown as {
        chrome: { storage: { local: { set(v: object): Promise<void> } } };
      };
      await g.chrome.storage.local.set({ 'okrLens.connections': conns });
    },
    [
      {
        id: `gh-${who}`,
        tracker: 'github',
        host: 'github.com',
        scopes: ['acme'],
        token: `github_pat_${who}`,
        writeLabels: true,
      },
      {
        id: `jira-${who}`,
        tracker: 'jira',
        site: SITE,
        deployment: 'cloud',
        email: `${who}@acme.example`,
        token: `ATATT-${who}`,
        writeLabels: true,
      },
      {
        id: `lin-${who}`,
        tracker: 'linear',
        workspace: 'acme-labs',
        token: `lin_api_${who}`,
        writeLabels: true,
      },
    ],
  );
  let opened: Page | undefined;
  const options = await seedSample(async () => {
    opened = await context.newPage();
    opened.on('pageerror', (e) => console.error(`[${who} options]`, e.message));
    await opened.goto(`chrome-extension://${extensionId}/options.html`);
    return opened;
  });
  return { context, extensionId, cleanup, options };
}

/** Open a ticket page and toggle a KR in the picker by its code; the badge shows the result. */
async function pick(page: Page, url: string, key: string, code: string): Promise<Locator> {
  if (page.url() !== url) await page.goto(url);
  const badge = ticketBadge(page, key);
  await expect(badge).toHaveCount(1);
  const had = (await codesIn(badge)).includes(code);
  await page.keyboard.press('Alt+Shift+K');
  await expect(page.getByRole('combobox', { name: 'Search key results' })).toBeFocused();
  await page.keyboard.type(code.toLowerCase());
  await expect(page.getByRole('option').first()).toContainText(code);
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await codesIn(badge)).includes(code)).toBe(!had);
  await page.keyboard.press('Escape');
  return badge;
}

/** The PM presses Sync now in Coverage and waits for it to finish. */
async function syncInCoverage(options: Page) {
  await options.getByRole('tab', { name: 'Coverage' }).click();
  const bar = options.getByLabel('Team sync', { exact: true });
  await bar.getByRole('button', { name: 'Sync now' }).click();
  await expect(bar.getByRole('status')).toContainText(/Team links synced (just now|\d+ min ago)/);
  await expect(bar).not.toContainText('failed');
}

/** A ticket listed under a KR in Coverage (all of them shown). */
async function coverageTicket(options: Page, code: string, key: string): Promise<Locator> {
  const row = options.locator(`tr[data-kr="${code}"]`);
  const more = row.getByRole('button', { name: /^Show all/ });
  if (await more.count()) await more.click();
  return row.locator(`li.cov-ticket[data-ticket="${key}"]`);
}

const labelsAdded = (t: Team, label: string) =>
  t.gh
    .requests('POST', /\/repos\/acme\/web\/issues\/12\/labels$/)
    .filter((x) => x.status === 200 && JSON.stringify(x.requestBody).includes(label));

test('a team shares its links through the trackers: link, sync, unlink, offline', async () => {
  test.setTimeout(180_000);
  const t = team();
  const eng = await profile(t, 'eng');
  const pm = await profile(t, 'pm');
  try {
    // The engineer links a GitHub, a Jira and a Linear issue in the picker.
    const page = await eng.context.newPage();
    const ghBadge = await pick(page, GH_PAGE, GH, 'KR3.2');
    await expect.poll(() => codesIn(ghBadge)).toContain('KR3.2');
    await pick(page, JI_PAGE, JI, 'KR3.1');
    await pick(page, LI_PAGE, LI, 'KR3.3');
    // The labels reach the trackers (the outbox delivers at once).
    await expect.poll(() => t.gh.labelsOf('acme/web', 12)).toContain('okr:KR3.2');
    await expect.poll(() => [...t.jira.issues.get('GRW-142')!.labels]).toContain('okr:KR3.1');
    await expect.poll(() => t.lin.labelNames('ENG-37')).toContain('okr:KR3.3');

    // The PM never opened those tickets: before a sync, Coverage does not know them.
    const popup = await pm.context.newPage();
    await popup.goto(`chrome-extension://${pm.extensionId}/popup.html`);
    const initiatives = popup
      .getByRole('listitem', { name: /^KR3\.2 / })
      .getByTestId('kr-initiatives');
    const before = Number(
      /(\d+) initiative/.exec((await initiatives.textContent()) ?? '')?.[1] ?? 0,
    );
    await syncInCoverage(pm.options);
    for (const [code, key] of [
      ['KR3.2', GH],
      ['KR3.1', JI],
      ['KR3.3', LI],
    ] as const)
      await expect(await coverageTicket(pm.options, code, key)).toContainText('from team sync');
    await expect(await coverageTicket(pm.options, 'KR3.2', GH)).toContainText('Faster onboarding');
    await pm.options.screenshot({
      path: 'docs/screenshots/team-links-coverage.png',
      fullPage: true,
    });
    await popup.reload();
    await expect(initiatives).toContainText(`${before + 1} initiative`);

    // The engineer unlinks the GitHub issue: the label goes, the PM's next sync drops it.
    await pick(page, GH_PAGE, GH, 'KR3.2');
    await expect.poll(() => codesIn(ghBadge)).not.toContain('KR3.2');
    await expect.poll(() => t.gh.labelsOf('acme/web', 12)).not.toContain('okr:KR3.2');
    await syncInCoverage(pm.options);
    await expect(await coverageTicket(pm.options, 'KR3.2', GH)).toHaveCount(0);
    await expect(await coverageTicket(pm.options, 'KR3.1', JI)).toHaveCount(1);

    // Offline: the link shows at once with a pending chip; back online, delivered once.
    t.gh.offline = true;
    await pick(page, GH_PAGE, GH, 'KR2.2');
    await expect.poll(() => codesIn(ghBadge)).toContain('KR2.2');
    const chip = ghBadge.locator('[data-delivery="pending"]');
    await expect(chip).toHaveCount(1);
    await page.screenshot({ path: 'docs/screenshots/team-links-pending.png' });
    expect(t.gh.labelsOf('acme/web', 12)).not.toContain('okr:KR2.2');
    t.gh.offline = false;
    await eng.options.goto(`chrome-extension://${eng.extensionId}/options.html#settings`);
    const write = eng.options.getByRole('listitem', { name: 'Add okr:KR2.2 to acme/web#12' });
    await write.getByRole('button', { name: 'Retry now' }).click();
    await expect.poll(() => t.gh.labelsOf('acme/web', 12)).toContain('okr:KR2.2');
    await expect(chip).toHaveCount(0);
    await expect(write).toHaveCount(0);
    expect(labelsAdded(t, 'okr:KR2.2')).toHaveLength(1);
    await syncInCoverage(pm.options);
    await expect(await coverageTicket(pm.options, 'KR2.2', GH)).toContainText('from team sync');

    await pm.options.getByRole('tab', { name: 'Settings' }).click();
    const connections = pm.options.getByRole('heading', { name: 'Connections', exact: true });
    await expect(connections).toBeVisible();
    await expect(pm.options.getByRole('heading', { name: 'Team sync' })).toBeVisible();
    await pm.options.setViewportSize({ width: 1280, height: 1100 });
    await connections.evaluate((h) => {
      h.scrollIntoView({ block: 'start' });
      window.scrollBy(0, -80); // below the sticky tab bar
    });
    await pm.options.screenshot({ path: 'docs/screenshots/team-links-settings.png' });

    // Every request either profile sent matched the trackers' published schemas.
    expect(t.gh.problems()).toEqual([]);
    expect(t.jira.problems()).toEqual([]);
    expect(t.lin.problems()).toEqual([]);
  } finally {
    await eng.cleanup();
    await pm.cleanup();
  }
});
