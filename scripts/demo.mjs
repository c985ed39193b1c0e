#!/usr/bin/env node
// `npm run demo`: OKR Lens on every bundled tracker page, with no network.
//
// Builds the extension when the sources are newer than .output/chrome-mv3, launches Chromium
// with it in a fresh temporary profile, serves test/fixtures/{github,jira,linear}/*.html at the
// real tracker URLs, loads the example OKRs from the options page (the button a user clicks),
// links a few of the demo tickets, and opens a tab per page.
//
//   npm run demo                          headed when $DISPLAY is set: runs until you close it
//   npm run demo -- --screenshot DIR      headless: one PNG per page in DIR, then exit
//   (no display and no --screenshot)      same as --screenshot tmp/demo
//   --build / --no-build                  always / never run `npx wxt build`
//   OKR_LENS_CHROMIUM=/path/to/chrome     another Chromium (default /usr/bin/chromium)
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import {
  chromiumPath,
  ensureBuild,
  launch,
  linkByCodes,
  loadExampleOkrs,
  removeDir,
  root,
  serveTrackers,
  snapshotBuild,
} from '../test/bench/harness.mjs';

/**
 * Screenshot framing: GitHub scrolls the document (full-page shots); Jira and Linear scroll an
 * inner pane inside a 100vh frame, so a taller viewport shows more rows there.
 */
const SHOT = {
  'jira-backlog': { height: 1400 },
  'jira-search': { height: 1000 },
  'linear-list': { height: 1320 },
};

/** Each demo page: a realistic URL and the fixture served there. */
const PAGES = [
  ['github-issue', 'https://github.com/acme/web/issues/12', 'github/issue-view.html'],
  ['github-issue-closed', 'https://github.com/Acme/Web/issues/31', 'github/issue-view-closed.html'],
  ['github-issues', 'https://github.com/acme/web/issues', 'github/repo-issue-list.html'],
  ['github-pr', 'https://github.com/acme/web/pull/7', 'github/pull-request.html'],
  ['github-pr-legacy', 'https://github.com/acme/api/pull/21', 'github/pull-request-legacy.html'],
  ['github-repo-pulls', 'https://github.com/acme/web/pulls', 'github/repo-pr-list.html'],
  ['github-pulls', 'https://github.com/pulls', 'github/global-pulls.html'],
  ['github-global-issues', 'https://github.com/issues', 'github/global-issues.html'],
  [
    'github-project',
    'https://github.com/orgs/acme/projects/4/views/1?pane=issue&itemId=1&issue=acme%7Cweb%7C101',
    'github/project-board.html',
  ],
  ['jira-issue', 'https://acme.atlassian.net/browse/GRW-142', 'jira/issue-view.html'],
  [
    'jira-board',
    'https://acme.atlassian.net/jira/software/projects/AB2/boards/3',
    'jira/board-team.html',
  ],
  [
    'jira-board-selected',
    'https://acme.atlassian.net/jira/software/c/projects/GRW/boards/12?selectedIssue=GRW-131',
    'jira/board-company-selected.html',
  ],
  [
    'jira-backlog',
    'https://acme.atlassian.net/jira/software/c/projects/GRW/boards/12/backlog',
    'jira/backlog.html',
  ],
  [
    'jira-backlog-selected',
    'https://acme.atlassian.net/jira/software/c/projects/GRW/boards/12/backlog?selectedIssue=GRW-146',
    'jira/backlog-selected.html',
  ],
  [
    'jira-search',
    'https://acme.atlassian.net/issues/?jql=labels%20in%20(KR1.2)%20ORDER%20BY%20updated%20DESC',
    'jira/search.html',
  ],
  [
    'linear-issue',
    'https://linear.app/acme-labs/issue/ENG-37/harden-the-csv-importer-against-malformed-rows',
    'linear/issue-view.html',
  ],
  ['linear-list', 'https://linear.app/acme-labs/team/ENG/active', 'linear/list.html'],
  ['linear-board', 'https://linear.app/acme-labs/team/ENG/all', 'linear/board.html'],
].map(([name, url, fixture]) => ({ name, url, fixture, ...SHOT[name] }));

