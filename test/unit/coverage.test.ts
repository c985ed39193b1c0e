import { shortKey } from '../../lib/okr/ticket-key';
import { describe, expect, it } from 'vitest';
import { bucketOf, computeCoverage, resolveKrChoice } from '@/lib/okr/coverage';
import { coverageMarkdown, coverageRows } from '@/lib/okr/coverage-export';
import type { CoverageInput } from '@/lib/okr/coverage';

const cycle = { id: 'c', name: 'Q4 2026', start: '2026-10-01', end: '2026-12-31' };
const base = (): CoverageInput => ({
  cycle,
  objectives: [
    { id: 'oa', cycleId: 'c', title: 'Grow', team: 'Growth' },
    { id: 'ob', cycleId: 'c', title: 'Stabilise', owner: 'Platform' },
    { id: 'old', cycleId: 'other', title: 'Other cycle' },
  ],
  keyResults: [
    {
      id: 'k1',
      objectiveId: 'oa',
      code: 'KR1.1',
      title: 'Signups',
      kind: 'increase',
      start: 0,
      target: 10,
    },
    {
      id: 'k2',
      objectiveId: 'oa',
      code: 'KR1.2',
      title: 'Retention',
      kind: 'increase',
      start: 0,
      target: 10,
    },
    {
      id: 'k3',
      objectiveId: 'ob',
      code: 'KR2.1',
      title: 'Incidents',
      kind: 'decrease',
      start: 9,
      target: 3,
    },
    {
      id: 'k4',
      objectiveId: 'ob',
      code: 'KR2.2',
      title: 'Archived',
      kind: 'increase',
      start: 0,
      target: 1,
      archived: true,
    },
    {
      id: 'kx',
      objectiveId: 'old',
      code: 'KR9.9',
      title: 'Elsewhere',
      kind: 'increase',
      start: 0,
      target: 1,
    },
  ],
  links: [
    { ticket: 'github:github.com/acme/web#1', keyResultId: 'k1' },
    { ticket: 'jira:acme.atlassian.net/GRW-1', keyResultId: 'k1', source: 'label' },
    { ticket: 'linear:acme/ENG-1', keyResultId: 'k3' },
    { ticket: 'github:github.com/acme/web#50', keyResultId: 'kx' },
  ],
  tickets: [
    { key: 'github:github.com/acme/web#1', state: 'open', seenAt: '2026-11-01T00:00:00Z' },
    { key: 'jira:acme.atlassian.net/GRW-1', state: 'merged', seenAt: '2026-11-01T00:00:00Z' },
    { key: 'linear:acme/ENG-1', state: 'done', seenAt: '2026-11-01T00:00:00Z' },
    {
      key: 'github:github.com/acme/web#7',
      state: 'in-progress',
      seenAt: '2026-10-01T08:00:00Z',
      title: 'CSS',
    },
    { key: 'jira:acme.atlassian.net/GRW-9', seenAt: '2026-12-31T23:00:00Z' },
    { key: 'jira:acme.atlassian.net/OLD-1', seenAt: '2026-09-30T23:00:00Z' },
    { key: 'github:github.com/acme/web#50', seenAt: '2026-11-02T00:00:00Z' },
  ],
  currentValues: new Map([['k3', 9]]),
  today: '2026-11-23',
});

