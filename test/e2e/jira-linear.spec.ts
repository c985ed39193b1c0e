/**
 * Jira Cloud and Linear, every page kind, at their real URLs; plus a self-hosted Jira after
 * the user allowed its origin.
 */
import { test, testWithGrantedHosts, expect } from './fixtures';
import {
  codesIn,
  expectCodes,
  fixture,
  linkByCode,
  rowBadge,
  seedSample,
  serve,
  shotPath,
  ticketBadge,
  watchForTrouble,
} from './helpers';

const J = (key: string, host = 'acme.atlassian.net') => `jira:${host}/${key}`;
const L = (key: string) => `linear:acme-labs/${key}`;

test('Jira issue view: one badge after the summary; its labels link KR1.2 and KR2.1 @firefox', async ({
  context,
  openOptions,
}) => {
  await seedSample(openOptions);
  await serve(context, 'https://acme.atlassian.net/**', fixture('jira/issue-view.html'));
  const page = await context.newPage();
  const trouble = watchForTrouble(page);
  await page.goto('https://acme.atlassian.net/browse/GRW-142');
  const badge = ticketBadge(page, J('GRW-142'));
  await expect(badge).toHaveCount(1);
  expect(await badge.evaluate((h) => h.previousElementSibling?.tagName)).toBe('H1');
  await expectCodes(badge, ['KR1.2', 'KR2.1']);
  await expect(page.locator('[data-okr-lens="ticket"]')).toHaveCount(1);
  await page.screenshot({ path: shotPath('docs/screenshots/jira-issue.png') });
  expect(trouble.errors).toEqual([]);
});

test('Jira team board: compact badges on linked cards; project keys with digits', async ({
  context,
  openOptions,
}) => {
  const options = await seedSample(openOptions);
  await linkByCode(options, J('AB2-7'), ['KR3.3']);
  await serve(context, 'https://acme.atlassian.net/**', fixture('jira/board-team.html'));
  const page = await context.newPage();
  await page.goto('https://acme.atlassian.net/jira/software/projects/AB2/boards/3');
  await expectCodes(rowBadge(page, J('AB2-7')), ['KR3.3']);
  expect(
    await rowBadge(page, J('AB2-7')).evaluate(
      (h) => !!h.closest('[data-testid="platform-board-kit.ui.card.card"]'),
    ),
  ).toBe(true);
  // Unlinked cards stay quiet: no host at all.
  await expect(page.locator('[data-okr-lens="row"]')).toHaveCount(1);
  await expect(page.locator('[data-okr-lens="ticket"]')).toHaveCount(0);
  await page.screenshot({ path: 'docs/screenshots/jira-board.png' });
});

test('Jira company-managed board with selectedIssue: the side panel gets the ticket badge', async ({
  context,
  openOptions,
}) => {
  const options = await seedSample(openOptions);
  await linkByCode(options, J('GRW-131'), ['KR2.1']);
  await serve(
    context,
    'https://acme.atlassian.net/**',
    fixture('jira/board-company-selected.html'),
  );
  const page = await context.newPage();
  await page.goto(
    'https://acme.atlassian.net/jira/software/c/projects/GRW/boards/12?selectedIssue=GRW-131',
  );
  const panel = ticketBadge(page, J('GRW-131'));
  await expect(panel).toHaveCount(1);
  await expect.poll(() => codesIn(panel)).toContain('KR2.1');
  await expect(rowBadge(page, J('GRW-131'))).toHaveAttribute('data-linked', 'true');
  // Closing the panel (the URL loses selectedIssue, React removes the panel): no ticket badge.
  await page.evaluate(() => {
    history.pushState({}, '', '/jira/software/c/projects/GRW/boards/12');
    document
      .querySelector(
        '[data-testid="issue.views.issue-details.issue-layout.compact-layout"], [data-test-id="issue.views.issue-details.issue-layout.compact-layout"]',
      )
      ?.remove();
  });
  await expect(page.locator('[data-okr-lens="ticket"]')).toHaveCount(0);
});

