/**
 * Import from the CSV layout of Appfire's "OKR for Jira" (import/export page of the app:
 * https://appfire.atlassian.net/wiki/spaces/OFJ/pages/603652686/Import+OKRs). One row per
 * objective, key result or Jira work item:
 *
 *   Order, Type, Summary, Status, Period, Owner, Weight, OKR type, Labels, Teams,
 *   Expected start date, Expected end date, Start value, Current value, Target value, Description
 *
 * Only Order, Type and Summary are required; the other columns read are Period, Owner, Teams,
 * Weight, Start/Current/Target value and Description. Hierarchy is in `Order` (`1`, `1.1`,
 * `1.2.1`); `Type` is Objective or Key result (work items are skipped with a warning). The
 * steps, each in lib/import/csv/:
 *
 *   read.ts     text → records (papaparse; BOM, blank lines and `sep=` before the header)
 *   columns.ts  header → columns (names match ignoring case, spacing and a trailing `*`)
 *   rows.ts     pass 1: records → rows with a valid Order, Type and Summary
 *   cycles.ts   periods (parsed by `parsePeriod` in lib/okr/dates.ts) → existing or new cycles
 *   kind.ts     a key result's numbers and kind (increase, decrease, maintain, milestone)
 *   build.ts    pass 2: rows → objectives, key results, check-ins; ids derived from content, so
 *               importing the same CSV again updates in place
 *   issues.ts   issues sorted by row; validation paths mapped back to row and column
 *
 * Errors name the spreadsheet row (the header is row 1) and the column, e.g.
 * `row 4 (Order 1.2), Target value: "abc" is not a number`. The result is checked with
 * `validateInterchange` before it is returned. Pure: papaparse and lib/okr only.
 */
import { isIsoDate } from '../okr/dates';
import {
  INTERCHANGE_FORMAT,
  INTERCHANGE_VERSION,
  validateInterchange,
  type InterchangeFile,
} from '../okr/interchange';
import { buildRecords, type Records } from './csv/build';
import { mapColumns } from './csv/columns';
import { cycles as cyclePool, type Cycles } from './csv/cycles';
import { byRow, toRowIssue } from './csv/issues';
import { decodingWarnings, readCsv } from './csv/read';
import { readRows } from './csv/rows';
import {
  fail,
  type CsvRefusal,
  type Findings,
  type OkrCsvOptions,
  type OkrCsvResult,
} from './csv/types';

export type { CsvCycleSpec, OkrCsvOptions, OkrCsvResult } from './csv/types';
export { parsePeriod, type ParsedPeriod } from '../okr/dates';

/** The options that no file can fix, checked first. */
function checkOptions(opts: OkrCsvOptions): CsvRefusal | undefined {
  if (!isIsoDate(opts.today)) return fail('today', `"${opts.today}" is not a YYYY-MM-DD date`);
  const dc = opts.defaultCycle;
  if (!isIsoDate(dc.start) || !isIsoDate(dc.end) || dc.end < dc.start || !dc.name.trim())
    return fail('defaultCycle', 'needs a name and a start and end date (YYYY-MM-DD, in order)');
  return undefined;
}

/** The records as an interchange file, validated; issues name rows. */
function toFile(records: Records, pool: Cycles, warnings: string[]): OkrCsvResult {
  const { objectives, keyResults, checkIns, rowOf } = records;
  if (objectives.length === 0 && keyResults.length === 0)
    return fail('(file)', 'no objectives or key results below the header');
  const file: InterchangeFile = {
    format: INTERCHANGE_FORMAT,
    version: INTERCHANGE_VERSION,
    // Matched existing cycles are carried as they are, so the file stands on its own.
    cycles: pool.used(new Set(objectives.map((o) => o.cycleId))),
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

/** Import an "OKR for Jira" CSV export (see the top of this file and lib/import/csv/). */
export function parseOkrForJiraCsv(text: string, opts: OkrCsvOptions): OkrCsvResult {
  const refused = checkOptions(opts);
  if (refused) return refused;
  const found: Findings = { issues: [], warnings: decodingWarnings(text) };
  const table = readCsv(text);
  if (!table.ok) return table;
  const columns = mapColumns(table.headers);
  if (!columns.ok) return columns;
  found.warnings.push(...columns.warnings);

  const rows = readRows(table, columns, found);
  const pool = cyclePool(opts.existingCycles);
  const decimalComma = table.delimiter === ';';
  const records = buildRecords(rows, opts, { cycles: pool, decimalComma, found });
  if (found.issues.length > 0) return { ok: false, issues: byRow(found.issues) };
  return toFile(records, pool, found.warnings);
}
