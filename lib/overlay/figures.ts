/**
 * A KR's value as the badge card writes it, without Intl: the first `toLocaleString` of a page
 * loads ICU's number data (≈ 60 ms on the issue page at load, most of the card's cost). Same
 * text as `formatValue` (lib/okr/progress.ts): en-US grouping, at most two decimals, half away
 * from zero on the shortest decimal form; exponent forms fall back to `formatValue`.
 */
import { formatValue } from '../okr/progress';

/** Add 1 to a string of decimal digits ("199" → "200", "99" → "100"). */
function increment(digits: string): string {
  const out = digits.split('');
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] !== '9') {
      out[i] = String(Number(out[i]) + 1);
      return out.join('');
    }
    out[i] = '0';
  }
  return `1${out.join('')}`;
}

/** `n` (finite) as `toLocaleString('en-US', { maximumFractionDigits: 2 })` writes it. */
export function plainNumber(n: number): string | undefined {
  const abs = Math.abs(n);
  const text = String(abs);
  if (/e/i.test(text)) return undefined;
  const dot = text.indexOf('.');
  let int = dot < 0 ? text : text.slice(0, dot);
  let frac = dot < 0 ? '' : text.slice(dot + 1);
  if (frac.length > 2) {
    const up = frac.charCodeAt(2) >= 53; // '5'
    frac = frac.slice(0, 2);
    if (up) {
      const bumped = increment(int + frac);
      int = bumped.slice(0, bumped.length - 2);
      frac = bumped.slice(-2);
    }
  }
  frac = frac.replace(/0+$/, '');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const body = frac ? `${grouped}.${frac}` : grouped;
  return n < 0 ? `-${body}` : body;
}

/** `formatValue(value, unit)`, written without Intl where the number allows. */
export function valueText(value: number | undefined, unit?: string): string {
  if (value === undefined || !Number.isFinite(value)) return formatValue(value, unit);
  // `n || 0` turns -0 into 0 so it never prints as "-0" (as formatValue does).
  const v = plainNumber(value || 0);
  const abs = plainNumber(-value || 0);
  if (v === undefined || abs === undefined) return formatValue(value, unit);
  const u = unit?.trim() ?? '';
  if (u === '') return v;
  if (u === '%') return `${v}%`;
  if (u === '$') return value < 0 ? `-$${abs}` : `$${v}`;
  return `${v} ${u}`;
}
