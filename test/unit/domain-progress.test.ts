import { describe, it, expect } from 'vitest';
import {
  currentValue,
  evaluateKr,
  evaluateObjective,
  formatValue,
  krProgress,
  latestCheckIn,
  score,
  scoreBand,
  statusFor,
  statusLabels,
  type KrEvaluation,
} from '../../lib/okr/progress';
import { defaultSettings, type CheckIn, type KeyResult, type Settings } from '../../lib/okr/model';

const settings = defaultSettings; // onTrackGap 0.15, atRiskGap 0.3, staleDays 14, bands 0.4/0.7

const kr = (over: Partial<KeyResult> = {}): KeyResult => ({
  id: 'kr1',
  objectiveId: 'o1',
  code: 'KR1.1',
  title: 'Grow MAU by 50,000',
  kind: 'increase',
  ...over,
});

const ci = (at: string, value: number, keyResultId = 'kr1'): CheckIn => ({
  keyResultId,
  at,
  value,
});

// Q4 2026: 2026-10-01 … 2026-12-31, end − start = 91 days.
const q4 = { start: '2026-10-01', end: '2026-12-31' };
const MID = '2026-11-15'; // 45 days in: e = 45/91 ≈ 0.4945
const E_MID = 45 / 91;

describe('statusLabels', () => {
  it('names every status', () => {
    expect(statusLabels).toEqual({
      done: 'Done',
      'on-track': 'On track',
      'at-risk': 'At risk',
      'off-track': 'Off track',
      'no-data': 'No data',
    });
  });
});

describe('krProgress', () => {
  describe('decrease (start > target)', () => {
    const bugs = kr({ kind: 'decrease', start: 40, target: 20, unit: 'critical bugs' });
    it('is (current − start) / (target − start) with both terms negative', () => {
      expect(krProgress(bugs, 30)).toBe(0.5); // (30 − 40) / (20 − 40) = −10 / −20
      expect(krProgress(bugs, 35)).toBe(0.25); // −5 / −20
      expect(krProgress(bugs, 20)).toBe(1);
      expect(krProgress(bugs, 40)).toBe(0);
    });
    it('clamps overshoot and regressions', () => {
      expect(krProgress(bugs, 10)).toBe(1); // −30 / −20 = 1.5 → 1
      expect(krProgress(bugs, 0)).toBe(1);
      expect(krProgress(bugs, 45)).toBe(0); // 5 / −20 = −0.25 → 0
    });
    it('is 0 without a value (computed from start)', () => {
      expect(krProgress(bugs, undefined)).toBe(0);
    });
  });

  describe('increase', () => {
    const mau = kr({ start: 120_000, target: 170_000, unit: 'users' });
    it('is linear between start and target', () => {
      expect(krProgress(mau, 145_000)).toBe(0.5); // 25,000 / 50,000
      expect(krProgress(mau, 132_500)).toBe(0.25);
      expect(krProgress(mau, 170_000)).toBe(1);
    });
    it('clamps', () => {
      expect(krProgress(mau, 200_000)).toBe(1);
      expect(krProgress(mau, 100_000)).toBe(0);
    });
    it('defaults start to 0', () => {
      expect(krProgress(kr({ target: 40 }), 10)).toBe(0.25);
    });
    it('is 0 with no target or target = start', () => {
      expect(krProgress(kr({ start: 10 }), 50)).toBe(0);
      expect(krProgress(kr({ start: 10, target: 10 }), 50)).toBe(0);
      expect(krProgress(kr({ target: 0 }), 50)).toBe(0); // start defaults to 0 = target
    });
    it('handles negative and fractional ranges', () => {
      // Margin from −2.5 to 1.5: value 0.5 is 3 / 4 of the way.
      expect(krProgress(kr({ start: -2.5, target: 1.5 }), 0.5)).toBe(0.75);
    });
  });

  describe('maintain', () => {
    it('is 1 while value ≥ target (default direction), else 0', () => {
      const sprint = kr({ kind: 'maintain', target: 90, unit: '%' });
      expect(krProgress(sprint, 90)).toBe(1);
      expect(krProgress(sprint, 97)).toBe(1);
      expect(krProgress(sprint, 89.9)).toBe(0);
      expect(krProgress(kr({ kind: 'maintain', target: 90, direction: 'atLeast' }), 91)).toBe(1);
    });
    it('is 1 while value ≤ target with direction atMost', () => {
      const latency = kr({ kind: 'maintain', target: 200, unit: 'ms', direction: 'atMost' });
      expect(krProgress(latency, 200)).toBe(1);
      expect(krProgress(latency, 150)).toBe(1);
      expect(krProgress(latency, 201)).toBe(0);
    });
    it('is 0 without a value or without a target', () => {
      expect(krProgress(kr({ kind: 'maintain', target: 90 }), undefined)).toBe(0);
      expect(krProgress(kr({ kind: 'maintain' }), 95)).toBe(0);
    });
  });

  describe('milestone', () => {
    it('is done at 1 by default', () => {
      const m = kr({ kind: 'milestone' });
      expect(krProgress(m, undefined)).toBe(0);
      expect(krProgress(m, 0)).toBe(0);
      expect(krProgress(m, 0.99)).toBe(0);
      expect(krProgress(m, 1)).toBe(1);
    });
    it('uses an explicit target', () => {
      const m = kr({ kind: 'milestone', target: 3 });
      expect(krProgress(m, 2)).toBe(0);
      expect(krProgress(m, 3)).toBe(1);
    });
  });
});

