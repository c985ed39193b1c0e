/**
 * Import from the CSV layout of Appfire's "OKR for Jira" (import/export page of the app:
 * https://appfire.atlassian.net/wiki/spaces/OFJ/pages/603652686/Import+OKRs). One row per
 * objective, key result or Jira work item:
 *
 *   Order, Type, Summary, Status, Period, Owner, Weight, OKR type, Labels, Teams,
 *   Expected start date, Expected end date, Start value, Current value, Target value, Description
 *
 * Only Order, Type and Summary are required here; the other columns we read are Period, Owner,
 * Teams, Weight, Start/Current/Target value and Description. Header names match ignoring case,
 * spacing and a trailing `*` (the app's template marks required columns that way).
 *
 * - Hierarchy is in `Order`: `1`, `1.1`, `1.2.1` … A key result belongs to the objective whose
 *   Order is its own minus the last part (KR 1.2.1 → objective 1.2), which must be on a row
 *   above it. An objective with a dotted Order (1.1) is a sub-objective of the one above
 *   (`parentId`), if that one is in the same cycle (the store refuses parents across cycles).
 * - `Type`: Objective / Key result (any case; "Key Result", "KeyResult", "KR" too). Work items
 *   are skipped with a warning: tickets are linked from the tracker pages, not imported.
 * - `Period` (see `parsePeriod`): a quarter, a half, a year or a date range. A blank period on
 *   a top-level objective means `opts.defaultCycle`; on a sub-objective, its parent's cycle.
 *   Periods of key results are ignored: a KR lives in its objective's cycle (the app's own
 *   sample gives a KR the period `Y2025` under a `Q3 Y2025` objective).
 * - Cycles: a period reuses an existing cycle with the same name (also spelled differently:
 *   "2026 Q4" finds "Q4 2026") or else the same start and end, so objectives land in the
 *   user's own Q4; a date range matches by dates only. Otherwise a cycle is created with id
 *   `q-<start>` for a calendar quarter, `c-<start>-<end>` for anything else (suffixed `-2`, …
 *   if an unrelated existing cycle already has that id; named by its dates if one already has
 *   its name).
 * - Ids are derived from content, so importing the same CSV again updates in place (the
 *   store merges by id): objective `csv-<cycle start>-<tag>-o<Order>`, key result
 *   `csv-<cycle start>-<tag>-kr<Order>`, check-in `<key result id>-<today>`, where <tag> is a
 *   short hash of the title of the top-level objective the row belongs to. Without the tag two
 *   teams' exports for the same quarter (both numbered 1, 1.1, …) would silently overwrite each
 *   other; with it they land side by side (or clash loudly on KR codes). The price: renaming a
 *   top-level objective in Jira and importing again creates a second copy, which is visible
 *   and can be deleted, where an overwrite would lose data unseen.
 * - KR code: `KR` + Order (`KR1.2`).
 * - Kind, from start and target (the app has no kind column):
 *     both blank, or start 0 and target 1 (done / not done)  → milestone;
 *     target > start → increase; target < start → decrease;
 *     target = start → maintain (keep at least that value), with a warning;
 *     a target without a start counts from 0 (warning); a start without a target is an error.
 * - Numbers are read leniently: `1,200`, `1 200`, `40%` (unit `%`), `$5` (unit `$`), `12 ms`
 *   (unit `ms`). In a `;`-delimited file (European Excel) a comma is the decimal separator
 *   (`12,5` → 12.5); elsewhere `1,200` is twelve hundred and `1,5` one and a half.
 * - A Current value different from the start becomes a check-in dated `opts.today` (and the
 *   KR's `current`), so the KR shows a value; equal to start means no data yet.
 * - Owner → objective `owner` and KR `owner`; Teams → objective `team`; Weight → KR `weight`;
 *   Description → objective `description` (key results have none: dropped with a warning).
 *
 * Errors name the spreadsheet row (the header is row 1) and the column, e.g.
 * `row 4 (Order 1.2), Target value: "abc" is not a number`. The result is checked with
 * `validateInterchange` before it is returned. Pure: papaparse and lib/okr only.
 */
