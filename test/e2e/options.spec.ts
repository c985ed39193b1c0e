/**
 * The options page as a user drives it, in Chromium with the built extension: the data lives
 * in the background's IndexedDB, so a reload proves it was really stored there.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { downloaded, test, expect } from './fixtures';

const localToday = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

async function exportJson(page: Page): Promise<Record<string, unknown>> {
  await page.getByRole('tab', { name: 'Import / Export' }).click();
  const file = await downloaded(page, () =>
    page.getByRole('button', { name: 'Export JSON' }).click(),
  );
  const json = JSON.parse(file.text) as Record<string, unknown>;
  delete json.exportedAt;
  return json;
}

async function importFile(page: Page, name: string, body: string, mimeType = 'application/json') {
  await page.getByRole('tab', { name: 'Import / Export' }).click();
  await page
    .getByLabel('File to import')
    .setInputFiles({ name, mimeType, buffer: Buffer.from(body) });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
}

test('create a cycle, an objective and a key result, check in, reload: all still there', async ({
  openOptions,
}) => {
  const page = await openOptions();
  await expect(page.getByRole('heading', { name: 'Welcome to OKR Lens' })).toBeVisible();
  await page.getByRole('button', { name: 'Create this quarter' }).click();
  const cycleDialog = page.getByRole('dialog', { name: 'Cycle' });
  await expect(cycleDialog.getByLabel('Name')).toHaveValue(/^Q[1-4] \d{4}$/);
  await cycleDialog.getByRole('button', { name: 'Save cycle' }).click();
  await expect(cycleDialog).toBeHidden();

  await page.getByRole('button', { name: 'New objective' }).first().click();
  const objDialog = page.getByRole('dialog', { name: 'New objective' });
  // An empty title is refused next to the field.
  await objDialog.getByRole('button', { name: 'Save objective' }).click();
  await expect(objDialog.getByText('an objective needs a title')).toBeVisible();
  await objDialog.getByLabel('Title').fill('Maximize product-led growth');
  await objDialog.getByLabel('Owner team').fill('Growth');
  await objDialog.getByRole('button', { name: 'Save objective' }).click();
  await expect(objDialog).toBeHidden();

  const objective = page.getByRole('region', { name: 'Objective: Maximize product-led growth' });
  await objective.getByRole('button', { name: '+ Add key result' }).click();
  const krDialog = page.getByRole('dialog', { name: 'New key result' });
  await expect(krDialog.getByLabel('Code')).toHaveValue('KR1.1');
  await krDialog.getByLabel('Title').fill('Grow monthly active users');
  await krDialog.getByLabel('Start').fill('120000');
  await krDialog.getByLabel('Target').fill('abc');
  await krDialog.getByRole('button', { name: 'Save key result' }).click();
  await expect(krDialog.getByText('Enter a number')).toBeVisible();
  await krDialog.getByLabel('Target').fill('170,000');
  await krDialog.getByLabel('Unit').fill('users');
  await krDialog.getByLabel('Owner', { exact: true }).fill('Growth');
  await krDialog.getByRole('button', { name: 'Save key result' }).click();
  await expect(krDialog).toBeHidden();

  const kr = objective.getByRole('listitem', { name: /KR1\.1 Grow monthly active users/ });
  await expect(kr.getByText('No data')).toBeVisible();
  await kr.getByRole('button', { name: 'Check in on KR1.1' }).click();
  const ci = page.getByRole('dialog', { name: 'Check in on KR1.1' });
  await ci.getByLabel('Value (users)').fill('145000');
  await ci.getByLabel('Confidence').selectOption('at-risk');
  await ci.getByLabel('Note').fill('Referral launch slipped a week');
  await ci.getByRole('button', { name: 'Save check-in' }).click();
  await expect(ci).toBeHidden();
  // (145000 − 120000) / (170000 − 120000) = 50 %
  await expect(kr.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '50');
  await expect(kr.getByTestId('kr-values')).toHaveText(
    '145,000 users → 170,000 usersfrom 120,000 users',
  );

  await page.reload();
  const krAgain = page
    .getByRole('region', { name: 'Objective: Maximize product-led growth' })
    .getByRole('listitem', { name: /KR1\.1/ });
  await expect(krAgain.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '50');
  await krAgain.getByRole('button', { name: 'Check in on KR1.1' }).click();
  const history = page.getByRole('list', { name: 'Check-in history' });
  await expect(history.getByRole('listitem')).toHaveCount(1);
  await expect(history).toContainText('145,000 users');
  await expect(history).toContainText('Referral launch slipped a week');
  await expect(history).toContainText(localToday());
});

test('a KR code already used in the cycle is refused next to the code field', async ({
  openOptions,
}) => {
  const page = await openOptions();
  await page.getByRole('button', { name: 'Load example OKRs' }).click();
  const first = page.getByRole('region', { name: /^Objective: / }).first();
  await expect(first).toBeVisible();
  await first.getByRole('button', { name: '+ Add key result' }).click();
  const krDialog = page.getByRole('dialog', { name: 'New key result' });
  await krDialog.getByLabel('Code').fill('kr2.1');
  await krDialog.getByLabel('Title').fill('Something new');
  await krDialog.getByLabel('Target').fill('10');
  await krDialog.getByRole('button', { name: 'Save key result' }).click();
  await expect(krDialog.locator('#f-code-error')).toContainText(/already/i);
});

test('example OKRs load in one click, and the page is screenshotted for the README', async ({
  openOptions,
}) => {
  const page = await openOptions();
  await page.getByRole('button', { name: 'Load example OKRs' }).click();
  await expect(page.getByRole('region', { name: /^Objective: / })).toHaveCount(3);
  await expect(page.getByRole('listitem', { name: /^KR\d\.\d / })).toHaveCount(9);
  mkdirSync('docs/screenshots', { recursive: true });
  await page.setViewportSize({ width: 1280, height: 1100 });
  await page.screenshot({ path: path.join('docs/screenshots', 'options.png'), fullPage: false });
});

test('archive with undo, delete with confirm', async ({ openOptions }) => {
  const page = await openOptions();
  await page.getByRole('button', { name: 'Load example OKRs' }).click();
  const kr = page.getByRole('listitem', { name: /^KR1\.2 / });
  await expect(kr).toBeVisible();
  await kr.getByRole('button', { name: 'Archive KR1.2' }).click();
  await expect(page.getByRole('listitem', { name: /^KR1\.2 / })).toHaveCount(0);
  await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('listitem', { name: /^KR1\.2 / })).toHaveCount(1);

  await page.getByRole('button', { name: 'Delete KR1.2' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete KR1.2?' });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('listitem', { name: /^KR1\.2 / })).toHaveCount(1);
  await page.getByRole('button', { name: 'Delete KR1.2' }).click();
  await page
    .getByRole('dialog', { name: 'Delete KR1.2?' })
    .getByRole('button', { name: 'Delete key result' })
    .click();
  await expect(page.getByRole('listitem', { name: /^KR1\.2 / })).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('listitem', { name: /^KR1\.1 / })).toHaveCount(1);
  await expect(page.getByRole('listitem', { name: /^KR1\.2 / })).toHaveCount(0);
});

const goodFile = {
  format: 'okr-lens',
  version: 1,
  cycles: [{ id: 'c1', name: 'Q1 2027', start: '2027-01-01', end: '2027-03-31' }],
  objectives: [
    {
      id: 'o1',
      cycleId: 'c1',
      title: 'Improve user retention rate',
      owner: 'Mobile',
      description: 'Seed 003',
    },
    { id: 'o2', cycleId: 'c1', title: 'Make the app fast', parentId: 'o1' },
  ],
  keyResults: [
    {
      id: 'k1',
      objectiveId: 'o1',
      code: 'KR1.1',
      title: 'Cut app crashes by 20 %',
      kind: 'decrease',
      start: 50,
      target: 40,
      current: 45,
      unit: 'crashes/week',
      owner: 'Mobile',
      weight: 2,
    },
    {
      id: 'k2',
      objectiveId: 'o1',
      code: 'KR1.2',
      title: 'Onboarding completion +15 %',
      kind: 'increase',
      start: 60,
      target: 75,
      unit: '%',
    },
    {
      id: 'k3',
      objectiveId: 'o2',
      code: 'KR2.1',
      title: 'Sprint completion ≥ 90 %',
      kind: 'maintain',
      target: 90,
      unit: '%',
      direction: 'atLeast',
    },
    {
      id: 'k4',
      objectiveId: 'o2',
      code: 'KR2.2',
      title: 'Publish the performance budget',
      kind: 'milestone',
      archived: true,
    },
  ],
  checkIns: [
    {
      id: 'ci1',
      keyResultId: 'k1',
      at: '2027-01-10',
      value: 48,
      confidence: 'on-track',
      note: 'first fixes',
    },
    { id: 'ci2', keyResultId: 'k1', at: '2027-01-24T09:30:00Z', value: 45, confidence: 7 },
  ],
  links: [
    {
      ticket: 'github:github.com/acme/app#12',
      keyResultId: 'k1',
      createdAt: '2027-01-05T10:00:00Z',
      source: 'label',
    },
  ],
  tickets: [
    {
      key: 'github:github.com/acme/app#12',
      title: 'Crash on <img src=x onerror=alert(1)>',
      url: 'https://github.com/acme/app/issues/12',
      state: 'open',
      seenAt: '2027-01-05T10:00:00Z',
    },
  ],
};

test('import a JSON file, export it: the same data comes back; importing twice changes nothing @firefox', async ({
  openOptions,
}) => {
  const page = await openOptions();
  await importFile(page, 'team.json', JSON.stringify(goodFile));
  await expect(page.getByRole('status').filter({ hasText: 'Imported team.json' })).toBeVisible();
  const exported = await exportJson(page);
  expect(exported).toEqual(goodFile);

  await importFile(page, 'team.json', JSON.stringify(goodFile));
  await expect(page.getByRole('status').filter({ hasText: 'Imported team.json' })).toBeVisible();
  expect(await exportJson(page)).toEqual(goodFile);
});

test('a broken file shows the bad field and changes nothing', async ({ openOptions }) => {
  const page = await openOptions();
  await page.getByRole('button', { name: 'Load example OKRs' }).click();
  await expect(page.getByRole('region', { name: /^Objective: / })).toHaveCount(3);
  const before = await exportJson(page);

  const bad = structuredClone(goodFile) as { keyResults: Record<string, unknown>[] };
  bad.keyResults[3]!.target = 'ten';
  await importFile(page, 'bad.json', JSON.stringify(bad));
  const error = page.getByTestId('import-error');
  await expect(error).toContainText('Nothing was imported');
  await expect(error).toContainText('keyResults[3].target');

  await importFile(page, 'truncated.json', JSON.stringify(goodFile).slice(0, 200));
  await expect(page.getByTestId('import-error')).toContainText('not valid JSON');

  expect(await exportJson(page)).toEqual(before);
});

test('a CSV from OKR for Jira imports into the cycle it names', async ({ openOptions }) => {
  const page = await openOptions();
  const csv = [
    'Order,Type,Summary,Period,Owner,Start value,Current value,Target value,Description',
    '1,Objective,Improve user retention rate,Q1 2027,Mobile,,,,"Keep users, not just get them"',
    '1.1,Key result,Cut app crashes by 20%,Q1 2027,Ana,50,45,40,',
    '1.2,Key result,Onboarding completion,Q1 2027,Ben,60,60,75%,',
  ].join('\n');
  await importFile(page, 'okr-for-jira.csv', csv, 'text/csv');
  await expect(
    page.getByRole('status').filter({ hasText: 'Imported okr-for-jira.csv' }),
  ).toBeVisible();
  await page.getByRole('tab', { name: 'OKRs' }).click();
  await page.getByRole('combobox', { name: 'Cycle' }).selectOption({ label: 'Q1 2027' });
  const objective = page.getByRole('region', { name: 'Objective: Improve user retention rate' });
  await expect(objective.getByRole('listitem', { name: /^KR1\.1 Cut app crashes/ })).toBeVisible();
  await expect(
    objective.getByRole('listitem', { name: /^KR1\.2 Onboarding completion/ }),
  ).toBeVisible();
});