/**
 * Links made on top of the example OKRs, so every tracker shows chips (the sample itself links
 * acme/web#101, SHOP-42 and acme/ENG-7; fixture labels such as "KR1.2" link more by themselves).
 */
const DEMO_LINKS = [
  ['github:github.com/acme/web#105', ['KR1.1', 'KR2.3']],
  ['github:github.com/acme/web#140', ['KR3.1']],
  ['jira:acme.atlassian.net/GRW-142', ['KR1.2']],
  ['jira:acme.atlassian.net/GRW-131', ['KR2.2', 'KR3.3']],
  ['jira:acme.atlassian.net/GRW-137', ['KR3.1']],
  ['jira:acme.atlassian.net/GRW-146', ['KR2.1']],
  ['jira:acme.atlassian.net/GRW-150', ['KR1.3']],
  ['jira:acme.atlassian.net/AB2-7', ['KR3.3']],
  ['jira:acme.atlassian.net/AB2-18', ['KR1.1']],
  ['linear:acme-labs/ENG-37', ['KR2.3', 'KR1.2']],
  ['linear:acme-labs/ENG-57', ['KR3.2']],
  ['linear:acme-labs/ENG-63', ['KR1.1']],
];

function parseArgs(argv) {
  const o = { screenshot: undefined, build: undefined, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--screenshot' || a === '--screenshots') {
      const next = argv[i + 1];
      o.screenshot = next && !next.startsWith('--') ? argv[++i] : 'tmp/demo';
    } else if (a.startsWith('--screenshot=')) o.screenshot = a.slice('--screenshot='.length);
    else if (a === '--build') o.build = true;
    else if (a === '--no-build') o.build = false;
    else if (a === '-h' || a === '--help') o.help = true;
    else throw Object.assign(new Error(`Unknown option ${a} (see --help)`), { userFacing: true });
  }
  return o;
}

const USAGE = `Usage: npm run demo [-- --screenshot DIR] [--build | --no-build]
  headed when $DISPLAY is set (close the window to quit); headless otherwise, writing
  screenshots to DIR (default tmp/demo). OKR_LENS_CHROMIUM overrides /usr/bin/chromium.`;

function fixtureBody(name) {
  return readFileSync(path.join(root, 'test/fixtures', name), 'utf8');
}

/** The fixture for a requested URL: same host and path (case-insensitive), same query keys. */
function pageFor(url) {
  const norm = (u) => `${u.host}${u.pathname.replace(/\/+$/, '')}`.toLowerCase();
  const candidates = PAGES.filter((p) => norm(new URL(p.url)) === norm(url));
  // A board URL with ?selectedIssue= is another fixture than the same board without it.
  return (
    candidates.find((p) => {
      const want = new URL(p.url).searchParams;
      return [...want.keys()].every((k) => url.searchParams.has(k));
    }) ?? candidates.find((p) => new URL(p.url).search === '')
  );
}

function notInDemo(url) {
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  const items = PAGES.map((p) => `<li><a href="${esc(p.url)}">${esc(p.name)}</a></li>`).join('');
  return `<!doctype html><meta charset="utf-8"><title>Not in the OKR Lens demo</title>
<body style="font:15px system-ui;margin:40px;max-width:720px">
<h1 style="font-size:20px">${esc(url.href)} is not part of the demo</h1>
<p>The demo has no network: only these pages are served (bundled fixtures).</p><ul>${items}</ul>`;
}

