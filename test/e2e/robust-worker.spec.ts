/**
 * The service worker stopped mid-write (issue 4 §3). A GitHub issue is open (its content script
 * sends link/unlink requests, serially, from its own isolated world) and the options page is
 * open (it sends check-ins, several in flight at once) while the test stops the extension's
 * service worker through CDP, several times. Chrome starts the worker again on the next message.
 *
 * Then: every acknowledged write ({ok: true}) is in the export exactly once; an interrupted one
 * may or may not be there, never twice; the link state of every (ticket, KR) pair is what the
 * acknowledged order allows; the open tab's badge and a popup opened afterwards show the final
 * state without a reload.
 */
import { type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { expect, privateBuildTest } from './fixtures';
import { codesIn, fixture, serve, ticketBadge } from './helpers';
import { bigStore } from '../bench/generate.mjs';

// A private copy of the build (others may rebuild .output/chrome-mv3 while this runs).
const test = privateBuildTest;

const DAY = 86_400_000;
const isoDay = (offset: number) => {
  const d = new Date(Date.now() + offset * DAY);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** KR codes no fixture label carries, so only the requests below link anything. */
const KRS = ['WK1', 'WK2', 'WK3', 'WK4', 'WK5', 'WK6'].map((code, i) => ({
  id: `w${i + 1}`,
  code,
  title: `Worker KR ${code}`,
}));
const TICKET = 'github:github.com/acme/web#12';

const store = {
  format: 'okr-lens',
  version: 1,
  cycles: [{ id: 'wc', name: 'Worker cycle', start: isoDay(-30), end: isoDay(60) }],
  objectives: [{ id: 'wo', cycleId: 'wc', title: 'Survive restarts' }],
  keyResults: KRS.map((k) => ({
    ...k,
    objectiveId: 'wo',
    kind: 'increase',
    start: 0,
    target: 1000,
  })),
};

interface Op {
  type: 'link' | 'unlink';
  kr: string;
}
/** A deterministic mix of links and unlinks over the KRs (xorshift, fixed seed). */
function ops(n: number, seed = 0x2f6b): Op[] {
  let x = seed;
  const rnd = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
  return Array.from({ length: n }, () => ({
    type: rnd() < 0.6 ? 'link' : 'unlink',
    kr: KRS[Math.floor(rnd() * KRS.length)]!.id,
  }));
}

interface Outcome {
  i: number;
  ok: boolean;
  /** The promise rejected (port closed, worker gone) or answered without an envelope. */
  interrupted: boolean;
  error?: string;
}

/** The content script's isolated world on `page`, to send messages as the content script. */
async function contentScriptWorld(
  page: Page,
  extensionId: string,
): Promise<{ cdp: CDPSession; contextId: number }> {
  const cdp = await page.context().newCDPSession(page);
  const contexts: { id: number; origin: string; name: string; auxData?: { type?: string } }[] = [];
  cdp.on('Runtime.executionContextCreated', (e) => contexts.push(e.context));
  await cdp.send('Runtime.enable');
  await expect
    .poll(
      () =>
        contexts.find(
          (c) => c.auxData?.type === 'isolated' && c.origin === `chrome-extension://${extensionId}`,
        )?.id,
    )
    .toBeDefined();
  const world = contexts.find(
    (c) => c.auxData?.type === 'isolated' && c.origin === `chrome-extension://${extensionId}`,
  )!;
  return { cdp, contextId: world.id };
}

async function exportAll(extPage: Page) {
  return extPage.evaluate(async () => {
    const rt = (
      globalThis as unknown as {
        chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } };
      }
    ).chrome.runtime;
    // The first message after a stop may race the worker's start: retry a few times.
    for (let attempt = 0; ; attempt++) {
      try {
        const r = (await rt.sendMessage({ type: 'exportAll' })) as {
          ok: boolean;
          value: {
            checkIns?: { keyResultId: string; value: number; at: string; note?: string }[];
            links?: { ticket: string; keyResultId: string }[];
            tickets?: { key: string; parent?: string | null }[];
          };
        };
        if (r.ok) return r.value;
        throw new Error('export refused');
      } catch (e) {
        if (attempt >= 5) throw e;
        await new Promise((res) => setTimeout(res, 200));
      }
    }
  });
}

async function importStore(context: BrowserContext, extensionId: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html#data`);
  await page.getByLabel('File to import').setInputFiles({
    name: 'worker.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(store)),
  });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toBeVisible();
  return page;
}

/**
 * The whole scenario with its data and recovery checks; returns what the tracker tab threw
 * (asserted separately, see the fixme test below).
 */
