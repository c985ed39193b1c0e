/**
 * Read models computed in the background, so the popup gets a small answer instead of the
 * whole store (it must be ready in well under 100 ms with 20,000 links).
 */
import { naturalCompare } from '../okr/codes';
import { currentCycle, cycleWeek, expectedProgress, todayIso } from '../okr/dates';
import type { CycleWeek } from '../okr/dates';
import type { CheckIn, Cycle, KeyResult, Ticket } from '../okr/model';
import { evaluateKr, evaluateObjective, latestCheckIn } from '../okr/progress';
import type { KrEvaluation, ObjectiveEvaluation } from '../okr/progress';
import { bucketOf } from '../okr/coverage';
import type { OkrDb } from './db';
import { getSettings } from './repo';

export interface KrSummary {
  id: string;
  code: string;
  title: string;
  kind: KeyResult['kind'];
  unit?: string;
  start?: number;
  target?: number;
  direction?: 'atLeast' | 'atMost';
  owner?: string;
  evaluation: KrEvaluation;
  /**
   * Linked tickets, and how many of them are done (done / closed / merged); absent when the
   * summary was asked without counts (the popup's first, fast paint).
   */
  initiatives?: number;
  done?: number;
}

export interface ObjectiveSummary {
  id: string;
  title: string;
  team?: string;
  owner?: string;
  evaluation: ObjectiveEvaluation;
  keyResults: KrSummary[];
}

export interface QuarterSummary {
  today: string;
  cycles: Cycle[];
  cycle?: Cycle;
  week?: CycleWeek;
  expected: number;
  objectives: ObjectiveSummary[];
  /** Teams and owners of the cycle's objectives (for the filter). */
  teams: string[];
  /** KRs of the cycle whose last check-in is older than the stale threshold. */
  staleCount: number;
}

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
      if (!cycle) return { today, cycles, expected: 0, objectives: [], teams: [], staleCount: 0 };
      const settings = await getSettings(db);
      const objectives = (await db.objectives.where('cycleId').equals(cycle.id).toArray()).filter(
        (o) => !o.archived,
      );
      const krs = (
        await db.keyResults
          .where('objectiveId')
          .anyOf(objectives.map((o) => o.id))
          .toArray()
      )
        .filter((k) => !k.archived)
        .sort((a, b) => naturalCompare(a.code, b.code));
      const krIds = krs.map((k) => k.id);
      // Links are read as keys only ([ticket, keyResultId]): no record is deserialised.
      const [checkIns, linkKeys] = await Promise.all([
        db.checkIns.where('keyResultId').anyOf(krIds).toArray(),
        withCounts
          ? (db.links.where('keyResultId').anyOf(krIds).primaryKeys() as Promise<
              [string, string][]
            >)
          : Promise.resolve([] as [string, string][]),
      ]);
      const links = linkKeys.map(([ticket, keyResultId]) => ({ ticket, keyResultId }));
      const keys = [...new Set(links.map((l) => l.ticket))];
      const tickets = new Map(
        (await db.tickets.bulkGet(keys)).filter((t): t is Ticket => !!t).map((t) => [t.key, t]),
      );
      const byKr = <T extends { keyResultId: string }>(list: readonly T[]) => {
        const m = new Map<string, T[]>();
        for (const x of list) {
          const l = m.get(x.keyResultId);
          if (l) l.push(x);
          else m.set(x.keyResultId, [x]);
        }
        return m;
      };
      const checkInsByKr = byKr(checkIns);
      const linksByKr = byKr(links);
      let staleCount = 0;
      const summaries = objectives.map((o): ObjectiveSummary => {
        const own = krs.filter((k) => k.objectiveId === o.id);
        const evaluated = own.map((kr) => ({
          kr,
          evaluation: evaluateKr(kr, checkInsByKr.get(kr.id) ?? [], cycle, today, settings),
        }));
        const keyResults = evaluated.map(({ kr, evaluation }): KrSummary => {
          if (evaluation.stale) staleCount++;
          const linked = linksByKr.get(kr.id) ?? [];
          const s: KrSummary = {
            id: kr.id,
            code: kr.code,
            title: kr.title,
            kind: kr.kind,
            evaluation,
          };
          if (withCounts) {
            s.initiatives = linked.length;
            s.done = linked.filter((l) => bucketOf(tickets.get(l.ticket)?.state) === 'done').length;
          }
          if (kr.unit !== undefined) s.unit = kr.unit;
          if (kr.start !== undefined) s.start = kr.start;
          if (kr.target !== undefined) s.target = kr.target;
          if (kr.direction !== undefined) s.direction = kr.direction;
          if (kr.owner !== undefined) s.owner = kr.owner;
          return s;
        });
        const out: ObjectiveSummary = {
          id: o.id,
          title: o.title,
          evaluation: evaluateObjective(evaluated, cycle, today, settings),
          keyResults,
        };
        if (o.team !== undefined) out.team = o.team;
        if (o.owner !== undefined) out.owner = o.owner;
        return out;
      });
      const teams = [
        ...new Set(objectives.flatMap((o) => [o.team, o.owner]).filter((t): t is string => !!t)),
      ].sort();
      return {
        today,
        cycles,
        cycle,
        week: cycleWeek(cycle, today),
        expected: expectedProgress(cycle, today),
        objectives: summaries,
        teams,
        staleCount,
      };
    },
  );
}

export interface Evidence {
  lastCheckIn?: CheckIn;
  /** Linked tickets done (done/closed/merged) and seen so since the last check-in. */
  doneSince: Ticket[];
  /** All linked tickets with their state, for context. */
  linked: Ticket[];
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
    const since = last
      ? Date.parse(last.at.length === 10 ? `${last.at}T00:00:00Z` : last.at)
      : -Infinity;
    const doneSince = linked.filter(
      (t) =>
        bucketOf(t.state) === 'done' && (t.seenAt === undefined || Date.parse(t.seenAt) >= since),
    );
    return { ...(last ? { lastCheckIn: last } : {}), doneSince, linked };
  });
}