test('Jira backlog: rows scrolled into a virtualized list get badges as they appear @firefox', async ({
  context,
  openOptions,
}) => {
  const options = await seedSample(openOptions);
  await linkByCode(options, J('GRW-900'), ['KR1.1']);
  await linkByCode(options, J('GRW-131'), ['KR2.2']);
  await serve(context, 'https://acme.atlassian.net/**', fixture('jira/backlog.html'));
  const page = await context.newPage();
  await page.goto('https://acme.atlassian.net/jira/software/c/projects/GRW/boards/12/backlog');
  await expectCodes(rowBadge(page, J('GRW-131')), ['KR2.2']); // the overlay is running
  // Scroll: the list drops its first 10 rows and renders 10 new ones (GRW-900…909).
  await page.evaluate(() => {
    const all = [
      ...document.querySelectorAll(
        '[data-testid^="software-backlog.card-list.card.content-container."], [data-test-id^="software-backlog.card-list.card.content-container."]',
      ),
    ];
    const template = all[0]!;
    const list = template.parentElement!;
    all.slice(0, 10).forEach((r) => r.remove());
    for (let i = 900; i < 910; i++) {
      const row = template.cloneNode(true) as Element;
      row.querySelectorAll('okr-lens-badge').forEach((b) => b.remove());
      const html = row.outerHTML.replace(/GRW-\d+/g, `GRW-${i}`);
      list.insertAdjacentHTML('beforeend', html);
    }
  });
  await expectCodes(rowBadge(page, J('GRW-900')), ['KR1.1']);
  await expect(rowBadge(page, J('GRW-905'))).toHaveCount(0);
});

test('Jira backlog with selectedIssue: the panel gets the ticket badge, the rows keep theirs', async ({
  context,
  openOptions,
}) => {
  const options = await seedSample(openOptions);
  await linkByCode(options, J('GRW-131'), ['KR2.2']);
  await serve(context, 'https://acme.atlassian.net/**', fixture('jira/backlog-selected.html'));
  const page = await context.newPage();
  const trouble = watchForTrouble(page);
  await page.goto(
    'https://acme.atlassian.net/jira/software/c/projects/GRW/boards/12/backlog?selectedIssue=GRW-146',
  );
  const panel = ticketBadge(page, J('GRW-146'));
  await expect(panel).toHaveCount(1);
  await expectCodes(panel, ['KR2.1']); // the panel shows its label KR2.1
  expect(
    await panel.evaluate((h) =>
      Boolean(h.closest('[data-testid="issue.views.issue-details.issue-layout.compact-layout"]')),
    ),
  ).toBe(true);
  // The same ticket's row in the list gets its compact badge too; other rows as linked.
  await expectCodes(rowBadge(page, J('GRW-146')), ['KR2.1']);
  await expectCodes(rowBadge(page, J('GRW-131')), ['KR2.2']);
  await expect(page.locator('[data-okr-lens="ticket"]')).toHaveCount(1);
  // Closing the panel (React drops it, the URL loses selectedIssue): the ticket badge goes.
  await page.evaluate(() => {
    history.pushState({}, '', '/jira/software/c/projects/GRW/boards/12/backlog');
    document
      .querySelector('[data-testid="issue.views.issue-details.issue-layout.compact-layout"]')
      ?.remove();
  });
  await expect(page.locator('[data-okr-lens="ticket"]')).toHaveCount(0);
  await expectCodes(rowBadge(page, J('GRW-146')), ['KR2.1']);
  expect(trouble.errors).toEqual([]);
});

test('Jira search results: linked rows badged', async ({ context, openOptions }) => {
  const options = await seedSample(openOptions);
  await linkByCode(options, J('GRW-101'), ['KR2.2']);
  await serve(context, 'https://acme.atlassian.net/**', fixture('jira/search.html'));
  const page = await context.newPage();
  await page.goto('https://acme.atlassian.net/issues/?jql=labels%20in%20(KR1.2)');
  await expectCodes(rowBadge(page, J('GRW-101')), ['KR2.2']);
  await expect(page.locator('[data-okr-lens="row"][data-linked="true"]')).toHaveCount(
    await page.locator('[data-okr-lens="row"]').count(),
  );
});