async function stormAndCheck(context: BrowserContext, extensionId: string): Promise<string[]> {
  const options = await importStore(context, extensionId);
  await options.goto(`chrome-extension://${extensionId}/options.html#okrs`);
  await serve(context, 'https://github.com/**', fixture('github/issue-view.html'));
  const tab = await context.newPage();
  const errors: string[] = [];
  tab.on('pageerror', (e) => errors.push(e.message));
  await tab.goto('https://github.com/acme/web/issues/12');
  const badge = ticketBadge(tab, TICKET);
  await expect(badge).toHaveAttribute('data-linked', 'false');
  const { cdp: tabCdp, contextId } = await contentScriptWorld(tab, extensionId);

  // The stopper: CDP's ServiceWorker domain, on a page session.
  const stopper = await context.newCDPSession(options);
  await stopper.send('ServiceWorker.enable');
  // Count real stops: the extension's worker version going from running to stopped.
  let workerStops = 0;
  let workerStarts = 0;
  const status = new Map<string, string>();
  stopper.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const v of versions) {
      if (!v.scriptURL.startsWith(`chrome-extension://${extensionId}/`)) continue;
      const before = status.get(v.versionId);
      if (before !== v.runningStatus) {
        if (v.runningStatus === 'stopped' && before !== undefined) workerStops++;
        if (v.runningStatus === 'running' && before !== undefined) workerStarts++;
        status.set(v.versionId, v.runningStatus);
      }
    }
  });

  const linkOps = ops(40);
  const CHECKINS = 40;
  const base = Date.now() - 2 * 60 * 60 * 1000;
  const checkIns = Array.from({ length: CHECKINS }, (_, i) => ({
    keyResultId: KRS[i % KRS.length]!.id,
    value: 10 * (i + 1),
    // Distinct times, so "the latest check-in" of each KR is well defined.
    at: new Date(base + i * 60_000).toISOString(),
    note: `worker-batch-${i}`,
  }));

  // Content-script side: link/unlink serially, as the picker does, with small gaps.
  const csRun = tabCdp
    .send('Runtime.evaluate', {
      contextId,
      awaitPromise: true,
      returnByValue: true,
      expression: `(async () => {
        const ops = ${JSON.stringify(linkOps)};
        const out = [];
        for (const [i, op] of ops.entries()) {
          const msg = op.type === 'link'
            ? { type: 'link', ticket: ${JSON.stringify(TICKET)}, keyResultIds: [op.kr], source: 'user' }
            : { type: 'unlink', ticket: ${JSON.stringify(TICKET)}, keyResultId: op.kr };
          try {
            const r = await chrome.runtime.sendMessage(msg);
            out.push({ i, ok: r && r.ok === true, interrupted: !r || typeof r !== 'object', error: r && r.ok === false ? r.error.message : undefined });
          } catch (e) {
            out.push({ i, ok: false, interrupted: true, error: String(e && e.message || e) });
          }
          await new Promise((r) => setTimeout(r, 5 + (i % 4) * 10));
        }
        return out;
      })()`,
    })
    .then((r) => {
      if (r.exceptionDetails) throw new Error(JSON.stringify(r.exceptionDetails));
      return r.result.value as Outcome[];
    });

  // Options side: check-ins, four in flight at a time.
  const optRun = options.evaluate(async (list) => {
    const rt = (
      globalThis as unknown as {
        chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } };
      }
    ).chrome.runtime;
    const out: { i: number; ok: boolean; interrupted: boolean; error?: string }[] = [];
    const one = async (i: number) => {
      try {
        const r = (await rt.sendMessage({ type: 'addCheckIn', checkIn: list[i] })) as
          { ok: boolean; error?: { message: string } } | undefined;
        out.push({
          i,
          ok: r?.ok === true,
          interrupted: !r || typeof r !== 'object',
          ...(r && !r.ok ? { error: r.error?.message } : {}),
        });
      } catch (e) {
        out.push({ i, ok: false, interrupted: true, error: String((e as Error).message ?? e) });
      }
    };
    for (let i = 0; i < list.length; i += 4) {
      await Promise.all([i, i + 1, i + 2, i + 3].filter((j) => j < list.length).map(one));
      await new Promise((r) => setTimeout(r, 10));
    }
    return out;
  }, checkIns);

  // Meanwhile: stop the worker again and again.
  let stopCalls = 0;
  const stopping = (async () => {
    for (let k = 0; k < 6; k++) {
      await new Promise((r) => setTimeout(r, 120 + k * 40));
      await stopper.send('ServiceWorker.stopAllWorkers');
      stopCalls++;
    }
  })();

  const [csOut, optOut] = await Promise.all([csRun, optRun, stopping]);
  expect(csOut).toHaveLength(linkOps.length);
  expect(optOut).toHaveLength(CHECKINS);
  // No request failed for another reason than the interruption.
  expect(csOut.filter((o) => !o.ok && !o.interrupted)).toEqual([]);
  console.log('[robust-worker] interruption errors:', [
    ...new Set([...csOut, ...optOut].filter((o) => o.interrupted).map((o) => o.error)),
  ]);
  expect(optOut.filter((o) => !o.ok && !o.interrupted)).toEqual([]);

  // After the restart (the next message starts the worker): the export.
  const data = await exportAll(options);

  // Check-ins: acknowledged exactly once; interrupted at most once; nothing else.
  const count = new Map<string, number>();
  for (const c of data.checkIns ?? []) if (c.note) count.set(c.note, (count.get(c.note) ?? 0) + 1);
  const ackedNotes = optOut.filter((o) => o.ok).map((o) => checkIns[o.i]!.note);
  const lostNotes = optOut.filter((o) => o.interrupted).map((o) => checkIns[o.i]!.note);
  expect(
    ackedNotes.filter((n) => count.get(n) !== 1),
    'acknowledged check-ins present exactly once',
  ).toEqual([]);
  expect(
    lostNotes.filter((n) => (count.get(n) ?? 0) > 1),
    'interrupted check-ins never twice',
  ).toEqual([]);
  expect(data.checkIns ?? []).toHaveLength(
    ackedNotes.length + lostNotes.filter((n) => count.get(n) === 1).length,
  );

  // Links: per KR, the last acknowledged op decides, unless an interrupted op came after it
  // (then either is possible: it may have committed before the worker died).
  const linked = new Set(
    (data.links ?? []).filter((l) => l.ticket === TICKET).map((l) => l.keyResultId),
  );
  const impossible: string[] = [];
  for (const kr of KRS) {
    const mine = csOut.filter((o) => linkOps[o.i]!.kr === kr.id);
    const lastAck = [...mine].reverse().find((o) => o.ok);
    const possible = new Set<boolean>([lastAck ? linkOps[lastAck.i]!.type === 'link' : false]);
    for (const o of mine)
      if (o.interrupted && (!lastAck || o.i > lastAck.i))
        possible.add(linkOps[o.i]!.type === 'link');
    if (!possible.has(linked.has(kr.id)))
      impossible.push(
        `${kr.code}: linked=${linked.has(kr.id)} possible=${[...possible].join('|')}`,
      );
  }
  expect(impossible, 'link state allowed by the acknowledged order').toEqual([]);

  const interrupted =
    csOut.filter((o) => o.interrupted).length + optOut.filter((o) => o.interrupted).length;
  console.log(
    `[robust-worker] ${stopCalls} stopAllWorkers calls, ${workerStops} worker stops and ` +
      `${workerStarts} restarts seen, ` +
      `${interrupted} of ${linkOps.length + CHECKINS} writes interrupted ` +
      `(${csOut.filter((o) => o.interrupted).length} links, ${optOut.filter((o) => o.interrupted).length} check-ins), ` +
      `${count.size} check-ins stored, ${linked.size} KRs linked`,
  );
  expect(workerStops, 'the worker was really stopped').toBeGreaterThan(0);

  // The open tab shows the final links without a reload. No write follows the storm, so this
  // is the tab recovering by itself; a write whose revision bump died with the worker would
  // leave it stale until the next change, which the fallback below makes visible in the log.
  const finalCodes = KRS.filter((k) => linked.has(k.id)).map((k) => k.code);
  let recoveredAlone = true;
  try {
    await expect.poll(() => codesIn(badge), { timeout: 6_000 }).toEqual(finalCodes);
  } catch {
    recoveredAlone = false;
    await options.evaluate(() =>
      (
        globalThis as unknown as {
          chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } };
        }
      ).chrome.runtime.sendMessage({ type: 'saveSettings', settings: {} }),
    );
    await expect
      .poll(() => codesIn(badge), { timeout: 6_000, message: 'badge converges after a change' })
      .toEqual(finalCodes);
  }
  console.log(
    `[robust-worker] tab badge ${recoveredAlone ? 'recovered by itself' : 'needed another data change to recover'}`,
  );

  // A popup opened now: initiatives per KR and each KR's value (its latest check-in).
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 420, height: 600 });
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await expect(popup.locator('[data-ready="true"]')).toBeVisible();
  // The sub-issues listed on #12's page serve its KRs through it (README "Work hierarchy").
  const children = ((await exportAll(options)).tickets ?? []).filter(
    (t) => t.parent === TICKET,
  ).length;
  for (const kr of KRS) {
    const row = popup.locator(`li.popup-kr[data-kr="${kr.code}"]`);
    const n = linked.has(kr.id) ? 1 + children : 0;
    await expect(row.getByTestId('kr-initiatives')).toContainText(
      `${n} initiative${n === 1 ? '' : 's'}`,
    );
    const latest = (data.checkIns ?? [])
      .filter((c) => c.keyResultId === kr.id)
      .sort((a, b) => a.at.localeCompare(b.at))
      .at(-1);
    if (latest)
      await expect(row.getByTestId('kr-value')).toHaveText(new RegExp(`^${latest.value}\\b`));
  }
  // The options page, open throughout, shows the same check-in count per KR.
  for (const kr of KRS) {
    const n = (data.checkIns ?? []).filter((c) => c.keyResultId === kr.id).length;
    await options.getByRole('button', { name: `Check in on ${kr.code}`, exact: true }).click();
    const dialog = options.getByRole('dialog', { name: `Check in on ${kr.code}` });
    await expect(dialog.locator('ul[aria-label="Check-in history"] > li')).toHaveCount(n);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  }
  return errors;
}

