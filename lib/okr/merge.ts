/**
 * Three-way merge of a team's OKR set by id (README "Team OKRs"; decisions of issue #12):
 * base = the last good file read, ours = the local changes still queued, theirs = the file
 * in the repository now.
 *
 * - Ours is a list of `Change`s (what the user did, with the record as it was before), so
 *   "theirs ⊕ our changes" is the merge; `diffSets(base, ours)` makes that list from two
 *   whole sets, and `merge3` is the two together.
 * - Field level: a field our change touched takes our value when theirs still holds the value
 *   we started from (or already holds ours); otherwise it is a `Conflict`, theirs is kept and
 *   the user chooses. Never a silent overwrite.
 * - Check-ins are appended by id; a check-in added on either side is never lost. A delete
 *   whose record the other side changed, or gave new children (a check-in on a KR we
 *   deleted), is a conflict instead of a delete.
 *
 * Pure: imports only lib/okr.
 */
import type { Collection, OkrSet } from './team-file';
import { COLLECTIONS, normalizeSet, sortedKeys } from './team-file';

export type Rec = { id: string } & Record<string, unknown>;

/** One change to one record: `before` absent = added; `after` absent = deleted. */
export interface Change {
  collection: Collection;
  id: string;
  before?: Rec;
  after?: Rec;
}

/**
 * A field both sides changed to different values (`field` is `*` when one side deleted the
 * record and the other changed it). `ours` / `theirs` undefined = absent (deleted, unset).
 */
export interface Conflict {
  collection: Collection;
  id: string;
  field: string;
  base?: unknown;
  ours?: unknown;
  theirs?: unknown;
}

