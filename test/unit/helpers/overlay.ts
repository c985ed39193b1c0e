/**
 * A tiny tracker for overlay tests in happy-dom: `h1[data-n]` is an issue title, `li[data-n]`
 * a list row (`data-labels`, `data-partial`: its labels), and the KRs a fake background answers.
 */
import type { LinkedKr } from '@/lib/okr/dto';
import type { Anchor, TrackerAdapter } from '@/lib/trackers/types';

export const KEY = (n: number) => `github:github.com/acme/web#${n}`;

export const adapter: TrackerAdapter = {
  id: 'github',
  name: 'Test',
  matchesHost: () => true,
  page(url) {
    const m = /^\/issues\/(\d+)$/.exec(url.pathname);
    return m
      ? { kind: 'issue', ticket: { key: KEY(Number(m[1])), title: document.title } }
      : { kind: 'list' };
  },
  anchors(_url, root) {
    const out: Anchor[] = [];
    // Like the real adapters: the root itself counts when it is a title or a row.
    const all = (sel: string) => [
      ...(root instanceof Element && root.matches(sel) ? [root] : []),
      ...root.querySelectorAll(sel),
    ];
    for (const h of all('h1[data-n]'))
      out.push({
        ticket: { key: KEY(Number(h.getAttribute('data-n'))), title: h.textContent ?? '' },
        mode: 'ticket',
        element: h,
        position: 'append',
      });
    for (const li of all('li[data-n]')) {
      const labels = li.getAttribute('data-labels');
      out.push({
        ticket: {
          key: KEY(Number(li.getAttribute('data-n'))),
          ...(labels !== null ? { labels: labels ? labels.split(',') : [] } : {}),
          ...(li.hasAttribute('data-partial') ? { labelsPartial: true as const } : {}),
        },
        mode: 'row',
        element: li,
        position: 'append',
      });
    }
    return out;
  },
};

export const kr = (code: string, id = code.toLowerCase(), source?: 'label'): LinkedKr => ({
  keyResultId: id,
  code,
  title: `Title of ${code}`,
  kind: 'increase',
  objectiveId: 'o1',
  objectiveTitle: 'Objective',
  cycleId: 'c1',
  ...(source ? { source } : {}),
  evaluation: {
    value: 5,
    progress: 0.5,
    expected: 0.5,
    status: 'on-track',
    stale: false,
    lastCheckInAt: '2026-11-20',
    daysSinceCheckIn: 3,
  },
});
