// @vitest-environment happy-dom
/**
 * Coverage paints its first KR rows at once and the rest right after (like the popup's
 * objectives), over a view computed by the real store code: 30 KRs, each with a ticket.
 */
import { afterEach, expect, it } from 'vitest';
import * as store from '@/lib/db';
import { coverage } from '@/lib/db/coverage';
import { CoveragePanel, FIRST_PAINT_KRS } from '@/components/CoveragePanel';
import { closeDbs, freshDb } from './helpers/db';
import { afterFirstPaint, mount } from './helpers/react';

afterEach(closeDbs);

const resolved =
  <T,>(v: T) =>
  () =>
    Promise.resolve(v);

it('paints the first KR rows in the first frame and every row right after', async () => {
  const db = freshDb();
  const n = 30;
  const ticket = (i: number) => `github:github.com/acme/web#${i + 1}`;
  await store.importFile(db, {
    format: 'okr-lens',
    version: 1,
    cycles: [{ id: 'c', name: 'Q4', start: '2026-10-01', end: '2026-12-31' }],
    objectives: [{ id: 'o', cycleId: 'c', title: 'Objective' }],
    keyResults: Array.from({ length: n }, (_, i) => ({
      id: `k${i}`,
      objectiveId: 'o',
      code: `KR1.${i + 1}`,
      title: `Key result ${i}`,
      kind: 'increase' as const,
      start: 0,
      target: 10,
    })),
    links: Array.from({ length: n }, (_, i) => ({
      ticket: ticket(i),
      keyResultId: `k${i}`,
      createdAt: '2026-11-01T00:00:00.000Z',
    })),
    tickets: Array.from({ length: n }, (_, i) => ({ key: ticket(i), state: 'open' as const })),
  });
  const answer = await coverage(db, { today: '2026-11-10', cycleId: 'c' });
  expect(answer?.coverage.keyResults).toHaveLength(n);
  const state = await store.getState(db);
  // The first commit alone (the deferred rest is a timer away).
  const { el, unmount } = mount(
    <CoveragePanel
      cycles={state.cycles}
      cycle={state.cycles[0]!}
      objectives={state.objectives}
      keyResults={state.keyResults}
      coverage={answer!.coverage}
      loadKrTickets={resolved([])}
      loadOrphans={resolved([])}
      filters={{}}
      teams={[]}
      onCycle={() => {}}
      onFilters={() => {}}
      onLink={() => Promise.resolve()}
      onExportCsv={() => Promise.resolve()}
      onExportMarkdown={() => Promise.resolve()}
    />,
  );
  const rows = () => el.querySelectorAll('tr[data-kr]').length;
  expect(el.querySelector('[data-testid="covered"]')).not.toBeNull();
  expect(rows()).toBe(FIRST_PAINT_KRS);
  await afterFirstPaint();
  expect(rows()).toBe(n);
  unmount();
});