export interface MergeResult {
  set: OkrSet;
  conflicts: Conflict[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const recordsOf = (set: OkrSet, c: Collection) => set[c] as unknown as Rec[];

/** What changed from `base` to `ours`, record by record (fields compared whole). */
export function diffSets(base: OkrSet, ours: OkrSet): Change[] {
  const changes: Change[] = [];
  const b = normalizeSet(base);
  const o = normalizeSet(ours);
  for (const collection of COLLECTIONS) {
    const before = new Map(recordsOf(b, collection).map((r) => [r.id, r]));
    const after = new Map(recordsOf(o, collection).map((r) => [r.id, r]));
    for (const id of new Set([...before.keys(), ...after.keys()])) {
      const x = before.get(id);
      const y = after.get(id);
      if (x && y && same(x, y)) continue;
      changes.push({ collection, id, ...(x ? { before: x } : {}), ...(y ? { after: y } : {}) });
    }
  }
  return changes;
}

/** The fields a change touches: those whose value differs between before and after. */
export function changedFields(change: Change): string[] {
  const before: Record<string, unknown> = change.before ?? {};
  const after: Record<string, unknown> = change.after ?? {};
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => !same(before[k], after[k])).sort();
}

/** Which records point at a record of `collection` (a delete must not orphan them). */
function referrers(set: Map<Collection, Map<string, Rec>>, collection: Collection, id: string) {
  const refs: [Collection, string][] = [];
  if (collection === 'cycles') refs.push(['objectives', 'cycleId']);
  if (collection === 'objectives') refs.push(['keyResults', 'objectiveId']);
  if (collection === 'keyResults') refs.push(['checkIns', 'keyResultId']);
  return refs.some(([c, field]) => [...set.get(c)!.values()].some((r) => r[field] === id));
}

/** Apply one change to the working set; the conflicts it raises. */
function applyOne(work: Map<Collection, Map<string, Rec>>, change: Change): Conflict[] {
  const table = work.get(change.collection)!;
  const theirs = table.get(change.id);
  const { collection, id, before, after } = change;
  const whole = (ours: unknown, t: unknown): Conflict => ({
    collection,
    id,
    field: '*',
    base: before,
    ours,
    theirs: t,
  });
  if (!after) {
    // Deleted by us: gone already, or theirs unchanged since → delete; else a conflict.
    if (!theirs) return [];
    if (before && same(sortedKeys(theirs), sortedKeys(before))) {
      table.delete(id);
      return [];
    }
    return [whole(undefined, theirs)];
  }
  if (!theirs) {
    // Added by us → add. Changed by us but deleted by them → a conflict.
    if (!before) {
      table.set(id, sortedKeys(after));
      return [];
    }
    return [whole(after, undefined)];
  }
  const next: Rec = { ...theirs };
  const conflicts: Conflict[] = [];
  const fields = before
    ? changedFields(change)
    : [...new Set([...Object.keys(after), ...Object.keys(theirs)])].sort();
  for (const field of fields) {
    const [b, o, t] = [before?.[field], after[field], theirs[field]];
    if (same(t, o)) continue;
    if (before && same(t, b)) next[field] = o;
    else conflicts.push({ collection, id, field, base: b, ours: o, theirs: t });
  }
  table.set(id, sortedKeys(next));
  return conflicts;
}

/**
 * Put deleted records back when something still points at them (a check-in the other side
 * added to a KR we deleted): the delete becomes a conflict, the check-in stays.
 */
function restoreReferenced(
  work: Map<Collection, Map<string, Rec>>,
  theirs: Map<Collection, Map<string, Rec>>,
  deletes: Change[],
): Conflict[] {
  const conflicts: Conflict[] = [];
  // Children first in `deletes`' reverse order of collections: restoring a KR may make its
  // objective referenced again, so repeat until nothing changes.
  for (let changed = true; changed;) {
    changed = false;
    for (const d of deletes) {
      const table = work.get(d.collection)!;
      const was = theirs.get(d.collection)!.get(d.id);
      if (table.has(d.id) || !was || !referrers(work, d.collection, d.id)) continue;
      table.set(d.id, was);
      conflicts.push({
        collection: d.collection,
        id: d.id,
        field: '*',
        base: d.before,
        theirs: was,
      });
      changed = true;
    }
  }
  return conflicts;
}

const PARENT: Partial<Record<Collection, [string, Collection]>> = {
  objectives: ['cycleId', 'cycles'],
  keyResults: ['objectiveId', 'objectives'],
  checkIns: ['keyResultId', 'keyResults'],
};

/**
 * Bring back, from the base, records the other side deleted while ours still hang off them
 * (a check-in we added to a KR they deleted): the delete becomes a conflict, nothing is lost.
 * A child whose parent cannot be found anywhere is dropped and reported (`ours` = it).
 */
function restoreParents(
  work: Map<Collection, Map<string, Rec>>,
  base: Map<Collection, Map<string, Rec>>,
): Conflict[] {
  const conflicts: Conflict[] = [];
  // Children before parents, repeated: a restored KR may need its objective back too.
  for (let changed = true; changed;) {
    changed = false;
    for (const child of ['checkIns', 'keyResults', 'objectives'] as const) {
      const [field, parent] = PARENT[child]!;
      for (const rec of [...work.get(child)!.values()]) {
        const pid = rec[field] as string;
        if (work.get(parent)!.has(pid)) continue;
        const was = base.get(parent)!.get(pid);
        changed = true;
        if (was) {
          work.get(parent)!.set(pid, was);
          conflicts.push({ collection: parent, id: pid, field: '*', base: was, ours: was });
        } else {
          work.get(child)!.delete(rec.id);
          conflicts.push({ collection: child, id: rec.id, field: '*', ours: rec });
        }
      }
    }
  }
  return conflicts;
}

function toMaps(set: OkrSet): Map<Collection, Map<string, Rec>> {
  const n = normalizeSet(set);
  return new Map(COLLECTIONS.map((c) => [c, new Map(recordsOf(n, c).map((r) => [r.id, r]))]));
}

/**
 * Theirs with our changes applied (`base`, the last file read, brings back parents the other
 * side deleted under our new records): every change that applies cleanly is in `set`; each field
 * that both sides changed differently is a conflict (theirs kept in `set`). Idempotent:
 * applying the same changes again changes nothing.
 */
export function applyChanges(
  theirs: OkrSet,
  changes: readonly Change[],
  base: OkrSet = emptySet(),
): MergeResult {
  const work = toMaps(theirs);
  const conflicts = changes.flatMap((c) => applyOne(work, c));
  const deletes = changes.filter((c) => !c.after);
  conflicts.push(...restoreReferenced(work, toMaps(theirs), deletes));
  conflicts.push(...restoreParents(work, toMaps(base)));
  const set = Object.fromEntries(
    COLLECTIONS.map((c) => [c, [...work.get(c)!.values()]]),
  ) as unknown as OkrSet;
  return { set: normalizeSet(set), conflicts };
}

/** The three-way merge: theirs with the changes from base to ours. */
export function merge3(base: OkrSet, ours: OkrSet, theirs: OkrSet): MergeResult {
  return applyChanges(theirs, diffSets(base, ours), base);
}

export const emptySet = (): OkrSet => ({
  cycles: [],
  objectives: [],
  keyResults: [],
  checkIns: [],
});