test('Linear issue view: badge outside the editable title; link with the picker @firefox', async ({
  context,
  openOptions,
}) => {
  await seedSample(openOptions);
  await serve(context, 'https://linear.app/**', fixture('linear/issue-view.html'));
  const page = await context.newPage();
  await page.goto(
    'https://linear.app/acme-labs/issue/ENG-37/harden-the-csv-importer-against-malformed-rows',
  );
  const badge = ticketBadge(page, L('ENG-37'));
  await expect(badge).toHaveCount(1);
  expect(await badge.evaluate((h) => !!h.closest('[contenteditable="true"]'))).toBe(false);
  await page.keyboard.press('Alt+Shift+K');
  await page.keyboard.type('bugs at launch');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  await expect.poll(() => codesIn(badge)).toContain('KR3.3');
  await page.screenshot({ path: shotPath('docs/screenshots/linear-issue.png') });
});

test('Linear list and board: linked rows and cards, KR label chips link their tickets, badges inside the rows @firefox', async ({
  context,
  openOptions,
}) => {
  const options = await seedSample(openOptions);
  await linkByCode(options, L('ENG-37'), ['KR1.2']);
  await serve(context, 'https://linear.app/acme-labs/team/ENG/active', fixture('linear/list.html'));
  await serve(context, 'https://linear.app/acme-labs/team/ENG/all', fixture('linear/board.html'));
  const page = await context.newPage();
  const trouble = watchForTrouble(page);
  await page.goto('https://linear.app/acme-labs/team/ENG/active');
  // ENG-37: linked by hand to KR1.2; its chips "KR1.2" and "okr:KR2.1" add KR2.1.
  const row = rowBadge(page, L('ENG-37'));
  await expectCodes(row, ['KR1.2', 'KR2.1']);
  expect(await row.evaluate((h) => !!h.closest('a[data-list-key]'))).toBe(true);
  // Rows whose only link is a label chip, in both label forms.
  await expectCodes(rowBadge(page, L('ENG-48')), ['KR1.2']);
  await expectCodes(rowBadge(page, L('ENG-54')), ['KR2.1']);
  await expectCodes(rowBadge(page, L('ENG-52')), ['KR3.1']);
  await expectCodes(rowBadge(page, L('ENG-63')), ['KR1.2']);
  // Rows with other labels only ("Importer", "Bug", "Performance") stay quiet.
  await expect(page.locator('[data-okr-lens="row"]')).toHaveCount(5);
  await page.screenshot({ path: shotPath('docs/screenshots/linear-list.png') });
  await page.goto('https://linear.app/acme-labs/team/ENG/all');
  await expectCodes(rowBadge(page, L('ENG-37')), ['KR1.2', 'KR2.1']);
  expect(await rowBadge(page, L('ENG-37')).evaluate((h) => !!h.closest('a[data-board-item]'))).toBe(
    true,
  );
  await expectCodes(rowBadge(page, L('ENG-48')), ['KR1.2']);
  expect(trouble.errors).toEqual([]);
});

test('adding a self-hosted tracker asks for its origin in the click; a refusal adds nothing', async ({
  openOptions,
  extensionId,
}) => {
  const options = await openOptions();
  await options.goto(`chrome-extension://${extensionId}/options.html#settings`);
  // Chrome's prompt is browser UI Playwright cannot click: record the request and refuse it.
  await options.evaluate(() => {
    const g = globalThis as unknown as {
      chrome: { permissions: { request: (p: unknown) => Promise<boolean> } };
      asked: unknown[];
    };
    g.asked = [];
    g.chrome.permissions.request = (p) => {
      g.asked.push(p);
      return Promise.resolve(false);
    };
  });
  await options
    .getByLabel('Address', { exact: true })
    .fill('https://Jira.Example.org/secure/Dashboard.jspa');
  await options
    .getByRole('region', { name: 'Self-hosted trackers' })
    .getByLabel('Tracker', { exact: true })
    .selectOption('jira');
  await options.getByRole('button', { name: 'Add tracker' }).click();
  await expect(options.getByRole('alert')).toContainText('not allowed');
  expect(
    await options.evaluate(() => (globalThis as unknown as { asked: unknown[] }).asked),
  ).toEqual([{ origins: ['https://jira.example.org/*'] }]);
  await expect(options.getByRole('table', { name: 'Added trackers' })).toHaveCount(0);
});

