/**
 * Linear's client for team links (lib/background/linear/client.ts) against a stateful
 * stand-in (test/support/standins/linear.ts) whose every document, variables and answer are
 * checked against the types @linear/sdk generates from Linear's schema; errors as Linear's
 * documentation describes them (GraphQL errors with `extensions.code`).
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LinearConnection } from '@/lib/background/connections';
import { ApiError } from '@/lib/background/http';
import { linearApi } from '@/lib/background/linear/client';
import {
  LINEAR_ISSUE_AND_LABELS,
  LINEAR_SEARCH,
  linearSyncFilter,
} from '@/lib/trackers/api/linear';
import { linearDocumentProblems } from '../support/linear-schema';
import { LinearStandIn } from '../support/standins/linear';
import { standInHandlers } from '../support/standins/msw';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const API = 'https://api.linear.app';
const conn: LinearConnection = {
  id: 'l1',
  tracker: 'linear',
  workspace: 'acme',
  token: 'lin_api_engineer',
  writeLabels: true,
};
const KR = { code: 'KR1.2', title: 'Weekly active teams reach 400' };
const T = 'linear:acme/ENG-42';

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return e as ApiError;
  }
  throw new Error('expected a failure');
}

let lin: LinearStandIn;
beforeEach(() => {
  lin = new LinearStandIn();
  lin.keys.set('lin_api_engineer', 'Eng');
  lin.addIssue('ENG-42', { title: 'Invite flow' });
  server.use(...standInHandlers(API, lin));
});

describe('Linear', () => {
  it('a misspelt field or argument fails the schema check (the checker can fail)', () => {
    expect(
      linearDocumentProblems(LINEAR_SEARCH, {
        filter: linearSyncFilter(['x'], '2026-10-01'),
        after: null,
      }),
    ).toEqual([]);
    expect(
      linearDocumentProblems(LINEAR_ISSUE_AND_LABELS.replace('eqIgnoreCase', 'equalsIgnoreCase'), {
        id: 'a',
        name: 'b',
      }),
    ).toEqual(['Query.issueLabels(filter).name.equalsIgnoreCase: not a field of StringComparator']);
    expect(
      linearDocumentProblems(LINEAR_SEARCH.replace('identifier', 'identifer'), {
        filter: {},
        after: null,
      }),
    ).toEqual(['Query.issues.nodes.identifer: not a field of Issue']);
  });

  it('test connection: who you are, and a key of another workspace is refused', async () => {
    expect(await linearApi(conn).test()).toEqual({
      who: 'Eng (eng@acme.example)',
      notes: ['Workspace Acme (linear.app/acme)'],
    });
    expect((await failure(linearApi({ ...conn, workspace: 'other' }).test())).message).toMatch(
      /belongs to the workspace "acme"/,
    );
    expect(await failure(linearApi({ ...conn, token: 'lin_api_wrong' }).test())).toMatchObject({
      kind: 'auth',
    });
    expect(lin.problems()).toEqual([]);
  });

  it("creates the label in the ticket's team when none exists, then adds and removes it", async () => {
    const api = linearApi(conn);
    await api.addLabel(T, 'okr:KR1.2', KR);
    expect(lin.labelNames('ENG-42')).toEqual(['okr:KR1.2']);
    expect(lin.labels).toEqual([
      { id: expect.any(String), name: 'okr:KR1.2', teamId: lin.team('ENG') },
    ]);
    await api.addLabel(T, 'okr:KR1.2', KR); // already on the issue: nothing sent but the read
    await api.removeLabel(T, 'okr:KR1.2');
    expect(lin.labelNames('ENG-42')).toEqual([]);
    expect(lin.exchanges.map((x) => x.operation)).toEqual([
      'OkrLensIssueLabels',
      'OkrLensLabelCreate',
      'OkrLensIssueUpdate',
      'OkrLensIssueLabels',
      'OkrLensIssueLabels',
      'OkrLensIssueUpdate',
    ]);
    expect(lin.problems()).toEqual([]);
  });

  it("uses an existing workspace label, never another team's", async () => {
    lin.addLabel('okr:KR1.2', 'OPS');
    const ws = lin.addLabel('okr:KR1.2');
    await linearApi(conn).addLabel(T, 'okr:KR1.2', KR);
    expect([...lin.issues.get('ENG-42')!.labelIds]).toEqual([ws.id]);
    expect(lin.labels).toHaveLength(2);
    expect(lin.problems()).toEqual([]);
  });

  it('a deleted issue: add fails as not found, remove has nothing to do; rate limits say when', async () => {
    const api = linearApi(conn);
    expect(await failure(api.addLabel('linear:acme/ENG-404', 'okr:KR1.2', KR))).toMatchObject({
      kind: 'not-found',
    });
    await api.removeLabel('linear:acme/ENG-404', 'okr:KR1.2');
    const reset = String(Date.now() + 60_000);
    lin.faults.push({
      answer: {
        status: 400,
        headers: {
          'content-type': 'application/json',
          'x-ratelimit-requests-remaining': '0',
          'x-ratelimit-requests-reset': reset,
        },
        body: { errors: [{ message: 'Rate limit exceeded', extensions: { code: 'RATELIMITED' } }] },
      },
    });
    const e = await failure(api.addLabel(T, 'okr:KR1.2', KR));
    expect(e).toMatchObject({ kind: 'rate-limited', retryable: true });
    expect(e.retryAt!.getTime()).toBe(Number(reset));
    lin.faults.push({ answer: { status: 503, headers: {}, body: undefined } });
    expect(await failure(api.test())).toMatchObject({ kind: 'server', retryable: true });
    expect(lin.problems()).toEqual([]);
  });

  it('search filters by label names and the cycle start, pages by cursor', async () => {
    lin.now = () => '2026-11-02T10:00:00.000Z';
    for (let n = 1; n <= 150; n++)
      lin.addIssue(`ENG-${100 + n}`, { title: `t${n}`, labels: ['okr:KR1.2'] });
    lin.addIssue('ENG-1', {
      title: 'old',
      labels: ['okr:KR1.2'],
      updatedAt: '2026-09-01T00:00:00.000Z',
    });
    lin.addIssue('ENG-2', { title: 'unlabelled' });
    const r = await linearApi(conn).search({
      labels: ['okr:KR1.2', 'KR1.2'],
      cycleStart: '2026-10-01',
    });
    expect(r.found).toHaveLength(150);
    expect(lin.exchanges.filter((x) => x.operation === 'OkrLensSearch')).toHaveLength(2);
    expect(lin.problems()).toEqual([]);
  });
});
