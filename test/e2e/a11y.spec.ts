/** axe-core on every extension view, light and dark: zero violations. */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { seedSample } from './helpers';

async function axe(page: Page) {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations.map(
    (v) =>
      `${v.id}: ${v.help} — ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(' | ')}`,
  );
}

for (const scheme of ['light', 'dark'] as const) {
  test(`options, coverage, review and popup have no axe violations (${scheme})`, async ({
    context,
    openOptions,
    extensionId,
  }) => {
    test.setTimeout(150_000); // axe runs eleven times here
    const page = await seedSample(openOptions);
    await page.emulateMedia({ colorScheme: scheme });
    expect(await axe(page)).toEqual([]);
    for (const tab of ['Coverage', 'Review', 'Import / Export', 'Settings']) {
      await page.getByRole('tab', { name: tab }).click();
      expect(await axe(page), tab).toEqual([]);
    }
    await page.getByRole('tab', { name: 'OKRs' }).click();
    await page.getByRole('button', { name: 'Check in on KR2.3' }).click();
    expect(await axe(page), 'check-in dialog').toEqual([]);
    await page.keyboard.press('Escape');

    const popup = await context.newPage();
    await popup.emulateMedia({ colorScheme: scheme });
    await popup.setViewportSize({ width: 420, height: 600 });
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    await expect(popup.locator('[data-ready="true"]')).toBeVisible();
    expect(await axe(popup), 'popup').toEqual([]);
    await popup.getByRole('button', { name: 'Check in on KR2.3' }).click();
    expect(await axe(popup), 'popup check-in').toEqual([]);
  });
}
