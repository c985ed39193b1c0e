/**
 * Quality hints: SMART, outcomes not outputs, keep it simple (hints, never blocks).
 * Hints advise, they never block. Levels: `warning` when the numbers cannot be trusted or the
 * OKR cannot work as written (no KRs, no target, target = start, no linked work two weeks in);
 * `info` for advice (KR count, unit, output wording, owner, team load).
 * Pure: zod-only deps.
 */
import { daysBetween } from './dates';
import type { Cycle, KeyResult, Objective } from './model';

export interface QualityHint {
  level: 'info' | 'warning';
  target: { kind: 'objective' | 'keyResult' | 'cycle'; id: string };
  message: string;
}

/** Recommended KRs per objective: three or four is the usual advice; 2–5 are tolerated. */
export const MIN_KRS = 2;
export const MAX_KRS = 5;
/** More objectives than this for one team in a cycle dilutes focus. */
export const MAX_OBJECTIVES_PER_TEAM = 5;
/** Days into the cycle after which an objective with no linked work is flagged. */
export const UNLINKED_GRACE_DAYS = 14;

/** First words that make a KR read as an output (work done) rather than an outcome. */
export const outputVerbs = [
  'launch',
  'implement',
  'build',
  'complete',
  'ship',
  'create',
  'release',
  'deliver',
  'develop',
  'write',
] as const;

/** True when the title's first word is an output verb (`Launch…`, `ship:`), any case. */
export function readsAsOutput(title: string): boolean {
  const first = title.trim().split(/\s+/)[0] ?? '';
  const word = first.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '').toLowerCase();
  return (outputVerbs as readonly string[]).includes(word);
}

/** `“Launch two new…”`: the first few words of a title, quoted. */
function quote(title: string, words = 3): string {
  const all = title.trim().split(/\s+/);
  return `“${all.length > words ? `${all.slice(0, words).join(' ')}…` : all.join(' ')}”`;
}

const blank = (s: string | undefined) => s === undefined || s.trim() === '';

export function qualityHints(input: {
  cycle: Cycle;
  objectives: readonly Objective[];
  keyResults: readonly KeyResult[];
  linkedKrIds: ReadonlySet<string>;
  today: string;
}): QualityHint[] {
  const { cycle, linkedKrIds, today } = input;
  const objectives = input.objectives.filter((o) => !o.archived && o.cycleId === cycle.id);
  const krsByObjective = new Map<string, KeyResult[]>(objectives.map((o) => [o.id, []]));
  for (const kr of input.keyResults) {
    if (!kr.archived) krsByObjective.get(kr.objectiveId)?.push(kr);
  }
  const hints: QualityHint[] = [];

  // Team load: objectives grouped by team (or owner when there is no team), case-insensitively.
  const groups = new Map<string, { name: string; count: number }>();
  for (const o of objectives) {
    const name = (blank(o.team) ? o.owner : o.team)?.trim();
    if (name === undefined || name === '') continue;
    const key = name.toLowerCase();
    const g = groups.get(key) ?? { name, count: 0 };
    g.count++;
    groups.set(key, g);
  }
  for (const { name, count } of groups.values()) {
    if (count > MAX_OBJECTIVES_PER_TEAM)
      hints.push({
        level: 'info',
        target: { kind: 'cycle', id: cycle.id },
        message: `${name} has ${count} objectives this cycle; keep it to ${MAX_OBJECTIVES_PER_TEAM} or fewer so the team can focus.`,
      });
  }

  const graceOver = daysBetween(cycle.start, today) >= UNLINKED_GRACE_DAYS;

  for (const o of objectives) {
    const krs = krsByObjective.get(o.id) ?? [];
    const objTarget = { kind: 'objective', id: o.id } as const;
    const name = quote(o.title, 6);
    if (krs.length === 0)
      hints.push({
        level: 'warning',
        target: objTarget,
        message: `${name} has no key results yet; add ${MIN_KRS}–${MAX_KRS} measurable outcomes.`,
      });
    else if (krs.length < MIN_KRS)
      hints.push({
        level: 'info',
        target: objTarget,
        message: `${name} has only one key result; add another so progress is not one number.`,
      });
    else if (krs.length > MAX_KRS)
      hints.push({
        level: 'info',
        target: objTarget,
        message: `${name} has ${krs.length} key results; keep the ${MAX_KRS} or fewer that matter most.`,
      });

    // An objective with no KRs already has a hint; "no linked work" would repeat it.
    if (graceOver && krs.length > 0 && !krs.some((k) => linkedKrIds.has(k.id)))
      hints.push({
        level: 'warning',
        target: objTarget,
        message: `No work is linked to ${name} yet; link the tickets meant to move its key results.`,
      });

    for (const kr of krs) hints.push(...krHints(kr));
  }
  return hints;
}

function krHints(kr: KeyResult): QualityHint[] {
  const out: QualityHint[] = [];
  const target = { kind: 'keyResult', id: kr.id } as const;
  const add = (level: QualityHint['level'], message: string) =>
    out.push({ level, target, message });
  const numeric = kr.kind === 'increase' || kr.kind === 'decrease' || kr.kind === 'maintain';

  if (kr.kind === 'increase' || kr.kind === 'decrease') {
    const start = kr.start ?? 0;
    if (kr.target === undefined)
      add('warning', `${kr.code} has no target; set one so its progress can be measured.`);
    else if (kr.target === start)
      add(
        'warning',
        `${kr.code}’s target equals its start (${start}), so its progress cannot move; set a different target.`,
      );
    else if (kr.kind === 'decrease' && kr.target > start)
      add(
        'info',
        `${kr.code} is a decrease but its target is above its start; check the kind or the numbers.`,
      );
    else if (kr.kind === 'increase' && kr.target < start)
      add(
        'info',
        `${kr.code} is an increase but its target is below its start; check the kind or the numbers.`,
      );
  } else if (kr.kind === 'maintain' && kr.target === undefined) {
    add('warning', `${kr.code} has no threshold; set the target value it must hold.`);
  }
  if (numeric && blank(kr.unit))
    add('info', `${kr.code} has no unit; add one (%, users, ms…) so its numbers read clearly.`);
  if (readsAsOutput(kr.title))
    add('info', `${quote(kr.title)} reads as an output; say what outcome it should change.`);
  if (blank(kr.owner))
    add('info', `${kr.code} has no owner; name who is accountable for moving it.`);
  return out;
}
