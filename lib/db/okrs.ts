/**
 * Cycles and objectives: create, replace, delete (with everything that hangs off them). Each
 * write is one transaction; the rules (lib/okr/integrity.ts) are the ones the importer applies.
 */
import { UserError } from '../okr/errors';
import { codeHolder, parentLoop, parentLoopMessage, parentProblem } from '../okr/integrity';
import { cycleSchema, objectiveSchema } from '../okr/model';
import type { Cycle, KeyResult, Objective } from '../okr/model';
import type { Removed } from '../okr/dto';
import type { OkrDb } from './db';
import { deleteLinksOfKrs, linkTables } from './link-rows';
import { cleanCycle, cleanObjective, noneRemoved, parseRecord, withId } from './records';
import type { Draft } from './records';

export async function upsertCycle(db: OkrDb, input: Draft<Cycle>): Promise<Cycle> {
  const cycle = cleanCycle(parseRecord(cycleSchema, withId(input)));
  if (cycle.end < cycle.start) throw new UserError('a cycle cannot end before it starts', 'end');
  await db.cycles.put(cycle);
  return cycle;
}

/** Delete a cycle with its objectives, their KRs, check-ins and links. */
export async function deleteCycle(db: OkrDb, id: string): Promise<Removed> {
  return db.transaction(
    'rw',
    [db.cycles, db.objectives, db.keyResults, db.checkIns, ...linkTables(db), db.krStats],
    async () => {
      const objectiveIds = await db.objectives.where('cycleId').equals(id).primaryKeys();
      const removed = await removeObjectives(db, objectiveIds);
      removed.cycles = (await db.cycles.get(id)) ? 1 : 0;
      await db.cycles.delete(id);
      return removed;
    },
  );
}

/** The KRs of every objective of a cycle. */
export async function keyResultsOfCycle(db: OkrDb, cycleId: string): Promise<KeyResult[]> {
  const objectiveIds = await db.objectives.where('cycleId').equals(cycleId).primaryKeys();
  return db.keyResults.where('objectiveId').anyOf(objectiveIds).toArray();
}

/** A parent that exists, in the same cycle, that is not the objective or one of its descendants. */
async function checkParent(db: OkrDb, objective: Objective): Promise<void> {
  if (objective.parentId === undefined) return;
  const parent = await db.objectives.get(objective.parentId);
  const problem = parentProblem(objective, parent);
  if (problem) throw new UserError(problem, 'parentId');
  // Parents live in the same cycle: its objectives are all a chain can visit.
  const inCycle = new Map(
    (await db.objectives.where('cycleId').equals(objective.cycleId).toArray()).map((o) => [
      o.id,
      o,
    ]),
  );
  inCycle.set(objective.id, objective);
  const loop = parentLoop(objective.id, (id) => inCycle.get(id)?.parentId);
  if (loop)
    throw new UserError(
      parentLoopMessage(loop.map((id) => inCycle.get(id)?.title ?? id)),
      'parentId',
    );
}

/** Moving to another cycle: refused with sub-objectives, or a KR code taken over there. */
async function checkMove(db: OkrDb, objective: Objective): Promise<void> {
  const existing = await db.objectives.get(objective.id);
  if (!existing || existing.cycleId === objective.cycleId) return;
  const children = await db.objectives.where('parentId').equals(objective.id).count();
  if (children > 0)
    throw new UserError(
      `it has ${children} sub-objective(s) in its cycle: move or detach them first`,
      'cycleId',
    );
  const own = await db.keyResults.where('objectiveId').equals(objective.id).toArray();
  const there = await keyResultsOfCycle(db, objective.cycleId);
  const clash = own.find((k) => codeHolder(k.code, there));
  if (clash)
    throw new UserError(`key result code "${clash.code}" is already used in that cycle`, 'cycleId');
}

/**
 * Create or replace an objective. The cycle must exist; a parent must exist, be in the same
 * cycle and not be the objective itself or one of its descendants. Moving an objective to
 * another cycle is refused while it has sub-objectives (they would point across cycles) or
 * while one of its KR codes is taken in the target cycle.
 */
export async function upsertObjective(db: OkrDb, input: Draft<Objective>): Promise<Objective> {
  const objective = cleanObjective(parseRecord(objectiveSchema, withId(input)));
  return db.transaction('rw', [db.cycles, db.objectives, db.keyResults], async () => {
    if (!(await db.cycles.get(objective.cycleId)))
      throw new UserError(`no cycle with id "${objective.cycleId}"`, 'cycleId');
    await checkParent(db, objective);
    await checkMove(db, objective);
    await db.objectives.put(objective);
    return objective;
  });
}

/**
 * Remove objectives and everything that hangs off them (KRs, their check-ins and links).
 * Surviving objectives whose parent was removed lose their `parentId`. Call inside a
 * transaction over objectives, keyResults, checkIns, links and krStats.
 */
async function removeObjectives(db: OkrDb, ids: readonly string[]): Promise<Removed> {
  const removed = noneRemoved();
  if (ids.length === 0) return removed;
  const krIds = await db.keyResults.where('objectiveId').anyOf(ids).primaryKeys();
  removed.checkIns = await db.checkIns.where('keyResultId').anyOf(krIds).delete();
  removed.links = await deleteLinksOfKrs(db, krIds);
  await db.keyResults.bulkDelete(krIds);
  await db.krStats.bulkDelete(krIds);
  removed.keyResults = krIds.length;
  removed.objectives = (await db.objectives.bulkGet([...ids])).filter(Boolean).length;
  await db.objectives.bulkDelete([...ids]);
  await db.objectives
    .where('parentId')
    .anyOf(ids)
    .modify((o: Objective) => {
      delete o.parentId;
    });
  return removed;
}

/** Delete an objective with its KRs, their check-ins and links; sub-objectives are detached. */
export async function deleteObjective(db: OkrDb, id: string): Promise<Removed> {
  return db.transaction(
    'rw',
    [db.objectives, db.keyResults, db.checkIns, ...linkTables(db), db.krStats],
    // An async scope: Dexie keeps the transaction across native awaits only inside one.
    async () => removeObjectives(db, [id]),
  );
}
