/** The bench's budgets, statistics and text formatting. */

/** Budgets, printed next to the figures (never asserted: machines are noisy). */
export const BUDGET = {
  extraPer100Rows: 16, // ms of main-thread time per 100 rows
  longTask: 50, // ms
  badgeFrames: 1, // frames of 16.7 ms
  contentScriptGzip: 60 * 1024, // bytes
  popupReady: 100, // ms
};
export const FRAME = 1000 / 60;

const sorted = (xs) => xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);

export const median = (xs) => {
  const s = sorted(xs);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
export const quantile = (xs, q) => {
  const s = sorted(xs);
  if (!s.length) return NaN;
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
export const round = (x, d = 1) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : null);
export const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : NaN);

export const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(x < 10 ? 1 : 0)} ms` : '—');
export const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
export const times = (r) => (Number.isFinite(r) ? `${r.toFixed(2)}×` : '—');
export const verdict = (ok) => (ok === undefined ? '' : ok ? 'within' : 'OVER');

/** Rows of cells → aligned columns, the first row a header underlined with dashes. */
export function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c] ?? '').length)));
  return rows
    .map((r, i) => {
      const line = r
        .map((cell, c) => String(cell ?? '').padEnd(widths[c]))
        .join('  ')
        .trimEnd();
      return i === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
    })
    .join('\n');
}

export const sleep = (t) => new Promise((r) => setTimeout(r, t));
export const now = () => performance.now();
