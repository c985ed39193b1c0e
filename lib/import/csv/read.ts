/**
 * CSV text → records, with papaparse: the byte-order mark, blank lines and Excel's `sep=` line
 * before the header, the delimiter (named or guessed), and errors that stop the import early
 * (an empty file, JSON, an unclosed quote). Row numbers count like a spreadsheet's.
 */
import Papa from 'papaparse';
import { fail, type CsvRefusal } from './types';

/** One record: header → cell (`__parsed_extra` holds cells beyond the header's width). */
export type CsvRecord = Record<string, string | string[] | undefined>;

export interface CsvTable {
  ok: true;
  headers: string[];
  records: CsvRecord[];
  delimiter: string;
  /** The spreadsheet row number of records[i] (the header is row 1, after skipped lines). */
  rowNumber: (index: number) => number;
}

/** Blank lines and a `sep=` line before the header: dropped, but counted for row numbers. */
function stripPreamble(text: string): { body: string; skipped: number; delimiter?: string } {
  let body = text.replace(/^\uFEFF/, '');
  let skipped = 0;
  while (/^[ \t]*\r?\n/.test(body)) {
    body = body.replace(/^[ \t]*\r?\n/, '');
    skipped++;
  }
  // Excel's "sep=;" first line names the delimiter.
  const sepLine = /^sep=(.)\r?\n/i.exec(body);
  if (!sepLine) return { body, skipped };
  return { body: body.slice(sepLine[0].length), skipped: skipped + 1, delimiter: sepLine[1] };
}

/** Split `text` into a header and records, or refuse the file as a whole. */
export function readCsv(text: string): CsvTable | CsvRefusal {
  const pre = stripPreamble(text);
  if (pre.body.trim() === '') return fail('(file)', 'the file is empty');
  if (/^\s*[{[]/.test(pre.body))
    return fail('(file)', 'this looks like JSON, not CSV: import it as an OKR Lens file');
  // Guess on non-blank lines (blank lines make every candidate look inconsistent).
  const delimiter =
    pre.delimiter ?? Papa.parse(pre.body, { preview: 20, skipEmptyLines: 'greedy' }).meta.delimiter;
  // skipEmptyLines stays off so record i is spreadsheet row i + 2; blank rows are skipped later.
  const parsed = Papa.parse<CsvRecord>(pre.body, {
    header: true,
    delimiter,
    skipEmptyLines: false,
  });
  const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
  if (quoteError)
    // Quote errors count the header as record 0.
    return fail(
      `row ${(quoteError.row ?? 0) + 1 + pre.skipped}`,
      'a quoted field is not closed or has text after its closing quote (check the " marks)',
    );
  return {
    ok: true,
    headers: parsed.meta.fields ?? [],
    records: parsed.data,
    delimiter,
    rowNumber: (index) => index + 2 + pre.skipped,
  };
}

/**
 * U+FFFD marks bytes the reader could not decode: the file was not UTF-8 (Excel's plain "CSV"
 * is Windows-1252). The options page decodes such files as Windows-1252 itself; text that still
 * carries U+FFFD gets a warning rather than silently garbled titles.
 */
export function decodingWarnings(text: string): string[] {
  return text.includes('\uFFFD')
    ? [
        'some characters could not be read: the file is probably not UTF-8 (in Excel, save as "CSV UTF-8")',
      ]
    : [];
}