describe('latestCheckIn / currentValue', () => {
  it('picks the latest by instant; a plain date is 00:00Z', () => {
    const a = ci('2026-11-01T23:00:00Z', 1);
    const b = ci('2026-11-02', 2);
    const c = ci('2026-10-30', 3);
    expect(latestCheckIn([a, b, c])).toBe(b);
    expect(latestCheckIn([b, a, c])).toBe(b);
  });

  it('compares offsets as instants', () => {
    const a = ci('2026-11-02T01:00:00+02:00', 1); // 2026-11-01T23:00Z
    const b = ci('2026-11-01T23:30:00Z', 2);
    expect(latestCheckIn([b, a])).toBe(b);
  });

  it('breaks ties by the later position in the array', () => {
    const a = ci('2026-11-02', 1);
    const b = ci('2026-11-02T00:00:00Z', 2);
    expect(latestCheckIn([a, b])).toBe(b);
    expect(latestCheckIn([b, a])).toBe(a);
  });

  it('is undefined for no check-ins', () => {
    expect(latestCheckIn([])).toBeUndefined();
  });

  it('current value: latest check-in, else kr.current, else undefined', () => {
    expect(currentValue(kr({ current: 5 }), [ci('2026-10-02', 7), ci('2026-10-09', 0)])).toBe(0);
    expect(currentValue(kr({ current: 5 }), [])).toBe(5);
    expect(currentValue(kr(), [])).toBeUndefined();
  });
});

describe('statusFor', () => {
  it('is done at p ≥ 1, whatever the pace', () => {
    expect(statusFor(1, 0, settings)).toBe('done');
    expect(statusFor(1, 1, settings)).toBe('done');
  });

  it('is on track at exactly the on-track gap despite floating point', () => {
    expect(0.45 - 0.3).toBeGreaterThan(0.15); // 0.15000000000000002: why an epsilon is needed
    expect(statusFor(0.3, 0.45, settings)).toBe('on-track');
    expect(statusFor(0.35, 0.5, settings)).toBe('on-track');
    expect(statusFor(0.849, 1, settings)).toBe('at-risk'); // gap 0.151
  });

  it('is at risk at exactly the at-risk gap, off track just beyond', () => {
    expect(statusFor(0.45, 0.75, settings)).toBe('at-risk'); // gap 0.3
    expect(statusFor(0.4, 0.7, settings)).toBe('at-risk');
    expect(0.8 - 0.5).toBeGreaterThan(0.3); // 0.30000000000000004
    expect(statusFor(0.5, 0.8, settings)).toBe('at-risk');
    expect(statusFor(0.7, 1, settings)).toBe('at-risk');
    expect(statusFor(0.699, 1, settings)).toBe('off-track'); // gap 0.301
    expect(statusFor(0, 0.31, settings)).toBe('off-track');
  });

  it('is on track when ahead of pace', () => {
    expect(statusFor(0.6, 0.2, settings)).toBe('on-track');
    expect(statusFor(0, 0, settings)).toBe('on-track');
  });

  it('follows the settings', () => {
    const strict: Settings = { ...settings, onTrackGap: 0.1, atRiskGap: 0.2 };
    expect(statusFor(0.4, 0.5, strict)).toBe('on-track'); // gap 0.1
    expect(statusFor(0.35, 0.5, strict)).toBe('at-risk'); // gap 0.15
    expect(statusFor(0.25, 0.5, strict)).toBe('off-track'); // gap 0.25
  });
});

