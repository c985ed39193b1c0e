/**
 * The view model of one cycle: objectives with their KRs, each evaluated (progress, pace,
 * status). Pure, so the options page, the popup and tests compute the same figures.
 */
import { naturalCompare } from './codes';
import type { CheckIn, Cycle, KeyResult, Link, Objective, Settings } from './model';
import { evaluateKr, evaluateObjective } from './progress';
import type { KrEvaluation, ObjectiveEvaluation } from './progress';
import { expectedProgress } from './dates';

export interface KrView {
  kr: KeyResult;
  evaluation: KrEvaluation;
  /** Check-ins of this KR, newest first. */
  history: CheckIn[];
  linkCount: number;
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
  links: readonly Link[];
}

function byTimeDesc(a: CheckIn, b: CheckIn): number {
  const ta = Date.parse(a.at.length === 10 ? `${a.at}T00:00:00Z` : a.at);
  const tb = Date.parse(b.at.length === 10 ? `${b.at}T00:00:00Z` : b.at);
  return tb - ta;
}

export function cycleOverview(
  store: StoreSnapshot,
  cycle: Cycle,
  today: string,
  settings: Settings,
): CycleOverview {
  const checkInsByKr = new Map<string, CheckIn[]>();
  for (const c of store.checkIns) {
    const list = checkInsByKr.get(c.keyResultId);
    if (list) list.push(c);
    else checkInsByKr.set(c.keyResultId, [c]);
  }
  const linksByKr = new Map<string, number>();
  for (const l of store.links)
    linksByKr.set(l.keyResultId, (linksByKr.get(l.keyResultId) ?? 0) + 1);
  const objectivesById = new Map(store.objectives.map((o) => [o.id, o]));

  const krView = (kr: KeyResult): KrView => {
    const history = [...(checkInsByKr.get(kr.id) ?? [])].sort(byTimeDesc);
    return {
      kr,
      evaluation: evaluateKr(kr, history, cycle, today, settings),
      history,
      linkCount: linksByKr.get(kr.id) ?? 0,
    };
  };

  const inCycle = store.objectives.filter((o) => o.cycleId === cycle.id);
  const views = inCycle.map((objective, i): ObjectiveView => {
    const krs = store.keyResults
      .filter((k) => k.objectiveId === objective.id)
      .sort((a, b) => naturalCompare(a.code, b.code));
    const active = krs.filter((k) => !k.archived).map(krView);
    const parent = objective.parentId ? objectivesById.get(objective.parentId) : undefined;
    return {
      objective,
      number: i + 1,
      evaluation: evaluateObjective(active, cycle, today, settings),
      keyResults: active,
      archivedKeyResults: krs.filter((k) => k.archived).map(krView),
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
