/** The options and result of the "OKR for Jira" CSV import, and the shapes its steps share. */
import type { InterchangeFile, ValidationIssue } from '../../okr/interchange';

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

export type CsvRefusal = Extract<OkrCsvResult, { ok: false }>;

/** A refusal with one issue. */
export const fail = (path: string, message: string): CsvRefusal => ({
  ok: false,
  issues: [{ path, message }],
});

/** What the steps after reading add to: problems that refuse the file, and notes that don't. */
export interface Findings {
  issues: ValidationIssue[];
  warnings: string[];
}
