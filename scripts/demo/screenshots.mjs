/** Headless demo: a PNG per demo page, the hover card and picker, the options page, the popup. */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { root } from '../../test/bench/harness.mjs';
import { badgeSummary, waitForBadges } from './badges.mjs';
import { PAGES } from './pages.mjs';

/** Screenshots into `dir`: `shoot(page, name, fullPage)` writes one; `written` and `warnings` collect. */
function camera(dir) {
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
  return { dir, written, warnings, shoot };
}

/** On the GitHub issue: the hover card of the first chip, then the picker (Alt+Shift+K). */
async function shootHoverAndPicker(page, { shoot, warnings }) {
  const chip = page.locator('[data-okr-lens="ticket"] [data-kr]').first();
  if (await chip.count()) {
    await chip.hover();
    await page.waitForTimeout(150);
    await shoot(page, 'github-issue-hover', false);
    await page.mouse.move(0, 0);
  }
  await page.keyboard.press('Alt+Shift+K');
  const picker = page.getByRole('combobox', { name: 'Search key results' });
  const opened = await picker.waitFor({ timeout: 5000 }).then(
    () => true,
    () => false,
  );
  if (!opened) {
    warnings.push('github-issue: the picker did not open on Alt+Shift+K');
    return;
  }
  await page.waitForTimeout(200);
  await shoot(page, 'github-picker', false);
  await page.keyboard.press('Escape');
}

/** One demo page: wait for its badges, shoot it, print what it shows. */
async function shootPage(context, p, cam) {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: p.height ?? 860 });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(p.url);
  const problems = await waitForBadges(page, {
    ticketView: /issue-view|pull-request/.test(p.fixture),
  });
  const s = await badgeSummary(page);
  await cam.shoot(page, p.name, p.url.startsWith('https://github.com/'));
  const line = `${p.name}: ${s.tickets} ticket + ${s.rows} row hosts, ${s.linked} linked, ${s.codes} distinct KRs`;
  console.log(`  ${line}${problems.length ? ` — ${problems.join('; ')}` : ''}`);
  if (problems.length) cam.warnings.push(`${p.name}: ${problems.join('; ')}`);
  if (errors.length) cam.warnings.push(`${p.name}: page errors: ${errors.join(' | ')}`);
  if (p.name === 'github-issue') await shootHoverAndPicker(page, cam);
  await page.close();
}

/** The options page (already open) and, if the build has one, the popup. */
async function shootExtensionPages({ context, extensionId, options, hasPopup }, cam) {
  await options.bringToFront();
  await options.waitForTimeout(300);
  await cam.shoot(options, 'options');
  if (!hasPopup) return;
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await popup
    .waitForSelector('[data-ready="true"], main > *', { timeout: 10_000 })
    .catch(() => cam.warnings.push('popup: no [data-ready="true"] nor main content in 10 s'));
  await popup.waitForTimeout(300);
  await cam.shoot(popup, 'popup');
}

/** Every screenshot into `shotDir` (relative to the repository); prints what was written. */
export async function takeScreenshots(demo, shotDir) {
  const cam = camera(path.resolve(root, shotDir));
  for (const p of PAGES) await shootPage(demo.context, p, cam);
  await shootExtensionPages(demo, cam);
  console.log(`\n${cam.written.length} screenshots in ${path.relative(root, cam.dir) || '.'}:`);
  for (const f of cam.written) console.log(`  ${path.relative(root, f)}`);
  if (cam.warnings.length) {
    console.log('\nWarnings:');
    for (const w of cam.warnings) console.log(`  ${w}`);
  }
}
