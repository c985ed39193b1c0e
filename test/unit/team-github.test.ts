/**
 * GitHub's client for team links (lib/background/github): recorded exchanges from
 * @octokit/fixtures where they cover the calls, and a stateful stand-in for the rest
 * (test/support/standins/github.ts) whose every exchange is checked against GitHub's OpenAPI
 * description and GraphQL schema; failures as GitHub sends them (401, 403 naming the missing
 * permission, 404, 429 and secondary limits with Retry-After, 5xx, timeouts, offline).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { githubApi } from '@/lib/background/github/api';
import type { GithubConnection } from '@/lib/background/connections';
import { ApiError } from '@/lib/background/http';
import { githubSearchDocument } from '@/lib/trackers/api/github';
import { checkRest, operationOf } from '../support/github-openapi';
import { graphqlProblems } from '../support/github-graphql';
import { GithubStandIn } from '../support/standins/github';
import { standInHandlers } from '../support/standins/msw';

const require = createRequire(import.meta.url);
const API = 'https://api.github.com';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const conn = (over: Partial<GithubConnection> = {}): GithubConnection => ({
  id: 'c1',
  tracker: 'github',
  host: 'github.com',
  token: 'github_pat_engineer',
  scopes: ['acme'],
  writeLabels: true,
  ...over,
});
/** Octokit's waits (throttling, retries) in milliseconds instead of seconds. */
const FAST = { waitUnitMs: 1, timeoutMs: 2_000 };
const KR = { code: 'KR1.2', title: 'Weekly active teams reach 400' };
const TICKET = 'github:github.com/acme/web#12';

let gh: GithubStandIn;
beforeEach(() => {
  gh = new GithubStandIn(API);
  gh.users.set('github_pat_engineer', { login: 'eng' });
  gh.addIssue('acme/web', 12, { title: 'Faster onboarding' });
  server.use(...standInHandlers(API, gh));
});

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return e as ApiError;
  }
  throw new Error('expected a failure');
}

describe('recorded exchanges (@octokit/fixtures)', () => {
  interface Recorded {
    method: string;
    path: string;
    status: number;
    body?: unknown;
    response: unknown;
    headers: Record<string, string>;
  }
  const scenario = (name: string): Recorded[] =>
    JSON.parse(
      readFileSync(
        require.resolve(
          `@octokit/fixtures/scenarios/api.github.com/${name}/normalized-fixture.json`,
        ),
        'utf8',
      ),
    ) as Recorded[];

  it('the recordings OKR Lens replays match GitHub’s description', () => {
    // The calls OKR Lens makes (not the recordings' set-up, e.g. creating the issue).
    const used = [
      scenario('add-labels-to-issue')[1]!,
      ...scenario('labels').filter((x) => x.method === 'post'),
      ...scenario('errors'),
    ];
    for (const x of used)
      expect(
        checkRest({
          method: x.method,
          path: x.path,
          status: x.status,
          requestBody: x.body,
          responseBody: x.response,
        }),
      ).toEqual([]);
  });

  it('adds a label the way the recordings show (the label is created first; GitHub creates a missing one grey)', async () => {
    const create = scenario('labels').find((x) => x.method === 'post')!;
    const add = scenario('add-labels-to-issue')[1]!;
    const seen: { method: string; path: string; body: unknown }[] = [];
    server.use(
      http.all(`${API}/*`, async ({ request }) => {
        const url = new URL(request.url);
        seen.push({ method: request.method, path: url.pathname, body: await request.json() });
        const x = url.pathname.endsWith('/issues/1/labels') ? add : create;
        return HttpResponse.json(x.response as object, { status: x.status, headers: x.headers });
      }),
    );
    const api = githubApi(conn({ scopes: [] }), FAST);
    await api.addLabel('github:github.com/octokit-fixture-org/add-labels-to-issue#1', 'Foo', KR);
    expect(seen.map((s) => `${s.method} ${operationOf(s.method, s.path)}`)).toEqual([
      'POST issues/create-label',
      'POST issues/add-labels',
    ]);
    expect(seen[0]!.body).toEqual({
      name: 'Foo',
      color: expect.stringMatching(/^[0-9a-f]{6}$/),
      description: 'OKR Lens: serves KR1.2 · Weekly active teams reach 400',
    });
    expect(seen[1]!.body).toEqual({ labels: ['Foo'] });
  });

  it('a label GitHub refuses (the recorded 422 "invalid") fails with its reason, not as "exists"', async () => {
    const bad = scenario('errors')[0]!;
    server.use(
      http.post(`${API}/repos/acme/web/labels`, () =>
        HttpResponse.json(bad.response as object, { status: bad.status }),
      ),
    );
    const e = await failure(githubApi(conn(), FAST).addLabel(TICKET, 'okr:KR1.2', KR));
    expect(e).toMatchObject({ kind: 'refused', status: 422 });
    expect(e.message).toMatch(/Validation Failed/);
  });
});

