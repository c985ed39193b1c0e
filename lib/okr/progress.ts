/**
 * Progress, pace, status and score of key results and objectives (README "Using it", 3).
 * Every threshold comes from `Settings`; "today" is always a parameter. Pure: zod-only deps.
 */
import { daysBetween, expectedProgress, instantOf } from './dates';
import type { CheckIn, KeyResult, Settings } from './model';

export type Status = 'done' | 'on-track' | 'at-risk' | 'off-track' | 'no-data';

export const statusLabels: Record<Status, string> = {
  done: 'Done',
  'on-track': 'On track',
  'at-risk': 'At risk',
  'off-track': 'Off track',
  'no-data': 'No data',
};

/** Tolerance for comparisons against thresholds: 0.45 − 0.3 is 0.15000000000000002 in IEEE. */
const EPSILON = 1e-9;

const clamp01 = (v: number) => (Number.isNaN(v) ? 0 : Math.min(1, Math.max(0, v)));

/** Instant of a check-in's `at`; a plain date counts as 00:00Z. Unparseable → −∞. */
function instantOrEarliest(at: string): number {
  const t = instantOf(at);
  return Number.isNaN(t) ? -Infinity : t;
}

/** The latest check-in by `at`; on a tie the later one in the array wins (it was added last). */
export function latestCheckIn<C extends CheckIn>(checkIns: readonly C[]): C | undefined {
  let best: C | undefined;
  let bestAt = -Infinity;
  for (const c of checkIns) {
    const t = instantOrEarliest(c.at);
    if (best === undefined || t >= bestAt) {
      best = c;
      bestAt = t;
    }
  }
  return best;
}

/** The KR's current value: its latest check-in's value, else `kr.current`, else undefined. */
export function currentValue(kr: KeyResult, checkIns: readonly CheckIn[]): number | undefined {
  return latestCheckIn(checkIns)?.value ?? kr.current;
}

/**
 * Progress p ∈ [0, 1] of a KR at `value`.
 * - increase/decrease: clamp((value − start) / (target − start)); start defaults to 0; the same
 *   formula serves decrease (both terms negative). No target, or target = start → 0.
 *   No value → computed from start, i.e. 0.
 * - maintain: 1 while the value holds (≥ target, or ≤ target with direction `atMost`), else 0.
 *   No value or no target → 0.
 * - milestone: 1 when value ≥ target (default target 1: check in 1 for done, 0 for not yet).
 */
export function krProgress(kr: KeyResult, value: number | undefined): number {
  switch (kr.kind) {
    case 'increase':
    case 'decrease': {
      const start = kr.start ?? 0;
      if (kr.target === undefined || kr.target === start) return 0;
      return clamp01(((value ?? start) - start) / (kr.target - start));
    }
    case 'maintain': {
      if (value === undefined || kr.target === undefined) return 0;
      const holds = kr.direction === 'atMost' ? value <= kr.target : value >= kr.target;
      return holds ? 1 : 0;
    }
    case 'milestone':
      return value !== undefined && value >= (kr.target ?? 1) ? 1 : 0;
  }
}

/**
 * Status from progress p and expected progress e: p ≥ 1 → done;
 * gap = e − p ≤ onTrackGap → on track; ≤ atRiskGap → at risk; else off track. Boundaries count
 * as the better status (gap exactly 0.15 is on track).
 */
export function statusFor(
  progress: number,
  expected: number,
  settings: Settings,
): Exclude<Status, 'no-data'> {
  if (progress >= 1 - EPSILON) return 'done';
  const gap = expected - progress;
  if (gap <= settings.onTrackGap + EPSILON) return 'on-track';
  if (gap <= settings.atRiskGap + EPSILON) return 'at-risk';
  return 'off-track';
}

export interface KrEvaluation {
  /** The value progress is computed from: latest check-in, else `kr.current`. */
  value: number | undefined;
  progress: number;
  expected: number;
  status: Status;
  /** Has check-ins, and the latest is more than `settings.staleDays` days before today. */
  stale: boolean;
  lastCheckInAt: string | undefined;
  daysSinceCheckIn: number | undefined;
}

/**
 * Evaluate one KR on `today`. `checkIns` are this KR's (others are ignored defensively).
 *
 * Decisions:
 * - No check-in and no `kr.current` → status `no-data` (grey), whatever the pace: silence is
 *   never green. Progress is still computed from start (0) so roll-ups stay defined.
 * - `maintain` KRs have no pace (the condition holds or not), so the straight-line rule does not
 *   apply to them: while the condition holds the KR is `on-track`, becoming `done` only once the
 *   cycle is over (expected ≥ 1, i.e. on its last day or later), because holding a threshold
 *   for half a quarter is not the same as having held it; while it does not hold it is
 *   `off-track` (the threshold is broken now, even on day one).
 * - A KR without check-ins is never `stale`: it is `no-data` (or runs on `kr.current`).
 */
