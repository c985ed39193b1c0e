/** Issues in spreadsheet terms: sorted by row, and validation paths mapped back to row and column. */
import type { ValidationIssue } from '../../okr/interchange';
import type { Records } from './build';

/** Issues in the order of the rows they name (stable; issues without a row first). */
export function byRow(issues: ValidationIssue[]): ValidationIssue[] {
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
export function toRowIssue(issue: ValidationIssue, rowOf: Records['rowOf']): ValidationIssue {
  const m = /^(objectives|keyResults|checkIns)\[(\d+)\](?:\.(\w+))?/.exec(issue.path);
  const row = m ? rowOf[m[1] as keyof typeof rowOf][Number(m[2])] : undefined;
  if (!m || !row) return issue;
  const column = m[3] === undefined ? undefined : FIELD_COLUMN[m[3]];
  const where = `row ${row.n} (Order ${row.order})`;
  return { path: column ? `${where}, ${column}` : where, message: issue.message };
}
