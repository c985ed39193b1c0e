// What scripts/bench/a-host-cost.mjs runs in a static GitHub list: N badge hosts put on rows
// with the overlay's own code (empty, or with a row badge's content), and a check that every
// shadow root adopts the same constructed stylesheet.
import type { LinkedKr } from '../../lib/okr/dto';
import { githubAdapter } from '../../lib/trackers/github/index';
import { putInPlace } from '../../lib/overlay/placement';
import { createHost, renderRowBadge } from '../../lib/overlay/render';

const kr = (i: number): LinkedKr => ({
  keyResultId: `kr${i % 7}`,
  code: `KR${1 + (i % 3)}.${1 + (i % 4)}`,
  title: 'Cut p95 checkout latency to 300 ms',
  kind: 'decrease',
  objectiveId: 'o1',
  objectiveTitle: 'Make checkout fast',
  cycleId: 'c1',
  evaluation: {
    value: 400,
    progress: 0.4,
    expected: 0.5,
    status: 'on-track',
    stale: false,
    lastCheckInAt: undefined,
    daysSinceCheckIn: undefined,
  },
});

declare global {
  interface Window {
    okrHostCost(n: number, content: boolean): { ms: number; hosts: number; shared: boolean };
    okrRows(): number;
  }
}

let rows: ReturnType<typeof githubAdapter.anchors> = [];

/** The rows' anchors, read before the timed insertion. */
window.okrRows = () => {
  rows = githubAdapter.anchors(new URL(location.href), document);
  return rows.length;
};

window.okrHostCost = (n, content) => {
  const t0 = performance.now();
  const step = n > 0 ? Math.max(1, Math.floor(rows.length / n)) : 1;
  const hosts: HTMLElement[] = [];
  for (let i = 0; hosts.length < n && i < rows.length; i += step) {
    const a = rows[i]!;
    const host = createHost({ mode: 'row', key: a.ticket.key, theme: 'light' });
    if (content) renderRowBadge(host, [kr(i)]);
    putInPlace(host, a);
    hosts.push(host);
  }
  void document.documentElement.getBoundingClientRect().height;
  const sheet = hosts[0]?.shadowRoot?.adoptedStyleSheets[0];
  const shared = hosts.every((h) => h.shadowRoot?.adoptedStyleSheets[0] === sheet);
  return { ms: performance.now() - t0, hosts: hosts.length, shared };
};
