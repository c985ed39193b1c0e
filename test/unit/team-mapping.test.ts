/**
 * Team links, the pure half (lib/trackers/api): which label is written, which are searched,
 * what a sync makes of a tracker's answer (current cycle only, tickets updated since its
 * start, writes still owed win), and each tracker's answer as ticket records.
 */
import { describe, expect, it } from 'vitest';
import {
  codesOfLabels,
  jiraLabelProblem,
  labelColor,
  labelDescription,
  searchLabels,
  writtenLabel,
} from '@/lib/trackers/api/labels';
import { inCycle, planSync } from '@/lib/trackers/api/sync-plan';
import type { FoundTicket } from '@/lib/trackers/api/sync-plan';
import {
  SEARCH_MAX_CHARS,
  githubIssueOf,
  githubScopePrefix,
  githubSearchStrings,
  githubTicket,
} from '@/lib/trackers/api/github';
import { jiraIssueKeyOf, jiraSyncJql, jiraTicket } from '@/lib/trackers/api/jira';
import { linearIdentifierOf, linearSyncFilter, linearTicket } from '@/lib/trackers/api/linear';

const PATTERNS = ['okr:{code}', '{code}'];

describe('labels', () => {
  it('writes the first pattern that names a code; searches every pattern × code once', () => {
    expect(writtenLabel(PATTERNS, 'KR1.2')).toBe('okr:KR1.2');
    expect(writtenLabel(['team-a', '🎯 {code}', '{code}'], 'KR1.2')).toBe('🎯 KR1.2');
    expect(writtenLabel([], 'KR1.2')).toBe('okr:KR1.2');
    expect(searchLabels(PATTERNS, ['KR1.1', 'KR1.2', 'kr1.2'])).toEqual([
      'okr:KR1.1',
      'okr:KR1.2',
      'KR1.1',
      'KR1.2',
    ]);
    expect(codesOfLabels(PATTERNS, ['KR1.1', 'KR1.2'])(['OKR:kr1.2', 'bug'])).toEqual(['KR1.2']);
  });

  it('a label has a stable colour and a description under 100 characters; Jira refuses spaces', () => {
    expect(labelColor('KR1.2')).toMatch(/^[0-9a-f]{6}$/);
    expect(labelColor('KR1.2')).toBe(labelColor('kr1.2'));
    expect(labelDescription('KR1.2', 'Weekly active teams reach 400')).toBe(
      'OKR Lens: serves KR1.2 · Weekly active teams reach 400',
    );
    expect(labelDescription('KR1.2', 'x'.repeat(300))).toHaveLength(100);
    expect(jiraLabelProblem('okr:KR1.2')).toBeUndefined();
    expect(jiraLabelProblem('🎯 KR1.2')).toMatch(/cannot contain spaces/);
  });
});

const KRS = [
  { id: 'kr-12', code: 'KR1.2' },
  { id: 'kr-21', code: 'KR2.1' },
];
const found = (key: string, labels: string[], updatedAt = '2026-11-02T10:00:00Z'): FoundTicket => ({
  ticket: { key, title: key, updatedAt },
  labels,
});

