/**
 * Jira's client for team links (lib/background/jira/client.ts) against a stateful stand-in
 * (test/support/standins/jira.ts) whose every exchange is checked against jira.js 6's schemas
 * of Jira's published REST description: Cloud (v3, Basic auth, `/search/jql` by
 * `nextPageToken`) and Data Center (v2, Bearer, `/search` by `startAt`); failures as Jira
 * sends them.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JiraConnection } from '@/lib/background/connections';
import { ApiError } from '@/lib/background/http';
import { jiraApi } from '@/lib/background/jira/client';
import { JiraStandIn } from '../support/standins/jira';
import { standInHandlers } from '../support/standins/msw';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const SITE = 'https://acme.atlassian.net';
const cloud: JiraConnection = {
  id: 'j1',
  tracker: 'jira',
  site: SITE,
  deployment: 'cloud',
  email: 'eng@acme.example',
  token: 'ATATT-engineer',
  writeLabels: true,
};
const KR = { code: 'KR1.2', title: 'x' };
const Q = { labels: ['okr:KR1.2', 'KR1.2'], cycleStart: '2026-10-01' };

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return e as ApiError;
  }
  throw new Error('expected a failure');
}

let jira: JiraStandIn;
beforeEach(() => {
  jira = new JiraStandIn(SITE, 'cloud');
  jira.users.set('ATATT-engineer', { name: 'Eng', email: 'eng@acme.example' });
  jira.addIssue('OPS-7', { summary: 'Billing export' });
  server.use(...standInHandlers(SITE, jira));
});

describe('Jira Cloud', () => {
  it('test connection says who you are; a wrong token is 401; an unknown site says so', async () => {
    expect(await jiraApi(cloud).test()).toEqual({
      who: 'Eng (eng@acme.example)',
      notes: ['Jira Cloud, REST v3 at https://acme.atlassian.net'],
    });
    expect(await failure(jiraApi({ ...cloud, token: 'wrong-token' }).test())).toMatchObject({
      kind: 'auth',
    });
    jira.faults.push({
      answer: { status: 404, headers: { 'content-type': 'text/html' }, body: undefined },
    });
    expect((await failure(jiraApi(cloud).test())).message).toMatch(
      /No Jira site answers at https:\/\/acme\.atlassian\.net/,
    );
    expect(jira.problems()).toEqual([]);
  });

  it('adds and removes a label with a labels update and the XSRF header; spaces are refused before sending', async () => {
    const api = jiraApi(cloud);
    await api.addLabel('jira:acme.atlassian.net/OPS-7', 'okr:KR1.2', KR);
    expect([...jira.issues.get('OPS-7')!.labels]).toEqual(['okr:KR1.2']);
    await api.removeLabel('jira:acme.atlassian.net/OPS-7', 'okr:KR1.2');
    expect([...jira.issues.get('OPS-7')!.labels]).toEqual([]);
    expect(jira.requests('PUT', /issue\/OPS-7$/).map((x) => x.requestBody)).toEqual([
      { update: { labels: [{ add: 'okr:KR1.2' }] } },
      { update: { labels: [{ remove: 'okr:KR1.2' }] } },
    ]);
    const e = await failure(api.addLabel('jira:acme.atlassian.net/OPS-7', '🎯 KR1.2', KR));
    expect(e.message).toMatch(/cannot contain spaces/);
    expect(jira.exchanges).toHaveLength(2);
    expect(jira.problems()).toEqual([]);
  });

  it('a deleted issue: add fails (not found), remove has nothing to do; 403 and 429 say why and when', async () => {
    const api = jiraApi(cloud);
    expect(
      await failure(api.addLabel('jira:acme.atlassian.net/OPS-99', 'okr:KR1.2', KR)),
    ).toMatchObject({
      kind: 'not-found',
      retryable: false,
    });
    await api.removeLabel('jira:acme.atlassian.net/OPS-99', 'okr:KR1.2');
    jira.faults.push({
      answer: {
        status: 403,
        headers: { 'content-type': 'application/json' },
        body: {
          errorMessages: ['You do not have permission to edit issues in this project.'],
          errors: {},
        },
      },
    });
    const forbidden = await failure(api.addLabel('jira:acme.atlassian.net/OPS-7', 'okr:KR1.2', KR));
    expect(forbidden.kind).toBe('forbidden');
    expect(forbidden.message).toMatch(/permission to edit issues/);
    jira.faults.push({
      answer: {
        status: 429,
        headers: { 'retry-after': '30', 'content-type': 'application/json' },
        body: { errorMessages: [], errors: {} },
      },
    });
    const limited = await failure(api.addLabel('jira:acme.atlassian.net/OPS-7', 'okr:KR1.2', KR));
    expect(limited).toMatchObject({ kind: 'rate-limited', retryable: true });
    expect(limited.retryAt!.getTime() - Date.now()).toBeGreaterThan(25_000);
    expect(jira.problems()).toEqual([]);
  });

  it('search pages by nextPageToken and maps issues', async () => {
    for (let n = 1; n <= 230; n++)
      jira.addIssue(`OPS-${100 + n}`, {
        summary: `t${n}`,
        labels: new Set([n % 3 ? 'okr:KR1.2' : 'KR1.2']),
        updated: '2026-11-02T10:00:00.000Z',
      });
    jira.addIssue('OPS-1', {
      summary: 'old',
      labels: new Set(['okr:KR1.2']),
      updated: '2026-09-01T10:00:00.000Z',
    });
    const r = await jiraApi(cloud).search(Q);
    expect(r.complete).toBe(true);
    expect(r.found).toHaveLength(230);
    expect(r.found[0]!.ticket).toMatchObject({
      key: 'jira:acme.atlassian.net/OPS-101',
      state: 'open',
    });
    expect(jira.requests('POST', /search\/jql/)).toHaveLength(3);
    expect(jira.problems()).toEqual([]);
  });

  it('incremental: changed labelled issues and watched ones; a watched issue deleted falls back to a full read', async () => {
    jira.addIssue('OPS-1', { summary: 'a', labels: new Set(['okr:KR1.2']) });
    jira.addIssue('OPS-2', { summary: 'label removed', labels: new Set() });
    jira.addIssue('OPS-3', {
      summary: 'untouched',
      labels: new Set(['okr:KR1.2']),
      updated: new Date(Date.now() - 86_400_000).toISOString(),
    });
    const api = jiraApi(cloud);
    const r = await api.search({
      ...Q,
      incremental: { changedMinutes: 30, watch: ['jira:acme.atlassian.net/OPS-2'] },
    });
    expect(r.complete).toBe(false);
    expect(r.found.map((f) => f.ticket.key).sort()).toEqual([
      'jira:acme.atlassian.net/OPS-1',
      'jira:acme.atlassian.net/OPS-2',
    ]);
    const full = await api.search({
      ...Q,
      incremental: { changedMinutes: 30, watch: ['jira:acme.atlassian.net/OPS-404'] },
    });
    expect(full.complete).toBe(true);
    expect(full.found.map((f) => f.ticket.key).sort()).toEqual([
      'jira:acme.atlassian.net/OPS-1',
      'jira:acme.atlassian.net/OPS-3',
    ]);
    expect(jira.exchanges.map((x) => x.status)).toEqual([200, 400, 200]);
    expect(jira.problems()).toEqual([]);
  });

  it('offline and timeouts are retryable', async () => {
    jira.offline = true;
    expect(await failure(jiraApi(cloud).test())).toMatchObject({
      kind: 'offline',
      retryable: true,
    });
    jira.offline = false;
    jira.faults.push({ answer: { status: 0, network: 'hang' } });
    expect(await failure(jiraApi(cloud, { timeoutMs: 100 }).test())).toMatchObject({
      kind: 'timeout',
    });
  });
});

describe('Jira Data Center', () => {
  const DC = 'https://jira.corp.example/jira';
  const dc: JiraConnection = {
    id: 'j2',
    tracker: 'jira',
    site: DC,
    deployment: 'datacenter',
    token: 'dc-pat-123456',
    writeLabels: true,
  };

  it('speaks REST v2 with a Bearer token and pages search by startAt', async () => {
    const model = new JiraStandIn(DC, 'datacenter');
    model.users.set('dc-pat-123456', { name: 'Eng', email: 'eng@corp.example' });
    for (let n = 1; n <= 120; n++)
      model.addIssue(`A1-${n}`, { summary: `t${n}`, labels: new Set(['okr:KR1.2']) });
    server.use(...standInHandlers(DC, model));
    const api = jiraApi(dc);
    expect((await api.test()).notes).toEqual([
      'Jira Data Center, REST v2 at https://jira.corp.example/jira',
    ]);
    await api.addLabel('jira:jira.corp.example/A1-1', 'okr:KR2.1', KR);
    expect([...model.issues.get('A1-1')!.labels]).toEqual(['okr:KR1.2', 'okr:KR2.1']);
    const r = await api.search(Q);
    expect(r.found).toHaveLength(120);
    expect(r.found[0]!.ticket.url).toBe('https://jira.corp.example/jira/browse/A1-1');
    expect(model.requests('POST', /\/rest\/api\/2\/search$/)).toHaveLength(2);
    expect(model.problems()).toEqual([]);
  });
});
