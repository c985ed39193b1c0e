/**
 * The work hierarchy on the page (issue #14, README "Work hierarchy") on each tracker: a
 * parent linked to a KR gives its children that KR "via PARENT" (dashed, not removable in the
 * picker; Coverage lists and counts them); child, sub- and linked-issue rows on issue views
 * get row badges; Jira Work Management boards and lists get row badges.
 */
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import {
  codesIn,
  expectCodes,
  fixture,
  linkByCode,
  rowBadge,
  seedSample,
  sendFrom,
  serve,
  ticketBadge,
  watchForTrouble,
} from './helpers';

const J = (key: string) => `jira:acme.atlassian.net/${key}`;
const G = (path: string) => `github:github.com/${path}`;
const L = (key: string) => `linear:acme-labs/${key}`;

/** The ancestor a badge's chip of `code` is served through ('' for the ticket's own link). */
function viaOf(host: Locator, code: string): Promise<string | null> {
  return host.evaluate(
    (h, c) => h.shadowRoot?.querySelector(`[data-kr="${c}"]`)?.getAttribute('data-via') ?? '',
    code,
  );
}

/** The border style of a badge's chip of `code` (a via chip is dashed). */
function chipBorder(host: Locator, code: string): Promise<string> {
  return host.evaluate((h, c) => {
    const chip = h.shadowRoot?.querySelector(`[data-kr="${c}"]`);
    return chip ? getComputedStyle(chip).borderTopStyle : 'none';
  }, code);
}

async function linksOf(options: Page, ticket: string): Promise<string[]> {
  const r = (await sendFrom(options, { type: 'exportAll' })).value as {
    links: { ticket: string; keyResultId: string }[];
    keyResults: { id: string; code: string }[];
  };
  const code = new Map(r.keyResults.map((k) => [k.id, k.code]));
  return r.links.filter((l) => l.ticket === ticket).map((l) => code.get(l.keyResultId)!);
}

test('Jira: a child issue shows its epic’s KR "via GRW-100", dashed; the picker cannot remove it', async ({
  context,
  openOptions,
}) => {
  const options = await seedSample(openOptions);
  await linkByCode(options, J('GRW-100'), ['KR3.3']);
  // GRW-142's breadcrumb names its parent epic GRW-100 (labels KR1.2, okr:KR2.1 are its own).
  await serve(context, 'https://acme.atlassian.net/**', fixture('jira/issue-view.html'));
  const page = await context.newPage();
  const trouble = watchForTrouble(page);
  await page.goto('https://acme.atlassian.net/browse/GRW-142');
  const badge = ticketBadge(page, J('GRW-142'));
  await expectCodes(badge, ['KR1.2', 'KR2.1', 'KR3.3']);
  expect(await viaOf(badge, 'KR3.3')).toBe(J('GRW-100'));
  expect(await viaOf(badge, 'KR1.2')).toBe('');
  expect(await chipBorder(badge, 'KR3.3')).toBe('dashed');
  expect(await chipBorder(badge, 'KR1.2')).not.toBe('dashed');
  await expect
    .poll(() => badge.evaluate((h) => h.shadowRoot?.textContent ?? ''))
    .toContain('via GRW-100');
  await page.screenshot({ path: 'docs/screenshots/hierarchy-via-parent.png' });

  // The picker: KR3.3 is listed "via GRW-100", not selected (nothing of this ticket to remove).
  await page.keyboard.press('Alt+Shift+K');
  const option = page.getByRole('option', { name: /KR3\.3/ });
  await expect(option).toHaveAttribute('data-via', J('GRW-100'));
  await expect(option).toHaveAttribute('aria-selected', 'false');
  await expect(option).toContainText('via GRW-100');
  await page.getByRole('combobox', { name: 'Search key results' }).fill('KR3.3');
  await page.keyboard.press('Enter');
  // Enter links the child itself; the epic's link stays.
  await expect.poll(() => viaOf(badge, 'KR3.3')).toBe('');
  expect(await linksOf(options, J('GRW-100'))).toEqual(['KR3.3']);
  expect(await linksOf(options, J('GRW-142'))).toContain('KR3.3');
  expect(trouble.errors).toEqual([]);
});