describe('planSync', () => {
  it('links the current cycle KRs the labels name, through any pattern', () => {
    const plan = planSync(
      [
        found('jira:a.atlassian.net/OPS-1', ['okr:KR1.2', 'backend']),
        found('jira:a.atlassian.net/OPS-2', ['KR2.1', 'OKR:KR1.2']),
        found('jira:a.atlassian.net/OPS-3', ['okr:KR9.9']),
      ],
      { patterns: PATTERNS, krs: KRS, cycleStart: '2026-10-01' },
    );
    expect(plan.links).toEqual([
      { ticket: 'jira:a.atlassian.net/OPS-1', keyResultId: 'kr-12' },
      { ticket: 'jira:a.atlassian.net/OPS-2', keyResultId: 'kr-12' },
      { ticket: 'jira:a.atlassian.net/OPS-2', keyResultId: 'kr-21' },
    ]);
    expect(plan.touched).toHaveLength(3);
    expect(plan.tickets.map((t) => t.key)).toHaveLength(3);
  });

  it("a code reused next quarter: a ticket untouched since before the cycle's start is not this quarter's work", () => {
    const plan = planSync(
      [
        found('linear:acme/ENG-1', ['okr:KR1.2'], '2026-09-30T23:59:59Z'),
        found('linear:acme/ENG-2', ['okr:KR1.2'], '2026-10-01T00:00:00Z'),
      ],
      { patterns: PATTERNS, krs: KRS, cycleStart: '2026-10-01' },
    );
    expect(plan.links.map((l) => l.ticket)).toEqual(['linear:acme/ENG-2']);
    // Its record is kept (title, state), and its old links are the sync's to replace.
    expect(plan.touched).toContain('linear:acme/ENG-1');
    expect(inCycle({}, '2026-10-01')).toBe(false);
  });

  it('writes owed or just delivered win over a stale search', () => {
    const plan = planSync([found('jira:a.atlassian.net/OPS-1', ['okr:KR1.2'])], {
      patterns: PATTERNS,
      krs: KRS,
      cycleStart: '2026-10-01',
      writes: [
        // unlinked here, the label removal not yet visible to search
        { ticket: 'jira:a.atlassian.net/OPS-1', keyResultId: 'kr-12', op: 'remove' },
        // labelled here, not yet in search results
        { ticket: 'jira:a.atlassian.net/OPS-9', keyResultId: 'kr-21', op: 'add' },
        // a KR of another cycle: not the sync's business
        { ticket: 'jira:a.atlassian.net/OPS-9', keyResultId: 'kr-old', op: 'add' },
      ],
    });
    expect(plan.links).toEqual([{ ticket: 'jira:a.atlassian.net/OPS-9', keyResultId: 'kr-21' }]);
  });
});

