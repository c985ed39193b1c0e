import { describe, it, expect } from 'vitest';
import { qualityHints, readsAsOutput, type QualityHint } from '../../lib/okr/quality';
import type { Cycle, KeyResult, Objective } from '../../lib/okr/model';

const cycle: Cycle = { id: 'c1', name: 'Q4 2026', start: '2026-10-01', end: '2026-12-31' };
const LATE = '2026-11-15'; // well past the two-week grace period

const obj = (id: string, over: Partial<Objective> = {}): Objective => ({
  id,
  cycleId: 'c1',
  title: `Objective ${id}`,
  owner: 'Product team',
  team: 'Growth',
  ...over,
});

let n = 0;
/** A KR with nothing to complain about. */
const good = (objectiveId: string, over: Partial<KeyResult> = {}): KeyResult => {
  n++;
  return {
    id: `kr${n}`,
    objectiveId,
    code: `KR${n}`,
    title: 'Grow weekly active teams',
    kind: 'increase',
    start: 100,
    target: 150,
    unit: 'teams',
    owner: 'Growth squad',
    ...over,
  };
};

function hints(
  objectives: Objective[],
  keyResults: KeyResult[],
  opts: { linked?: string[]; today?: string } = {},
): QualityHint[] {
  return qualityHints({
    cycle,
    objectives,
    keyResults,
    // By default every KR is linked, so the "no linked work" hint stays out of the way.
    linkedKrIds: new Set(opts.linked ?? keyResults.map((k) => k.id)),
    today: opts.today ?? LATE,
  });
}

const messages = (hs: QualityHint[]) => hs.map((h) => h.message);

