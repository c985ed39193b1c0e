/**
 * Coverage and the work hierarchy (issue #14, README "Work hierarchy"): children of a linked
 * ticket are listed under its KR marked `via`, counted, aligned, never orphans; a child's own
 * link wins; the chain reaches grandchildren, stops at loops; CSV says "via KEY".
 */
import { describe, expect, it } from 'vitest';
import { computeCoverage } from '@/lib/okr/coverage';
import { coverageRows } from '@/lib/okr/coverage-export';
import type { CoverageInput } from '@/lib/okr/coverage';
import { servedVia } from '@/lib/okr/hierarchy';

const J = (k: string) => `jira:acme.atlassian.net/${k}`;
const seen = '2026-11-01T00:00:00Z';
const input = (): CoverageInput => ({
  cycle: { id: 'c', name: 'Q4 2026', start: '2026-10-01', end: '2026-12-31' },
  objectives: [{ id: 'o', cycleId: 'c', title: 'Grow' }],
  keyResults: [
    { id: 'k1', objectiveId: 'o', code: 'KR1.1', title: 'Signups', kind: 'increase', target: 9 },
    { id: 'k2', objectiveId: 'o', code: 'KR1.2', title: 'Churn', kind: 'decrease', target: 1 },
  ],
  links: [
    { ticket: J('ENG-100'), keyResultId: 'k1' }, // the epic
    { ticket: J('ENG-102'), keyResultId: 'k1' }, // a child with its own link too
  ],
  tickets: [
    { key: J('ENG-100'), state: 'in-progress', seenAt: seen },
    { key: J('ENG-101'), state: 'done', seenAt: seen, parent: J('ENG-100') },
    { key: J('ENG-102'), state: 'open', seenAt: seen, parent: J('ENG-100') },
    { key: J('ENG-103'), state: 'open', seenAt: seen, parent: J('ENG-101') }, // grandchild
    { key: J('ENG-200'), state: 'open', seenAt: seen }, // unrelated: an orphan
  ],
  currentValues: new Map(),
  today: '2026-11-23',
});

describe('coverage through the work hierarchy', () => {
  it('lists children under their parent KR, marked via the nearest linked ancestor', () => {
    const k1 = computeCoverage(input()).keyResults.find((k) => k.kr.id === 'k1')!;
    expect(k1.tickets.map((t) => [t.key, t.via])).toEqual([
      [J('ENG-100'), undefined],
      [J('ENG-101'), J('ENG-100')],
      [J('ENG-102'), undefined], // its own link wins
      [J('ENG-103'), J('ENG-100')], // grandchild, via the linked epic
    ]);
    expect(k1.counts).toEqual({ open: 2, inProgress: 1, done: 1 });
    const k2 = computeCoverage(input()).keyResults.find((k) => k.kr.id === 'k2')!;
    expect(k2.covered).toBe(false);
  });

  it('children are aligned, never orphans', () => {
    const c = computeCoverage(input());
    expect(c.orphans.map((t) => t.key)).toEqual([J('ENG-200')]);
    expect(c.alignment.total).toEqual({ seen: 5, linked: 4, ratio: 0.8 });
    expect(c.alignment.jira.linked).toBe(4);
  });

  it('without the parent field nothing is inherited (backward compatible)', () => {
    const i = input();
    i.tickets = i.tickets.map(({ parent: _p, ...t }) => t);
    const c = computeCoverage(i);
    expect(c.keyResults.find((k) => k.kr.id === 'k1')!.tickets).toHaveLength(2);
    expect(c.orphans.map((t) => t.key)).toEqual([J('ENG-101'), J('ENG-103'), J('ENG-200')]);
  });

  it('the tracker filter and search apply to via tickets too', () => {
    const i = input();
    i.filters = { tracker: 'github' };
    expect(computeCoverage(i).keyResults.every((k) => k.tickets.length === 0)).toBe(true);
  });

  it('CSV: a via ticket says "via KEY" in the Source column', () => {
    const rows = coverageRows(computeCoverage(input()));
    const row = rows.find((r) => r[4] === J('ENG-101'))!;
    expect(row[8]).toBe(`via ${J('ENG-100')}`);
    expect(rows.find((r) => r[4] === J('ENG-100'))![8]).toBe('user');
  });
});

describe('servedVia', () => {
  const parents: Record<string, string> = { a: 'b', b: 'c', c: 'a', x: 'y' };
  it('follows the chain, stops at a loop, keeps the nearest ancestor', () => {
    const links = [
      { ticket: 'c', keyResultId: 'k' },
      { ticket: 'b', keyResultId: 'k' },
      { ticket: 'y', keyResultId: 'k' },
    ];
    const got = servedVia(['a', 'b', 'c', 'x', 'y'], links, (k) => parents[k]);
    expect([...got.get('k')!]).toEqual([
      ['a', 'b'], // nearest: b, not c
      ['x', 'y'],
    ]);
  });
});