describe('GitHub mapping', () => {
  it('search strings: one per scope, labels OR-ed, split under the length limit', () => {
    expect(githubSearchStrings(['acme', 'Acme/Web'], ['okr:KR1.1', 'KR1.1'], '2026-10-01')).toEqual(
      [
        'org:acme updated:>=2026-10-01 label:"okr:KR1.1","KR1.1"',
        'repo:Acme/Web updated:>=2026-10-01 label:"okr:KR1.1","KR1.1"',
      ],
    );
    const many = Array.from({ length: 60 }, (_, i) => `okr:KR${i}.${i}`);
    const strings = githubSearchStrings(['acme'], many, '2026-10-01');
    expect(strings.length).toBeGreaterThan(1);
    for (const s of strings) expect(s.length).toBeLessThanOrEqual(SEARCH_MAX_CHARS);
    const back = strings.flatMap((s) => [...s.matchAll(/"([^"]+)"/g)].map((m) => m[1]));
    expect(back).toEqual(many);
  });

  it('a search node is a ticket: key lowercased, state as the page adapter reads it', () => {
    const node = {
      __typename: 'Issue',
      number: 12,
      title: 'Faster onboarding',
      url: 'https://github.com/Acme/Web/issues/12',
      issueState: 'CLOSED' as const,
      updatedAt: '2026-11-02T10:00:00Z',
      repository: { nameWithOwner: 'Acme/Web' },
      labels: { nodes: [{ name: 'okr:KR1.2' }, null] },
    };
    expect(githubTicket('github.com', node)).toEqual({
      ticket: {
        key: 'github:github.com/acme/web#12',
        title: 'Faster onboarding',
        url: 'https://github.com/Acme/Web/issues/12',
        state: 'closed',
        updatedAt: '2026-11-02T10:00:00Z',
      },
      labels: ['okr:KR1.2'],
    });
    expect(
      githubTicket('git.corp', {
        ...node,
        __typename: 'PullRequest',
        issueState: undefined,
        prState: 'MERGED',
      })?.ticket,
    ).toMatchObject({ key: 'github:git.corp/acme/web#12', state: 'merged' });
    expect(githubTicket('github.com', { __typename: 'Discussion' })).toBeUndefined();
    expect(githubIssueOf('github:github.com/acme/web#12')).toEqual({
      host: 'github.com',
      owner: 'acme',
      repo: 'web',
      number: 12,
    });
    expect(githubScopePrefix('github.com', 'Acme')).toBe('github:github.com/acme/');
    expect(githubScopePrefix('github.com', 'acme/web')).toBe('github:github.com/acme/web#');
  });
});

describe('Jira mapping', () => {
  it('JQL: labels, a day of margin before the start; incremental adds the watched keys and minutes', () => {
    expect(jiraSyncJql(['okr:KR1.2', 'say "hi"'], '2026-10-01')).toBe(
      'labels in ("okr:KR1.2", "say \\"hi\\"") AND updated >= "2026-09-30" ORDER BY key ASC',
    );
    expect(
      jiraSyncJql(['okr:KR1.2'], '2026-10-01', { changedMinutes: 25.2, watch: ['OPS-1', 'OPS-2'] }),
    ).toBe(
      '(labels in ("okr:KR1.2") OR key in (OPS-1, OPS-2)) AND updated >= "2026-09-30" AND updated >= "-26m" ORDER BY key ASC',
    );
  });

  it('an issue is a ticket with the status name read as on the page, else its category', () => {
    const t = jiraTicket('https://acme.atlassian.net', {
      key: 'ops-7',
      fields: {
        summary: 'Billing export',
        labels: ['okr:KR1.2'],
        updated: '2026-11-02T10:00:00.000+0100',
        status: { name: 'Awaiting deploy', statusCategory: { key: 'indeterminate' } },
        parent: { key: 'OPS-1' },
      },
    });
    expect(t).toEqual({
      ticket: {
        key: 'jira:acme.atlassian.net/OPS-7',
        url: 'https://acme.atlassian.net/browse/OPS-7',
        title: 'Billing export',
        state: 'in-progress',
        updatedAt: '2026-11-02T09:00:00.000Z',
        parent: 'jira:acme.atlassian.net/OPS-1',
      },
      labels: ['okr:KR1.2'],
    });
    expect(
      jiraTicket('https://jira.corp/jira', { key: 'A1-2', fields: { status: { name: 'Done' } } })
        .ticket,
    ).toEqual({
      key: 'jira:jira.corp/A1-2',
      url: 'https://jira.corp/jira/browse/A1-2',
      state: 'done',
    });
    expect(jiraIssueKeyOf('jira:acme.atlassian.net/OPS-7')).toBe('OPS-7');
  });
});

describe('Linear mapping', () => {
  it('filter and issue mapping', () => {
    expect(linearSyncFilter(['okr:KR1.2'], '2026-10-01')).toEqual({
      labels: { some: { name: { in: ['okr:KR1.2'] } } },
      updatedAt: { gte: '2026-10-01T00:00:00.000Z' },
    });
    expect(
      linearTicket('acme', {
        identifier: 'ENG-42',
        title: 'Invite flow',
        url: 'https://linear.app/acme/issue/ENG-42',
        updatedAt: '2026-11-02T10:00:00.000Z',
        state: { name: 'Shipped', type: 'completed' },
        labels: { nodes: [{ name: 'okr:KR1.2' }] },
        parent: { identifier: 'ENG-40' },
      }),
    ).toEqual({
      ticket: {
        key: 'linear:acme/ENG-42',
        title: 'Invite flow',
        url: 'https://linear.app/acme/issue/ENG-42',
        state: 'done',
        updatedAt: '2026-11-02T10:00:00.000Z',
        parent: 'linear:acme/ENG-40',
      },
      labels: ['okr:KR1.2'],
    });
    expect(
      linearTicket('acme', { identifier: 'ENG-1', state: { name: 'In Review', type: 'started' } })
        .ticket.state,
    ).toBe('in-progress');
    expect(linearIdentifierOf('linear:acme/ENG-42')).toBe('ENG-42');
  });
});
