/** The team file's stable text (lib/okr/team-file.ts) and commit messages (commit-message.ts). */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { commitMessage } from '@/lib/okr/commit-message';
import { validateInterchange } from '@/lib/okr/interchange';
import { diffSets } from '@/lib/okr/merge';
import { normalizeSet, serializeTeamFile, teamFileFromSet, teamFileOf } from '@/lib/okr/team-file';
import type { TeamFile } from '@/lib/okr/team-file';
import { newId } from '@/lib/okr/ids';
import { fullFile } from './helpers/db';

const team = (): TeamFile => teamFileOf(fullFile());

/** The lines of `b` not in `a` and of `a` not in `b` (a line diff is enough for one-line records). */
function lineDiff(a: string, b: string) {
  const la = a.split('\n');
  const lb = b.split('\n');
  let i = 0;
  while (i < la.length && la[i] === lb[i]) i++;
  let j = 0;
  while (j < la.length - i && la[la.length - 1 - j] === lb[lb.length - 1 - j]) j++;
  return { removed: la.slice(i, la.length - j), added: lb.slice(i, lb.length - j) };
}

describe('team file text', () => {
  it('is valid interchange JSON that reads back to the same records', () => {
    const text = serializeTeamFile(team());
    const parsed = validateInterchange(JSON.parse(text));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(teamFileOf(parsed.data)).toEqual(team());
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).not.toContain('exportedAt');
  });

  it('is stable: the same records in any order and key order give the same bytes', () => {
    const file = team();
    fc.assert(
      fc.property(fc.integer(), (s) => {
        const shuffle = <T>(xs: T[]) =>
          xs
            .map((x, i) => ({ x, k: Math.sin(s + i * 7919) }))
            .sort((a, b) => a.k - b.k)
            .map(({ x }) => Object.fromEntries(Object.entries(x as object).reverse()) as T);
        const other: TeamFile = {
          ...file,
          cycles: shuffle(file.cycles),
          objectives: shuffle(file.objectives),
          keyResults: shuffle(file.keyResults),
          checkIns: shuffle(file.checkIns),
          links: shuffle(file.links),
        };
        expect(serializeTeamFile(other)).toBe(serializeTeamFile(file));
      }),
      { numRuns: 50 },
    );
  });

  it('one check-in changes only the line of that check-in (new ids sort last)', () => {
    // Check-ins made by the store earlier (their ids start with their creation time).
    const earlier = (i: number) =>
      `ci-${(Date.now() - 86_400_000 * (10 - i)).toString(36)}-0000000${i}`;
    const first = team();
    const before: TeamFile = {
      ...first,
      checkIns: first.checkIns.map((c, i) => ({ ...c, id: earlier(i) })),
    };
    const checkIn = {
      id: newId('ci'),
      keyResultId: 'k1',
      at: '2026-11-20T09:00:00.000Z',
      value: 200,
      confidence: 'at-risk' as const,
    };
    const after: TeamFile = {
      ...before,
      checkIns: [...before.checkIns, checkIn],
      // The store moves `current` with the check-in; the file does not carry it.
      keyResults: before.keyResults.map((k) => (k.id === 'k1' ? { ...k, current: 200 } : k)),
    };
    const { removed, added } = lineDiff(serializeTeamFile(before), serializeTeamFile(after));
    expect(removed).toEqual([]);
    expect(added).toHaveLength(1);
    expect(JSON.parse(added[0]!.trim().replace(/^,/, ''))).toEqual(
      Object.fromEntries(Object.entries(checkIn).sort(([a], [b]) => (a < b ? -1 : 1))),
    );
  });

  it('an edited KR title changes that KR’s line only', () => {
    const before = team();
    const after = {
      ...before,
      keyResults: before.keyResults.map((k) => (k.id === 'k2' ? { ...k, title: 'Uptime!' } : k)),
    };
    const { removed, added } = lineDiff(serializeTeamFile(before), serializeTeamFile(after));
    expect(removed).toHaveLength(1);
    expect(added).toHaveLength(1);
    expect(added[0]).toContain('"title":"Uptime!"');
    expect(removed[0]).toContain('"id":"k2"');
  });

  it('leaves `current` out of KRs with check-ins and keeps it on those without', () => {
    const set = normalizeSet(team());
    expect(set.keyResults.find((k) => k.id === 'k1')?.current).toBeUndefined();
    const lone = teamFileFromSet({ ...set, checkIns: [] });
    expect(lone.keyResults.find((k) => k.id === 'k1')?.current).toBeUndefined(); // dropped above
    const withCurrent = normalizeSet({
      ...set,
      checkIns: [],
      keyResults: [{ ...set.keyResults[1]!, current: 3 }],
    });
    expect(withCurrent.keyResults[0]?.current).toBe(3);
  });
});

describe('commit messages', () => {
  it('say what changed: a check-in with value, unit and confidence', () => {
    const base = normalizeSet(team());
    const kr = { ...base.keyResults.find((k) => k.id === 'k1')!, code: 'KR2.3', unit: 'users' };
    const set = { ...base, keyResults: [kr] };
    const ours = {
      ...set,
      checkIns: [
        ...set.checkIns,
        {
          id: 'ci-x',
          keyResultId: 'k1',
          at: '2026-11-20',
          value: 135200,
          confidence: 'at-risk' as const,
        },
      ],
    };
    expect(commitMessage(diffSets(set, ours), ours)).toBe(
      'Check-in KR2.3: 135,200 users (at risk)',
    );
  });

  it('a rename, an edit of several fields, and several changes at once', () => {
    const set = normalizeSet(team());
    const renamed = {
      ...set,
      keyResults: set.keyResults.map((k) => (k.id === 'k2' ? { ...k, title: 'Availability' } : k)),
    };
    expect(commitMessage(diffSets(set, renamed), renamed)).toBe('Rename KR1.2 to “Availability”');
    const edited = {
      ...renamed,
      objectives: set.objectives.map((o) =>
        o.id === 'o1' ? { ...o, owner: 'Cy', team: 'Core' } : o,
      ),
    };
    expect(commitMessage(diffSets(set, edited), edited)).toBe(
      'Edit objective “Grow the user base”: owner, team (+1 more)\n\n' +
        '- Edit objective “Grow the user base”: owner, team\n- Rename KR1.2 to “Availability”',
    );
  });
});