export function evaluateKr(
  kr: KeyResult,
  checkIns: readonly CheckIn[],
  cycle: { start: string; end: string },
  today: string,
  settings: Settings,
): KrEvaluation {
  const latest = latestCheckIn(checkIns.filter((c) => c.keyResultId === kr.id));
  const value = latest?.value ?? kr.current;
  const progress = krProgress(kr, value);
  const expected = expectedProgress(cycle, today);
  const daysSinceCheckIn = latest === undefined ? undefined : daysBetween(latest.at, today);
  const stale = daysSinceCheckIn !== undefined && daysSinceCheckIn > settings.staleDays;

  let status: Status;
  if (value === undefined) status = 'no-data';
  else if (kr.kind === 'maintain')
    status = progress >= 1 ? (expected >= 1 ? 'done' : 'on-track') : 'off-track';
  else status = statusFor(progress, expected, settings);

  return {
    value,
    progress,
    expected,
    status,
    stale,
    lastCheckInAt: latest?.at,
    daysSinceCheckIn,
  };
}

export interface ObjectiveEvaluation {
  progress: number;
  expected: number;
  status: Status;
  krCount: number;
}

/**
 * Objective progress = weighted mean of its KRs' progress (weight defaults to 1; if every
 * weight is 0, all count equally). KRs with no data count with their progress from start (0).
 * The caller passes active KRs only (archived ones excluded). Status: `no-data` when there are
 * no KRs or every KR is `no-data`; else `statusFor` on the mean — except that the objective is
 * not `done` while a KR that carries weight is not done yet (a holding `maintain` KR mid-cycle).
 */
export function evaluateObjective(
  krs: readonly { kr: KeyResult; evaluation: KrEvaluation }[],
  cycle: { start: string; end: string },
  today: string,
  settings: Settings,
): ObjectiveEvaluation {
  const expected = expectedProgress(cycle, today);
  const krCount = krs.length;
  if (krCount === 0) return { progress: 0, expected, status: 'no-data', krCount };

  let weights = krs.map(({ kr }) => {
    const w = kr.weight ?? 1;
    return Number.isFinite(w) && w > 0 ? w : 0;
  });
  let total = weights.reduce((a, b) => a + b, 0);
  if (total <= 0) {
    weights = krs.map(() => 1);
    total = krCount;
  }
  const progress = clamp01(
    krs.reduce((sum, { evaluation }, i) => sum + (weights[i] ?? 0) * evaluation.progress, 0) /
      total,
  );

  if (krs.every(({ evaluation }) => evaluation.status === 'no-data'))
    return { progress, expected, status: 'no-data', krCount };

  let status: Status = statusFor(progress, expected, settings);
  if (
    status === 'done' &&
    krs.some(({ evaluation }, i) => (weights[i] ?? 0) > 0 && evaluation.status !== 'done')
  )
    status = 'on-track';
  return { progress, expected, status, krCount };
}

/** End-of-cycle score: progress capped to [0, 1], rounded to one decimal (0.65 → 0.7). */
export function score(progress: number): number {
  return Math.round(clamp01(progress) * 10 + EPSILON) / 10;
}

/** Score band: < scoreRedBelow red; < scoreGreenFrom yellow; else green (0.7 is success). */
export function scoreBand(value: number, settings: Settings): 'red' | 'yellow' | 'green' {
  if (value < settings.scoreRedBelow - EPSILON) return 'red';
  if (value < settings.scoreGreenFrom - EPSILON) return 'yellow';
  return 'green';
}

/**
 * A value for display: '—' when unknown; thousands separators, at most 2 decimals; unit '%'
 * glued (`40%`), '$' as a prefix (`$1,200`, `-$5`), any other unit after a space (`120,000 users`).
 */
export function formatValue(value: number | undefined, unit?: string): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  // `n || 0` turns -0 into 0 so it never prints as "-0".
  const fmt = (n: number) => (n || 0).toLocaleString('en-US', { maximumFractionDigits: 2 });
  const u = unit?.trim() ?? '';
  if (u === '') return fmt(value);
  if (u === '%') return `${fmt(value)}%`;
  if (u === '$') return value < 0 ? `-$${fmt(-value)}` : `$${fmt(value)}`;
  return `${fmt(value)} ${u}`;
}
