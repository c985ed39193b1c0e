/**
 * (h) Issue view, SPA navigation: on a loaded GitHub issue page, the app moves to another
 * linked issue of the same repository the way GitHub's React app does (pushState, a new title
 * element); timed in the page from the insertion of the new header to (1) the ticket's badge
 * host and (2) its KR codes (`[data-kr]` in the host's shadow root).
 */
import { settle } from './load.mjs';
import { BUDGET, FRAME, median, ms, now, quantile, round, table, verdict } from './stats.mjs';

/** The issues the navigation visits: linked, never shown in the tab before. */
export const latencyIssues = (count) => Array.from({ length: count }, (_, i) => 5001 + i);

/**
 * In the page: for each issue number, pushState to it, then replace the issue header with a
 * copy naming it, and record when its host appears and when the host shows KR codes. The
 * observers are registered synchronously before the insertion.
 */
async function navigateAndTime({ numbers, repoPath, keyPrefix }) {
  const timeOne = (n) =>
    new Promise((resolve) => {
      const key = `${keyPrefix}${n}`;
      let t0 = 0;
      const out = { hostMs: null, codesMs: null };
      let inner;
      const finish = () => {
        mo.disconnect();
        inner?.disconnect();
        clearTimeout(timer);
        resolve(out);
      };
      const codes = (host) => {
        if (host.shadowRoot?.querySelector('[data-kr]')) {
          out.codesMs = performance.now() - t0;
          finish();
          return true;
        }
        return false;
      };
      const watchHost = (host) => {
        out.hostMs = performance.now() - t0;
        if (codes(host)) return;
        inner = new MutationObserver(() => codes(host));
        inner.observe(host.shadowRoot, { childList: true, subtree: true });
      };
      const mo = new MutationObserver((records) => {
        if (out.hostMs !== null) return;
        for (const r of records)
          for (const node of r.addedNodes) {
            if (node.nodeType !== 1) continue;
            const host = node.matches(`[data-okr-lens="ticket"][data-ticket="${key}"]`)
              ? node
              : node.querySelector?.(`[data-okr-lens="ticket"][data-ticket="${key}"]`);
            if (host) return watchHost(host);
          }
      });
      mo.observe(document.documentElement, { childList: true, subtree: true });
      const timer = setTimeout(finish, 3000);
      const header = document.querySelector('[data-testid="issue-header"]');
      const tpl = document.createElement('template');
      tpl.innerHTML = header.outerHTML
        .replace(/>[^<]*<\/bdi>/, `>Benchmark issue ${n}</bdi>`)
        .replace(/>#\d+</, `>#${n}<`);
      history.pushState({}, '', `${repoPath}issues/${n}`);
      document.title = `Benchmark issue ${n} · Issue #${n} · acme/web`;
      t0 = performance.now();
      header.replaceWith(tpl.content.firstElementChild);
    });
  const samples = [];
  for (const n of numbers) {
    samples.push(await timeOne(n));
    await new Promise((r) => setTimeout(r, 150));
  }
  return samples;
}

/** The latency samples into `record.issueLatency`. */
export async function run({ on, opts, log }, page, record) {
  const tab = await on.context.newPage();
  await tab.goto(page.url, { waitUntil: 'commit' });
  await settle(tab, now(), { rows: 1, linked: 1 });
  const samples = await tab.evaluate(navigateAndTime, {
    numbers: latencyIssues(opts.inserts),
    repoPath: '/acme/web/',
    keyPrefix: 'github:github.com/acme/web#',
  });
  await tab.close();
  const codes = samples.map((s) => s.codesMs).filter((x) => x !== null);
  const hosts = samples.map((s) => s.hostMs).filter((x) => x !== null);
  record.issueLatency = {
    codesMedianMs: round(median(codes), 2),
    codesP95Ms: round(quantile(codes, 0.95), 2),
    codesMedianFrames: round(median(codes) / FRAME, 2),
    hostMedianMs: round(median(hosts), 2),
    missed: samples.length - codes.length,
    samples: samples.map((s) => [round(s.hostMs, 1), round(s.codesMs, 1)]),
  };
  const l = record.issueLatency;
  log(
    `  issue view: host after ${ms(l.hostMedianMs)}, KR codes after ${ms(l.codesMedianMs)} (median; p95 ${ms(l.codesP95Ms)})${l.missed ? `, ${l.missed} missed` : ''}`,
  );
}

export function report(r, opts) {
  const l = r.pages?.['github-issue']?.issueLatency;
  if (!l) return [];
  return [
    `\n(h) Issue view: new title inserted → its KR codes visible (${opts.inserts} SPA navigations to linked issues)`,
    table([
      ['', 'median', 'p95', 'frames (median)', 'missed', `budget ≤ ${BUDGET.badgeFrames} frame`],
      [
        'KR codes',
        ms(l.codesMedianMs),
        ms(l.codesP95Ms),
        l.codesMedianFrames ?? '—',
        `${l.missed}/${l.samples.length}`,
        verdict(
          l.codesMedianFrames !== null &&
            l.codesMedianFrames <= BUDGET.badgeFrames &&
            l.missed === 0,
        ),
      ],
      ['badge host', ms(l.hostMedianMs), '', '', '', ''],
    ]),
  ];
}