describe('label writes against the stand-in', () => {
  it('creates a missing label with a colour and a description, adds it, removes it', async () => {
    const api = githubApi(conn(), FAST);
    await api.addLabel(TICKET, 'okr:KR1.2', KR);
    expect(gh.labelsOf('acme/web', 12)).toEqual(['okr:KR1.2']);
    expect(gh.repo('acme/web').labels.get('okr:kr1.2')).toMatchObject({
      color: expect.stringMatching(/^[0-9a-f]{6}$/),
      description: 'OKR Lens: serves KR1.2 · Weekly active teams reach 400',
    });
    await api.removeLabel(TICKET, 'okr:KR1.2');
    expect(gh.labelsOf('acme/web', 12)).toEqual([]);
    expect(gh.problems()).toEqual([]);
  });

  it('a label that already exists is used (422 already_exists), not an error; writing twice adds it once', async () => {
    gh.repo('acme/web').labels.set('okr:kr1.2', {
      name: 'OKR:KR1.2',
      color: 'abcdef',
      description: null,
      id: 1,
    });
    const api = githubApi(conn(), FAST);
    await api.addLabel(TICKET, 'okr:KR1.2', KR);
    await api.addLabel(TICKET, 'okr:KR1.2', KR);
    expect(gh.labelsOf('acme/web', 12)).toEqual(['OKR:KR1.2']);
    expect(gh.requests('POST', /\/labels$/).map((x) => x.status)).toEqual([422, 200, 422, 200]);
    expect(gh.problems()).toEqual([]);
  });

  it('a triager adds an existing label; without write access a missing one is refused naming the permission', async () => {
    gh.users.set('github_pat_engineer', { login: 'eng', access: { 'acme/web': 'triage' } });
    gh.repo('acme/web').labels.set('okr:kr2.1', {
      name: 'okr:KR2.1',
      color: 'abcdef',
      description: null,
      id: 2,
    });
    const api = githubApi(conn(), FAST);
    await api.addLabel(TICKET, 'okr:KR2.1', KR);
    expect(gh.labelsOf('acme/web', 12)).toEqual(['okr:KR2.1']);
    const e = await failure(api.addLabel(TICKET, 'okr:KR1.2', KR));
    expect(e.kind).toBe('forbidden');
    expect(e.message).toMatch(/it needs issues: write/);
    expect(gh.problems()).toEqual([]);
  });

  it('a ticket deleted in GitHub: adding fails (not found, no retry); removing has nothing left to do', async () => {
    const api = githubApi(conn(), FAST);
    const e = await failure(api.addLabel('github:github.com/acme/web#99', 'okr:KR1.2', KR));
    expect(e).toMatchObject({ kind: 'not-found', retryable: false });
    await api.removeLabel('github:github.com/acme/web#99', 'okr:KR1.2');
    await api.removeLabel(TICKET, 'okr:KR1.2'); // not on the issue: 404, nothing to do
    expect(gh.problems()).toEqual([]);
  });

  it('401, 429 with Retry-After, a long secondary limit: errors that say when; a short one is waited out once', async () => {
    const api = githubApi(conn(), FAST);
    gh.revoked.add('github_pat_engineer');
    expect(await failure(api.test())).toMatchObject({ kind: 'auth', retryable: false });
    gh.revoked.clear();

    gh.faults.push({
      answer: {
        status: 429,
        headers: { 'retry-after': '120', 'content-type': 'application/json' },
        body: { message: 'Too many requests' },
      },
    });
    const limited = await failure(api.test());
    expect(limited).toMatchObject({ kind: 'rate-limited', retryable: true });
    expect(limited.retryAt!.getTime()).toBeGreaterThan(Date.now() + 100_000);

    const secondary = (after: string) => ({
      status: 403,
      headers: { 'retry-after': after, 'content-type': 'application/json' },
      body: {
        message:
          'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      },
    });
    gh.faults.push({ answer: secondary('600') });
    expect(await failure(api.addLabel(TICKET, 'okr:KR1.2', KR))).toMatchObject({
      kind: 'rate-limited',
    });

    gh.faults.push({ answer: secondary('2') }); // waited out (2 "seconds" of 1 ms), then retried
    await api.addLabel(TICKET, 'okr:KR1.2', KR);
    expect(gh.labelsOf('acme/web', 12)).toEqual(['okr:KR1.2']);
    expect(gh.problems()).toEqual([]);
  });

  it('5xx is retried twice, then a server error; offline and timeouts say so', async () => {
    const api = githubApi(conn(), { ...FAST, timeoutMs: 200 });
    const boom = {
      status: 502,
      headers: { 'content-type': 'application/json' },
      body: { message: 'Bad gateway' },
    };
    gh.faults.push({ answer: boom, times: 2 });
    expect((await api.test()).who).toBe('@eng'); // two 502s, then the answer
    gh.faults.push({ answer: boom, times: 3 });
    expect(await failure(api.test())).toMatchObject({ kind: 'server', retryable: true });
    gh.offline = true;
    expect(await failure(api.test())).toMatchObject({ kind: 'offline', retryable: true });
    gh.offline = false;
    gh.faults.push({ answer: { status: 0, network: 'hang' }, times: 3 });
    expect(await failure(api.test())).toMatchObject({ kind: 'timeout', retryable: true });
  });
});

describe('test connection', () => {
  it('says who the token is and what each scope allows', async () => {
    gh.addIssue('acme/api', 1, { title: 'x' });
    gh.users.set('github_pat_engineer', { login: 'eng', access: { 'acme/api': 'triage' } });
    const id = await githubApi(
      conn({ scopes: ['acme', 'acme/web', 'acme/api', 'nobody'] }),
      FAST,
    ).test();
    expect(id).toEqual({
      who: '@eng',
      notes: [
        'acme: reachable',
        'acme/web: can add labels and create missing ones',
        'acme/api: can add existing labels only (create the KR labels with someone who has write access)',
        expect.stringMatching(/^nobody: GitHub found nothing there/),
      ],
    });
    expect(gh.problems()).toEqual([]);
  });
});

describe('team sync search (GraphQL)', () => {
  const q = { labels: ['okr:KR1.2', 'KR1.2'], cycleStart: '2026-10-01' };

  it('the search document validates against GitHub’s schema', () => {
    for (const n of [1, 3, 8]) expect(graphqlProblems(githubSearchDocument(n))).toEqual([]);
  });

  it('finds labelled issues and pull requests of the scopes, follows cursors, batches searches', async () => {
    gh.now = () => '2026-11-02T10:00:00Z';
    for (let n = 1; n <= 230; n++)
      gh.addIssue('acme/web', 100 + n, {
        title: `t${n}`,
        labels: new Set([n % 2 ? 'okr:KR1.2' : 'KR1.2']),
      });
    gh.addIssue('acme/web', 7, {
      title: 'PR',
      labels: new Set(['okr:KR1.2']),
      pr: true,
      state: 'MERGED',
    });
    gh.addIssue('acme/web', 8, {
      title: 'old',
      labels: new Set(['okr:KR1.2']),
      updatedAt: '2026-09-01T00:00:00Z',
    });
    gh.addIssue('other/x', 1, { title: 'elsewhere', labels: new Set(['okr:KR1.2']) });
    const progress: number[] = [];
    const r = await githubApi(conn({ scopes: ['acme'] }), FAST).search(q, (n) => progress.push(n));
    expect(r.complete).toBe(true);
    expect(r.found).toHaveLength(231);
    expect(
      r.found.find((f) => f.ticket.key === 'github:github.com/acme/web#7')?.ticket,
    ).toMatchObject({ state: 'merged' });
    expect(gh.requests('POST', /graphql/)).toHaveLength(3); // 231 results, 100 per page
    expect(progress.at(-1)).toBe(231);
    expect(gh.problems()).toEqual([]);
  });

  it('a token revoked mid-sync fails the whole search (the caller keeps the previous data)', async () => {
    for (let n = 1; n <= 150; n++)
      gh.addIssue('acme/web', 100 + n, { title: `t${n}`, labels: new Set(['okr:KR1.2']) });
    let calls = 0;
    gh.faults.push({
      when: () => ++calls === 2,
      answer: {
        status: 401,
        headers: { 'content-type': 'application/json' },
        body: { message: 'Bad credentials' },
      },
    });
    const e = await failure(githubApi(conn(), FAST).search(q));
    expect(e.kind).toBe('auth');
  });

  it('no scopes: nothing to search, said plainly', async () => {
    const e = await failure(githubApi(conn({ scopes: [] }), FAST).search(q));
    expect(e.message).toMatch(/list the organisations or repositories/);
  });
});
