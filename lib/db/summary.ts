/**
 * Read models computed in the background, so the popup gets a small answer instead of the
 * whole store (it paints from it on every opening after a change).
 */
import { naturalCompare } from '../okr/codes';
import { bucketOf } from '../okr/coverage';
import { currentCycle, cycleWeek, expectedProgress, instantOf, todayIso } from '../okr/dates';
import type { Evidence, KrSummary, ObjectiveSummary, QuarterSummary } from '../okr/dto';
import type { Cycle, Ticket } from '../okr/model';
import { compact, groupBy } from '../okr/objects';
import { evaluateObjectives } from '../okr/overview';
import type { EvaluatedKr, EvaluatedObjective } from '../okr/overview';
import { latestCheckIn } from '../okr/progress';
import { servedVia } from '../okr/hierarchy';
import type { OkrDb } from './db';
import { descendantsOf } from './hierarchy';
import { getSettings } from './settings';

/** A KR as the popup shows it; `linked` (ticket states) only when counts were asked for. */
function krSummary(
  { kr, evaluation }: EvaluatedKr,
  linked?: readonly (Ticket | undefined)[],
): KrSummary {
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
  if (linked) {
    s.initiatives = linked.length;
    s.done = linked.filter((t) => bucketOf(t?.state) === 'done').length;
  }
  return s;
}

function objectiveSummary(
  e: EvaluatedObjective,
  linkedOf?: (krId: string) => (Ticket | undefined)[],
): ObjectiveSummary {
  return compact({
    id: e.objective.id,
    title: e.objective.title,
    evaluation: e.evaluation,
    keyResults: e.keyResults.map((k) => krSummary(k, linkedOf?.(k.kr.id))),
    team: e.objective.team,
    owner: e.objective.owner,
  });
}

/** How many tickets below the linked ones the popup's counts read (work hierarchy). */
const VIA_LIMIT = 2_000;

/**
 * For each KR, the recorded tickets of its links (read as keys only: no link record is read),
 * then the tickets serving it through a linked ancestor (README "Work hierarchy"), as coverage
 * counts them.
 */
async function linkedTickets(
  db: OkrDb,
  krIds: readonly string[],
): Promise<(krId: string) => (Ticket | undefined)[]> {
  const linkKeys = await db.links.where('keyResultId').anyOf(krIds).primaryKeys();
  const keys = [...new Set(linkKeys.map(([ticket]) => ticket))];
  const tickets = new Map(
    (await db.tickets.bulkGet(keys)).filter((t): t is Ticket => !!t).map((t) => [t.key, t]),
  );
  const byKr = groupBy(linkKeys, ([, krId]) => krId);
  const below = (await db.tickets.bulkGet(await descendantsOf(db, keys, VIA_LIMIT))).filter(
    (t): t is Ticket => !!t,
  );
  for (const t of below) tickets.set(t.key, t);
  const links = linkKeys.map(([ticket, keyResultId]) => ({ ticket, keyResultId }));
  const via = servedVia(
    below.map((t) => t.key),
    links,
    (k) => tickets.get(k)?.parent,
  );
  return (krId) => [
    ...(byKr.get(krId) ?? []).map(([ticket]) => tickets.get(ticket)),
    ...[...(via.get(krId)?.keys() ?? [])].map((k) => tickets.get(k)),
  ];
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
    [db.cycles, db.objectives, db.keyResults, db.checkIns, db.links, db.tickets, db.settings],
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
      const [checkIns, linkedOf] = await Promise.all([
        db.checkIns.where('keyResultId').anyOf(krIds).toArray(),
        withCounts ? linkedTickets(db, krIds) : undefined,
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
        objectives: evaluated.map((e) => objectiveSummary(e, linkedOf)),
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
  return db.transaction('r', [db.checkIns, db.links, db.tickets], async () => {
    const last = latestCheckIn(
      await db.checkIns.where('keyResultId').equals(keyResultId).toArray(),
    );
    const links = await db.links.where('keyResultId').equals(keyResultId).toArray();
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
