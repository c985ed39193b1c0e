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
import { existsSync, readFileSync } from 'node:fs';
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
import { DEMO_LINKS, PAGES, notInDemo, pageFor } from './demo/pages.mjs';
import { takeScreenshots } from './demo/screenshots.mjs';
import { runScript } from './lib/cli.mjs';

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

/** Fail early and clearly: no Chromium, or a fixture missing. */
function checkPrerequisites() {
  chromiumPath();
  for (const p of PAGES)
    if (!existsSync(path.join(root, 'test/fixtures', p.fixture)))
      throw Object.assign(new Error(`Missing fixture test/fixtures/${p.fixture}`), {
        userFacing: true,
      });
}

/** Chromium with a private copy of the build, both removed by `cleanups`. */
async function launchDemo(opts, headless, cleanups) {
  ensureBuild({ force: opts.build === true, skip: opts.build === false });
  const buildCopy = await snapshotBuild('demo');
  cleanups.add(() => removeDir(buildCopy));
  const launched = await launch({
    extension: buildCopy,
    headless,
    viewport: headless ? { width: 1280, height: 860 } : null,
    label: 'demo',
  });
  cleanups.add(launched.cleanup);
  return { ...launched, hasPopup: existsSync(path.join(buildCopy, 'popup.html')) };
}

/** Serve the demo pages, load the example OKRs and link the demo tickets; the options page. */
async function seed({ context, extensionId }, headless) {
  const bodies = new Map(
    PAGES.map((p) => [p.name, readFileSync(path.join(root, 'test/fixtures', p.fixture), 'utf8')]),
  );
  await serveTrackers(context, (url) => bodies.get(pageFor(url)?.name), notInDemo);
  console.log(`OKR Lens ${extensionId} loaded (${headless ? 'headless' : 'headed'}).`);
  const options = await loadExampleOkrs(context, extensionId);
  const { linked, skipped } = await linkByCodes(options, DEMO_LINKS);
  console.log(`Example OKRs loaded; ${linked} demo tickets linked on top of them.`);
  if (skipped.length) console.log(`  (KR codes not in the sample, skipped: ${skipped.join('; ')})`);
  return options;
}

/** A tab per demo page, then wait until the user closes the window. */
async function browseHeaded({ context, extensionId, hasPopup }) {
  for (const p of PAGES) {
    const page = await context.newPage();
    await page.goto(p.url).catch((e) => console.log(`  ${p.name}: ${e.message}`));
  }
  const first = context.pages().find((pg) => pg.url() === PAGES[0].url);
  await first?.bringToFront();
  console.log('\nDemo pages (each a tab; links to other tracker URLs show the page list):');
  for (const p of PAGES) console.log(`  ${p.name.padEnd(20)} ${p.url}`);
  console.log(`  ${'options'.padEnd(20)} chrome-extension://${extensionId}/options.html`);
  if (hasPopup) console.log(`  ${'popup'.padEnd(20)} chrome-extension://${extensionId}/popup.html`);
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
  checkPrerequisites();
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