describe('evaluateKr', () => {
  const pct = kr({ start: 0, target: 100, unit: '%' });

  it('is on track when progress keeps pace', () => {
    const ev = evaluateKr(pct, [ci('2026-11-10', 50)], q4, MID, settings);
    expect(ev).toEqual({
      value: 50,
      progress: 0.5,
      expected: E_MID,
      status: 'on-track', // gap 0.4945 − 0.5 < 0
      stale: false,
      lastCheckInAt: '2026-11-10',
      daysSinceCheckIn: 5,
    });
  });

  it('is at risk / off track as the gap grows', () => {
    // 2026-12-01 is 61 days in: e = 61/91 ≈ 0.670.
    expect(evaluateKr(pct, [ci('2026-11-30', 50)], q4, '2026-12-01', settings).status).toBe(
      'at-risk', // gap 0.170
    );
    expect(evaluateKr(pct, [ci('2026-11-30', 30)], q4, '2026-12-01', settings).status).toBe(
      'off-track', // gap 0.370
    );
  });

  it('is no data without a check-in or a current value: silence is never green', () => {
    // Day one: the pace expects nothing, yet there is nothing to show either.
    for (const today of ['2026-10-01', MID, '2026-12-31']) {
      const ev = evaluateKr(pct, [], q4, today, settings);
      expect(ev.status).toBe('no-data');
      expect(ev.progress).toBe(0);
      expect(ev.value).toBeUndefined();
      expect(ev.stale).toBe(false);
      expect(ev.lastCheckInAt).toBeUndefined();
      expect(ev.daysSinceCheckIn).toBeUndefined();
    }
  });

  it('runs on kr.current when there is no check-in', () => {
    const ev = evaluateKr(kr({ target: 100, current: 20 }), [], q4, MID, settings);
    expect(ev.value).toBe(20);
    expect(ev.progress).toBe(0.2);
    expect(ev.status).toBe('at-risk'); // gap 0.4945 − 0.2 = 0.2945
    expect(ev.stale).toBe(false);
  });

  it('computes decrease KRs from the latest check-in, in any array order', () => {
    const bugs = kr({ kind: 'decrease', start: 40, target: 20 });
    const ev = evaluateKr(bugs, [ci('2026-11-08', 30), ci('2026-10-15', 35)], q4, MID, settings);
    expect(ev.value).toBe(30);
    expect(ev.progress).toBe(0.5);
    expect(ev.status).toBe('on-track');
    expect(ev.daysSinceCheckIn).toBe(7);
  });

  it('ignores check-ins of other KRs', () => {
    const ev = evaluateKr(
      pct,
      [ci('2026-11-14', 90, 'other'), ci('2026-11-01', 40)],
      q4,
      MID,
      settings,
    );
    expect(ev.value).toBe(40);
    expect(ev.lastCheckInAt).toBe('2026-11-01');
  });

  it('is stale when the last check-in is more than staleDays old', () => {
    // MID − 14 days = 2026-11-01 (not stale), − 15 days = 2026-10-31 (stale).
    expect(evaluateKr(pct, [ci('2026-11-01', 50)], q4, MID, settings).stale).toBe(false);
    const old = evaluateKr(pct, [ci('2026-10-31', 50)], q4, MID, settings);
    expect(old.stale).toBe(true);
    expect(old.daysSinceCheckIn).toBe(15);
    expect(old.status).toBe('on-track'); // stale is a flag next to the status, not a status
    expect(
      evaluateKr(pct, [ci('2026-11-07', 50)], q4, MID, { ...settings, staleDays: 7 }).stale,
    ).toBe(true); // 8 days > 7
  });

  it('counts days since a date-time check-in by its calendar date', () => {
    const ev = evaluateKr(pct, [ci('2026-11-14T22:00:00Z', 50)], q4, MID, settings);
    expect(ev.daysSinceCheckIn).toBe(1);
    expect(ev.lastCheckInAt).toBe('2026-11-14T22:00:00Z');
  });

  it('is done once the target is reached, before the cycle ends', () => {
    const ev = evaluateKr(pct, [ci('2026-10-20', 120)], q4, '2026-10-21', settings);
    expect(ev.progress).toBe(1);
    expect(ev.status).toBe('done');
  });

  describe('maintain', () => {
    const sprint = kr({ kind: 'maintain', target: 90, unit: '%' });
    it('is on track (not done) while it holds during the cycle', () => {
      const ev = evaluateKr(sprint, [ci('2026-11-10', 93)], q4, MID, settings);
      expect(ev.progress).toBe(1);
      expect(ev.status).toBe('on-track');
    });
    it('is done when it holds at the end of the cycle', () => {
      expect(evaluateKr(sprint, [ci('2026-12-30', 93)], q4, '2026-12-31', settings).status).toBe(
        'done',
      );
      expect(evaluateKr(sprint, [ci('2026-12-30', 93)], q4, '2027-01-05', settings).status).toBe(
        'done',
      );
    });
    it('is off track while it does not hold, even on day one', () => {
      expect(evaluateKr(sprint, [ci('2026-10-01', 88)], q4, '2026-10-01', settings).status).toBe(
        'off-track',
      );
    });
    it('honours direction atMost', () => {
      const latency = kr({ kind: 'maintain', target: 200, direction: 'atMost' });
      expect(evaluateKr(latency, [ci('2026-11-10', 180)], q4, MID, settings).status).toBe(
        'on-track',
      );
      expect(evaluateKr(latency, [ci('2026-11-10', 230)], q4, MID, settings).status).toBe(
        'off-track',
      );
    });
    it('is no data without a value', () => {
      expect(evaluateKr(sprint, [], q4, MID, settings).status).toBe('no-data');
    });
  });

  describe('milestone', () => {
    const m = kr({ kind: 'milestone' });
    it('follows the pace until done', () => {
      expect(evaluateKr(m, [ci('2026-10-05', 0)], q4, '2026-10-10', settings).status).toBe(
        'on-track', // e = 9/91 ≈ 0.099
      );
      expect(evaluateKr(m, [ci('2026-12-01', 0)], q4, '2026-12-31', settings).status).toBe(
        'off-track',
      );
      expect(evaluateKr(m, [ci('2026-12-01', 1)], q4, '2026-12-31', settings).status).toBe('done');
    });
  });
});

