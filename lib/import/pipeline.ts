/**
 * The import pipeline's pure part, from a file's bytes to the interchange data the store is
 * asked to import, and from the store's answer to the text the user reads. The request itself
 * is sent by the options page. Pure: lib/okr and the CSV importer only.
 */
import { parseOkrForJiraCsv } from './csv';
import { decodeImportBytes } from './decode';
import { countText } from './progress';
import { describeIssues, parseJsonText } from '../okr/interchange';
import type { ValidationIssue } from '../okr/interchange';
import { quarterOf } from '../okr/dates';
import type { Cycle } from '../okr/model';

/** What the Import / Export panel shows after an import: what was imported, or why nothing was. */
export type ImportOutcome =
  | { ok: true; summary: string; warnings?: string[] }
  | { ok: false; message: string; issues?: ValidationIssue[] };

export type ImportFailure = Extract<ImportOutcome, { ok: false }>;

/** The file as picked: its name and MIME type decide between CSV and JSON. */
export interface ImportSource {
  name: string;
  type: string;
}

/** Added and updated records per kind, as the store answers an import. */
export type ImportTally = Readonly<Record<string, { added: number; updated: number }>>;

export type PreparedImport =
  { ok: true; data: unknown; warnings: string[] } | { ok: false; outcome: ImportFailure };

/** A `.csv` name or a `text/csv` type is a CSV export of "OKR for Jira"; anything else is JSON. */
export function isCsv(source: ImportSource): boolean {
  return /\.csv$/i.test(source.name) || source.type === 'text/csv';
}

/**
 * Bytes → text → data for the `importFile` request. A CSV's blank periods land in the quarter
 * of `today`, and periods naming a stored cycle land in it. Nothing here touches the store.
 */
export function prepareImport(
  bytes: Uint8Array,
  source: ImportSource,
  ctx: { today: string; cycles: readonly Cycle[] },
): PreparedImport {
  const csv = isCsv(source);
  const decoded = decodeImportBytes(bytes, csv ? 'csv' : 'json');
  if (!decoded.ok) return { ok: false, outcome: { ok: false, message: decoded.message } };
  const { text, warnings } = decoded;
  if (csv) {
    const r = parseOkrForJiraCsv(text, {
      today: ctx.today,
      defaultCycle: quarterOf(ctx.today),
      existingCycles: ctx.cycles,
    });
    if (!r.ok)
      return {
        ok: false,
        outcome: {
          ok: false,
          message: `The CSV has ${r.issues.length} problem(s).`,
          issues: r.issues,
        },
      };
    return { ok: true, data: r.data, warnings: [...warnings, ...r.warnings] };
  }
  const parsed = parseJsonText(text);
  if (!parsed.ok)
    return {
      ok: false,
      outcome: { ok: false, message: describeIssues(parsed.issues), issues: parsed.issues },
    };
  return { ok: true, data: parsed.value, warnings: [...warnings] };
}

/**
 * `2 cycles added; 3 key results added, 1 updated; 1 link updated`, or that nothing was new.
 */
export function summarizeCounts(counts: ImportTally): string {
  const parts = Object.entries(counts)
    .filter(([, c]) => c.added + c.updated > 0)
    .map(([field, c]) =>
      c.added > 0
        ? `${countText(field, c.added)} added${c.updated ? `, ${c.updated} updated` : ''}`
        : `${countText(field, c.updated)} updated`,
    );
  return parts.length ? parts.join('; ') : 'nothing new (everything was already here)';
}

/** The outcome of an import the store accepted. */
export function importedOutcome(
  fileName: string,
  counts: ImportTally,
  warnings: string[],
): ImportOutcome {
  return { ok: true, summary: `Imported ${fileName}: ${summarizeCounts(counts)}.`, warnings };
}

/** The outcome of an import the store refused: its issues counted and listed, if it gave any. */
export function refusedOutcome(error: unknown): ImportFailure {
  const err = error as Error & { issues?: ValidationIssue[] };
  return {
    ok: false,
    message: err.issues?.length ? `The file has ${err.issues.length} problem(s).` : err.message,
    ...(err.issues ? { issues: err.issues } : {}),
  };
}
