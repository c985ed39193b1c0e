/**
 * Numbers as people type and export them, shared by the CSV importer and the editor's forms.
 * Pure: no imports.
 */
export type ParsedNumber = { value: number; unit?: string } | { error: string } | undefined;

const CURRENCY = '$€£¥₹';

/**
 * A lenient number: thousands separators (`1,200`, `1 200`, `1'200`), a unit before (`$5`) or
 * after (`40%`, `12 ms`), a Unicode minus. `decimalComma`: a lone comma is the decimal
 * separator (`12,5`), as in semicolon-delimited exports. Blank → undefined.
 */
export function parseLooseNumber(raw: string, decimalComma = false): ParsedNumber {
  const text = raw.replace(/[\s\u00a0\u202f]+/g, ' ').trim();
  if (text === '') return undefined;
  const notANumber = { error: `"${raw.trim()}" is not a number` };
  // Excel writes big numbers as 1.2E+06.
  if (/^[+-]?\d+(\.\d+)?E[+-]?\d+$/i.test(text)) return { value: Number(text) };
  const m = new RegExp(
    `^([+\\-\u2212]?) ?([${CURRENCY}])? ?([+\\-\u2212]?) ?(\\d[\\d.,' ]*\\d|\\d|[.,]\\d+) ?(.*)$`,
  ).exec(text);
  if (!m) return notANumber;
  const [, sign1, prefix, sign2, digits, suffixRaw] = m as unknown as string[];
  const suffix = suffixRaw!.trim();
  if (sign1 && sign2) return notANumber;
  if (suffix !== '' && !/^(%|‰|[\p{L}°µ$€£¥₹/][\p{L}\p{N}°µ$€£¥₹/ .-]{0,39})$/u.test(suffix))
    return notANumber;
  if (prefix && suffix) return notANumber;
  // A space or apostrophe groups thousands: three digits must follow it.
  if (/[ '](?!\d{3}(?!\d))/.test(digits!)) return notANumber;
  let s = digits!.replace(/[ ']/g, '');
  const commas = (s.match(/,/g) ?? []).length;
  const dots = (s.match(/\./g) ?? []).length;
  if (commas > 0 && dots > 0) {
    // Both: the last one is the decimal separator (1,200.50 or 1.200,50).
    const decimal = s.lastIndexOf(',') > s.lastIndexOf('.') ? ',' : '.';
    const group = decimal === ',' ? '.' : ',';
    const [int, frac, ...rest] = s.split(decimal);
    if (rest.length > 0 || !new RegExp(`^\\d{1,3}(\\${group}\\d{3})*$`).test(int!))
      return notANumber;
    s = `${int!.split(group).join('')}.${frac}`;
  } else if (commas > 0) {
    if (/^[1-9]\d{0,2}(,\d{3})+$/.test(s) && !(decimalComma && commas === 1))
      s = s.replace(/,/g, '');
    else if (commas === 1) s = s.replace(',', '.');
    else return notANumber;
  } else if (dots > 1) {
    if (/^[1-9]\d{0,2}(\.\d{3})+$/.test(s)) s = s.replace(/\./g, '');
    else return notANumber;
  }
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(s)) return notANumber;
  const negative = [sign1, sign2].some((x) => x === '-' || x === '\u2212');
  const value = (negative ? -1 : 1) * Number(s);
  if (!Number.isFinite(value)) return notANumber;
  const unit = prefix ?? (suffix === '' ? undefined : suffix);
  return unit === undefined ? { value } : { value, unit };
}