import Papa from 'papaparse';
import {
  INTERCHANGE_FORMAT,
  INTERCHANGE_VERSION,
  validateInterchange,
  type InterchangeFile,
  type ValidationIssue,
} from '../okr/interchange';
import { isoDate, type CheckIn, type Cycle, type KeyResult, type Objective } from '../okr/model';
import { parseLooseNumber } from '../okr/numbers';

export interface CsvCycleSpec {
  name: string;
  start: string;
  end: string;
}

export interface OkrCsvOptions {
  /** `YYYY-MM-DD`: the date of check-ins made from Current values. */
  today: string;
  /** The cycle of top-level objectives whose Period is blank. */
  defaultCycle: CsvCycleSpec;
  /** Cycles already stored: a period with the same name or dates lands in them. */
  existingCycles?: readonly (CsvCycleSpec & { id: string })[];
}

export type OkrCsvResult =
  | { ok: true; data: InterchangeFile; warnings: string[] }
  | { ok: false; issues: ValidationIssue[] };

// ---------------------------------------------------------------------------------------------
// Columns

type ColumnKey =
  | 'order'
  | 'type'
  | 'summary'
  | 'period'
  | 'owner'
  | 'teams'
  | 'weight'
  | 'start'
  | 'current'
  | 'target'
  | 'description';

/** Column key → the name used in messages, and the header spellings accepted. */
const COLUMNS: Record<ColumnKey, { label: string; names: string[] }> = {
  order: { label: 'Order', names: ['order'] },
  type: { label: 'Type', names: ['type'] },
  summary: { label: 'Summary', names: ['summary'] },
  period: { label: 'Period', names: ['period'] },
  owner: { label: 'Owner', names: ['owner'] },
  teams: { label: 'Teams', names: ['teams', 'team'] },
  weight: { label: 'Weight', names: ['weight'] },
  start: { label: 'Start value', names: ['start value', 'start'] },
  current: { label: 'Current value', names: ['current value', 'current'] },
  target: { label: 'Target value', names: ['target value', 'target'] },
  description: { label: 'Description', names: ['description'] },
};
const REQUIRED: readonly ColumnKey[] = ['order', 'type', 'summary'];
/** Columns of the app's layout we read nothing from: ignored without a warning. */
const KNOWN_UNUSED = ['status', 'okr type', 'labels', 'expected start date', 'expected end date'];

