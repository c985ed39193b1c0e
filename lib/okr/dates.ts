/**
 * Calendar dates for cycles (expected progress is the share of the cycle elapsed). Dates are
 * ISO `YYYY-MM-DD` strings; arithmetic happens on whole UTC day numbers, so daylight-saving shifts and the
 * machine's time zone never change a result. "Today" is always a parameter: nothing here reads
 * the clock except `todayIso()`'s default argument. Pure: no imports.
 */

const MS_PER_DAY = 86_400_000;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** A quarter or any other named span of days; `end` is inclusive. */
export interface DateSpan {
  name: string;
  start: string;
  end: string;
}

/** The local calendar date of `now` (the user's "today"), as `YYYY-MM-DD`. */
export function todayIso(now: Date = new Date()): string {
  return `${pad(now.getFullYear(), 4)}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * Whole days since 1970-01-01 for a `YYYY-MM-DD` date. A date-time is accepted too: its first
 * ten characters (the calendar date as written, in the writer's offset) are used.
 * Returns NaN when the string does not start with `YYYY-MM-DD` (input is validated by zod
 * upstream, so this does not throw inside a render).
 */
export function dayNumber(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return Number.NaN;
  return Math.round(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY);
}

/** The `YYYY-MM-DD` date of a day number (inverse of `dayNumber`). */
export function isoFromDayNumber(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(iso: string, n: number): string {
  return isoFromDayNumber(dayNumber(iso) + n);
}

/** `b − a` in days (positive when b is later). Date-times count by their calendar date. */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

/** The calendar quarter containing a date: `2026-11-23` → Q4 2026, 2026-10-01 … 2026-12-31. */
export function quarterOf(iso: string): DateSpan {
  const year = Number(iso.slice(0, 4));
  const month = Number(iso.slice(5, 7));
  const q = Math.floor((month - 1) / 3) + 1;
  const start = `${pad(year, 4)}-${pad(3 * q - 2)}-01`;
  const nextStart = q === 4 ? `${pad(year + 1, 4)}-01-01` : `${pad(year, 4)}-${pad(3 * q + 1)}-01`;
  return { name: `Q${q} ${year}`, start, end: addDays(nextStart, -1) };
}

/** The quarter after the one containing `cycle.start` (Q4 2026 → Q1 2027). */
export function nextQuarter(cycle: { start: string }): DateSpan {
  return quarterOf(addDays(quarterOf(cycle.start).end, 1));
}

/**
 * Expected progress on `today`: e = clamp((d − start) / (end − start), 0, 1), a straight line
 * from 0 on the first day to 1 on the last day. A one-day cycle (start = end) gives 0 before
 * that day and 1 on or after it.
 */
export function expectedProgress(cycle: { start: string; end: string }, today: string): number {
  const s = dayNumber(cycle.start);
  const e = dayNumber(cycle.end);
  const d = dayNumber(today);
  if (e <= s) return d >= e ? 1 : 0;
  return clamp((d - s) / (e - s), 0, 1);
}

export interface CycleWeek {
  /** 1-based week of the cycle containing today, clamped to [1, weeks]. */
  week: number;
  /** ceil(totalDays / 7). */
  weeks: number;
  /**
   * Days of the cycle begun up to and including today: 1 on the first day, `totalDays` on the
   * last day (and after the cycle), 0 before it. Pairs with `totalDays` ("day 15 of 91").
   */
  elapsedDays: number;
  /** end − start + 1 (end inclusive); at least 1. */
  totalDays: number;
}

export function cycleWeek(cycle: { start: string; end: string }, today: string): CycleWeek {
  const s = dayNumber(cycle.start);
  const d = dayNumber(today);
  const totalDays = Math.max(1, dayNumber(cycle.end) - s + 1);
  const weeks = Math.ceil(totalDays / 7);
  return {
    week: clamp(Math.floor((d - s) / 7) + 1, 1, weeks),
    weeks,
    elapsedDays: clamp(d - s + 1, 0, totalDays),
    totalDays,
  };
}

/**
 * The cycle to show for `today`: the one containing it (the shortest if several, e.g. a
 * quarter inside a year; ties → first in the list), else the next upcoming one (earliest
 * start), else the most recent past one (latest end). Undefined only for an empty list.
 */
export function currentCycle<T extends { start: string; end: string }>(
  cycles: readonly T[],
  today: string,
): T | undefined {
  const d = dayNumber(today);
  const length = (c: T) => dayNumber(c.end) - dayNumber(c.start);
  let containing: T | undefined;
  let upcoming: T | undefined;
  let past: T | undefined;
  for (const c of cycles) {
    const s = dayNumber(c.start);
    const e = dayNumber(c.end);
    if (s <= d && d <= e) {
      if (containing === undefined || length(c) < length(containing)) containing = c;
    } else if (s > d) {
      const bestStart = upcoming === undefined ? Infinity : dayNumber(upcoming.start);
      if (s < bestStart || (s === bestStart && upcoming && length(c) < length(upcoming)))
        upcoming = c;
    } else {
      const bestEnd = past === undefined ? -Infinity : dayNumber(past.end);
      if (e > bestEnd || (e === bestEnd && past && length(c) < length(past))) past = c;
    }
  }
  return containing ?? upcoming ?? past;
}

/**
 * The instant (ms since the epoch) of a check-in's or a link's `at`: a `YYYY-MM-DD` date is
 * its midnight UTC, a date-time is read as written. NaN when it is neither.
 */
export function instantOf(at: string): number {
  return Date.parse(at.length === 10 ? `${at}T00:00:00Z` : at);
}

/** A `YYYY-MM-DD` that names a real day (no 2026-02-30): the same rule as the model's dates. */
export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const lastDayOf = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Months `first`…`last` (1-based, inclusive) of `year` as a span of days. */
const monthSpan = (year: number, first: number, last: number) => ({
  start: `${year}-${pad(first)}-01`,
  end: `${year}-${pad(last)}-${pad(lastDayOf(year, last))}`,
});

/** The calendar quarter `start`–`end` spans exactly, as "Q4 2026", if it is one. */
export function quarterName(start: string, end: string): string | undefined {
  const year = Number(start.slice(0, 4));
  for (let q = 1; q <= 4; q++) {
    const span = monthSpan(year, 3 * q - 2, 3 * q);
    if (span.start === start && span.end === end) return `Q${q} ${year}`;
  }
  return undefined;
}

/** A period named in a spreadsheet cell, as a span of days. */
export interface ParsedPeriod extends DateSpan {
  /** `range`: given as dates, so matched to existing cycles by dates only. */
  kind: 'quarter' | 'half' | 'year' | 'range';
}

const fullYear = (y: string) => (y.length === 2 ? 2000 + Number(y) : Number(y));

/** `Q4 2026`, `2026 Q4`, `H1-26`, `Q3 Y2025` … → letter, number and full year. */
function quarterOrHalf(t: string): { letter: string; n: number; y: number } | undefined {
  const sep = `[\\s\\-/']*`;
  const year = `Y?(\\d{4}|\\d{2})`;
  const ahead = new RegExp(`^([QH])([1-4])${sep}${year}$`).exec(t);
  if (ahead) return { letter: ahead[1]!, n: Number(ahead[2]), y: fullYear(ahead[3]!) };
  const behind = new RegExp(`^Y?(\\d{4})${sep}([QH])([1-4])$`).exec(t);
  if (behind) return { letter: behind[2]!, n: Number(behind[3]), y: Number(behind[1]) };
  return undefined;
}

/** `2026-10-01 - 2026-12-31` (also `–`, `—`, `to`, `..`) → a range of real days, in order. */
function dateRange(t: string): ParsedPeriod | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}) ?(?:-|–|—|TO|\.\.) ?(\d{4}-\d{2}-\d{2})$/.exec(t);
  if (!m) return undefined;
  const [, start, end] = m as unknown as [string, string, string];
  if (!isIsoDate(start) || !isIsoDate(end) || end < start) return undefined;
  return { kind: 'range', name: quarterName(start, end) ?? `${start} – ${end}`, start, end };
}

