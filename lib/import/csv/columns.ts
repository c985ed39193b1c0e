/**
 * The header row → which column holds what. Header names match ignoring case, spacing and a
 * trailing `*` (the app's template marks required columns that way); Order, Type and Summary
 * are required, the app's other columns we read nothing from are ignored silently, and
 * unknown ones with a warning.
 */
import type { ValidationIssue } from '../../okr/interchange';
import type { CsvRecord } from './read';

export type ColumnKey =
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
export const COLUMNS: Record<ColumnKey, { label: string; names: string[] }> = {
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

/** The cells of one record by column, trimmed ('' for a missing column or cell). */
export type CellReader = (rec: CsvRecord, key: ColumnKey) => string;

export interface Columns {
  ok: true;
  /** The columns present (first header of each kind wins). */
  keys: ColumnKey[];
  cell: CellReader;
  warnings: string[];
}

/** Map the header, or refuse the file when a required column is missing. */
export function mapColumns(
  headers: readonly string[],
): Columns | { ok: false; issues: ValidationIssue[] } {
  const columns = new Map<ColumnKey, string>();
  const ignored: string[] = [];
  for (const h of headers) {
    const key = columnOf(h);
    if (key && !columns.has(key)) columns.set(key, h);
    else if (normHeader(h) !== '' && !KNOWN_UNUSED.includes(normHeader(h))) ignored.push(h.trim());
  }
  const issues = REQUIRED.filter((key) => !columns.has(key)).map((key) => ({
    path: '(file)',
    message: `missing column "${COLUMNS[key].label}"`,
  }));
  if (issues.length > 0) {
    if (headers.length === 1)
      issues.push({
        path: '(file)',
        message: 'the header has a single column: is the file comma, semicolon or tab separated?',
      });
    return { ok: false, issues };
  }
  const cell: CellReader = (rec, key) => {
    const h = columns.get(key);
    const v = h === undefined ? undefined : rec[h];
    return typeof v === 'string' ? v.trim() : '';
  };
  const warnings = ignored.length > 0 ? [`ignored columns: ${ignored.join(', ')}`] : [];
  return { ok: true, keys: [...columns.keys()], cell, warnings };
}