const normHeader = (h: string) =>
  h
    .replace(/^\uFEFF/, '')
    .replace(/\*+\s*$/, '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();

const columnOf = (header: string): ColumnKey | undefined =>
  (Object.keys(COLUMNS) as ColumnKey[]).find((k) => COLUMNS[k].names.includes(normHeader(header)));

// ---------------------------------------------------------------------------------------------
// Periods and dates

const pad = (n: number) => String(n).padStart(2, '0');
const isRealDate = (s: string) => isoDate.safeParse(s).success;
const lastDayOf = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const spanOfMonths = (year: number, first: number, last: number) => ({
  start: `${year}-${pad(first)}-01`,
  end: `${year}-${pad(last)}-${pad(lastDayOf(year, last))}`,
});
const fullYear = (y: string) => (y.length === 2 ? 2000 + Number(y) : Number(y));

export interface ParsedPeriod extends CsvCycleSpec {
  /** `range`: given as dates, matched to existing cycles by dates only. */
  kind: 'quarter' | 'half' | 'year' | 'range';
}

/** The calendar quarter `start`–`end` spans exactly, as "Q4 2026", if it is one. */
function quarterName(start: string, end: string): string | undefined {
  const year = Number(start.slice(0, 4));
  for (let q = 1; q <= 4; q++) {
    const span = spanOfMonths(year, 3 * q - 2, 3 * q);
    if (span.start === start && span.end === end) return `Q${q} ${year}`;
  }
  return undefined;
}

/**
 * A Period cell → a cycle. Accepted (any case, spaces or `-` `/` between the parts):
 * quarters `Q4 2026`, `2026 Q4`, `Q4-2026`, `Q4/26`, `Q3 Y2025` (the app's spelling); halves
 * `H1 2026`; years `2026`, `Y2026`; date ranges `2026-10-01 - 2026-12-31` (also `–`, `to`,
 * `..`). Undefined when the text is none of these or names days that don't exist.
 */
export function parsePeriod(text: string): ParsedPeriod | undefined {
  const t = text.trim().replace(/\s+/g, ' ').toUpperCase();
  const sep = `[\\s\\-/']*`;
  const year = `Y?(\\d{4}|\\d{2})`;
  const ahead = new RegExp(`^([QH])([1-4])${sep}${year}$`).exec(t);
  const behind = new RegExp(`^Y?(\\d{4})${sep}([QH])([1-4])$`).exec(t);
  const part = ahead
    ? { letter: ahead[1], n: Number(ahead[2]), y: fullYear(ahead[3]!) }
    : behind
      ? { letter: behind[2], n: Number(behind[3]), y: Number(behind[1]) }
      : undefined;
  if (part) {
    const { letter, n, y } = part;
    if (letter === 'Q')
      return { kind: 'quarter', name: `Q${n} ${y}`, ...spanOfMonths(y, 3 * n - 2, 3 * n) };
    if (n <= 2) return { kind: 'half', name: `H${n} ${y}`, ...spanOfMonths(y, 6 * n - 5, 6 * n) };
    return undefined;
  }
  let m = /^Y?(\d{4})$/.exec(t);
  if (m) return { kind: 'year', name: m[1]!, ...spanOfMonths(Number(m[1]), 1, 12) };
  m = /^(\d{4}-\d{2}-\d{2}) ?(?:-|–|—|TO|\.\.) ?(\d{4}-\d{2}-\d{2})$/.exec(t);
  if (m) {
    const [, start, end] = m as unknown as [string, string, string];
    if (!isRealDate(start) || !isRealDate(end) || end < start) return undefined;
    return { kind: 'range', name: quarterName(start, end) ?? `${start} – ${end}`, start, end };
  }
  return undefined;
}

/** What makes two cycle names the same: "2026 q4" = "Q4 2026"; otherwise case and spacing. */
const nameKey = (name: string) =>
  parsePeriod(name)?.name.toLowerCase() ?? name.trim().replace(/\s+/g, ' ').toLowerCase();

// ---------------------------------------------------------------------------------------------
// Rows

type RowType = 'objective' | 'keyResult' | 'workItem';

function rowType(raw: string): RowType | undefined {
  const t = raw
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
  if (t === 'objective' || t === 'subobjective') return 'objective';
  if (t === 'keyresult' || t === 'kr') return 'keyResult';
  if (t === 'workitem' || t === 'jiraworkitem' || t === 'issue' || t === 'jiraissue')
    return 'workItem';
  return undefined;
}

interface Row {
  /** Spreadsheet row number: the header is row 1. */
  n: number;
  /** Normalized Order: `1.2` (leading zeros and a trailing dot dropped). */
  order: string;
  type: RowType;
  summary: string;
  cells: Partial<Record<ColumnKey, string>>;
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
const parentOrder = (order: string) => order.split('.').slice(0, -1).join('.');

/** Import an "OKR for Jira" CSV export (see the top of this file for the rules). */
export function parseOkrForJiraCsv(text: string, opts: OkrCsvOptions): OkrCsvResult {
  const issues: ValidationIssue[] = [];
  const warnings: string[] = [];
  const fail = (path: string, message: string): OkrCsvResult => ({
    ok: false,
    issues: [{ path, message }],
  });

  if (!isRealDate(opts.today)) return fail('today', `"${opts.today}" is not a YYYY-MM-DD date`);
  const dc = opts.defaultCycle;
  if (!isRealDate(dc.start) || !isRealDate(dc.end) || dc.end < dc.start || !dc.name.trim())
    return fail('defaultCycle', 'needs a name and a start and end date (YYYY-MM-DD, in order)');

  // U+FFFD marks bytes the reader could not decode: the file was not UTF-8 (Excel's plain "CSV"
  // is Windows-1252). The options page decodes such files as Windows-1252 itself; text that
  // still carries U+FFFD gets a warning rather than silently garbled titles.
  if (text.includes('\uFFFD'))
    warnings.push(
      'some characters could not be read: the file is probably not UTF-8 (in Excel, save as "CSV UTF-8")',
    );
  // Text → records. Lines before the header are counted so row numbers match a spreadsheet.
  let body = text.replace(/^\uFEFF/, '');
  let skippedLines = 0;
  while (/^[ \t]*\r?\n/.test(body)) {
    body = body.replace(/^[ \t]*\r?\n/, '');
    skippedLines++;
  }
  if (body.trim() === '') return fail('(file)', 'the file is empty');
  if (/^\s*[{[]/.test(body))
    return fail('(file)', 'this looks like JSON, not CSV: import it as an OKR Lens file');
  // Excel's "sep=;" first line names the delimiter.
  let delimiter: string | undefined;
  const sepLine = /^sep=(.)\r?\n/i.exec(body);
  if (sepLine) {
    delimiter = sepLine[1];
    body = body.slice(sepLine[0].length);
    skippedLines++;
  }
  // Guess on non-blank lines (blank lines make every candidate look inconsistent).
  delimiter ??= Papa.parse(body, { preview: 20, skipEmptyLines: 'greedy' }).meta.delimiter;
  // skipEmptyLines stays off so record i is spreadsheet row i + 2; blank rows are skipped below.
  const parsed = Papa.parse<Record<string, string | string[] | undefined>>(body, {
    header: true,
    delimiter,
    skipEmptyLines: false,
  });
  const rowNumber = (dataIndex: number) => dataIndex + 2 + skippedLines;

  const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
  if (quoteError)
    // Quote errors count the header as record 0.
    return fail(
      `row ${(quoteError.row ?? 0) + 1 + skippedLines}`,
      'a quoted field is not closed or has text after its closing quote (check the " marks)',
    );

  const headers = parsed.meta.fields ?? [];
  const columns = new Map<ColumnKey, string>();
  const ignored: string[] = [];
  for (const h of headers) {
    const key = columnOf(h);
    if (key && !columns.has(key)) columns.set(key, h);
    else if (normHeader(h) !== '' && !KNOWN_UNUSED.includes(normHeader(h))) ignored.push(h.trim());
  }
  for (const key of REQUIRED)
    if (!columns.has(key))
      issues.push({ path: '(file)', message: `missing column "${COLUMNS[key].label}"` });
  if (issues.length > 0) {
    if (headers.length === 1)
      issues.push({
        path: '(file)',
        message: 'the header has a single column: is the file comma, semicolon or tab separated?',
      });
    return { ok: false, issues };
  }
  if (ignored.length > 0) warnings.push(`ignored columns: ${ignored.join(', ')}`);

  const cell = (rec: Record<string, string | string[] | undefined>, key: ColumnKey) => {
    const h = columns.get(key);
    const v = h === undefined ? undefined : rec[h];
    return typeof v === 'string' ? v.trim() : '';
  };
  const decimalComma = delimiter === ';';

  // Pass 1: every record → a Row, or issues.
  const rows: Row[] = [];
  const rowOfOrder = new Map<string, Row>();
  /** Orders of rows already reported: key results under them are not reported again. */
  const broken = new Set<string>();
  const workItemRows: number[] = [];
  parsed.data.forEach((rec, i) => {
    const n = rowNumber(i);
    const extra = rec.__parsed_extra;
    const values = Object.entries(rec)
      .filter(([k]) => k !== '__parsed_extra')
      .map(([, v]) => (typeof v === 'string' ? v.trim() : ''));
    if (Array.isArray(extra) && extra.length > 0) {
      issues.push({
        path: `row ${n}`,
        message: `${headers.length + extra.length} fields but the header has ${headers.length}: quote fields that contain "${delimiter === '\t' ? 'tab' : delimiter}"`,
      });
      return;
    }
    if (values.every((v) => v === '')) return;

    const orderRaw = cell(rec, 'order');
    const where = orderRaw === '' ? `row ${n}` : `row ${n} (Order ${orderRaw})`;
    const orderMatch = /^\d{1,6}(\.\d{1,6}){0,5}\.?$/.test(orderRaw);
    if (orderRaw === '') issues.push({ path: `${where}, Order`, message: 'empty' });
    else if (!orderMatch)
      issues.push({ path: `${where}, Order`, message: `"${orderRaw}" is not like 1 or 1.2` });
    const order = orderRaw
      .replace(/\.$/, '')
      .split('.')
      .map((p) => String(Number(p)))
      .join('.');

    const typeRaw = cell(rec, 'type');
    const type = rowType(typeRaw);
    if (typeRaw === '') issues.push({ path: `${where}, Type`, message: 'empty' });
    else if (!type)
      issues.push({
        path: `${where}, Type`,
        message: `"${typeRaw}" is not Objective or Key result`,
      });

    const summary = oneLine(cell(rec, 'summary'));
    if (summary === '' && type !== 'workItem')
      issues.push({ path: `${where}, Summary`, message: 'empty' });

    if (orderRaw === '' || !orderMatch) return;
    if (!type) {
      broken.add(order);
      return;
    }
    const earlier = rowOfOrder.get(order);
    if (earlier) {
      issues.push({ path: `${where}, Order`, message: `already used in row ${earlier.n}` });
      return;
    }
    const cells: Partial<Record<ColumnKey, string>> = {};
    for (const key of columns.keys()) cells[key] = cell(rec, key);
    const row: Row = { n, order, type, summary, cells };
    rowOfOrder.set(order, row);
    if (type === 'workItem') workItemRows.push(n);
    else rows.push(row);
  });
  if (workItemRows.length > 0)
    warnings.push(
      `skipped ${workItemRows.length} work item${workItemRows.length > 1 ? 's' : ''} (row ${workItemRows.join(', ')}): link tickets from the tracker pages`,
    );

  // Cycles: existing ones first, then those this file creates.
  const existing: Cycle[] = (opts.existingCycles ?? []).map(({ id, name, start, end }) => ({
    id,
    name,
    start,
    end,
  }));
  const created: Cycle[] = [];
  const resolveCycle = (spec: CsvCycleSpec, byNameToo: boolean): Cycle => {
    const pool = [...existing, ...created];
    const sameDates = (c: Cycle) => c.start === spec.start && c.end === spec.end;
    const sameName = (c: Cycle) => nameKey(c.name) === nameKey(spec.name);
    const found = byNameToo
      ? (pool.find((c) => sameName(c) && sameDates(c)) ??
        pool.find(sameName) ??
        pool.find(sameDates))
      : pool.find(sameDates);
    if (found) return found;
    const base =
      quarterName(spec.start, spec.end) !== undefined
        ? `q-${spec.start}`
        : `c-${spec.start}-${spec.end}`;
    let id = base;
    for (let k = 2; pool.some((c) => c.id === id); k++) id = `${base}-${k}`;
    // Two cycles called "Q4 2026" would confuse: name the new one by its dates then.
    const name = pool.some(sameName) ? `${spec.start} – ${spec.end}` : spec.name.trim();
    const cycle = { id, name, start: spec.start, end: spec.end };
    created.push(cycle);
    return cycle;
  };

  // Pass 2: objectives and key results, in file order.
  const objectives: Objective[] = [];
  const keyResults: KeyResult[] = [];
  const checkIns: CheckIn[] = [];
  /** For mapping validation issues back to rows. */
  const rowOf = { objectives: [] as Row[], keyResults: [] as Row[], checkIns: [] as Row[] };
  const objectiveOfOrder = new Map<string, { objective: Objective; cycle: Cycle; tag: string }>();
  const krDescriptionRows: number[] = [];
  const seen = new Set<string>();

  for (const row of rows) {
    const where = `row ${row.n} (Order ${row.order})`;
    const c = row.cells;
    seen.add(row.order);
    if (row.type === 'objective') {
      const parent = row.order.includes('.')
        ? objectiveOfOrder.get(parentOrder(row.order))
        : undefined;
      let cycle: Cycle;
      const periodText = c.period ?? '';
      if (periodText !== '') {
        const period = parsePeriod(periodText);
        if (!period) {
          issues.push({
            path: `${where}, Period`,
            message: `"${periodText}" is not a period like Q4 2026 or 2026-10-01 - 2026-12-31`,
          });
          broken.add(row.order);
          continue;
        }
        cycle = resolveCycle(period, period.kind !== 'range');
      } else cycle = parent?.cycle ?? resolveCycle(dc, true);

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
      if (row.order.includes('.')) {
        if (!parent)
          warnings.push(
            `${where}: no objective ${parentOrder(row.order)} above it, so it is a top-level objective`,
          );
        else if (parent.cycle.id !== cycle.id)
          warnings.push(
            `${where}: its period (${cycle.name}) differs from objective ${parentOrder(row.order)}'s (${parent.cycle.name}), so it is imported without that parent`,
          );
        else objective.parentId = parent.objective.id;
      }
      objectiveOfOrder.set(row.order, { objective, cycle, tag });
      objectives.push(objective);
      rowOf.objectives.push(row);
      continue;
    }

    // A key result.
    const parentKey = parentOrder(row.order);
    const owner = objectiveOfOrder.get(parentKey);
    if (!owner) {
      if (broken.has(parentKey)) continue;
      const parentRow = rowOfOrder.get(parentKey);
      const why =
        row.order.includes('.') === false
          ? `key result ${row.order} has no objective above it (its Order needs a dot, like ${row.order}.1)`
          : parentRow?.type === 'keyResult' && seen.has(parentKey)
            ? `key result ${row.order} has no objective ${parentKey} above it (${parentKey} is a key result)`
            : `key result ${row.order} has no objective ${parentKey} above it`;
      issues.push({ path: `row ${row.n}`, message: why });
      continue;
    }
    const nums: Partial<Record<'start' | 'current' | 'target' | 'weight', number>> = {};
    const units: string[] = [];
    let bad = false;
    for (const key of ['target', 'start', 'current', 'weight'] as const) {
      const p = parseLooseNumber(c[key] ?? '', decimalComma);
      if (p === undefined) continue;
      if ('error' in p) {
        issues.push({ path: `${where}, ${COLUMNS[key].label}`, message: p.error });
        bad = true;
        continue;
      }
      nums[key] = p.value;
      if (p.unit !== undefined && key !== 'weight') units.push(p.unit);
    }
    if (bad) continue;
    if (nums.weight !== undefined && nums.weight < 0) {
      issues.push({ path: `${where}, Weight`, message: 'must be zero or more' });
      continue;
    }

    const kr: KeyResult = {
      id: `csv-${owner.cycle.start}-${owner.tag}-kr${row.order}`,
      objectiveId: owner.objective.id,
      code: `KR${row.order}`,
      title: row.summary,
      kind: 'milestone',
    };
    let { start } = nums;
    const { target, current } = nums;
    if (start === undefined && target === undefined) {
      // A milestone: done or not done.
    } else if (target === undefined) {
      issues.push({
        path: `${where}, Target value`,
        message: `empty, but the start value is ${start}: a key result needs a target`,
      });
      continue;
    } else {
      if (start === undefined) {
        if (target === 0) {
          issues.push({
            path: `${where}, Start value`,
            message: 'empty, and the target is 0: give the value to start from',
          });
          continue;
        }
        start = 0;
        warnings.push(`${where}: no start value, so it counts from 0`);
      }
      kr.start = start;
      kr.target = target;
      if (start === 0 && target === 1) kr.kind = 'milestone';
      else if (target > start) kr.kind = 'increase';
      else if (target < start) kr.kind = 'decrease';
      else {
        kr.kind = 'maintain';
        kr.direction = 'atLeast';
        warnings.push(
          `${where}: start and target are both ${target}, so it is imported as "keep at least ${target}" (change it to "at most" if lower is better)`,
        );
      }
    }
    const distinctUnits = [...new Set(units)];
    if (distinctUnits.length > 0) kr.unit = distinctUnits[0];
    if (distinctUnits.length > 1)
      warnings.push(
        `${where}: the values have different units (${distinctUnits.map((u) => `"${u}"`).join(', ')}); using "${distinctUnits[0]}"`,
      );
    if (c.owner) kr.owner = oneLine(c.owner);
    if (nums.weight !== undefined) kr.weight = nums.weight;
    if (c.description) krDescriptionRows.push(row.n);
    if (current !== undefined && current !== (kr.start ?? 0)) {
      kr.current = current;
      checkIns.push({
        id: `${kr.id}-${opts.today}`,
        keyResultId: kr.id,
        at: opts.today,
        value: current,
      });
      rowOf.checkIns.push(row);
    }
    keyResults.push(kr);
    rowOf.keyResults.push(row);
  }
  if (krDescriptionRows.length > 0)
    warnings.push(
      `descriptions of key results are not imported (row ${krDescriptionRows.join(', ')})`,
    );

  if (issues.length > 0) return { ok: false, issues: byRow(issues) };
  if (objectives.length === 0 && keyResults.length === 0)
    return fail('(file)', 'no objectives or key results below the header');

  const usedCycles = new Set(objectives.map((o) => o.cycleId));
  const file = {
    format: INTERCHANGE_FORMAT,
    version: INTERCHANGE_VERSION,
    // Matched existing cycles are carried as they are, so the file stands on its own.
    cycles: [...existing, ...created].filter((cy) => usedCycles.has(cy.id)),
    objectives,
    keyResults,
    checkIns,
    links: [],
    tickets: [],
  };
  const result = validateInterchange(file);
  if (!result.ok)
    return { ok: false, issues: byRow(result.issues.map((i) => toRowIssue(i, rowOf))) };
  return { ok: true, data: result.data, warnings };
}

/** Issues in the order of the rows they name (stable; issues without a row first). */
function byRow(issues: ValidationIssue[]): ValidationIssue[] {
  const rowNo = (i: ValidationIssue) => Number(/^row (\d+)/.exec(i.path)?.[1] ?? 0);
  return issues
    .map((issue, k) => ({ issue, k }))
    .sort((a, b) => rowNo(a.issue) - rowNo(b.issue) || a.k - b.k)
    .map((x) => x.issue);
}

/** Record field → the CSV column it came from. */
const FIELD_COLUMN: Record<string, string> = {
  title: 'Summary',
  description: 'Description',
  owner: 'Owner',
  team: 'Teams',
  start: 'Start value',
  target: 'Target value',
  current: 'Current value',
  value: 'Current value',
  weight: 'Weight',
  code: 'Order',
  id: 'Order',
};

/** `keyResults[3].title: …` → `row 9 (Order 2.1), Summary: …`; other paths stay as they are. */
function toRowIssue(
  issue: ValidationIssue,
  rowOf: Record<'objectives' | 'keyResults' | 'checkIns', Row[]>,
): ValidationIssue {
  const m = /^(objectives|keyResults|checkIns)\[(\d+)\](?:\.(\w+))?/.exec(issue.path);
  const row = m ? rowOf[m[1] as keyof typeof rowOf][Number(m[2])] : undefined;
  if (!m || !row) return issue;
  const column = m[3] === undefined ? undefined : FIELD_COLUMN[m[3]];
  const where = `row ${row.n} (Order ${row.order})`;
  return { path: column ? `${where}, ${column}` : where, message: issue.message };
}

/** FNV-1a of a normalised title, base 36: a short, stable tag for ids. */
function titleTag(title: string): string {
  let h = 0x811c9dc5;
  for (const ch of title.trim().toLowerCase().replace(/\s+/g, ' ')) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36).padStart(7, '0');
}