/**
 * A Period cell (of a spreadsheet export such as Appfire's "OKR for Jira") → a span. Accepted
 * (any case, spaces or `-` `/` `'` between the parts): quarters `Q4 2026`, `2026 Q4`, `Q4-2026`,
 * `Q4/26`, `Q3 Y2025`; halves `H1 2026`; years `2026`, `Y2026`; date ranges
 * `2026-10-01 - 2026-12-31` (also `–`, `to`, `..`). Undefined when the text is none of these or
 * names days that don't exist.
 */
export function parsePeriod(text: string): ParsedPeriod | undefined {
  const t = text.trim().replace(/\s+/g, ' ').toUpperCase();
  const part = quarterOrHalf(t);
  if (part) {
    const { letter, n, y } = part;
    if (letter === 'Q')
      return { kind: 'quarter', name: `Q${n} ${y}`, ...monthSpan(y, 3 * n - 2, 3 * n) };
    if (n <= 2) return { kind: 'half', name: `H${n} ${y}`, ...monthSpan(y, 6 * n - 5, 6 * n) };
    return undefined;
  }
  const year = /^Y?(\d{4})$/.exec(t);
  if (year) return { kind: 'year', name: year[1]!, ...monthSpan(Number(year[1]), 1, 12) };
  return dateRange(t);
}