// The origin is held from install, as after the user accepted Chrome's prompt.
const jiraDcTest = testWithGrantedHosts(['https://jira.example.org/*']);

jiraDcTest(
  'a self-hosted Jira gets badges once its origin is allowed, and none after removal',
  async ({ context, extensionId, openOptions }) => {
    const seeded = await seedSample(openOptions);
    // A Data Center install: its own DOM (#key-val, #summary-val, RapidBoard .ghx-issue).
    await serve(context, 'https://jira.example.org/**', (url) =>
      fixture(
        url.pathname.includes('RapidBoard') ? 'jira/dc-board.html' : 'jira/dc-issue-view.html',
      ),
    );
    // Held but not added: no content script runs there yet.
    const before = await context.newPage();
    await before.goto('https://jira.example.org/browse/OPS-12');
    await before.waitForTimeout(1500);
    await expect(before.locator('[data-okr-lens]')).toHaveCount(0);
    await before.close();

    const options = await openOptions();
    await options.goto(`chrome-extension://${extensionId}/options.html#settings`);
    await options.getByLabel('Address', { exact: true }).fill('jira.example.org');
    await options
      .getByRole('region', { name: 'Self-hosted trackers' })
      .getByLabel('Tracker', { exact: true })
      .selectOption('jira');
    await options.getByRole('button', { name: 'Add tracker' }).click();
    const table = options.getByRole('table', { name: 'Added trackers' });
    await expect(table).toContainText('https://jira.example.org');
    await expect(table).toContainText('Allowed');

    const page = await context.newPage();
    await page.goto('https://jira.example.org/browse/OPS-12');
    const badge = ticketBadge(page, J('OPS-12', 'jira.example.org'));
    await expect(badge).toHaveCount(1);
    await expectCodes(badge, ['KR1.2', 'KR2.1']); // its labels KR1.2 and okr:KR2.1
    expect(await badge.evaluate((h) => h.previousElementSibling?.id)).toBe('summary-val');
    await page.screenshot({ path: 'tmp/screens/jira-dc-issue.png' });

    // Its board: the card of OPS-12 carries the codes; a card linked by hand too.
    await linkByCode(seeded, J('OPS-15', 'jira.example.org'), ['KR3.3']);
    await page.goto('https://jira.example.org/secure/RapidBoard.jspa?rapidView=12');
    await expectCodes(rowBadge(page, J('OPS-12', 'jira.example.org')), ['KR1.2', 'KR2.1']);
    // OPS-15 is a sub-task of OPS-12 (its view's Sub-Tasks module): KR3.3 its own and
    // OPS-12's KR1.2 and KR2.1 "via OPS-12" (issue #14, README "Work hierarchy").
    await expectCodes(rowBadge(page, J('OPS-15', 'jira.example.org')), ['KR1.2', 'KR2.1', 'KR3.3']);
    await page.screenshot({ path: 'tmp/screens/jira-dc-board.png' });
    await page.goto('https://jira.example.org/browse/OPS-12');
    await expect(badge).toHaveCount(1);

    await options.getByRole('button', { name: 'Remove https://jira.example.org' }).click();
    await expect(table).toHaveCount(0);
    await page.reload();
    await page.waitForTimeout(1500);
    await expect(page.locator('[data-okr-lens]')).toHaveCount(0);
  },
);
