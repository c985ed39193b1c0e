/**
 * The view model of one cycle: objectives with their KRs, each evaluated (progress, pace,
 * status). Pure, so the options page, the popup and tests compute the same figures.
 */
import { naturalCompare } from './codes';
import type { CheckIn, Cycle, KeyResult, Objective, Settings } from './model';
import { evaluateKr, evaluateObjective } from './progress';
import type { KrEvaluation, ObjectiveEvaluation } from './progress';
import { expectedProgress, instantOf } from './dates';
import { groupBy } from './objects';

export interface KrView {
  kr: KeyResult;
  evaluation: KrEvaluation;
  /** Check-ins of this KR, newest first. */
  history: CheckIn[];
  /** Its own links (what deleting it removes). */
  linkCount: number;
  /** Tickets serving it, "via" ones included: what the popup and the OKRs tab show. */
  initiatives: number;
}

export interface ObjectiveView {
  objective: Objective;
  /** 1-based position among the cycle's objectives: the N of generated codes KRN.x. */
  number: number;
  evaluation: ObjectiveEvaluation;
  keyResults: KrView[];
  archivedKeyResults: KrView[];
  parent?: Objective;
}

export interface CycleOverview {
  cycle: Cycle;
  expected: number;
  objectives: ObjectiveView[];
  archivedObjectives: ObjectiveView[];
}

export interface StoreSnapshot {
  cycles: readonly Cycle[];
  objectives: readonly Objective[];
  keyResults: readonly KeyResult[];
  checkIns: readonly CheckIn[];
  /** Per KR id, its own links (the store's aggregates; a KR left out has none). */
  linkCounts: Readonly<Record<string, number>>;
  /** Per KR id, the tickets serving it, "via" ones included (a KR left out has none). */
  initiativeCounts: Readonly<Record<string, number>>;
}

/** A KR evaluated in its cycle, with its check-ins newest first. */
export interface EvaluatedKr {
  kr: KeyResult;
  evaluation: KrEvaluation;
  history: CheckIn[];
}

/** An objective evaluated over its active KRs (sorted by code). */
export interface EvaluatedObjective {
  objective: Objective;
  evaluation: ObjectiveEvaluation;
  keyResults: EvaluatedKr[];
  archivedKeyResults: EvaluatedKr[];
}

const newestFirst = (a: CheckIn, b: CheckIn) => instantOf(b.at) - instantOf(a.at);

/**
 * THE evaluation of a cycle's objectives, shared by the options page (`cycleOverview`) and the
 * popup's summary (lib/db/summary.ts), so both show the same figures: each KR against its
 * check-ins (`checkInsByKr`, any order) and the cycle's pace, each objective as the weighted
 * mean of its active KRs. `keyResults` may hold KRs of other objectives (they are ignored).
 */
export function evaluateObjectives(
  objectives: readonly Objective[],
  keyResults: readonly KeyResult[],
  checkInsByKr: ReadonlyMap<string, readonly CheckIn[]>,
  cycle: Cycle,
  today: string,
  settings: Settings,
): EvaluatedObjective[] {
  const byObjective = groupBy(keyResults, (k) => k.objectiveId);
  const evaluate = (kr: KeyResult): EvaluatedKr => {
    const history = [...(checkInsByKr.get(kr.id) ?? [])].sort(newestFirst);
    return { kr, evaluation: evaluateKr(kr, history, cycle, today, settings), history };
  };
  return objectives.map((objective) => {
    const krs = [...(byObjective.get(objective.id) ?? [])].sort((a, b) =>
      naturalCompare(a.code, b.code),
    );
    const active = krs.filter((k) => !k.archived).map(evaluate);
    return {
      objective,
      evaluation: evaluateObjective(active, cycle, today, settings),
      keyResults: active,
      archivedKeyResults: krs.filter((k) => k.archived).map(evaluate),
    };
  });
}

export function cycleOverview(
  store: StoreSnapshot,
  cycle: Cycle,
  today: string,
  settings: Settings,
): CycleOverview {
  const checkInsByKr = groupBy(store.checkIns, (c) => c.keyResultId);
  const objectivesById = new Map(store.objectives.map((o) => [o.id, o]));
  const withCount = (k: EvaluatedKr): KrView => ({
    ...k,
    linkCount: store.linkCounts[k.kr.id] ?? 0,
    initiatives: store.initiativeCounts[k.kr.id] ?? 0,
  });

  const inCycle = store.objectives.filter((o) => o.cycleId === cycle.id);
  const evaluated = evaluateObjectives(
    inCycle,
    store.keyResults,
    checkInsByKr,
    cycle,
    today,
    settings,
  );
  const views = evaluated.map((e, i): ObjectiveView => {
    const parentId = e.objective.parentId;
    const parent = parentId ? objectivesById.get(parentId) : undefined;
    return {
      objective: e.objective,
      number: i + 1,
      evaluation: e.evaluation,
      keyResults: e.keyResults.map(withCount),
      archivedKeyResults: e.archivedKeyResults.map(withCount),
      ...(parent ? { parent } : {}),
    };
  });
  return {
    cycle,
    expected: expectedProgress(cycle, today),
    objectives: views.filter((v) => !v.objective.archived),
    archivedObjectives: views.filter((v) => v.objective.archived),
  };
}
