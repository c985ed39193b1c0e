/**
 * The three-way merge by id (lib/okr/merge.ts), as properties over random edits by two
 * people (fast-check; the seed is printed on failure and `FUZZ_SEED` replays it).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyChanges, diffSets, merge3 } from '@/lib/okr/merge';
import type { OkrSet } from '@/lib/okr/team-file';
import { normalizeSet } from '@/lib/okr/team-file';

const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const runs = { numRuns: 300, ...(seed !== undefined ? { seed } : {}) };

const KRS = ['k1', 'k2', 'k3', 'k4'];
function base(): OkrSet {
  return normalizeSet({
    cycles: [{ id: 'c1', name: 'Q4 2026', start: '2026-10-01', end: '2026-12-31' }],
    objectives: [
      { id: 'o1', cycleId: 'c1', title: 'Grow' },
      { id: 'o2', cycleId: 'c1', title: 'Keep' },
    ],
    keyResults: KRS.map((id, i) => ({
      id,
      objectiveId: i < 2 ? 'o1' : 'o2',
      code: `KR${i + 1}`,
      title: `Key result ${i + 1}`,
      kind: 'increase' as const,
      start: 0,
      target: 100,
      owner: 'Ann',
    })),
    checkIns: [{ id: 'ci-0', keyResultId: 'k1', at: '2026-10-10', value: 5 }],
  });
}

type Op =
  | { t: 'title' | 'owner' | 'target'; kr: number; value: string | number }
  | { t: 'checkIn'; kr: number; value: number }
  | { t: 'deleteKr'; kr: number }
  | { t: 'addKr'; n: number };

const krIndex = fc.integer({ min: 0, max: KRS.length - 1 });
const opArb = (fields: ('title' | 'owner' | 'target')[], deletes: boolean): fc.Arbitrary<Op> =>
  fc.oneof(
    fc.record({
      t: fc.constantFrom(...fields),
      kr: krIndex,
      value: fc.oneof(fc.constantFrom('A', 'B', 'C'), fc.integer({ min: 1, max: 3 })),
    }),
    fc.record({ t: fc.constant('checkIn' as const), kr: krIndex, value: fc.integer() }),
    fc.record({ t: fc.constant('addKr' as const), n: fc.integer({ min: 0, max: 3 }) }),
    ...(deletes ? [fc.record({ t: fc.constant('deleteKr' as const), kr: krIndex })] : []),
  );

/** One person's edits applied to a copy of the base; `side` keeps new ids apart. */
function edit(set: OkrSet, ops: readonly Op[], side: string): OkrSet {
  const s = structuredClone(set);
  let n = 0;
  for (const op of ops) {
    n += 1;
    if (op.t === 'addKr') {
      const id = `${side}-kr${op.n}`;
      if (!s.keyResults.some((k) => k.id === id))
        s.keyResults.push({
          id,
          objectiveId: 'o2',
          code: `${side}${op.n}`,
          title: 'new',
          kind: 'milestone',
        });
      continue;
    }
    const kr = s.keyResults.find((k) => k.id === KRS[op.kr]);
    if (!kr) continue;
    if (op.t === 'checkIn')
      s.checkIns.push({
        id: `${side}-ci${n}`,
        keyResultId: kr.id,
        at: '2026-11-01',
        value: op.value,
      });
    else if (op.t === 'deleteKr') {
      s.keyResults = s.keyResults.filter((k) => k !== kr);
      s.checkIns = s.checkIns.filter((c) => c.keyResultId !== kr.id);
    } else if (op.t === 'target') kr.target = typeof op.value === 'number' ? op.value * 1000 : 7;
    else kr[op.t] = String(op.value);
  }
  return normalizeSet(s);
}

const newCheckIns = (b: OkrSet, x: OkrSet) => {
  const ids = new Set(b.checkIns.map((c) => c.id));
  return x.checkIns.filter((c) => !ids.has(c.id)).map((c) => c.id);
};