/** Wait until badges exist and stop changing (hosts, linked state, shadow content) for 500 ms. */
async function waitForBadges(page, { ticketView, timeout = 12_000 }) {
  const t0 = Date.now();
  const problems = [];
  try {
    await page.waitForSelector('[data-okr-lens]', { state: 'attached', timeout });
  } catch {
    return ['no [data-okr-lens] host appeared'];
  }
  if (ticketView) {
    const ok = await page
      .waitForFunction(
        () =>
          [...document.querySelectorAll('[data-okr-lens="ticket"]')].some(
            (h) =>
              h.hasAttribute('data-linked') &&
              [...(h.shadowRoot?.children ?? [])].some((c) => c.localName !== 'style'),
          ),
        null,
        { timeout: Math.max(1000, timeout - (Date.now() - t0)) },
      )
      .then(
        () => true,
        () => false,
      );
    if (!ok) problems.push('the ticket badge was not filled');
  }
  let last = '';
  let since = Date.now();
  while (Date.now() - t0 < timeout) {
    const sig = await page.evaluate(() =>
      [...document.querySelectorAll('[data-okr-lens]')]
        .map(
          (h) =>
            `${h.getAttribute('data-okr-lens')}|${h.getAttribute('data-ticket')}|${h.getAttribute('data-linked')}|${h.shadowRoot?.innerHTML.length ?? -1}`,
        )
        .join(';'),
    );
    if (sig !== last) {
      last = sig;
      since = Date.now();
    } else if (Date.now() - since >= 500) return problems;
    await page.waitForTimeout(100);
  }
  problems.push('badges kept changing');
  return problems;
}