test('Jira epic view: child and linked work items get row badges; Coverage lists the children via the epic', async ({
  context,
  openOptions,
}) => {
  const options = await seedSample(openOptions);
  await linkByCode(options, J('PLAT-88'), ['KR2.1']); // a linked work item, linked itself
  // The epic carries the label KR1.2: linked by the label on this visit.
  await serve(context, 'https://acme.atlassian.net/**', fixture('jira/issue-view-epic.html'));
  const page = await context.newPage();
  await page.goto('https://acme.atlassian.net/browse/GRW-100');
  await expectCodes(ticketBadge(page, J('GRW-100')), ['KR1.2']);
  for (const k of ['GRW-142', 'GRW-150', 'GRW-151', 'WEB-2210']) {
    const row = rowBadge(page, J(k));
    await expectCodes(row, ['KR1.2']);
    expect(await viaOf(row, 'KR1.2'), k).toBe(J('GRW-100'));
    expect(await chipBorder(row, 'KR1.2'), k).toBe('dashed');
  }
  // Rows listed under the epic's own view leave "via GRW-100" unsaid (the row is narrow and
  // the list sits under GRW-100); the label for screen readers still names it.
  const story = rowBadge(page, J('GRW-142'));
  expect(await story.evaluate((h) => h.shadowRoot!.querySelector('.via')?.textContent ?? '')).toBe(
    '',
  );
  expect(
    await story.evaluate((h) =>
      h.shadowRoot!.querySelector('.row-badge')!.getAttribute('aria-label'),
    ),
  ).toBe('Key results: KR1.2 via GRW-100');
  await expectCodes(rowBadge(page, J('PLAT-88')), ['KR2.1']);
  expect(await viaOf(rowBadge(page, J('PLAT-88')), 'KR2.1')).toBe('');
  await expect(rowBadge(page, J('GRW-118'))).toHaveCount(0); // linked work item, no KR

  // Coverage: KR1.2 lists the children marked "via GRW-100"; none of them is an orphan.
  await options.getByRole('tab', { name: 'Coverage' }).click();
  const child = options.locator(`.cov-tickets [data-ticket="${J('GRW-150')}"]`);
  const more = options.getByRole('button', { name: /^Show all \d+ initiatives of KR1\.2$/ });
  if (await more.count()) await more.click();
  await expect(child).toContainText('via GRW-100');
  await expect(
    options
      .getByRole('list', { name: 'Orphan tickets' })
      .locator(`[data-ticket="${J('GRW-150')}"]`),
  ).toHaveCount(0);
});

test('Jira Work Management board and list: linked cards and rows get row badges', async ({
  context,
  openOptions,
}) => {
  const options = await seedSample(openOptions);
  await linkByCode(options, J('MKT-12'), ['KR1.1']);
  await linkByCode(options, J('MKT-5'), ['KR2.2']);
  await serve(context, 'https://acme.atlassian.net/**', (url) =>
    fixture(
      url.pathname.endsWith('/list') ? 'jira/business-list.html' : 'jira/business-board.html',
    ),
  );
  const page = await context.newPage();
  await page.goto('https://acme.atlassian.net/jira/core/projects/MKT/board?filter=&groupBy=status');
  await expectCodes(rowBadge(page, J('MKT-12')), ['KR1.1']);
  await expectCodes(rowBadge(page, J('MKT-5')), ['KR2.2']);
  expect(
    await rowBadge(page, J('MKT-12')).evaluate(
      (h) => !!h.closest('[data-test-id="work-management-board.ui.board.column.card.container"]'),
    ),
  ).toBe(true);
  await expect(page.locator('[data-okr-lens="row"]')).toHaveCount(2); // unlinked cards: none
  await expect(page.locator('[data-okr-lens="ticket"]')).toHaveCount(0);
  await page.screenshot({ path: 'docs/screenshots/jira-wm-board.png' });

  await page.goto('https://acme.atlassian.net/jira/core/projects/MKT/list?groupBy=status');
  await expectCodes(rowBadge(page, J('MKT-12')), ['KR1.1']);
  await expectCodes(rowBadge(page, J('MKT-5')), ['KR2.2']);
  expect(await rowBadge(page, J('MKT-12')).evaluate((h) => !!h.closest('[role="row"]'))).toBe(true);
  await expect(page.locator('[data-okr-lens="row"]')).toHaveCount(2);
});

