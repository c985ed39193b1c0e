/**
 * Pass 1: every record → a row with a valid Order, Type and Summary, or issues naming the
 * spreadsheet row and column. Blank records are skipped; work items are skipped with a warning
 * (tickets are linked from the tracker pages, not imported).
 */
import type { ValidationIssue } from '../../okr/interchange';
import type { ColumnKey, Columns } from './columns';
import type { CsvRecord, CsvTable } from './read';
import type { Findings } from './types';

export type RowType = 'objective' | 'keyResult' | 'workItem';

/** Objective / Key result / work item, in any case and spacing ("KeyResult", "KR" …). */
export function rowType(raw: string): RowType | undefined {
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

export interface Row {
  /** Spreadsheet row number: the header is row 1. */
  n: number;
  /** Normalized Order: `1.2` (leading zeros and a trailing dot dropped). */
  order: string;
  type: RowType;
  summary: string;
  cells: Partial<Record<ColumnKey, string>>;
}

export interface Rows {
  /** Objectives and key results, in file order. */
  rows: Row[];
  /** Every accepted row by Order, work items included. */
  rowOfOrder: Map<string, Row>;
  /** Orders of rows already reported: key results under them are not reported again. */
  broken: Set<string>;
}

export const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The record has more cells than the header: an issue, since its columns cannot be trusted. */
function tooWide(rec: CsvRecord, n: number, table: CsvTable, issues: ValidationIssue[]): boolean {
  const extra = rec.__parsed_extra;
  if (!Array.isArray(extra) || extra.length === 0) return false;
  const width = table.headers.length;
  const delimiter = table.delimiter === '\t' ? 'tab' : table.delimiter;
  issues.push({
    path: `row ${n}`,
    message: `${width + extra.length} fields but the header has ${width}: quote fields that contain "${delimiter}"`,
  });
  return true;
}

const isBlank = (rec: CsvRecord) =>
  Object.entries(rec)
    .filter(([k]) => k !== '__parsed_extra')
    .every(([, v]) => typeof v !== 'string' || v.trim() === '');

/** Order, Type and Summary of a record, each checked (issues pushed); undefined: not a row. */
function checkRecord(
  rec: CsvRecord,
  n: number,
  { cell }: Columns,
  issues: ValidationIssue[],
): { order: string; type?: RowType; summary: string; where: string } | undefined {
  const orderRaw = cell(rec, 'order');
  const where = orderRaw === '' ? `row ${n}` : `row ${n} (Order ${orderRaw})`;
  const orderMatch = /^\d{1,6}(\.\d{1,6}){0,5}\.?$/.test(orderRaw);
  if (orderRaw === '') issues.push({ path: `${where}, Order`, message: 'empty' });
  else if (!orderMatch)
    issues.push({ path: `${where}, Order`, message: `"${orderRaw}" is not like 1 or 1.2` });

  const typeRaw = cell(rec, 'type');
  const type = rowType(typeRaw);
  if (typeRaw === '') issues.push({ path: `${where}, Type`, message: 'empty' });
  else if (!type)
    issues.push({ path: `${where}, Type`, message: `"${typeRaw}" is not Objective or Key result` });

  const summary = oneLine(cell(rec, 'summary'));
  if (summary === '' && type !== 'workItem')
    issues.push({ path: `${where}, Summary`, message: 'empty' });

  if (orderRaw === '' || !orderMatch) return undefined;
  const order = orderRaw
    .replace(/\.$/, '')
    .split('.')
    .map((p) => String(Number(p)))
    .join('.');
  return { order, type, summary, where };
}

/** Pass 1 over all records. */
export function readRows(table: CsvTable, columns: Columns, found: Findings): Rows {
  const out: Rows = { rows: [], rowOfOrder: new Map(), broken: new Set() };
  const workItemRows: number[] = [];
  table.records.forEach((rec, i) => {
    const n = table.rowNumber(i);
    if (tooWide(rec, n, table, found.issues) || isBlank(rec)) return;
    const checked = checkRecord(rec, n, columns, found.issues);
    if (!checked) return;
    const { order, type, summary, where } = checked;
    if (!type) {
      out.broken.add(order);
      return;
    }
    const earlier = out.rowOfOrder.get(order);
    if (earlier) {
      found.issues.push({ path: `${where}, Order`, message: `already used in row ${earlier.n}` });
      return;
    }
    const cells: Row['cells'] = {};
    for (const key of columns.keys) cells[key] = columns.cell(rec, key);
    const row: Row = { n, order, type, summary, cells };
    out.rowOfOrder.set(order, row);
    if (type === 'workItem') workItemRows.push(n);
    else out.rows.push(row);
  });
  if (workItemRows.length > 0)
    found.warnings.push(
      `skipped ${workItemRows.length} work item${workItemRows.length > 1 ? 's' : ''} (row ${workItemRows.join(', ')}): link tickets from the tracker pages`,
    );
  return out;
}