async function badgeSummary(page) {
  return page.evaluate(() => {
    const hosts = [...document.querySelectorAll('[data-okr-lens]')];
    const linked = hosts.filter((h) => h.getAttribute('data-linked') === 'true');
    const codes = linked.flatMap((h) =>
      [...(h.shadowRoot?.querySelectorAll('[data-kr]') ?? [])].map((e) =>
        e.getAttribute('data-kr'),
      ),
    );
    return {
      tickets: hosts.filter((h) => h.getAttribute('data-okr-lens') === 'ticket').length,
      rows: hosts.filter((h) => h.getAttribute('data-okr-lens') === 'row').length,
      linked: linked.length,
      codes: [...new Set(codes)].length,
    };
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  const hasDisplay = !!process.env.DISPLAY;
  let shotDir = opts.screenshot;
  if (!hasDisplay && !shotDir) {
    shotDir = 'tmp/demo';
    console.log('No display ($DISPLAY is empty): running headless, screenshots to tmp/demo.');
  }
  const headless = !!shotDir;
  chromiumPath(); // fail early and clearly
  for (const p of PAGES)
    if (!existsSync(path.join(root, 'test/fixtures', p.fixture)))
      throw Object.assign(new Error(`Missing fixture test/fixtures/${p.fixture}`), {
        userFacing: true,
      });

  ensureBuild({ force: opts.build === true, skip: opts.build === false });
  const buildCopy = await snapshotBuild('demo');
  const hasPopup = existsSync(path.join(buildCopy, 'popup.html'));
  const dropCopy = () => removeDir(buildCopy);
  let launched;
  try {
    launched = await launch({
      extension: buildCopy,
      headless,
      viewport: headless ? { width: 1280, height: 860 } : null,
      label: 'demo',
    });
  } catch (e) {
    await dropCopy();
    throw e;
  }
  const { context, extensionId, cleanup } = launched;
  let finishing;
  const finish = () =>
    (finishing ??= (async () => {
      await cleanup();
      await dropCopy();
    })());
  const onSignal = (code) => () => {
    console.log('\nStopping the demo…');
    stopping = finish().finally(() => process.exit(code));
  };
  process.once('SIGINT', onSignal(130));
  process.once('SIGTERM', onSignal(143));

  try {
    const bodies = new Map(PAGES.map((p) => [p.name, fixtureBody(p.fixture)]));
    await serveTrackers(
      context,
      (url) => {
        const p = pageFor(url);
        return p && bodies.get(p.name);
      },
      notInDemo,
    );
    console.log(`OKR Lens ${extensionId} loaded (${headless ? 'headless' : 'headed'}).`);

    const options = await loadExampleOkrs(context, extensionId);
    const { linked, skipped } = await linkByCodes(options, DEMO_LINKS);
    console.log(`Example OKRs loaded; ${linked} demo tickets linked on top of them.`);
    if (skipped.length)
      console.log(`  (KR codes not in the sample, skipped: ${skipped.join('; ')})`);

    if (!headless) {
      for (const p of PAGES) {
        const page = await context.newPage();
        await page.goto(p.url).catch((e) => console.log(`  ${p.name}: ${e.message}`));
      }
      const first = context.pages().find((pg) => pg.url() === PAGES[0].url);
      await first?.bringToFront();
      console.log('\nDemo pages (each a tab; links to other tracker URLs show the page list):');
      for (const p of PAGES) console.log(`  ${p.name.padEnd(20)} ${p.url}`);
      console.log(`  ${'options'.padEnd(20)} chrome-extension://${extensionId}/options.html`);
      if (hasPopup)
        console.log(`  ${'popup'.padEnd(20)} chrome-extension://${extensionId}/popup.html`);
      console.log('\nTry Alt+Shift+K on a ticket page. Close the browser window to quit.');
      await new Promise((resolve) => context.once('close', resolve));
      await finish();
      return 0;
    }

    const dir = path.resolve(root, shotDir);
    mkdirSync(dir, { recursive: true });
    const written = [];
    const warnings = [];
    const shoot = async (page, name, fullPage = true) => {
      const file = path.join(dir, `${name}.png`);
      rmSync(file, { force: true });
      await page.screenshot({ path: file, fullPage });
      written.push(file);
      return file;
    };

    for (const p of PAGES) {
      const page = await context.newPage();
      await page.setViewportSize({ width: 1280, height: p.height ?? 860 });
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(p.url);
      const problems = await waitForBadges(page, {
        ticketView: /issue-view|pull-request/.test(p.fixture),
      });
      const s = await badgeSummary(page);
      await shoot(page, p.name, p.url.startsWith('https://github.com/'));
      const line = `${p.name}: ${s.tickets} ticket + ${s.rows} row hosts, ${s.linked} linked, ${s.codes} distinct KRs`;
      console.log(`  ${line}${problems.length ? ` — ${problems.join('; ')}` : ''}`);
      if (problems.length) warnings.push(`${p.name}: ${problems.join('; ')}`);
      if (errors.length) warnings.push(`${p.name}: page errors: ${errors.join(' | ')}`);

      if (p.name === 'github-issue') {
        // The hover card of the first chip, then the picker (Alt+Shift+K).
        const chip = page.locator('[data-okr-lens="ticket"] [data-kr]').first();
        if (await chip.count()) {
          await chip.hover();
          await page.waitForTimeout(150);
          await shoot(page, 'github-issue-hover', false);
          await page.mouse.move(0, 0);
        }
        await page.keyboard.press('Alt+Shift+K');
        const picker = page.getByRole('combobox', { name: 'Search key results' });
        if (
          await picker.waitFor({ timeout: 5000 }).then(
            () => true,
            () => false,
          )
        ) {
          await page.waitForTimeout(200);
          await shoot(page, 'github-picker', false);
          await page.keyboard.press('Escape');
        } else warnings.push('github-issue: the picker did not open on Alt+Shift+K');
      }
      await page.close();
    }

    await options.bringToFront();
    await options.waitForTimeout(300);
    await shoot(options, 'options');
    if (hasPopup) {
      const popup = await context.newPage();
      await popup.setViewportSize({ width: 400, height: 600 });
      await popup.goto(`chrome-extension://${extensionId}/popup.html`);
      await popup
        .waitForSelector('[data-ready="true"], main > *', { timeout: 10_000 })
        .catch(() => warnings.push('popup: no [data-ready="true"] nor main content in 10 s'));
      await popup.waitForTimeout(300);
      await shoot(popup, 'popup');
    }

    console.log(`\n${written.length} screenshots in ${path.relative(root, dir) || '.'}:`);
    for (const f of written) console.log(`  ${path.relative(root, f)}`);
    if (warnings.length) {
      console.log('\nWarnings:');
      for (const w of warnings) console.log(`  ${w}`);
    }
    return 0;
  } finally {
    await finish();
  }
}

/** Set on Ctrl-C: the signal handler cleans up and exits; main's own failure is moot then. */
let stopping;

main().then(
  (code) => {
    if (!stopping) process.exit(code);
  },
  (e) => {
    if (stopping) return;
    console.error(e.userFacing ? `demo: ${e.message}` : e);
    process.exit(1);
  },
);
