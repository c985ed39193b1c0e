/**
 * Rules an OKR set keeps whichever way a record arrives: typed in the editor (the store checks
 * each write) or carried in a file (the importer checks the whole file, then the file merged
 * with what is stored). One function per rule, so the two paths cannot drift apart. Pure.
 */
import { isCodeTaken, normCode } from './codes';
import type { KeyResult, Objective } from './model';

/** Numeric KRs need somewhere to go: an increase or decrease with target = start is invalid. */
export function rangeProblem(kr: Pick<KeyResult, 'kind' | 'start' | 'target'>): string | undefined {
  const numeric = kr.kind === 'increase' || kr.kind === 'decrease';
  return numeric && kr.start !== undefined && kr.start === kr.target
    ? 'target must differ from start'
    : undefined;
}

/**
 * What is wrong with an objective's parent, if anything: itself, missing, or in another cycle
 * (alignment is within a cycle). `parent` is the record `parentId` names, when it exists.
 */
export function parentProblem(
  objective: Pick<Objective, 'id' | 'cycleId' | 'parentId'>,
  parent: Pick<Objective, 'cycleId'> | undefined,
): string | undefined {
  if (objective.parentId === undefined) return undefined;
  if (objective.parentId === objective.id) return 'an objective cannot be its own parent';
  if (!parent) return `no objective with id "${objective.parentId}"`;
  if (parent.cycleId !== objective.cycleId) return 'the parent objective must be in the same cycle';
  return undefined;
}

/**
 * Follow parents up from `id`. When the chain comes back to `id`, the loop as ids
 * (`a → b → a` is `['a', 'b', 'a']`); an objective that merely hangs off a loop elsewhere has
 * none. `parentOf` answers undefined for an id it does not know (the chain ends there).
 */
export function parentLoop(
  id: string,
  parentOf: (id: string) => string | undefined,
): string[] | undefined {
  const chain = [id];
  const seen = new Set(chain);
  let next = parentOf(id);
  while (next !== undefined && !seen.has(next)) {
    chain.push(next);
    seen.add(next);
    next = parentOf(next);
  }
  return next === id ? [...chain, id] : undefined;
}

export const parentLoopMessage = (loop: readonly string[]): string =>
  `parents loop back to this objective: ${loop.map((id) => `"${id}"`).join(' → ')}`;

/** A KR whose code (compared case-insensitively) another KR of the same cycle already holds. */
export interface CodeClash<T> {
  item: T;
  /** The earlier KR with that code. */
  holder: T;
}

/**
 * KR codes are unique within a cycle, case-insensitively. Walks `items` in order: the first
 * KR with a code holds it, every later one in the same cycle clashes. `cycleOf` answers
 * undefined for a KR whose cycle is unknown (it is skipped).
 */
export function codeClashes<T extends Pick<KeyResult, 'code'>>(
  items: Iterable<T>,
  cycleOf: (item: T) => string | undefined,
): CodeClash<T>[] {
  const holders = new Map<string, T>();
  const clashes: CodeClash<T>[] = [];
  for (const item of items) {
    const cycle = cycleOf(item);
    if (cycle === undefined) continue;
    const key = `${cycle}\u0000${normCode(item.code)}`;
    const holder = holders.get(key);
    if (holder) clashes.push({ item, holder });
    else holders.set(key, item);
  }
  return clashes;
}

/** The KR among `others` (same cycle) that already holds `code`, if any. */
export function codeHolder<T extends Pick<KeyResult, 'code'>>(
  code: string,
  others: readonly T[],
): T | undefined {
  return others.find((k) => isCodeTaken(code, [k.code]));
}

export const codeTakenMessage = (code: string, holder: string): string =>
  `code "${code}" is already used by ${holder} in the same cycle`;