describe('merge by id', () => {
  it('is commutative for disjoint changes (one edits titles, the other owners and targets)', () => {
    fc.assert(
      fc.property(
        fc.array(opArb(['title'], false), { maxLength: 8 }),
        fc.array(opArb(['owner', 'target'], false), { maxLength: 8 }),
        (aOps, bOps) => {
          const b = base();
          const a = edit(b, aOps, 'a');
          const c = edit(b, bOps, 'b');
          const ab = merge3(b, a, c);
          const ba = merge3(b, c, a);
          expect(ab.conflicts).toEqual([]);
          expect(ba.conflicts).toEqual([]);
          expect(ab.set).toEqual(ba.set);
          // Each side's fields are in the result.
          for (const kr of a.keyResults)
            expect(ab.set.keyResults.find((k) => k.id === kr.id)?.title).toBe(kr.title);
          for (const kr of c.keyResults)
            expect(ab.set.keyResults.find((k) => k.id === kr.id)?.owner).toBe(kr.owner);
        },
      ),
      runs,
    );
  });

  it('is idempotent: merging a side with itself, or applying changes twice, changes nothing more', () => {
    fc.assert(
      fc.property(
        fc.array(opArb(['title', 'owner', 'target'], true), { maxLength: 10 }),
        fc.array(opArb(['title', 'owner', 'target'], true), { maxLength: 10 }),
        (aOps, bOps) => {
          const b = base();
          const a = edit(b, aOps, 'a');
          const c = edit(b, bOps, 'b');
          expect(merge3(b, a, a)).toEqual({ set: a, conflicts: [] });
          expect(merge3(b, b, c)).toEqual({ set: c, conflicts: [] });
          const changes = diffSets(b, a);
          const once = applyChanges(c, changes);
          const twice = applyChanges(once.set, changes);
          expect(twice.set).toEqual(once.set);
        },
      ),
      runs,
    );
  });

  it('reports every field both changed to different values, keeps theirs, and loses no check-in', () => {
    fc.assert(
      fc.property(
        fc.array(opArb(['title', 'owner', 'target'], true), { maxLength: 10 }),
        fc.array(opArb(['title', 'owner', 'target'], true), { maxLength: 10 }),
        (aOps, bOps) => {
          const b = base();
          const ours = edit(b, aOps, 'a');
          const theirs = edit(b, bOps, 'b');
          const { set, conflicts } = merge3(b, ours, theirs);
          const got = new Set(set.checkIns.map((c) => c.id));
          for (const id of [...newCheckIns(b, ours), ...newCheckIns(b, theirs)])
            expect(got.has(id), `check-in ${id} lost`).toBe(true);
          // Every reference still resolves (no check-in hangs off a deleted KR).
          const krIds = new Set(set.keyResults.map((k) => k.id));
          for (const c of set.checkIns) expect(krIds.has(c.keyResultId)).toBe(true);
          // Field conflicts: exactly where both sides changed a field of a KR both kept.
          for (const id of KRS) {
            const [kb, ko, kt] = [b, ours, theirs].map((s) =>
              s.keyResults.find((k) => k.id === id),
            );
            if (!kb || !ko || !kt) continue;
            for (const f of ['title', 'owner', 'target'] as const) {
              const both = ko[f] !== kb[f] && kt[f] !== kb[f] && ko[f] !== kt[f];
              const reported = conflicts.some((c) => c.id === id && c.field === f);
              expect(reported, `${id}.${f}`).toBe(both);
              const merged = set.keyResults.find((k) => k.id === id)!;
              if (both) expect(merged[f]).toBe(kt[f]);
              else expect(merged[f]).toBe(ko[f] !== kb[f] ? ko[f] : kt[f]);
            }
          }
        },
      ),
      runs,
    );
  });

  it('a KR deleted on one side and edited on the other is a conflict, not a silent delete', () => {
    const b = base();
    const ours = edit(b, [{ t: 'deleteKr', kr: 1 }], 'a');
    const theirs = edit(b, [{ t: 'title', kr: 1, value: 'Renamed' }], 'b');
    const { set, conflicts } = merge3(b, ours, theirs);
    expect(set.keyResults.find((k) => k.id === 'k2')?.title).toBe('Renamed');
    expect(conflicts).toEqual([expect.objectContaining({ id: 'k2', field: '*', ours: undefined })]);
  });

  it('a check-in added by them to a KR we deleted keeps the KR (conflict) and the check-in', () => {
    const b = base();
    const ours = edit(b, [{ t: 'deleteKr', kr: 0 }], 'a');
    const theirs = edit(b, [{ t: 'checkIn', kr: 0, value: 9 }], 'b');
    const { set, conflicts } = merge3(b, ours, theirs);
    // ci-0 went with our delete of k1 (theirs had not changed it); b-ci1 is theirs, new: kept.
    expect(set.checkIns.map((c) => c.id)).toEqual(['b-ci1']);
    expect(set.keyResults.some((k) => k.id === 'k1')).toBe(true);
    expect(conflicts.map((c) => `${c.collection}:${c.id}`)).toContain('keyResults:k1');
  });

  it('the same record added on both sides with different fields conflicts per field', () => {
    const b = base();
    const ours = edit(b, [{ t: 'addKr', n: 1 }], 'x');
    const theirs = structuredClone(ours);
    theirs.keyResults.find((k) => k.id === 'x-kr1')!.title = 'theirs';
    const { conflicts } = merge3(b, ours, normalizeSet(theirs));
    expect(conflicts).toEqual([
      {
        collection: 'keyResults',
        id: 'x-kr1',
        field: 'title',
        base: undefined,
        ours: 'new',
        theirs: 'theirs',
      },
    ]);
  });
});
