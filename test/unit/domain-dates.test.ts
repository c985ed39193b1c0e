import { describe, it, expect } from 'vitest';
import {
  addDays,
  currentCycle,
  cycleWeek,
  dayNumber,
  daysBetween,
  expectedProgress,
  isIsoDate,
  isoFromDayNumber,
  nextQuarter,
  parsePeriod,
  quarterName,
  quarterOf,
  todayIso,
} from '../../lib/okr/dates';

const q4 = { start: '2026-10-01', end: '2026-12-31' }; // 92 days, end − start = 91

describe('todayIso', () => {
  it('is the local calendar date of the given instant', () => {
    // Local-time constructors: the result must not depend on the machine's time zone.
    expect(todayIso(new Date(2026, 10, 23, 0, 5))).toBe('2026-11-23');
    expect(todayIso(new Date(2026, 0, 1, 23, 59, 59))).toBe('2026-01-01');
    expect(todayIso(new Date(2028, 1, 29, 12))).toBe('2028-02-29');
  });

  it('defaults to now', () => {
    expect(todayIso()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(todayIso()).toBe(todayIso(new Date()));
  });
});

describe('dayNumber / isoFromDayNumber', () => {
  it('counts whole days since 1970-01-01', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('1969-12-31')).toBe(-1);
    // 30 years of 365 days + 7 leap days (1972 … 1996).
    expect(dayNumber('2000-01-01')).toBe(30 * 365 + 7);
  });

  it('uses the calendar date of a date-time, whatever its offset', () => {
    expect(dayNumber('2026-11-23T23:59:00-05:00')).toBe(dayNumber('2026-11-23'));
    expect(dayNumber('2026-11-23T00:00:00Z')).toBe(dayNumber('2026-11-23'));
  });

  it('is NaN for something that is not a date', () => {
    expect(dayNumber('yesterday')).toBeNaN();
    expect(dayNumber('')).toBeNaN();
  });

  it('round-trips', () => {
    for (const d of ['1970-01-01', '2000-02-29', '2026-11-23', '2099-12-31'])
      expect(isoFromDayNumber(dayNumber(d))).toBe(d);
  });
});

describe('addDays / daysBetween', () => {
  it('crosses month, year and leap-day boundaries', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-11-23', 0)).toBe('2026-11-23');
    expect(addDays('2026-01-01', 365)).toBe('2027-01-01');
    expect(addDays('2028-01-01', 365)).toBe('2028-12-31');
  });

  it('is not shifted by daylight-saving changes', () => {
    // EU clocks change on 2026-03-29 and 2026-10-25, US on 2026-03-08 and 2026-11-01.
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-10-24', 2)).toBe('2026-10-26');
    expect(daysBetween('2026-03-07', '2026-03-09')).toBe(2);
    expect(daysBetween('2026-10-31', '2026-11-02')).toBe(2);
  });

  it('is b − a in days', () => {
    expect(daysBetween('2026-10-01', '2026-12-31')).toBe(91);
    expect(daysBetween('2026-12-31', '2026-10-01')).toBe(-91);
    expect(daysBetween('2026-11-23', '2026-11-23')).toBe(0);
    expect(daysBetween('2026-11-20T18:00:00Z', '2026-11-23')).toBe(3);
  });
});

describe('quarterOf', () => {
  it.each([
    ['2026-11-23', 'Q4 2026', '2026-10-01', '2026-12-31'],
    ['2026-01-01', 'Q1 2026', '2026-01-01', '2026-03-31'],
    ['2026-03-31', 'Q1 2026', '2026-01-01', '2026-03-31'],
    ['2026-04-01', 'Q2 2026', '2026-04-01', '2026-06-30'],
    ['2026-06-30', 'Q2 2026', '2026-04-01', '2026-06-30'],
    ['2026-07-01', 'Q3 2026', '2026-07-01', '2026-09-30'],
    ['2026-09-30T23:30:00Z', 'Q3 2026', '2026-07-01', '2026-09-30'],
    ['2026-12-31', 'Q4 2026', '2026-10-01', '2026-12-31'],
    ['2028-02-29', 'Q1 2028', '2028-01-01', '2028-03-31'],
  ])('%s → %s', (date, name, start, end) => {
    expect(quarterOf(date)).toEqual({ name, start, end });
  });

  it('has the right length in leap and common years', () => {
    const length = (d: string) => {
      const q = quarterOf(d);
      return daysBetween(q.start, q.end) + 1;
    };
    expect(length('2028-02-01')).toBe(31 + 29 + 31); // 91
    expect(length('2027-02-01')).toBe(31 + 28 + 31); // 90
    expect(length('2026-05-01')).toBe(30 + 31 + 30); // 91
    expect(length('2026-08-01')).toBe(31 + 31 + 30); // 92
    expect(length('2026-11-01')).toBe(31 + 30 + 31); // 92
  });
});

