/** End-of-cycle review: scores prefilled from progress, saved; carry-over to the next cycle. */
import { test, expect } from './fixtures';
import { seedSample } from './helpers';

test('review: score, note, then carry chosen KRs over with fresh check-ins', async ({
  openOptions,
}) => {
  const page = await seedSample(openOptions);
  // KR2.3 (sample) shows its progress; note it to compare with the prefilled score.
  await page.getByRole('tab', { name: 'Review' }).click();
  const row = page.locator('tr[data-kr="KR2.3"]');
  const progress = Number((await row.locator('td').nth(1).textContent())!.replace('%', '')) / 100;
  await expect(row.getByLabel('Score of KR2.3')).toHaveValue(
    String(Math.round(Math.min(1, progress) * 10) / 10),
  );
  await row.getByLabel('Score of KR2.3').fill('1.5');
  await page.getByRole('button', { name: 'Save scores' }).click();
  await expect(row.getByText('A score from 0.0 to 1.0.')).toBeVisible();
  await row.getByLabel('Score of KR2.3').fill('0.8');
  await expect(row.locator('[data-band]')).toHaveAttribute('data-band', 'green');
  await row.getByLabel('Note on KR2.3').fill('Referral launch carried it');
  await page.getByRole('button', { name: 'Save scores' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();

  // Carry over exactly KR1.2 and KR2.3.
  for (const box of await page.getByRole('checkbox', { name: /^Carry KR/ }).all())
    await box.uncheck();
  await page.getByRole('checkbox', { name: 'Carry KR1.2 over' }).check();
  await page.getByRole('checkbox', { name: 'Carry KR2.3 over' }).check();
  await page.getByRole('button', { name: 'Carry over 2 key results' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Carried 2 key results and 2 objectives' }),
  ).toBeVisible();
  // Now on the new cycle: two objectives, two KRs, no data yet.
  await expect(page.getByRole('region', { name: /^Objective: / })).toHaveCount(2);
  const krs = page.getByRole('listitem', { name: /^KR\d\.\d / });
  await expect(krs).toHaveCount(2);
  await expect(krs.locator('[data-status="no-data"]')).toHaveCount(2);

  // The reviewed cycle keeps its score (reload: stored in the background).
  await page.reload();
  await page.getByRole('tab', { name: 'Review' }).click();
  await page.getByRole('tab', { name: 'OKRs' }).click();
  const options = await page
    .getByRole('combobox', { name: 'Cycle' })
    .locator('option')
    .allTextContents();
  expect(options).toHaveLength(2);
  await page.getByRole('combobox', { name: 'Cycle' }).selectOption({ index: 1 });
  await page.getByRole('tab', { name: 'Review' }).click();
  await expect(page.locator('tr[data-kr="KR2.3"]').getByLabel('Score of KR2.3')).toHaveValue('0.8');
  await expect(page.locator('tr[data-kr="KR2.3"]').getByLabel('Note on KR2.3')).toHaveValue(
    'Referral launch carried it',
  );
});

test('a check-in dialog charts the history against the expected line', async ({ openOptions }) => {
  const page = await seedSample(openOptions);
  await page.getByRole('button', { name: 'Check in on KR2.3' }).click();
  const chart = page
    .getByRole('dialog', { name: 'Check in on KR2.3' })
    .getByRole('img', { name: /KR2\.3 progress over/ });
  await expect(chart).toBeVisible();
  const dots = await chart.locator('circle').count();
  const history = await page
    .getByRole('list', { name: 'Check-in history' })
    .getByRole('listitem')
    .count();
  expect(dots).toBe(history);
});
