/**
 * Coverage for PMs in the options page, on a store whose figures the test knows by hand.
 */
import { downloaded, test, expect } from './fixtures';
import { shotPath } from './helpers';

const day = 86_400_000;
const iso = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const rel = (n: number) => iso(new Date(Date.now() + n * day));

/**
 * Cycle: 30 days ago → 60 days ahead. KR1.1 has two tickets (GitHub open, Jira done); KR1.2
 * has none (uncovered); KR2.1 has one Linear ticket, done, and its value never moved (work
 * without outcome). Seen this cycle: the 3 linked tickets + 2 orphans (GitHub #7, Jira GRW-9)
 * + one ticket seen last year (not counted). Alignment: 3 / 5 = 60 %; GitHub 1/2 = 50 %,
 * Jira 1/2 = 50 %, Linear 1/1 = 100 %.
 */
const store = {
  format: 'okr-lens',
  version: 1,
  cycles: [{ id: 'c', name: 'Coverage cycle', start: rel(-30), end: rel(60) }],
  objectives: [
    { id: 'oa', cycleId: 'c', title: 'Grow', team: 'Growth' },
    { id: 'ob', cycleId: 'c', title: 'Stabilise', team: 'Platform' },
  ],
  keyResults: [
    {
      id: 'k1',
      objectiveId: 'oa',
      code: 'KR1.1',
      title: 'More signups',
      kind: 'increase',
      start: 0,
      target: 10,
    },
    {
      id: 'k2',
      objectiveId: 'oa',
      code: 'KR1.2',
      title: 'Better retention',
      kind: 'increase',
      start: 0,
      target: 10,
    },
    {
      id: 'k3',
      objectiveId: 'ob',
      code: 'KR2.1',
      title: 'Fewer incidents',
      kind: 'decrease',
      start: 9,
      target: 3,
    },
  ],
  checkIns: [{ id: 'x', keyResultId: 'k3', at: rel(-2), value: 9 }],
  links: [
    { ticket: 'github:github.com/acme/web#1', keyResultId: 'k1' },
    { ticket: 'jira:acme.atlassian.net/GRW-1', keyResultId: 'k1', source: 'label' },
    { ticket: 'linear:acme/ENG-1', keyResultId: 'k3' },
  ],
  tickets: [
    {
      key: 'github:github.com/acme/web#1',
      title: 'Signup form',
      state: 'open',
      seenAt: `${rel(-1)}T09:00:00Z`,
      url: 'https://github.com/acme/web/issues/1',
    },
    {
      key: 'jira:acme.atlassian.net/GRW-1',
      title: 'Referral mail',
      state: 'done',
      seenAt: `${rel(-1)}T09:00:00Z`,
    },
    {
      key: 'linear:acme/ENG-1',
      title: 'Pager rota',
      state: 'done',
      seenAt: `${rel(-1)}T09:00:00Z`,
    },
    {
      key: 'github:github.com/acme/web#7',
      title: 'Refactor CSS',
      state: 'open',
      seenAt: `${rel(-3)}T09:00:00Z`,
    },
    {
      key: 'jira:acme.atlassian.net/GRW-9',
      title: 'Upgrade Postgres',
      state: 'in-progress',
      seenAt: `${rel(-4)}T09:00:00Z`,
    },
    {
      key: 'jira:acme.atlassian.net/OLD-1',
      title: 'Last year',
      state: 'done',
      seenAt: '2020-01-01T09:00:00Z',
    },
  ],
};

test('coverage: uncovered KR on top and flagged, orphans, alignment, exports, one-step link @firefox', async ({
  context,
  extensionUrl,
}) => {
  const page = await context.newPage();
  await page.goto(extensionUrl('options.html#data'));
  await page.getByLabel('File to import').setInputFiles({
    name: 's.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(store)),
  });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toBeVisible();
  await page.getByRole('tab', { name: 'Coverage' }).click();

  await expect(page.getByTestId('covered')).toHaveText('2 / 3');
  await expect(page.getByTestId('alignment')).toHaveText('60%');
  await expect(page.getByTestId('alignment-github')).toHaveText('50%');
  await expect(page.getByTestId('alignment-jira')).toHaveText('50%');
  await expect(page.getByTestId('alignment-linear')).toHaveText('100%');
  await expect(page.getByTestId('orphan-count')).toHaveText('2');

  const rows = page.getByRole('table', { name: 'Coverage by key result' }).locator('tbody tr');
  await expect(rows.first()).toHaveAttribute('data-kr', 'KR1.2');
  await expect(rows.first().locator('[data-flag="uncovered"]')).toBeVisible();
  const kr11 = page.locator('tr[data-kr="KR1.1"]');
  await expect(kr11.locator('td.num')).toHaveText(['1', '0', '1']);
  await expect(kr11).toContainText('from label');
  await expect(
    page.locator('tr[data-kr="KR2.1"] [data-flag="work-without-outcome"]'),
  ).toBeVisible();

  const orphans = page.getByRole('list', { name: 'Orphan tickets' });
  await expect(orphans.locator(':scope > li')).toHaveCount(2);
  await expect(orphans).toContainText('Upgrade Postgres');
  await expect(orphans).not.toContainText('Last year');

  // Filters: Jira only.
  await page.getByRole('combobox', { name: 'Tracker' }).selectOption('jira');
  await expect(kr11.locator('li[data-ticket]')).toHaveCount(1);
  await expect(orphans.locator(':scope > li')).toHaveCount(1);
  await page.getByRole('combobox', { name: 'Tracker' }).selectOption('');
  await page.screenshot({ path: shotPath('docs/screenshots/coverage.png'), fullPage: true });

  // CSV export: one row per KR × ticket, an uncovered KR gets one row.
  const { text } = await downloaded(page, () =>
    page.getByRole('button', { name: 'Export CSV' }).click(),
  );
  const lines = text.trim().split(/\r?\n/);
  expect(lines[0]).toBe('KR code,KR title,Objective,Covered,Ticket,Tracker,Title,State,Source,URL');
  expect(lines).toHaveLength(1 + 1 + 2 + 1);
  expect(lines).toContain('KR1.2,Better retention,Grow,no,,,,,,');
  expect(lines).toContain(
    'KR1.1,More signups,Grow,yes,github:github.com/acme/web#1,github,Signup form,open,user,https://github.com/acme/web/issues/1',
  );
  const { text: summary } = await downloaded(page, () =>
    page.getByRole('button', { name: 'Export Markdown' }).click(),
  );
  expect(summary).toContain('Key results with work: **2 of 3**');
  expect(summary).toContain('**60 %** (3 of 5)');

  // Link an orphan: it leaves the orphan list and alignment rises to 4 / 5.
  const orphan = orphans.locator('li[data-ticket="jira:acme.atlassian.net/GRW-9"]').first();
  const choice = orphan.getByLabel(/Key result for/);
  await choice.fill('KR9.9');
  await expect(orphan).toContainText('No key result “KR9.9” in this cycle');
  await expect(orphan.getByRole('button', { name: /^Link / })).toBeDisabled();
  // The shared list offers every KR of the cycle as "code title".
  await expect(page.locator(`datalist#${await choice.getAttribute('list')} option`)).toHaveCount(3);
  await choice.fill('KR1.2 Better retention');
  await orphan.getByRole('button', { name: /^Link / }).click();
  await expect(page.getByTestId('alignment')).toHaveText('80%');
  await expect(page.getByTestId('covered')).toHaveText('3 / 3');
});
