/**
 * Pass 2: rows → objectives, key results and check-ins, in file order.
 *
 * - A key result belongs to the objective whose Order is its own minus the last part (KR 1.2.1
 *   → objective 1.2), which must be on a row above it. An objective with a dotted Order (1.1)
 *   is a sub-objective of the one above (`parentId`), if that one is in the same cycle (the
 *   store refuses parents across cycles).
 * - A blank Period on a top-level objective means the default cycle; on a sub-objective, its
 *   parent's cycle. Periods of key results are ignored: a key result lives in its objective's
 *   cycle (the app's own sample gives a KR the period `Y2025` under a `Q3 Y2025` objective).
 * - Ids derive from content (see `titleTag`); the KR code is `KR` + Order (`KR1.2`).
 * - A Current value different from the start becomes a check-in dated today (and the KR's
 *   `current`); equal to the start means no data yet.
 * - Owner → objective and KR `owner`; Teams → objective `team`; Weight → KR `weight`;
 *   Description → objective `description` (key results have none: dropped with a warning).
 */
import { parsePeriod } from '../../okr/dates';
import type { CheckIn, Cycle, KeyResult, Objective } from '../../okr/model';
import type { Cycles } from './cycles';
import { inferKind, readValues, unitOf } from './kind';
import { oneLine, type Row, type Rows } from './rows';
import type { Findings, OkrCsvOptions } from './types';

/** The records made, and the row each came from (to map validation issues back to rows). */
export interface Records {
  objectives: Objective[];
  keyResults: KeyResult[];
  checkIns: CheckIn[];
  rowOf: Record<'objectives' | 'keyResults' | 'checkIns', Row[]>;
}

interface Placed {
  objective: Objective;
  cycle: Cycle;
  tag: string;
}

interface Pass {
  opts: OkrCsvOptions;
  cycles: Cycles;
  decimalComma: boolean;
  found: Findings;
  table: Rows;
  out: Records;
  objectiveOfOrder: Map<string, Placed>;
  /** Orders of the rows handled so far. */
  seen: Set<string>;
  krDescriptionRows: number[];
}

const parentOrder = (order: string) => order.split('.').slice(0, -1).join('.');
const whereOf = (row: Row) => `row ${row.n} (Order ${row.order})`;

/**
 * FNV-1a of a normalised title, base 36: a short, stable tag for ids. Objective ids are
 * `csv-<cycle start>-<tag>-o<Order>` and key result ids `csv-<cycle start>-<tag>-kr<Order>`,
 * where the tag is that of the top-level objective the row belongs to: two teams' exports for
 * one quarter (both numbered 1, 1.1, …) land side by side instead of silently overwriting
 * each other. The price: renaming a top-level objective and importing again makes a second,
 * visible copy, where an overwrite would lose data unseen.
 */
function titleTag(title: string): string {
  let h = 0x811c9dc5;
  for (const ch of title.trim().toLowerCase().replace(/\s+/g, ' ')) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36).padStart(7, '0');
}

/** The cycle of an objective row; undefined (issue pushed) when its Period is not one. */
function cycleOf(row: Row, parent: Placed | undefined, pass: Pass): Cycle | undefined {
  const periodText = row.cells.period ?? '';
  if (periodText === '') return parent?.cycle ?? pass.cycles.resolve(pass.opts.defaultCycle, true);
  const period = parsePeriod(periodText);
  if (period) return pass.cycles.resolve(period, period.kind !== 'range');
  pass.found.issues.push({
    path: `${whereOf(row)}, Period`,
    message: `"${periodText}" is not a period like Q4 2026 or 2026-10-01 - 2026-12-31`,
  });
  pass.table.broken.add(row.order);
  return undefined;
}

/** A sub-objective's `parentId`, or a warning why it has none. */
function linkParent(row: Row, objective: Objective, cycle: Cycle, parent: Placed | undefined) {
  const where = whereOf(row);
  if (!parent)
    return `${where}: no objective ${parentOrder(row.order)} above it, so it is a top-level objective`;
  if (parent.cycle.id !== cycle.id)
    return `${where}: its period (${cycle.name}) differs from objective ${parentOrder(row.order)}'s (${parent.cycle.name}), so it is imported without that parent`;
  objective.parentId = parent.objective.id;
  return undefined;
}

