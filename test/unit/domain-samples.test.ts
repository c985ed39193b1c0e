import { describe, it, expect } from 'vitest';
import { sampleOkrs } from '../../lib/okr/samples';
import { validateInterchange } from '../../lib/okr/interchange';
import { addDays, quarterOf } from '../../lib/okr/dates';
import { defaultSettings } from '../../lib/okr/model';
import { evaluateKr, evaluateObjective } from '../../lib/okr/progress';
import { qualityHints } from '../../lib/okr/quality';

const TODAYS = [
  '2026-10-01', // first day of a quarter
  '2026-10-02',
  '2026-10-20',
  '2026-11-15',
  '2026-12-31', // last day of a quarter
  '2027-01-01',
  '2027-03-31',
  '2028-02-29',
  '2026-06-30',
];

function evaluateAll(today: string) {
  const file = sampleOkrs(today);
  const cycle = file.cycles[0]!;
  const byCode = new Map(
    file.keyResults.map((kr) => [
      kr.code,
      evaluateKr(
        kr,
        file.checkIns.filter((c) => c.keyResultId === kr.id),
        cycle,
        today,
        defaultSettings,
      ),
    ]),
  );
  return { file, cycle, byCode };
}

describe('sampleOkrs', () => {
  it.each(TODAYS)('is a valid interchange file on %s', (today) => {
    const file = sampleOkrs(today);
    const result = validateInterchange(file);
    expect(result.ok ? [] : result.issues).toEqual([]);
    // …also after a trip through JSON, as an export/import would do.
    expect(validateInterchange(JSON.parse(JSON.stringify(file))).ok).toBe(true);
  });

  it.each(TODAYS)('lives in the quarter containing %s', (today) => {
    const q = quarterOf(today);
    expect(sampleOkrs(today).cycles).toEqual([
      { id: `sample-${q.start}`, name: q.name, start: q.start, end: q.end },
    ]);
  });

  it('names the cycle like Q4 2026', () => {
    expect(sampleOkrs('2026-11-23').cycles[0]).toEqual({
      id: 'sample-2026-10-01',
      name: 'Q4 2026',
      start: '2026-10-01',
      end: '2026-12-31',
    });
  });

  it('never dates anything in the future or before the cycle', () => {
    // Every day of a quarter, plus a leap-year Q1.
    const days = [
      ...Array.from({ length: 92 }, (_, i) => addDays('2026-10-01', i)),
      ...Array.from({ length: 91 }, (_, i) => addDays('2028-01-01', i)),
    ];
    for (const today of days) {
      const file = sampleOkrs(today);
      const start = file.cycles[0]!.start;
      const dates = [
        ...file.checkIns.map((c) => c.at),
        ...file.links.map((l) => l.createdAt!),
        ...file.tickets.map((t) => t.seenAt!),
      ];
      for (const d of dates) {
        expect(d >= start && d <= today, `${d} on ${today}`).toBe(true);
      }
      expect(validateInterchange(file).ok).toBe(true);
    }
  });

  it('has the three objectives and nine KRs of the example', () => {
    const file = sampleOkrs('2026-11-15');
    expect(file.objectives.map((o) => o.title)).toEqual([
      'Accelerate Product Innovation',
      'Maximize Product-Led Growth',
      'Optimize Operational Excellence',
    ]);
    expect(file.objectives.every((o) => o.cycleId === 'sample-2026-10-01' && o.team)).toBe(true);
    expect(file.keyResults.map((k) => k.code)).toEqual([
      'KR1.1',
      'KR1.2',
      'KR1.3',
      'KR2.1',
      'KR2.2',
      'KR2.3',
      'KR3.1',
      'KR3.2',
      'KR3.3',
    ]);
    const [o1, o2, o3] = file.objectives.map((o) => o.id);
    expect(file.keyResults.map((k) => k.objectiveId)).toEqual([o1, o1, o1, o2, o2, o2, o3, o3, o3]);
    expect(file.keyResults.every((k) => k.owner && k.unit)).toBe(true);
  });

  it('models the KRs with sensible kinds and numbers', () => {
    const krs = new Map(sampleOkrs('2026-11-15').keyResults.map((k) => [k.code, k]));
    expect(krs.get('KR2.3')).toMatchObject({
      title: 'Grow MAU by 50,000',
      kind: 'increase',
      start: 120_000,
      target: 170_000,
      unit: 'users',
    });
    expect(krs.get('KR3.3')).toMatchObject({
      kind: 'decrease',
      start: 40,
      target: 20,
      unit: 'critical bugs',
    });
    expect(krs.get('KR3.2')).toMatchObject({ kind: 'maintain', target: 90, unit: '%' });
    expect(krs.get('KR3.2')!.direction).toBeUndefined(); // at least 90 %
    expect(krs.get('KR1.1')).toMatchObject({ kind: 'increase', start: 0, target: 40, unit: '%' });
  });

  it('shows every status in the middle of the quarter', () => {
    const { byCode, file, cycle } = evaluateAll('2026-11-15');
    const status = (code: string) => byCode.get(code)!.status;
    expect(status('KR1.1')).toBe('on-track');
    expect(status('KR1.2')).toBe('at-risk');
    expect(status('KR1.3')).toBe('no-data');
    expect(status('KR2.3')).toBe('off-track');
    expect(status('KR3.2')).toBe('on-track'); // maintain, holding
    expect(byCode.get('KR2.1')!.stale).toBe(true);
    expect(byCode.get('KR2.1')!.daysSinceCheckIn).toBe(20);
    expect([...byCode.values()].filter((e) => e.stale)).toHaveLength(1);
    // KR3.1 runs on an imported current value, without check-ins.
    expect(file.checkIns.some((c) => c.keyResultId.endsWith('kr3.1'))).toBe(false);
    expect(file.keyResults.find((k) => k.code === 'KR3.1')!.current).toBeDefined();
    expect(status('KR3.1')).not.toBe('no-data');
    // Objectives roll up to something other than no data.
    for (const o of file.objectives) {
      const krs = file.keyResults
        .filter((k) => k.objectiveId === o.id)
        .map((kr) => ({ kr, evaluation: byCode.get(kr.code)! }));
      expect(evaluateObjective(krs, cycle, '2026-11-15', defaultSettings).status).not.toBe(
        'no-data',
      );
    }
  });

  it('finishes the quarter with done and missed KRs', () => {
    const { byCode } = evaluateAll('2026-12-31');
    const statuses = new Set([...byCode.values()].map((e) => e.status));
    expect(statuses).toContain('done');
    expect(statuses).toContain('off-track');
    expect(byCode.get('KR3.2')!.status).toBe('done');
  });

  it('is all on track or no data on the first day', () => {
    const { byCode } = evaluateAll('2026-10-01');
    expect(byCode.get('KR1.3')!.status).toBe('no-data');
    for (const [code, e] of byCode) if (code !== 'KR1.3') expect(e.status).toBe('on-track');
  });

  it('links demo tickets from all three trackers, one of them to two KRs, one orphan', () => {
    const file = sampleOkrs('2026-11-15');
    const keys = file.tickets.map((t) => t.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'github:github.com/acme/web#101',
        'jira:acme.atlassian.net/SHOP-42',
        'linear:acme/ENG-7',
      ]),
    );
    const code = new Map(file.keyResults.map((k) => [k.id, k.code]));
    const linked = (ticket: string) =>
      file.links.filter((l) => l.ticket === ticket).map((l) => code.get(l.keyResultId));
    expect(linked('jira:acme.atlassian.net/SHOP-42').sort()).toEqual(['KR1.2', 'KR3.3']);
    expect(linked('github:github.com/acme/web#101')).toEqual(['KR1.1']);
    expect(linked('linear:acme/ENG-7')).toEqual(['KR2.3']);
    const orphans = keys.filter((k) => linked(k).length === 0);
    expect(orphans).toEqual(['github:github.com/acme/web#102']);
  });

  it('has exactly one quality hint: the output-style KR1.1', () => {
    const file = sampleOkrs('2026-11-15');
    const hs = qualityHints({
      cycle: file.cycles[0]!,
      objectives: file.objectives,
      keyResults: file.keyResults,
      linkedKrIds: new Set(file.links.map((l) => l.keyResultId)),
      today: '2026-11-15',
    });
    expect(hs).toEqual([
      {
        level: 'info',
        target: { kind: 'keyResult', id: file.keyResults[0]!.id },
        message: '“Launch two new…” reads as an output; say what outcome it should change.',
      },
    ]);
  });

  it('is deterministic and gives unique ids per quarter', () => {
    expect(sampleOkrs('2026-11-15')).toEqual(sampleOkrs('2026-11-15'));
    const a = sampleOkrs('2026-11-15');
    const b = sampleOkrs('2027-02-01');
    const ids = (f: typeof a) => [
      ...f.cycles.map((c) => c.id),
      ...f.objectives.map((o) => o.id),
      ...f.keyResults.map((k) => k.id),
      ...f.checkIns.map((c) => c.id!),
    ];
    const all = [...ids(a), ...ids(b)];
    expect(new Set(all).size).toBe(all.length);
    // Both quarters together still form one valid file.
    const merged = {
      format: a.format,
      version: a.version,
      cycles: [...a.cycles, ...b.cycles],
      objectives: [...a.objectives, ...b.objectives],
      keyResults: [...a.keyResults, ...b.keyResults],
      checkIns: [...a.checkIns, ...b.checkIns],
    };
    expect(validateInterchange(merged).ok).toBe(true);
  });
});