/** What the content script throws when a request's worker dies under it (see BUG below). */
const UNREACHABLE = /^OKR Lens could not reach its background: /;

test('service worker stopped mid-write: acknowledged writes kept once, tabs and popup recover', async ({
  context,
  extensionId,
}) => {
  test.setTimeout(90_000);
  const errors = await stormAndCheck(context, extensionId);
  // Anything else thrown in the tab is a failure here; the known one is reported by count.
  expect(errors.filter((e) => !UNREACHABLE.test(e))).toEqual([]);
  console.log(
    `[robust-worker] uncaught "could not reach its background" in the tab: ${errors.length}`,
  );
});

// Regression (fixed): lib/overlay/controller.ts calls `void syncLabels(...)` (after fetchLinks, and for
// labels changed in place) without a catch. On a data change every tab re-asks the background
// for settings and KRs (labelPatterns / keyResults, caches reset in onDataChanged); when the
// worker is stopped while those requests are in flight, send() rejects with MessageError
// "OKR Lens could not reach its background: … message channel closed …" and nothing handles
// it: an uncaught promise rejection in the GitHub page (0–10 per run of the test above, most
// runs 4 or more; the stack points at syncLabels' Promise.all, and a page without labels shows
// none), and the rejected promise stays cached in labelPatternsCache/krCache until the next
// data change, so label links are not synced meanwhile. Expected: syncLabels' errors are
// caught like fetchLinks' (console.debug, caches cleared so the next pass retries).
test('no uncaught error in the tracker tab while the worker is stopped under it', async ({
  context,
  extensionId,
}) => {
  test.setTimeout(90_000);
  expect(await stormAndCheck(context, extensionId)).toEqual([]);
});

