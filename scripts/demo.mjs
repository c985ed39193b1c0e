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
//   --browser firefox                     Firefox (firefox-esr, the .output/firefox-mv2 build)
//   --build / --no-build                  always / never run `npx wxt build`
//   OKR_LENS_CHROMIUM=/path/to/chrome     another Chromium (default /usr/bin/chromium)
//   OKR_LENS_FIREFOX=/path/to/firefox     another Firefox (default /usr/bin/firefox-esr)
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  chromiumPath,
  ensureBuild,
  firefoxPath,
  launch,
  linkByCodes,
  loadExampleOkrs,
  removeDir,
  root,
  serveTrackers,
  snapshotBuild,
} from '../test/bench/harness.mjs';
import { DEMO_LINKS, PAGES, notInDemo, pageFor } from './demo/pages.mjs';
import { takeScreenshots } from './demo/screenshots.mjs';
import { runScript } from './lib/cli.mjs';

function parseArgs(argv) {
  const o = { screenshot: undefined, build: undefined, help: false, browser: 'chromium' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--screenshot' || a === '--screenshots') {
      const next = argv[i + 1];
      o.screenshot = next && !next.startsWith('--') ? argv[++i] : 'tmp/demo';
    } else if (a.startsWith('--screenshot=')) o.screenshot = a.slice('--screenshot='.length);
    else if (a === '--browser' || a.startsWith('--browser=')) {
      o.browser = a === '--browser' ? argv[++i] : a.slice('--browser='.length);
      if (o.browser !== 'chromium' && o.browser !== 'firefox')
        throw Object.assign(new Error(`--browser: chromium or firefox, not ${o.browser}`), {
          userFacing: true,
        });
    } else if (a === '--build') o.build = true;
    else if (a === '--no-build') o.build = false;
    else if (a === '-h' || a === '--help') o.help = true;
    else throw Object.assign(new Error(`Unknown option ${a} (see --help)`), { userFacing: true });
  }
  return o;
}

const USAGE = `Usage: npm run demo [-- --screenshot DIR] [--browser firefox] [--build | --no-build]
  headed when $DISPLAY is set (close the window to quit); headless otherwise, writing
  screenshots to DIR (default tmp/demo). --browser firefox: Debian's firefox-esr with the
  Firefox build. OKR_LENS_CHROMIUM / OKR_LENS_FIREFOX override /usr/bin/chromium and
  /usr/bin/firefox-esr.`;

/** Fail early and clearly: no browser, or a fixture missing. */
function checkPrerequisites(browser) {
  if (browser === 'firefox') firefoxPath();
  else chromiumPath();
  for (const p of PAGES)
    if (!existsSync(path.join(root, 'test/fixtures', p.fixture)))
      throw Object.assign(new Error(`Missing fixture test/fixtures/${p.fixture}`), {
        userFacing: true,
      });
}

/** Chromium with a private copy of the build, both removed by `cleanups`. */
async function launchDemo(opts, headless, cleanups) {
  const { browser } = opts;
  ensureBuild({ force: opts.build === true, skip: opts.build === false, browser });
  const buildCopy = await snapshotBuild('demo', browser);
  cleanups.add(() => removeDir(buildCopy));
  const launched = await launch({
    extension: buildCopy,
    headless,
    viewport: headless ? { width: 1280, height: 860 } : null,
    label: 'demo',
    browser,
  });
  cleanups.add(launched.cleanup);
  return { ...launched, hasPopup: existsSync(path.join(buildCopy, 'popup.html')) };
}

/** Serve the demo pages, load the example OKRs and link the demo tickets; the options page. */
async function seed({ context, extensionId, extensionOrigin }, headless) {
  const bodies = new Map(
    PAGES.map((p) => [p.name, readFileSync(path.join(root, 'test/fixtures', p.fixture), 'utf8')]),
  );
  await serveTrackers(context, (url) => bodies.get(pageFor(url)?.name), notInDemo);
  console.log(`OKR Lens ${extensionId} loaded (${headless ? 'headless' : 'headed'}).`);
  const options = await loadExampleOkrs(context, extensionId, extensionOrigin);
  const { linked, skipped } = await linkByCodes(options, DEMO_LINKS);
  console.log(`Example OKRs loaded; ${linked} demo tickets linked on top of them.`);
  if (skipped.length) console.log(`  (KR codes not in the sample, skipped: ${skipped.join('; ')})`);
  return options;
}

/** A tab per demo page, then wait until the user closes the window. */
async function browseHeaded({ context, extensionOrigin, hasPopup }) {
  for (const p of PAGES) {
    const page = await context.newPage();
    await page.goto(p.url).catch((e) => console.log(`  ${p.name}: ${e.message}`));
  }
  const first = context.pages().find((pg) => pg.url() === PAGES[0].url);
  await first?.bringToFront();
  console.log('\nDemo pages (each a tab; links to other tracker URLs show the page list):');
  for (const p of PAGES) console.log(`  ${p.name.padEnd(20)} ${p.url}`);
  console.log(`  ${'options'.padEnd(20)} ${extensionOrigin}/options.html`);
  if (hasPopup) console.log(`  ${'popup'.padEnd(20)} ${extensionOrigin}/popup.html`);
  console.log('\nTry Alt+Shift+K on a ticket page. Close the browser window to quit.');
  await new Promise((resolve) => context.once('close', resolve));
}

async function main(cleanups) {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  let shotDir = opts.screenshot;
  if (!process.env.DISPLAY && !shotDir) {
    shotDir = 'tmp/demo';
    console.log('No display ($DISPLAY is empty): running headless, screenshots to tmp/demo.');
  }
  const headless = !!shotDir;
  checkPrerequisites(opts.browser);
  try {
    const demo = await launchDemo(opts, headless, cleanups);
    const options = await seed(demo, headless);
    if (headless) await takeScreenshots({ ...demo, options }, shotDir);
    else await browseHeaded(demo);
    return 0;
  } finally {
    await cleanups.run();
  }
}

runScript('demo', main);
