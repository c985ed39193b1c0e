// @vitest-environment happy-dom
/**
 * The popup view paints its first objectives at once and the rest right after, over a summary
 * computed by the real store code (20 objectives from the bench's generator shape).
 */
import { afterEach, expect, it } from 'vitest';
import * as store from '@/lib/db';
import { quarterSummary } from '@/lib/db';
import { FIRST_PAINT_OBJECTIVES, Popup } from '@/components/Popup';
import type { PopupActions } from '@/components/Popup';
import { closeDbs, freshDb } from './helpers/db';
import { afterFirstPaint, mount } from './helpers/react';

afterEach(closeDbs);

const noop = () => {};
const actions: PopupActions = {
  openOptions: noop,
  loadSample: () => Promise.resolve(),
  setCycle: noop,
  setTeam: noop,
  setWorstFirst: noop,
  toggleObjective: noop,
  checkIn: () => Promise.resolve(),
  loadEvidence: () => Promise.resolve({ doneSince: [], linked: [] }),
  unlink: () => Promise.resolve(),
  openPicker: noop,
};

it('paints the first objectives in the first frame and all of them right after', async () => {
  const db = freshDb();
  const n = 12;
  await store.importFile(db, {
    format: 'okr-lens',
    version: 1,
    cycles: [{ id: 'c', name: 'Q4', start: '2026-10-01', end: '2026-12-31' }],
    objectives: Array.from({ length: n }, (_, i) => ({
      id: `o${i}`,
      cycleId: 'c',
      title: `Objective ${i}`,
    })),
    keyResults: Array.from({ length: n }, (_, i) => ({
      id: `k${i}`,
      objectiveId: `o${i}`,
      code: `KR${i + 1}.1`,
      title: `Key result ${i}`,
      kind: 'increase' as const,
      start: 0,
      target: 10,
    })),
  });
  const summary = await quarterSummary(db, 'c', '2026-11-10');
  // The first commit alone (the deferred rest is a timer away).
  const { el, unmount } = mount(
    <Popup
      summary={summary}
      page={{ status: 'none' }}
      team=""
      worstFirst={false}
      collapsed={new Set()}
      actions={actions}
    />,
  );
  const items = () => el.querySelectorAll('[aria-label="Objectives"] > li').length;
  expect(items()).toBe(FIRST_PAINT_OBJECTIVES);
  await afterFirstPaint();
  expect(items()).toBe(n);
  unmount();
});