test('GitHub: sub-issue rows badged via the parent; the sub-issue’s own view shows "via #10"', async ({
  context,
  openOptions,
}) => {
  const options = await seedSample(openOptions);
  await linkByCode(options, G('acme/web#10'), ['KR3.3']);
  await linkByCode(options, G('acme/infra#3'), ['KR2.2']); // in the sidebar's Relationships
  await serve(context, 'https://github.com/**', (url) =>
    fixture(
      url.pathname.endsWith('/issues/12')
        ? 'github/issue-view-sub-issue.html'
        : 'github/issue-view-parent.html',
    ),
  );
  const page = await context.newPage();
  await page.goto('https://github.com/acme/web/issues/10');
  for (const k of ['acme/web#12', 'acme/web#13', 'acme/web#14', 'acme/api#44', 'acme/web#16']) {
    const row = rowBadge(page, G(k));
    await expect.poll(() => codesIn(row), k).toContain('KR3.3');
    expect(await viaOf(row, 'KR3.3'), k).toBe(G('acme/web#10'));
  }
  await expectCodes(rowBadge(page, G('acme/infra#3')), ['KR2.2']);

  await page.goto('https://github.com/acme/web/issues/12');
  const badge = ticketBadge(page, G('acme/web#12'));
  await expect.poll(() => codesIn(badge)).toContain('KR3.3');
  expect(await viaOf(badge, 'KR3.3')).toBe(G('acme/web#10'));
  expect(await chipBorder(badge, 'KR3.3')).toBe('dashed');
});

test('Linear: sub-issue and relation rows badged; the sub-issue’s view shows "via ENG-37"', async ({
  context,
  openOptions,
}) => {
  const options = await seedSample(openOptions);
  await linkByCode(options, L('ENG-37'), ['KR3.3']);
  await linkByCode(options, L('ENG-12'), ['KR1.1']); // the rail's "Blocked by" relation
  await serve(context, 'https://linear.app/**', (url) =>
    fixture(
      url.pathname.includes('/issue/ENG-38')
        ? 'linear/issue-view-sub-issue.html'
        : 'linear/issue-view.html',
    ),
  );
  const page = await context.newPage();
  await page.goto(
    'https://linear.app/acme-labs/issue/ENG-37/harden-the-csv-importer-against-malformed-rows',
  );
  for (const k of ['ENG-38', 'ENG-39']) {
    const row = rowBadge(page, L(k));
    await expect.poll(() => codesIn(row), k).toContain('KR3.3');
    expect(await viaOf(row, 'KR3.3'), k).toBe(L('ENG-37'));
  }
  await expectCodes(rowBadge(page, L('ENG-12')), ['KR1.1']);

  await page.goto('https://linear.app/acme-labs/issue/ENG-38/importer-error-dialog');
  const badge = ticketBadge(page, L('ENG-38'));
  await expect.poll(() => codesIn(badge)).toContain('KR3.3');
  expect(await viaOf(badge, 'KR3.3')).toBe(L('ENG-37'));
  expect(await chipBorder(badge, 'KR3.3')).toBe('dashed');
});
