/**
 * The store's errors. Bad input is a `UserError` (lib/okr/errors.ts: a message and the form
 * field it belongs to); a bad interchange file is an `ImportError` carrying every issue with
 * its path. A failure of the database itself (full disk, failed upgrade) is neither: the user
 * did nothing wrong, so `describeDbFailure` says in plain words what happened and that the
 * data already stored is safe.
 */
import { UserError } from '../okr/errors';
import { describeIssues } from '../okr/interchange';
import type { ValidationIssue } from '../okr/interchange';

export { UserError };

/** An interchange file that failed validation; nothing was written. */
export class ImportError extends UserError {
  override name = 'ImportError';
  declare readonly issues: ValidationIssue[];
  constructor(issues: ValidationIssue[]) {
    super(`The file was not imported: ${describeIssues(issues)}`, issues[0]?.path, issues);
  }
}

/** The names of an error and of what it wraps (Dexie wraps the browser's errors). */
function errorNames(e: unknown): Set<string> {
  const names = new Set<string>();
  for (let x: unknown = e, depth = 0; x && typeof x === 'object' && depth < 4; depth++) {
    const err = x as { name?: unknown; inner?: unknown; failures?: unknown[] };
    if (typeof err.name === 'string') names.add(err.name);
    for (const f of err.failures ?? [])
      if (f && typeof f === 'object') names.add(String((f as Error).name));
    x = err.inner;
  }
  return names;
}

const OPEN_FAILURES = ['UpgradeError', 'VersionError', 'OpenFailedError', 'DatabaseClosedError'];

/** A plain-language message for an unexpected failure of a request. */
export function describeDbFailure(e: unknown): string {
  const names = errorNames(e);
  const text = e instanceof Error ? e.message : String(e);
  if (names.has('QuotaExceededError') || /QuotaExceeded/.test(text))
    return "Your browser has no room left for OKR Lens's data, so nothing was saved. Free up disk space (or clear other sites' data) and try again; your existing data is intact.";
  if (OPEN_FAILURES.some((n) => names.has(n)))
    return `OKR Lens could not open or upgrade its database; nothing was changed and the data already stored is untouched. Reload the extension; if it persists, report the problem (${text}).`;
  return `Something went wrong: ${text}`;
}