function addObjective(row: Row, pass: Pass): void {
  const c = row.cells;
  const dotted = row.order.includes('.');
  const parent = dotted ? pass.objectiveOfOrder.get(parentOrder(row.order)) : undefined;
  const cycle = cycleOf(row, parent, pass);
  if (!cycle) return;
  // A sub-objective shares its parent's tag; a top-level one (or an orphan) has its own.
  const tag = parent?.tag ?? titleTag(row.summary);
  const objective: Objective = {
    id: `csv-${cycle.start}-${tag}-o${row.order}`,
    cycleId: cycle.id,
    title: row.summary,
  };
  if (c.description) objective.description = c.description;
  if (c.owner) objective.owner = oneLine(c.owner);
  if (c.teams) objective.team = oneLine(c.teams);
  if (dotted) {
    const warning = linkParent(row, objective, cycle, parent);
    if (warning) pass.found.warnings.push(warning);
  }
  pass.objectiveOfOrder.set(row.order, { objective, cycle, tag });
  pass.out.objectives.push(objective);
  pass.out.rowOf.objectives.push(row);
}

/** The objective a key result row belongs to; undefined (issue pushed, unless known) if none. */
function ownerOf(row: Row, pass: Pass): Placed | undefined {
  const parentKey = parentOrder(row.order);
  const owner = pass.objectiveOfOrder.get(parentKey);
  if (owner || pass.table.broken.has(parentKey)) return owner;
  const parentRow = pass.table.rowOfOrder.get(parentKey);
  const why = !row.order.includes('.')
    ? `key result ${row.order} has no objective above it (its Order needs a dot, like ${row.order}.1)`
    : parentRow?.type === 'keyResult' && pass.seen.has(parentKey)
      ? `key result ${row.order} has no objective ${parentKey} above it (${parentKey} is a key result)`
      : `key result ${row.order} has no objective ${parentKey} above it`;
  pass.found.issues.push({ path: `row ${row.n}`, message: why });
  return undefined;
}

function addKeyResult(row: Row, pass: Pass): void {
  const where = whereOf(row);
  const owner = ownerOf(row, pass);
  if (!owner) return;
  const values = readValues(row, where, pass.decimalComma, pass.found.issues);
  if (!values) return;
  const kr: KeyResult = {
    id: `csv-${owner.cycle.start}-${owner.tag}-kr${row.order}`,
    objectiveId: owner.objective.id,
    code: `KR${row.order}`,
    title: row.summary,
    kind: 'milestone',
  };
  const kind = inferKind(values, where, pass.found);
  if (!kind) return;
  Object.assign(kr, kind);
  const unit = unitOf(values.units, where, pass.found.warnings);
  if (unit !== undefined) kr.unit = unit;
  if (row.cells.owner) kr.owner = oneLine(row.cells.owner);
  if (values.weight !== undefined) kr.weight = values.weight;
  if (row.cells.description) pass.krDescriptionRows.push(row.n);
  const { current } = values;
  if (current !== undefined && current !== (kr.start ?? 0)) {
    kr.current = current;
    const { today } = pass.opts;
    pass.out.checkIns.push({
      id: `${kr.id}-${today}`,
      keyResultId: kr.id,
      at: today,
      value: current,
    });
    pass.out.rowOf.checkIns.push(row);
  }
  pass.out.keyResults.push(kr);
  pass.out.rowOf.keyResults.push(row);
}

/** Pass 2 over the rows of pass 1. */
export function buildRecords(
  table: Rows,
  opts: OkrCsvOptions,
  context: { cycles: Cycles; decimalComma: boolean; found: Findings },
): Records {
  const pass: Pass = {
    ...context,
    opts,
    table,
    out: {
      objectives: [],
      keyResults: [],
      checkIns: [],
      rowOf: { objectives: [], keyResults: [], checkIns: [] },
    },
    objectiveOfOrder: new Map(),
    seen: new Set(),
    krDescriptionRows: [],
  };
  for (const row of table.rows) {
    pass.seen.add(row.order);
    if (row.type === 'objective') addObjective(row, pass);
    else addKeyResult(row, pass);
  }
  if (pass.krDescriptionRows.length > 0)
    pass.found.warnings.push(
      `descriptions of key results are not imported (row ${pass.krDescriptionRows.join(', ')})`,
    );
  return pass.out;
}