describe('qualityHints', () => {
  it('says nothing about a well-formed objective', () => {
    const o = obj('o1');
    expect(hints([o], [good('o1'), good('o1'), good('o1')])).toEqual([]);
    expect(
      hints(
        [o],
        [
          good('o1', { kind: 'milestone', start: undefined, target: undefined, unit: undefined }),
          good('o1'),
        ],
      ),
    ).toEqual([]);
  });

  describe('KR count per objective', () => {
    it('warns about an objective with no KRs', () => {
      expect(hints([obj('o1', { title: 'Delight new users' })], [])).toEqual([
        {
          level: 'warning',
          target: { kind: 'objective', id: 'o1' },
          message: '“Delight new users” has no key results yet; add 2–5 measurable outcomes.',
        },
      ]);
    });

    it('suggests more than one KR', () => {
      const hs = hints([obj('o1')], [good('o1')]);
      expect(hs).toHaveLength(1);
      expect(hs[0]).toMatchObject({ level: 'info', target: { kind: 'objective', id: 'o1' } });
      expect(hs[0]!.message).toContain('only one key result');
    });

    it('accepts 2 to 5 KRs', () => {
      for (const count of [2, 3, 4, 5]) {
        const krs = Array.from({ length: count }, () => good('o1'));
        expect(hints([obj('o1')], krs)).toEqual([]);
      }
    });

    it('suggests trimming more than 5 KRs', () => {
      const krs = Array.from({ length: 6 }, () => good('o1'));
      const hs = hints([obj('o1')], krs);
      expect(hs).toHaveLength(1);
      expect(hs[0]!.message).toBe(
        '“Objective o1” has 6 key results; keep the 5 or fewer that matter most.',
      );
    });

    it('counts active KRs only', () => {
      const hs = hints([obj('o1')], [good('o1'), good('o1', { archived: true })]);
      expect(hs).toHaveLength(1);
      expect(hs[0]!.message).toContain('only one key result');
      // Six KRs of which one archived: five active, fine.
      const krs = [...Array.from({ length: 5 }, () => good('o1')), good('o1', { archived: true })];
      expect(hints([obj('o1')], krs)).toEqual([]);
    });

    it('truncates long objective titles in messages', () => {
      const hs = hints(
        [obj('o1', { title: 'Make onboarding so smooth that nobody ever needs help' })],
        [],
      );
      expect(hs[0]!.message).toMatch(
        /^“Make onboarding so smooth that nobody…” has no key results/,
      );
    });
  });

  describe('ignores what is not in play', () => {
    it('skips archived objectives and their KRs', () => {
      expect(hints([obj('o1', { archived: true })], [good('o1', { owner: undefined })])).toEqual(
        [],
      );
    });

    it('skips objectives of other cycles and KRs of unknown objectives', () => {
      expect(hints([obj('o1', { cycleId: 'other' })], [])).toEqual([]);
      expect(hints([], [good('nowhere', { unit: undefined })])).toEqual([]);
    });

    it('skips archived KRs', () => {
      const o = obj('o1');
      expect(
        hints([o], [good('o1'), good('o1'), good('o1', { archived: true, owner: '' })]),
      ).toEqual([]);
    });
  });

  describe('objectives per team', () => {
    const six = (over: (i: number) => Partial<Objective>) =>
      Array.from({ length: 6 }, (_, i) => obj(`o${i}`, over(i)));
    const twoKrsEach = (os: Objective[]) => os.flatMap((o) => [good(o.id), good(o.id)]);

    it('flags more than 5 objectives for one team, case-insensitively', () => {
      const os = six((i) => ({ team: i === 0 ? 'growth' : 'Growth' }));
      const hs = hints(os, twoKrsEach(os));
      expect(hs).toEqual([
        {
          level: 'info',
          target: { kind: 'cycle', id: 'c1' },
          message:
            'growth has 6 objectives this cycle; keep it to 5 or fewer so the team can focus.',
        },
      ]);
    });

    it('allows 5', () => {
      const os = six(() => ({})).slice(0, 5);
      expect(hints(os, twoKrsEach(os))).toEqual([]);
    });

    it('does not add up different teams', () => {
      const os = six((i) => ({ team: i < 3 ? 'Growth' : 'Platform' }));
      expect(hints(os, twoKrsEach(os))).toEqual([]);
    });

    it('groups by owner when there is no team', () => {
      const os = six(() => ({ team: undefined, owner: 'Ana' }));
      const hs = hints(os, twoKrsEach(os));
      expect(messages(hs)).toEqual([
        'Ana has 6 objectives this cycle; keep it to 5 or fewer so the team can focus.',
      ]);
    });

    it('does not group objectives with neither team nor owner, nor archived ones', () => {
      const anonymous = six(() => ({ team: undefined, owner: undefined }));
      expect(hints(anonymous, twoKrsEach(anonymous))).toEqual([]);
      const withArchived = six((i) => ({ archived: i === 0 }));
      expect(hints(withArchived, twoKrsEach(withArchived))).toEqual([]);
    });

    it('puts cycle hints first', () => {
      const os = six(() => ({}));
      const hs = hints(os, [...twoKrsEach(os), good('o3', { owner: undefined })]);
      expect(hs.map((h) => h.target.kind)).toEqual(['cycle', 'keyResult']);
    });
  });

  describe('numbers of a KR', () => {
    const one = (over: Partial<KeyResult>) => {
      const k = good('o1', over);
      return hints([obj('o1')], [k, good('o1')]).filter((h) => h.target.id === k.id);
    };

    it('asks for a unit on numeric KRs', () => {
      for (const kind of ['increase', 'decrease', 'maintain'] as const) {
        const hs = one({
          kind,
          code: 'KR1.2',
          unit: kind === 'maintain' ? undefined : '  ',
          ...(kind === 'decrease' ? { start: 150, target: 100 } : {}),
        });
        expect(hs).toEqual([
          {
            level: 'info',
            target: { kind: 'keyResult', id: expect.any(String) as string },
            message: 'KR1.2 has no unit; add one (%, users, ms…) so its numbers read clearly.',
          },
        ]);
      }
      expect(
        one({ kind: 'milestone', unit: undefined, start: undefined, target: undefined }),
      ).toEqual([]);
    });

    it('warns when an increase or decrease has no target', () => {
      for (const kind of ['increase', 'decrease'] as const)
        expect(one({ kind, code: 'KR1.3', target: undefined })).toEqual([
          {
            level: 'warning',
            target: { kind: 'keyResult', id: expect.any(String) as string },
            message: 'KR1.3 has no target; set one so its progress can be measured.',
          },
        ]);
    });

    it('warns when the target equals the start (start defaults to 0)', () => {
      expect(messages(one({ code: 'KR1.4', start: 40, target: 40 }))).toEqual([
        'KR1.4’s target equals its start (40), so its progress cannot move; set a different target.',
      ]);
      expect(messages(one({ code: 'KR1.4', start: undefined, target: 0 }))).toEqual([
        'KR1.4’s target equals its start (0), so its progress cannot move; set a different target.',
      ]);
      expect(one({ kind: 'decrease', start: 40, target: 40 })[0]?.level).toBe('warning');
    });

    it('points out a kind that contradicts its numbers', () => {
      expect(messages(one({ code: 'KR3.3', kind: 'decrease', start: 20, target: 40 }))).toEqual([
        'KR3.3 is a decrease but its target is above its start; check the kind or the numbers.',
      ]);
      expect(messages(one({ code: 'KR2.3', kind: 'increase', start: 170, target: 120 }))).toEqual([
        'KR2.3 is an increase but its target is below its start; check the kind or the numbers.',
      ]);
    });

    it('warns when a maintain KR has no threshold', () => {
      expect(one({ kind: 'maintain', code: 'KR3.2', start: undefined, target: undefined })).toEqual(
        [
          {
            level: 'warning',
            target: { kind: 'keyResult', id: expect.any(String) as string },
            message: 'KR3.2 has no threshold; set the target value it must hold.',
          },
        ],
      );
      expect(one({ kind: 'maintain', start: undefined, target: 90 })).toEqual([]);
    });
  });

  describe('outputs instead of outcomes', () => {
    it('flags a title that starts with an output verb', () => {
      const k = good('o1', {
        title: 'Launch two new flagship features driving a 40% increase in user engagement',
      });
      expect(hints([obj('o1')], [k, good('o1')])).toEqual([
        {
          level: 'info',
          target: { kind: 'keyResult', id: k.id },
          message: '“Launch two new…” reads as an output; say what outcome it should change.',
        },
      ]);
    });

    it.each([
      'Launch',
      'Implement',
      'Build',
      'Complete',
      'Ship',
      'Create',
      'Release',
      'Deliver',
      'Develop',
      'Write',
    ])('knows %s', (verb) => {
      expect(readsAsOutput(`${verb} the thing`)).toBe(true);
      expect(readsAsOutput(`${verb.toUpperCase()} the thing`)).toBe(true);
      expect(readsAsOutput(`  ${verb.toLowerCase()}: the thing`)).toBe(true);
    });

    it('only looks at the whole first word', () => {
      expect(readsAsOutput('Shipping time cut by 20%')).toBe(false);
      expect(readsAsOutput('Builder adoption over 40%')).toBe(false);
      expect(readsAsOutput('Reduce launch time by 15%')).toBe(false);
      expect(readsAsOutput('“Ship” faster')).toBe(true);
      expect(readsAsOutput('')).toBe(false);
    });

    it('quotes short titles whole', () => {
      const k = good('o1', { title: 'Ship it' });
      expect(messages(hints([obj('o1')], [k, good('o1')]))).toEqual([
        '“Ship it” reads as an output; say what outcome it should change.',
      ]);
    });
  });

  describe('owners', () => {
    it('asks for an owner', () => {
      for (const owner of [undefined, '', '   ']) {
        const k = good('o1', { code: 'KR1.1', owner });
        expect(hints([obj('o1')], [k, good('o1')])).toEqual([
          {
            level: 'info',
            target: { kind: 'keyResult', id: k.id },
            message: 'KR1.1 has no owner; name who is accountable for moving it.',
          },
        ]);
      }
    });
  });

  describe('linked work two weeks into the cycle', () => {
    const o = obj('o1', { title: 'Win the mid-market' });
    const a = good('o1');
    const b = good('o1');
    const unlinked = {
      level: 'warning',
      target: { kind: 'objective', id: 'o1' },
      message:
        'No work is linked to “Win the mid-market” yet; link the tickets meant to move its key results.',
    };

    it('waits for 14 days', () => {
      expect(hints([o], [a, b], { linked: [], today: '2026-10-14' })).toEqual([]); // 13 days in
      expect(hints([o], [a, b], { linked: [], today: '2026-10-15' })).toEqual([unlinked]); // 14
      expect(hints([o], [a, b], { linked: [], today: '2027-01-10' })).toEqual([unlinked]);
    });

    it('is satisfied by one linked KR', () => {
      expect(hints([o], [a, b], { linked: [b.id] })).toEqual([]);
    });

    it('does not count links to archived KRs', () => {
      const gone = good('o1', { archived: true });
      expect(hints([o], [a, b, gone], { linked: [gone.id] })).toEqual([unlinked]);
    });

    it('does not repeat itself for an objective without KRs', () => {
      expect(hints([o], [], { linked: [] }).map((h) => h.level)).toEqual(['warning']);
    });
  });

  it('lists several hints per KR, objective hints before their KRs', () => {
    const o = obj('o1', { title: 'Grow' });
    const k = good('o1', {
      code: 'KR9.9',
      title: 'Build a referral program',
      unit: undefined,
      owner: undefined,
      target: undefined,
    });
    expect(hints([o], [k], { linked: [] }).map((h) => [h.level, h.target.kind, h.message])).toEqual(
      [
        [
          'info',
          'objective',
          '“Grow” has only one key result; add another so progress is not one number.',
        ],
        [
          'warning',
          'objective',
          'No work is linked to “Grow” yet; link the tickets meant to move its key results.',
        ],
        ['warning', 'keyResult', 'KR9.9 has no target; set one so its progress can be measured.'],
        [
          'info',
          'keyResult',
          'KR9.9 has no unit; add one (%, users, ms…) so its numbers read clearly.',
        ],
        [
          'info',
          'keyResult',
          '“Build a referral…” reads as an output; say what outcome it should change.',
        ],
        ['info', 'keyResult', 'KR9.9 has no owner; name who is accountable for moving it.'],
      ],
    );
  });
});