describe('evaluateObjective', () => {
  const ev = (progress: number, status: KrEvaluation['status'] = 'on-track'): KrEvaluation => ({
    value: status === 'no-data' ? undefined : progress,
    progress,
    expected: E_MID,
    status,
    stale: false,
    lastCheckInAt: undefined,
    daysSinceCheckIn: undefined,
  });
  const item = (progress: number, weight?: number, status?: KrEvaluation['status']) => ({
    kr: kr(weight === undefined ? {} : { weight }),
    evaluation: ev(progress, status),
  });

  it('is no data without KRs', () => {
    expect(evaluateObjective([], q4, MID, settings)).toEqual({
      progress: 0,
      expected: E_MID,
      status: 'no-data',
      krCount: 0,
    });
  });

  it('is the plain mean with default weights', () => {
    const o = evaluateObjective([item(0.2), item(0.5), item(0.8)], q4, MID, settings);
    expect(o.progress).toBeCloseTo(0.5, 12);
    expect(o.krCount).toBe(3);
    expect(o.expected).toBe(E_MID);
    expect(o.status).toBe('on-track');
  });

  it('weights KRs', () => {
    // (3 × 1 + 1 × 0) / 4
    expect(evaluateObjective([item(1, 3), item(0, 1)], q4, MID, settings).progress).toBe(0.75);
    // Weight 0 drops a KR from the mean: (0 × 1 + 2 × 0.5) / 2.
    expect(evaluateObjective([item(1, 0), item(0.5, 2)], q4, MID, settings).progress).toBe(0.5);
    // Default weight 1 beside an explicit 3: (1 × 0 + 3 × 0.4) / 4.
    expect(evaluateObjective([item(0), item(0.4, 3)], q4, MID, settings).progress).toBeCloseTo(
      0.3,
      12,
    );
  });

  it('uses equal weights when every weight is 0', () => {
    expect(evaluateObjective([item(1, 0), item(0.5, 0)], q4, MID, settings).progress).toBe(0.75);
  });

  it('is no data only when every KR is no data', () => {
    const allSilent = evaluateObjective(
      [item(0, 1, 'no-data'), item(0, 1, 'no-data')],
      q4,
      MID,
      settings,
    );
    expect(allSilent.status).toBe('no-data');
    expect(allSilent.krCount).toBe(2);
    // A silent KR counts with progress 0: (0.8 + 0) / 2 = 0.4, gap 0.0945 → on track.
    const one = evaluateObjective([item(0.8), item(0, 1, 'no-data')], q4, MID, settings);
    expect(one.progress).toBeCloseTo(0.4, 12);
    expect(one.status).toBe('on-track');
    // (0.4 + 0) / 2 = 0.2, gap 0.2945 → at risk.
    expect(evaluateObjective([item(0.4), item(0, 1, 'no-data')], q4, MID, settings).status).toBe(
      'at-risk',
    );
  });

  it('is off track when far behind the pace', () => {
    // e = 1 on the last day; mean 0.6 → gap 0.4.
    expect(evaluateObjective([item(0.6), item(0.6)], q4, '2026-12-31', settings).status).toBe(
      'off-track',
    );
  });

  it('is done when every KR is done', () => {
    expect(
      evaluateObjective([item(1, 1, 'done'), item(1, 2, 'done')], q4, MID, settings).status,
    ).toBe('done');
  });

  it('is not done while a holding maintain KR is only on track', () => {
    const sprint = kr({ id: 'kr2', kind: 'maintain', target: 90 });
    const mau = kr({ target: 100 });
    const krs = [
      { kr: mau, evaluation: evaluateKr(mau, [ci('2026-11-01', 100)], q4, MID, settings) },
      {
        kr: sprint,
        evaluation: evaluateKr(sprint, [ci('2026-11-01', 95, 'kr2')], q4, MID, settings),
      },
    ];
    const o = evaluateObjective(krs, q4, MID, settings);
    expect(o.progress).toBe(1);
    expect(o.status).toBe('on-track');
    // At the end of the cycle both are done, and so is the objective.
    const end = krs.map(({ kr: k }) => ({
      kr: k,
      evaluation: evaluateKr(
        k,
        [ci('2026-12-30', k.kind === 'maintain' ? 95 : 100, k.id)],
        q4,
        '2026-12-31',
        settings,
      ),
    }));
    expect(evaluateObjective(end, q4, '2026-12-31', settings).status).toBe('done');
  });

  it('ignores a zero-weight KR when deciding done', () => {
    expect(
      evaluateObjective([item(1, 1, 'done'), item(0, 0, 'no-data')], q4, MID, settings).status,
    ).toBe('done');
  });
});

