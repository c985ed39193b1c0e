/**
 * A key result's numbers and kind. Numbers are read leniently (`1,200`, `40%` → unit `%`,
 * `$5`, `12 ms`; in a `;`-delimited file a comma is the decimal separator). The app has no kind
 * column, so the kind follows from start and target:
 *   both blank, or start 0 and target 1 (done / not done)  → milestone;
 *   target > start → increase; target < start → decrease;
 *   target = start → maintain (keep at least that value), with a warning;
 *   a target without a start counts from 0 (warning); a start without a target is an error.
 */
import type { ValidationIssue } from '../../okr/interchange';
import type { KeyResult } from '../../okr/model';
import { parseLooseNumber } from '../../okr/numbers';
import { COLUMNS } from './columns';
import type { Row } from './rows';
import type { Findings } from './types';

export interface KrValues {
  start?: number;
  current?: number;
  target?: number;
  weight?: number;
  /** Units written next to start, current or target, in that reading order. */
  units: string[];
}

/** Target, Start, Current and Weight of a row; undefined when one is not a number. */
export function readValues(
  row: Row,
  where: string,
  decimalComma: boolean,
  issues: ValidationIssue[],
): KrValues | undefined {
  const values: KrValues = { units: [] };
  let bad = false;
  for (const key of ['target', 'start', 'current', 'weight'] as const) {
    const p = parseLooseNumber(row.cells[key] ?? '', decimalComma);
    if (p === undefined) continue;
    if ('error' in p) {
      issues.push({ path: `${where}, ${COLUMNS[key].label}`, message: p.error });
      bad = true;
      continue;
    }
    values[key] = p.value;
    if (p.unit !== undefined && key !== 'weight') values.units.push(p.unit);
  }
  if (bad) return undefined;
  if (values.weight !== undefined && values.weight < 0) {
    issues.push({ path: `${where}, Weight`, message: 'must be zero or more' });
    return undefined;
  }
  return values;
}

type KindFields = Pick<KeyResult, 'kind' | 'start' | 'target' | 'direction'>;

/** The kind (and start, target, direction) of a key result; undefined on an issue. */
export function inferKind(
  values: KrValues,
  where: string,
  found: Findings,
): KindFields | undefined {
  let { start } = values;
  const { target } = values;
  // A milestone: done or not done.
  if (start === undefined && target === undefined) return { kind: 'milestone' };
  if (target === undefined) {
    found.issues.push({
      path: `${where}, Target value`,
      message: `empty, but the start value is ${start}: a key result needs a target`,
    });
    return undefined;
  }
  if (start === undefined) {
    if (target === 0) {
      found.issues.push({
        path: `${where}, Start value`,
        message: 'empty, and the target is 0: give the value to start from',
      });
      return undefined;
    }
    start = 0;
    found.warnings.push(`${where}: no start value, so it counts from 0`);
  }
  if (start === 0 && target === 1) return { kind: 'milestone', start, target };
  if (target > start) return { kind: 'increase', start, target };
  if (target < start) return { kind: 'decrease', start, target };
  found.warnings.push(
    `${where}: start and target are both ${target}, so it is imported as "keep at least ${target}" (change it to "at most" if lower is better)`,
  );
  return { kind: 'maintain', start, target, direction: 'atLeast' };
}

/** The first unit written; a warning when the values disagree. */
export function unitOf(units: readonly string[], where: string, warnings: string[]) {
  const distinct = [...new Set(units)];
  if (distinct.length > 1)
    warnings.push(
      `${where}: the values have different units (${distinct.map((u) => `"${u}"`).join(', ')}); using "${distinct[0]}"`,
    );
  return distinct[0];
}
