/**
 * Key results and their check-ins. A KR's `current` is not a field to overwrite: it mirrors
 * its latest check-in, and history is never lost (changing `current` in the form records a
 * check-in).
 */
import { currentCycle, todayIso } from '../okr/dates';
import { UserError } from '../okr/errors';
import { newId } from '../okr/ids';
import { codeHolder, codeTakenMessage, rangeProblem } from '../okr/integrity';
import { checkInSchema, keyResultSchema } from '../okr/model';
import type { Confidence, KeyResult, StoredCheckIn } from '../okr/model';
import { compact } from '../okr/objects';
import { latestCheckIn } from '../okr/progress';
import type { KrSearchHit, Removed } from '../okr/dto';
import type { OkrDb } from './db';
import { deleteLinksOfKrs, linkTables } from './link-rows';
import { keyResultsOfCycle } from './okrs';
import { byCode, cleanCheckIn, cleanKr, noneRemoved, parseRecord, withId } from './records';
import type { Draft } from './records';

/**
 * Make `kr.current` mirror the latest check-in (removed when none is left). `added`, a check-in
 * just written, wins a tie on `at` (same day or same instant): it is the newest reading.
 */
async function syncCurrent(
  db: OkrDb,
  keyResultId: string,
  added?: StoredCheckIn,
): Promise<KeyResult | undefined> {
  const kr = await db.keyResults.get(keyResultId);
  if (!kr) return undefined;
  const checkIns = (await db.checkIns.where('keyResultId').equals(keyResultId).sortBy('at')).filter(
    (c) => c.id !== added?.id,
  );
  const latest = latestCheckIn(added ? [...checkIns, added] : checkIns);
  const next = cleanKr({ ...kr, current: latest?.value });
  await db.keyResults.put(next);
  return next;
}

/**
 * Create or replace a key result. Its code must be unique in the objective's cycle (compared
 * case-insensitively), else `UserError` on field `code`.
 *
 * `current` is a reading, not a field to overwrite: history lives in check-ins. When `current`
 * differs from the stored value (or a new KR comes with one), a check-in with that value is
 * recorded at `now`, and `current` then mirrors the latest check-in. Leaving `current` out keeps
 * the stored value; to take a reading back, delete its check-in.
 */
export async function upsertKeyResult(
  db: OkrDb,
  input: Draft<KeyResult>,
  now: Date = new Date(),
): Promise<KeyResult> {
  const kr = cleanKr(parseRecord(keyResultSchema, withId(input)));
  const range = rangeProblem(kr);
  if (range) throw new UserError(range, 'target');
  return db.transaction('rw', [db.objectives, db.keyResults, db.checkIns], async () => {
    const objective = await db.objectives.get(kr.objectiveId);
    if (!objective) throw new UserError(`no objective with id "${kr.objectiveId}"`, 'objectiveId');
    const others = (await keyResultsOfCycle(db, objective.cycleId)).filter((k) => k.id !== kr.id);
    const holder = codeHolder(kr.code, others);
    if (holder) throw new UserError(codeTakenMessage(kr.code, `"${holder.title}"`), 'code');

    const existing = await db.keyResults.get(kr.id);
    if (kr.current === undefined) {
      await db.keyResults.put(cleanKr({ ...kr, current: existing?.current }));
    } else {
      await db.keyResults.put(kr);
      if (kr.current !== existing?.current) {
        const reading = {
          id: newId('ci'),
          keyResultId: kr.id,
          at: now.toISOString(),
          value: kr.current,
        };
        await db.checkIns.add(reading);
        await syncCurrent(db, kr.id, reading);
      }
    }
    return (await db.keyResults.get(kr.id))!;
  });
}

/** Delete a key result with its check-ins and links. */
export async function deleteKeyResult(db: OkrDb, id: string): Promise<Removed> {
  return db.transaction(
    'rw',
    [db.keyResults, db.checkIns, ...linkTables(db), db.krStats],
    async () => {
      const removed = noneRemoved();
      removed.keyResults = (await db.keyResults.get(id)) ? 1 : 0;
      removed.checkIns = await db.checkIns.where('keyResultId').equals(id).delete();
      removed.links = await deleteLinksOfKrs(db, [id]);
      await db.keyResults.delete(id);
      await db.krStats.delete(id);
      return removed;
    },
  );
}

/** A check-in to add: the id is always generated; `at` defaults to `now`. */
export interface CheckInDraft {
  keyResultId: string;
  value: number;
  at?: string;
  confidence?: Confidence;
  note?: string;
}

/** Record a check-in; the KR's `current` becomes the latest check-in's value. */
export async function addCheckIn(
  db: OkrDb,
  input: CheckInDraft,
  now: Date = new Date(),
): Promise<StoredCheckIn> {
  const checkIn = cleanCheckIn(
    parseRecord(checkInSchema, { ...input, id: newId('ci'), at: input.at ?? now.toISOString() }),
  ) as StoredCheckIn;
  return db.transaction('rw', [db.keyResults, db.checkIns], async () => {
    if (!(await db.keyResults.get(checkIn.keyResultId)))
      throw new UserError(`no key result with id "${checkIn.keyResultId}"`, 'keyResultId');
    await db.checkIns.add(checkIn);
    await syncCurrent(db, checkIn.keyResultId, checkIn);
    return checkIn;
  });
}

/** Delete a check-in; the KR's `current` becomes the value of the latest one left. */
export async function deleteCheckIn(db: OkrDb, id: string): Promise<Removed> {
  return db.transaction('rw', [db.keyResults, db.checkIns], async () => {
    const removed = noneRemoved();
    const checkIn = await db.checkIns.get(id);
    if (!checkIn) return removed;
    await db.checkIns.delete(id);
    removed.checkIns = 1;
    await syncCurrent(db, checkIn.keyResultId);
    return removed;
  });
}

/**
 * Active (not archived) KRs of the given cycle, else of the current one (`currentCycle`: the
 * cycle containing today, else the next, else the latest), whose code, title or objective title
 * contains `query` (case-insensitive; empty → all). Sorted by code. The picker ranks fuzzily.
 */
export async function searchKeyResults(
  db: OkrDb,
  query: string,
  cycleId?: string,
  today: string = todayIso(),
): Promise<KrSearchHit[]> {
  return db.transaction('r', [db.cycles, db.objectives, db.keyResults], async () => {
    const cycle =
      cycleId !== undefined
        ? await db.cycles.get(cycleId)
        : currentCycle(await db.cycles.toArray(), today);
    if (!cycle) return [];
    const objectives = new Map(
      (await db.objectives.where('cycleId').equals(cycle.id).toArray())
        .filter((o) => !o.archived)
        .map((o) => [o.id, o]),
    );
    const krs = await db.keyResults
      .where('objectiveId')
      .anyOf([...objectives.keys()])
      .toArray();
    const q = query.trim().toLowerCase();
    const hits: KrSearchHit[] = [];
    for (const kr of krs) {
      const objective = objectives.get(kr.objectiveId);
      if (!objective || kr.archived) continue;
      const haystack = `${kr.code}\n${kr.title}\n${objective.title}`.toLowerCase();
      if (q !== '' && !haystack.includes(q)) continue;
      hits.push(
        compact({
          id: kr.id,
          code: kr.code,
          title: kr.title,
          kind: kr.kind,
          unit: kr.unit,
          objectiveId: objective.id,
          objectiveTitle: objective.title,
          cycleId: cycle.id,
        }),
      );
    }
    return hits.sort(byCode);
  });
}