describe('nextQuarter', () => {
  it('goes from Q4 to Q1 of the next year', () => {
    expect(nextQuarter({ start: '2026-10-01' })).toEqual({
      name: 'Q1 2027',
      start: '2027-01-01',
      end: '2027-03-31',
    });
    // Any day of the quarter gives the same next quarter.
    expect(nextQuarter({ start: '2026-12-31' })).toEqual(nextQuarter({ start: '2026-10-01' }));
  });

  it('steps through a year', () => {
    let q: { start: string } = { start: '2026-01-01' };
    const names: string[] = [];
    for (let i = 0; i < 4; i++) {
      const n = nextQuarter(q);
      names.push(n.name);
      q = n;
    }
    expect(names).toEqual(['Q2 2026', 'Q3 2026', 'Q4 2026', 'Q1 2027']);
    expect(nextQuarter({ start: '2027-11-15' })).toEqual({
      name: 'Q1 2028',
      start: '2028-01-01',
      end: '2028-03-31',
    });
  });
});

describe('expectedProgress', () => {
  it('is 0 on the first day and 1 on the last day', () => {
    expect(expectedProgress(q4, '2026-10-01')).toBe(0);
    expect(expectedProgress(q4, '2026-12-31')).toBe(1);
  });

  it('is a straight line in days', () => {
    // 2026-11-15 is 30 (rest of Oct) + 15 = 45 days after 2026-10-01.
    expect(expectedProgress(q4, '2026-11-15')).toBeCloseTo(45 / 91, 12);
    expect(expectedProgress({ start: '2026-01-01', end: '2026-01-11' }, '2026-01-06')).toBe(0.5);
  });

  it('clamps before and after the cycle', () => {
    expect(expectedProgress(q4, '2026-09-30')).toBe(0);
    expect(expectedProgress(q4, '2025-01-01')).toBe(0);
    expect(expectedProgress(q4, '2027-01-01')).toBe(1);
  });

  it('accepts a date-time for today', () => {
    expect(expectedProgress(q4, '2026-11-15T23:00:00Z')).toBeCloseTo(45 / 91, 12);
  });

  it('handles a one-day cycle: 0 before, 1 on and after', () => {
    const day = { start: '2026-11-23', end: '2026-11-23' };
    expect(expectedProgress(day, '2026-11-22')).toBe(0);
    expect(expectedProgress(day, '2026-11-23')).toBe(1);
    expect(expectedProgress(day, '2026-11-24')).toBe(1);
  });
});

describe('cycleWeek', () => {
  it('numbers the weeks of a 92-day quarter', () => {
    // 92 days → ceil(92 / 7) = 14 weeks (13 full weeks are 91 days).
    expect(cycleWeek(q4, '2026-10-01')).toEqual({
      week: 1,
      weeks: 14,
      elapsedDays: 1,
      totalDays: 92,
    });
    expect(cycleWeek(q4, '2026-10-07').week).toBe(1); // d − s = 6
    expect(cycleWeek(q4, '2026-10-08').week).toBe(2); // d − s = 7
    expect(cycleWeek(q4, '2026-11-15')).toEqual({
      week: Math.floor(45 / 7) + 1, // 7
      weeks: 14,
      elapsedDays: 46,
      totalDays: 92,
    });
    expect(cycleWeek(q4, '2026-12-31')).toEqual({
      week: 14, // floor(91 / 7) + 1
      weeks: 14,
      elapsedDays: 92,
      totalDays: 92,
    });
  });

  it('clamps before and after the cycle', () => {
    expect(cycleWeek(q4, '2026-09-01')).toEqual({
      week: 1,
      weeks: 14,
      elapsedDays: 0,
      totalDays: 92,
    });
    expect(cycleWeek(q4, '2027-02-01')).toEqual({
      week: 14,
      weeks: 14,
      elapsedDays: 92,
      totalDays: 92,
    });
  });

  it('counts 13 weeks for a 90-day Q1 and 1 week for a single day', () => {
    expect(cycleWeek({ start: '2027-01-01', end: '2027-03-31' }, '2027-03-31')).toEqual({
      week: 13, // floor(89 / 7) + 1
      weeks: 13, // ceil(90 / 7)
      elapsedDays: 90,
      totalDays: 90,
    });
    expect(cycleWeek({ start: '2026-11-23', end: '2026-11-23' }, '2026-11-23')).toEqual({
      week: 1,
      weeks: 1,
      elapsedDays: 1,
      totalDays: 1,
    });
    expect(cycleWeek({ start: '2026-11-01', end: '2026-11-14' }, '2026-11-14').weeks).toBe(2);
  });
});