describe('coverage', () => {
  it('folds ticket states into open / in progress / done', () => {
    expect(
      ['open', 'in-progress', 'closed', 'merged', 'done', undefined].map((s) =>
        bucketOf(s as never),
      ),
    ).toEqual(['open', 'inProgress', 'done', 'done', 'done', 'open']);
  });

  it('lists KRs of the cycle with their tickets and counts, uncovered first, archived and other cycles out', () => {
    const c = computeCoverage(base());
    expect(c.keyResults.map((k) => k.kr.code)).toEqual(['KR1.2', 'KR1.1', 'KR2.1']);
    const k1 = c.keyResults.find((k) => k.kr.code === 'KR1.1')!;
    expect(k1.counts).toEqual({ open: 1, inProgress: 0, done: 1 });
    expect(k1.tickets.map((t) => [t.key, t.source, t.tracker])).toEqual([
      ['github:github.com/acme/web#1', 'user', 'github'],
      ['jira:acme.atlassian.net/GRW-1', 'label', 'jira'],
    ]);
    expect(c.keyResults[0]!.covered).toBe(false);
  });

  it('flags work without outcome: all linked work done, value not moved from start', () => {
    const c = computeCoverage(base());
    expect(c.keyResults.find((k) => k.kr.code === 'KR2.1')!.workWithoutOutcome).toBe(true);
    const moved = base();
    moved.currentValues = new Map([['k3', 8]]);
    expect(
      computeCoverage(moved).keyResults.find((k) => k.kr.code === 'KR2.1')!.workWithoutOutcome,
    ).toBe(false);
    expect(
      computeCoverage(base()).keyResults.find((k) => k.kr.code === 'KR1.1')!.workWithoutOutcome,
    ).toBe(false);
  });

  it('counts orphans and alignment over tickets seen inside the cycle (edges inclusive)', () => {
    const c = computeCoverage(base());
    // Seen in the cycle: #1, GRW-1, ENG-1 (linked), #7 and GRW-9 (orphans), #50 (serves a KR of
    // another cycle: an orphan here). OLD-1 was seen the day before the cycle: not counted.
    expect(c.orphans.map((t) => shortKey(t.key))).toEqual(['acme/web#7', 'acme/web#50', 'GRW-9']);
    expect(c.alignment.total).toEqual({ seen: 6, linked: 3, ratio: 0.5 });
    expect(c.alignment.github).toEqual({ seen: 3, linked: 1, ratio: 1 / 3 });
    expect(c.alignment.jira).toEqual({ seen: 2, linked: 1, ratio: 0.5 });
    expect(c.alignment.linear).toEqual({ seen: 1, linked: 1, ratio: 1 });
  });

  it('filters by objective, team (team or owner), tracker and search', () => {
    const f = (filters: CoverageInput['filters']) => computeCoverage({ ...base(), filters });
    expect(f({ objectiveId: 'ob' }).keyResults.map((k) => k.kr.code)).toEqual(['KR2.1']);
    expect(f({ team: 'Platform' }).keyResults.map((k) => k.kr.code)).toEqual(['KR2.1']);
    const jira = f({ tracker: 'jira' });
    expect(jira.keyResults.find((k) => k.kr.code === 'KR1.1')!.tickets).toHaveLength(1);
    expect(jira.orphans.map((t) => shortKey(t.key))).toEqual(['GRW-9']);
    expect(f({ search: 'retention' }).keyResults.map((k) => k.kr.code)).toEqual(['KR1.2']);
    expect(f({ search: 'css' }).orphans.map((t) => shortKey(t.key))).toEqual(['acme/web#7']);
  });

  it('names objectives with no work two weeks in, and not before', () => {
    expect(computeCoverage(base()).idleObjectives.map((o) => o.id)).toEqual([]);
    const noLinks = { ...base(), links: [] };
    expect(computeCoverage(noLinks).idleObjectives.map((o) => o.id)).toEqual(['oa', 'ob']);
    expect(computeCoverage({ ...noLinks, today: '2026-10-14' }).idleObjectives).toEqual([]);
    expect(computeCoverage({ ...noLinks, today: '2026-10-15' }).idleObjectives).toHaveLength(2);
  });

  it('exports rows and a Markdown summary that escapes titles', () => {
    const input = base();
    input.keyResults = input.keyResults.map((k) =>
      k.id === 'k2' ? { ...k, title: 'Retention | *bold* <b>' } : k,
    );
    const c = computeCoverage(input);
    const rows = coverageRows(c);
    expect(rows[0]).toEqual([
      'KR code',
      'KR title',
      'Objective',
      'Covered',
      'Ticket',
      'Tracker',
      'Title',
      'State',
      'Source',
      'URL',
    ]);
    expect(rows).toHaveLength(1 + 1 + 2 + 1);
    const md = coverageMarkdown(c, cycle);
    expect(md).toContain('Key results with work: **2 of 3**');
    expect(md).toContain('Retention \\| \\*bold\\* \\<b\\>');
    expect(md).toContain('**50 %** (3 of 6)');
  });
});

describe('resolveKrChoice (the orphan link input)', () => {
  const krs = [
    { id: 'a', code: 'KR1.2', title: 'Better retention' },
    { id: 'b', code: 'KR1.10', title: 'KR1.2 lookalike' },
  ];
  it('takes the offered label, the code alone, or the code first; any case', () => {
    expect(resolveKrChoice('KR1.2 Better retention', krs)?.id).toBe('a');
    expect(resolveKrChoice('  kr1.2 ', krs)?.id).toBe('a');
    expect(resolveKrChoice('KR1.10 KR1.2 lookalike', krs)?.id).toBe('b');
    expect(resolveKrChoice('kr1.10 whatever', krs)?.id).toBe('b');
  });
  it('names nothing for empty or unknown text', () => {
    expect(resolveKrChoice('', krs)).toBeUndefined();
    expect(resolveKrChoice('KR9.9', krs)).toBeUndefined();
    expect(resolveKrChoice('retention', krs)).toBeUndefined();
  });
});
