/**
 * End-of-cycle review (held two weeks before the quarter's end): carry chosen
 * objectives and key results over to the next cycle.
 *
 * Decisions: a carried KR is a copy with the same code, kind, start, target, unit, owner and
 * weight, and *fresh check-ins*: no history, no current value, no score (the new cycle starts
 * from "no data"). The old records stay untouched with their scores, so the review remains
 * readable. Links are copied only when asked (the same tickets often keep serving the goal).
 * The target cycle is reused when one with the same start and end exists, else created.
 */
import { isCodeTaken, suggestKrCode } from '../okr/codes';
import type { KeyResult, Link, Objective } from '../okr/model';
import type { OkrDb } from './db';
import { UserError } from '../okr/errors';
import { newId } from '../okr/ids';
import { recountKrs } from './kr-stats';
import { linksOfKrs, writeLinks, linkTables } from './link-rows';
import type { CarryOverRequest, CarryOverResult } from '../okr/dto';

export async function carryOver(db: OkrDb, req: CarryOverRequest): Promise<CarryOverResult> {
  if (req.to.end < req.to.start) throw new UserError('the new cycle ends before it starts', 'end');
  const tables = [
    db.cycles,
    db.objectives,
    db.keyResults,
    ...linkTables(db),
    db.tickets,
    db.krStats,
  ];
  return db.transaction('rw', tables, async () => {
    const from = await db.cycles.get(req.fromCycleId);
    if (!from) throw new UserError(`no cycle with id "${req.fromCycleId}"`, 'fromCycleId');
    const cycles = await db.cycles.toArray();
    let cycle = cycles.find((c) => c.start === req.to.start && c.end === req.to.end);
    if (cycle?.id === from.id) throw new UserError('choose a cycle other than this one', 'start');
    if (!cycle) {
      cycle = {
        id: newId('cycle'),
        name: req.to.name.trim() || `${req.to.start}…`,
        start: req.to.start,
        end: req.to.end,
      };
      await db.cycles.add(cycle);
    }
    const objectives = (await db.objectives.bulkGet([...req.objectiveIds])).filter(
      (o): o is Objective => !!o && o.cycleId === from.id,
    );
    const existingObjectives = await db.objectives.where('cycleId').equals(cycle.id).toArray();
    const taken = (
      await db.keyResults
        .where('objectiveId')
        .anyOf(existingObjectives.map((o) => o.id))
        .toArray()
    ).map((k) => k.code);
    const wanted = new Set(req.keyResultIds);
    const idMap = new Map<string, string>();
    let krCount = 0;
    let linkCount = 0;
    let number = existingObjectives.length;
    for (const o of objectives) {
      number++;
      const copy: Objective = { ...o, id: newId('obj'), cycleId: cycle.id };
      delete copy.parentId; // parents live in the old cycle; re-align in the editor
      delete copy.archived;
      idMap.set(o.id, copy.id);
      await db.objectives.add(copy);
      const krs = (await db.keyResults.where('objectiveId').equals(o.id).toArray()).filter(
        (k) => wanted.has(k.id) && !k.archived,
      );
      for (const k of krs) {
        const code = isCodeTaken(k.code, taken) ? suggestKrCode(number, taken) : k.code;
        taken.push(code);
        const kr: KeyResult = { ...k, id: newId('kr'), objectiveId: copy.id, code };
        delete kr.current;
        delete kr.score;
        delete kr.scoreNote;
        await db.keyResults.add(kr);
        krCount++;
        if (req.withLinks) {
          const links = await linksOfKrs(db, [k.id]);
          const copies: Link[] = links.map((l) => ({
            ...l,
            keyResultId: kr.id,
            createdAt: new Date().toISOString(),
          }));
          await writeLinks(db, { put: copies });
          await recountKrs(db, [kr.id]);
          linkCount += copies.length;
        }
      }
    }
    return { cycle, objectives: objectives.length, keyResults: krCount, links: linkCount };
  });
}
