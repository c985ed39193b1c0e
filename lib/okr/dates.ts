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