// Imports and exports travel to the worker by postMessage in Chromium (lib/protocol.ts
// `sendLarge`), where the port fires no close event (Chromium 150): a worker stopped
// mid-import must still end the page's wait, with nothing of the file stored.
test('worker stopped mid-import: the page says so, nothing of the file is stored, the next import works', async ({
  context,
  extensionId,
}) => {
  test.setTimeout(120_000);
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html#data`);
  const stopper = await context.newCDPSession(page);
  await stopper.send('ServiceWorker.enable');
  // Twice the bench's big store (40,000 links): the import runs ≈ 3 s here, so the stop below
  // lands inside it on a machine several times faster too.
  const big = bigStore({ tickets: 10_000 });
  await page.getByLabel('File to import').setInputFiles({
    name: 'big.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(big)),
  });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  // The progress line shows 300 ms after the click, when the file has been posted: the worker
  // is checking or writing it.
  await expect(page.getByText(/^Checking and saving/)).toBeVisible();
  await stopper.send('ServiceWorker.stopAllWorkers');
  await expect(page.getByTestId('import-error')).toContainText(
    'could not reach its background: it stopped before answering. Try again.',
    { timeout: 30_000 },
  );
  const after = await exportAll(page);
  expect(after.links ?? []).toEqual([]);
  expect(after.tickets ?? []).toEqual([]);
  // The same file again: the worker starts on the post and takes all of it.
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported big.json' })).toContainText(
    '40,000 links added',
    { timeout: 60_000 },
  );
  expect((await exportAll(page)).links).toHaveLength(big.links.length);
});
