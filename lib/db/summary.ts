/**
 * Read models computed in the background, so the popup gets a small answer instead of the
 * whole store (it paints from it on every opening after a change).
 */
import { naturalCompare } from '../okr/codes';
import { bucketOf } from '../okr/coverage';
import { currentCycle, cycleWeek, expectedProgress, instantOf, todayIso } from '../okr/dates';
import type { Evidence, KrSummary, ObjectiveSummary, QuarterSummary } from '../okr/dto';
import type { Cycle } from '../okr/model';
import { compact, groupBy } from '../okr/objects';
import { evaluateObjectives } from '../okr/overview';
import type { EvaluatedKr, EvaluatedObjective } from '../okr/overview';
import { latestCheckIn } from '../okr/progress';
import { emptyStats } from '../okr/kr-stats';
import type { KrStats } from '../okr/kr-stats';
import type { OkrDb } from './db';
import { linksOfKrs, linkTables } from './link-rows';
import { getSettings } from './settings';

/** A KR as the popup shows it; its counts only when they were asked for. */
function krSummary({ kr, evaluation }: EvaluatedKr, stats?: KrStats): KrSummary {
  const s: KrSummary = compact({
    id: kr.id,
    code: kr.code,
    title: kr.title,
    kind: kr.kind,
    evaluation,
    unit: kr.unit,
    start: kr.start,
    target: kr.target,
    direction: kr.direction,
    owner: kr.owner,
  });
  if (stats) {
    s.initiatives = stats.initiatives;
    s.done = stats.done;
  }
  return s;
}

function objectiveSummary(
  e: EvaluatedObjective,
  statsOf?: (krId: string) => KrStats,
): ObjectiveSummary {
  return compact({
    id: e.objective.id,
    title: e.objective.title,
    evaluation: e.evaluation,
    keyResults: e.keyResults.map((k) => krSummary(k, statsOf?.(k.kr.id))),
    team: e.objective.team,
    owner: e.objective.owner,
  });
}

/**
 * Each KR's counts, as coverage counts them (its links and the tickets served through a
 * linked ancestor, README "Work hierarchy"): read from the aggregates the writers keep
 * (./kr-stats.ts), not from 20,000 links.
 */
async function krCounts(db: OkrDb, krIds: readonly string[]): Promise<(id: string) => KrStats> {
  const rows = await db.krStats.bulkGet([...krIds]);
  const byId = new Map(krIds.map((id, i) => [id, rows[i] ?? emptyStats(id)]));
  return (id) => byId.get(id) ?? emptyStats(id);
}

const emptySummary = (today: string, cycles: Cycle[]): QuarterSummary => ({
  today,
  cycles,
  expected: 0,
  objectives: [],
  teams: [],
  staleCount: 0,
});

/**
 * The popup's glance at a cycle (the current one by default): its objectives and active KRs
 * evaluated as the options page does, the stale count and, `withCounts`, each KR's linked
 * tickets and how many are done.
 */
export async function quarterSummary(
  db: OkrDb,
  cycleId?: string,
  today: string = todayIso(),
  withCounts = true,
): Promise<QuarterSummary> {
  return db.transaction(
    'r',
    [db.cycles, db.objectives, db.keyResults, db.checkIns, db.krStats, db.settings],
    async () => {
      const cycles = (await db.cycles.toArray()).sort((a, b) => a.start.localeCompare(b.start));
      const cycle =
        (cycleId !== undefined ? cycles.find((c) => c.id === cycleId) : undefined) ??
        currentCycle(cycles, today);
      if (!cycle) return emptySummary(today, cycles);
      const settings = await getSettings(db);
      const objectives = (await db.objectives.where('cycleId').equals(cycle.id).toArray()).filter(
        (o) => !o.archived,
      );
      const krs = await db.keyResults
        .where('objectiveId')
        .anyOf(objectives.map((o) => o.id))
        .toArray();
      const krIds = krs.filter((k) => !k.archived).map((k) => k.id);
      const [checkIns, statsOf] = await Promise.all([
        db.checkIns.where('keyResultId').anyOf(krIds).toArray(),
        withCounts ? krCounts(db, krIds) : undefined,
      ]);
      const checkInsByKr = groupBy(checkIns, (c) => c.keyResultId);
      const evaluated = evaluateObjectives(objectives, krs, checkInsByKr, cycle, today, settings);
      const teams = objectives.flatMap((o) => [o.team, o.owner]).filter((t): t is string => !!t);
      return {
        today,
        cycles,
        cycle,
        week: cycleWeek(cycle, today),
        expected: expectedProgress(cycle, today),
        objectives: evaluated.map((e) => objectiveSummary(e, statsOf)),
        teams: [...new Set(teams)].sort(),
        staleCount: evaluated.flatMap((e) => e.keyResults).filter((k) => k.evaluation.stale).length,
      };
    },
  );
}

/**
 * What moved since the KR's last check-in, to draft the next one. The trackers do not tell
 * us when a ticket closed; "since" means the overlay saw it done after the last check-in
 * (or ever, when there is no check-in yet).
 */
export async function krEvidence(db: OkrDb, keyResultId: string): Promise<Evidence> {
  return db.transaction('r', [db.checkIns, ...linkTables(db), db.tickets], async () => {
    const last = latestCheckIn(
      await db.checkIns.where('keyResultId').equals(keyResultId).toArray(),
    );
    const links = await linksOfKrs(db, [keyResultId]);
    const linked = (await db.tickets.bulkGet(links.map((l) => l.ticket)))
      .map((t, i) => t ?? { key: links[i]!.ticket })
      .sort((a, b) => naturalCompare(a.key, b.key));
    const since = last ? instantOf(last.at) : -Infinity;
    const doneSince = linked.filter(
      (t) =>
        bucketOf(t.state) === 'done' && (t.seenAt === undefined || Date.parse(t.seenAt) >= since),
    );
    return { ...(last ? { lastCheckIn: last } : {}), doneSince, linked };
  });
}