describe('currentCycle', () => {
  const year = { id: 'y2026', start: '2026-01-01', end: '2026-12-31' };
  const q3 = { id: 'q3', start: '2026-07-01', end: '2026-09-30' };
  const q4c = { id: 'q4', start: '2026-10-01', end: '2026-12-31' };
  const q1next = { id: 'q1-2027', start: '2027-01-01', end: '2027-03-31' };
  const all = [year, q3, q4c, q1next];

  it('picks the shortest cycle containing today (a quarter inside a year)', () => {
    expect(currentCycle(all, '2026-11-23')).toBe(q4c);
    expect(currentCycle(all, '2026-08-01')).toBe(q3);
    expect(currentCycle([q4c, year], '2026-11-23')).toBe(q4c);
  });

  it('counts the first and last day as inside', () => {
    expect(currentCycle(all, '2026-10-01')).toBe(q4c);
    expect(currentCycle(all, '2026-09-30')).toBe(q3);
    expect(currentCycle(all, '2026-12-31')).toBe(q4c);
  });

  it('falls back to the year when no quarter contains today', () => {
    expect(currentCycle(all, '2026-05-01')).toBe(year);
  });

  it('else picks the next upcoming cycle (earliest start)', () => {
    const later = { id: 'q2-2027', start: '2027-04-01', end: '2027-06-30' };
    expect(currentCycle([later, q1next, q3], '2026-12-15')).toBe(q1next);
    // Same start: the shorter one.
    const year2027 = { id: 'y2027', start: '2027-01-01', end: '2027-12-31' };
    expect(currentCycle([year2027, q1next], '2026-12-15')).toBe(q1next);
  });

  it('else picks the most recent past cycle (latest end)', () => {
    expect(currentCycle([q3, q4c], '2027-02-01')).toBe(q4c);
    expect(currentCycle([q4c, q3], '2027-02-01')).toBe(q4c);
    expect(currentCycle([year, q4c], '2027-02-01')).toBe(q4c); // same end, shorter
  });

  it('returns undefined for no cycles', () => {
    expect(currentCycle([], '2026-11-23')).toBeUndefined();
  });

  it('accepts a date-time for today', () => {
    expect(currentCycle(all, '2026-09-30T23:59:00Z')).toBe(q3);
  });
});

describe('parsePeriod (a Period cell of a spreadsheet export)', () => {
  it.each([
    ['Q4 2026', 'Q4 2026', '2026-10-01', '2026-12-31'],
    ['2026 Q4', 'Q4 2026', '2026-10-01', '2026-12-31'],
    ['Q4-2026', 'Q4 2026', '2026-10-01', '2026-12-31'],
    ['Q4/26', 'Q4 2026', '2026-10-01', '2026-12-31'],
    ['q1 2027', 'Q1 2027', '2027-01-01', '2027-03-31'],
    ['Q3 Y2025', 'Q3 2025', '2025-07-01', '2025-09-30'],
    ['2026-Q2', 'Q2 2026', '2026-04-01', '2026-06-30'],
    ['Q2’26'.replace('’', "'"), 'Q2 2026', '2026-04-01', '2026-06-30'],
    ['H1 2026', 'H1 2026', '2026-01-01', '2026-06-30'],
    ['2028', '2028', '2028-01-01', '2028-12-31'],
    ['Y2025', '2025', '2025-01-01', '2025-12-31'],
    ['2026-10-01 - 2026-12-31', 'Q4 2026', '2026-10-01', '2026-12-31'],
    ['2026-10-01 – 2026-11-15', '2026-10-01 – 2026-11-15', '2026-10-01', '2026-11-15'],
    ['2026-10-01 to 2026-11-15', '2026-10-01 – 2026-11-15', '2026-10-01', '2026-11-15'],
    ['2026-10-01..2026-10-01', '2026-10-01 – 2026-10-01', '2026-10-01', '2026-10-01'],
    ['2028-01-01 - 2028-02-29', '2028-01-01 – 2028-02-29', '2028-01-01', '2028-02-29'],
  ])('%s', (text, name, start, end) => {
    expect(parsePeriod(text)).toMatchObject({ name, start, end });
  });

  it.each([
    '',
    'Q5 2026',
    'H3 2026',
    'Sprint 5',
    'FY2026',
    '2026-02-01 - 2026-02-30',
    '10/1/2026',
    'Q4',
  ])('refuses %j', (text) => {
    expect(parsePeriod(text)).toBeUndefined();
  });
});

describe('quarterName', () => {
  it('names a span that is exactly a calendar quarter', () => {
    expect(quarterName('2026-10-01', '2026-12-31')).toBe('Q4 2026');
    expect(quarterName('2028-01-01', '2028-03-31')).toBe('Q1 2028');
    expect(quarterName('2026-10-01', '2026-12-30')).toBeUndefined();
    expect(quarterName('2026-10-01', '2027-12-31')).toBeUndefined();
    expect(quarterName('2026-01-01', '2026-06-30')).toBeUndefined();
  });
});

describe('isIsoDate', () => {
  it('accepts real days written YYYY-MM-DD only', () => {
    expect(isIsoDate('2026-11-23')).toBe(true);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2027-02-29')).toBe(false);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-11-23T10:00:00Z')).toBe(false);
    expect(isIsoDate('26-11-23')).toBe(false);
    expect(isIsoDate('')).toBe(false);
  });
});