describe('score and scoreBand', () => {
  it('rounds progress to one decimal, half up', () => {
    expect(score(0.65)).toBe(0.7);
    expect(score(0.649)).toBe(0.6);
    expect(score(0.35)).toBe(0.4);
    expect(score(0.25)).toBe(0.3);
    expect(score(0.15)).toBe(0.2);
    expect(score(0.05)).toBe(0.1);
    expect(score(0.04)).toBe(0);
    expect(score(0.7)).toBe(0.7);
    expect(score(0.96)).toBe(1);
  });

  it('caps to [0, 1]', () => {
    expect(score(1.3)).toBe(1);
    expect(score(-0.2)).toBe(0);
    expect(score(Number.NaN)).toBe(0);
  });

  it('bands: < 0.4 red, < 0.7 yellow, else green', () => {
    expect(scoreBand(0, settings)).toBe('red');
    expect(scoreBand(0.3, settings)).toBe('red');
    expect(scoreBand(0.39, settings)).toBe('red');
    expect(scoreBand(0.4, settings)).toBe('yellow');
    expect(scoreBand(0.6, settings)).toBe('yellow');
    expect(scoreBand(0.69, settings)).toBe('yellow');
    expect(scoreBand(0.7, settings)).toBe('green');
    expect(scoreBand(1, settings)).toBe('green');
    // Rounding first: 0.35 scores 0.4 (yellow), 0.65 scores 0.7 (green).
    expect(scoreBand(score(0.35), settings)).toBe('yellow');
    expect(scoreBand(score(0.65), settings)).toBe('green');
    // Sums that miss the boundary by a hair still land in the upper band.
    expect(0.7 - 0.3).toBeLessThan(0.4); // 0.39999999999999997
    expect(scoreBand(0.7 - 0.3, settings)).toBe('yellow');
    expect(scoreBand(0.7 - 1e-12, settings)).toBe('green');
  });

  it('follows the settings', () => {
    const s: Settings = { ...settings, scoreRedBelow: 0.3, scoreGreenFrom: 0.6 };
    expect(scoreBand(0.3, s)).toBe('yellow');
    expect(scoreBand(0.6, s)).toBe('green');
    expect(scoreBand(0.2, s)).toBe('red');
  });
});

describe('formatValue', () => {
  it.each([
    [undefined, undefined, '—'],
    [undefined, '%', '—'],
    [40, '%', '40%'],
    [12.5, '%', '12.5%'],
    [1200, '$', '$1,200'],
    [-5, '$', '-$5'],
    [120_000, 'users', '120,000 users'],
    [20, 'critical bugs', '20 critical bugs'],
    [1234.567, undefined, '1,234.57'],
    [1_000_000, '', '1,000,000'],
    [0.5, 'ms', '0.5 ms'],
    [7, '  ', '7'],
    [8, ' NPS ', '8 NPS'],
    [-0, undefined, '0'],
    [0, '%', '0%'],
  ] as const)('%s %s → %s', (value, unit, expected) => {
    expect(formatValue(value, unit)).toBe(expected);
  });
});
