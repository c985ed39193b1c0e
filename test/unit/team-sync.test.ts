/**
 * The team sync (lib/background/team-sync.ts) over the tracker stand-ins (msw; every exchange
 * checked against the tracker's published schema) and the store (fake-indexeddb): labelled
 * tickets become `tracker` links with ticket records; a label removed or a ticket deleted in
 * the tracker drops the link at the next sync; a failed sync (401, 403, 429 + Retry-After,
 * 5xx, timeout, offline, a token revoked mid-sync) says why and keeps the previous data.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import * as store from '@/lib/db';
import type { OkrDb } from '@/lib/db/db';
import { loadConnections, saveConnection } from '@/lib/background/connections';
import type { Connection } from '@/lib/background/connections';
import { startTeamSync, syncAll, syncConnection } from '@/lib/background/team-sync';
import { TEAM_SYNC_ALARM, setSyncMinutes, syncStates } from '@/lib/background/team-sync-state';
import { GithubStandIn } from '../support/standins/github';
import { JiraStandIn } from '../support/standins/jira';
import { LinearStandIn } from '../support/standins/linear';
import { standInHandlers } from '../support/standins/msw';
import { closeDbs, freshDb } from './helpers/db';
import { allLinks } from './helpers/links';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const TODAY = '2026-11-02';
const NOW = () => new Date(`${TODAY}T12:00:00Z`);
const FAST = { waitUnitMs: 1, timeoutMs: 500, now: NOW };
const SITE = 'https://acme.atlassian.net';
const GH = 'github:github.com/acme/web#';

let db: OkrDb;
let gh: GithubStandIn;
let jira: JiraStandIn;
let lin: LinearStandIn;

beforeEach(async () => {
  fakeBrowser.reset();
  db = freshDb();
  await store.loadSample(db, TODAY);
  gh = new GithubStandIn();
  gh.users.set('github_pat_pm', { login: 'pm' });
  gh.addIssue('acme/web', 12, { title: 'Faster onboarding', labels: new Set(['okr:KR1.2']) });
  gh.addIssue('acme/web', 13, { title: 'Invite flow', labels: new Set(['okr:KR1.1', 'bug']) });
  gh.addIssue('acme/web', 14, { title: 'Unlabelled' });
  jira = new JiraStandIn(SITE, 'cloud');
  jira.users.set('ATATT-pm', { name: 'PM', email: 'pm@acme.example' });
  jira.addIssue('OPS-7', { summary: 'Billing export', labels: new Set(['okr:KR1.2']) });
  lin = new LinearStandIn();
  lin.keys.set('lin_api_pm', 'PM');
  lin.addIssue('ENG-42', { title: 'Invite emails', labels: ['okr:KR1.1'] });
  server.use(
    ...standInHandlers('https://api.github.com', gh),
    ...standInHandlers(SITE, jira),
    ...standInHandlers('https://api.linear.app', lin),
  );
  await saveConnection({ tracker: 'github', scopes: ['acme'], token: 'github_pat_pm' });
  await saveConnection({
    tracker: 'jira',
    site: SITE,
    deployment: 'cloud',
    email: 'pm@acme.example',
    token: 'ATATT-pm',
  });
  await saveConnection({ tracker: 'linear', workspace: 'acme', token: 'lin_api_pm' });
});
afterEach(closeDbs);

const conn = async (tracker: Connection['tracker']) =>
  (await loadConnections()).find((c) => c.tracker === tracker)!;

/** Every link of a source, as `ticket → KR code`. */
async function links(source: string): Promise<string[]> {
  const krs = await db.keyResults.toArray();
  const code = (id: string) => krs.find((k) => k.id === id)!.code;
  return (await allLinks(db))
    .filter((l) => (l.source ?? 'user') === source)
    .map((l) => `${l.ticket} → ${code(l.keyResultId)}`)
    .sort();
}

const allProblems = () => [...gh.problems(), ...jira.problems(), ...lin.problems()];

describe('a sync', () => {
  it("reads every connection's labelled tickets into tracker links and ticket records", async () => {
    const userBefore = await links('user');
    const states = await syncAll(db, true, FAST);
    expect(Object.values(states).map((s) => s.error)).toEqual([undefined, undefined, undefined]);
    expect(await links('tracker')).toEqual([
      `${GH}12 → KR1.2`,
      `${GH}13 → KR1.1`,
      'jira:acme.atlassian.net/OPS-7 → KR1.2',
      'linear:acme/ENG-42 → KR1.1',
    ]);
    expect(await links('user')).toEqual(userBefore); // links made by hand are never touched
    expect(await db.tickets.get(`${GH}12`)).toMatchObject({
      title: 'Faster onboarding',
      state: 'open',
      url: 'https://github.com/acme/web/issues/12',
    });
    expect(await db.tickets.get('jira:acme.atlassian.net/OPS-7')).toMatchObject({
      title: 'Billing export',
    });
    const saved = await syncStates();
    const gid = (await conn('github')).id;
    expect(saved[gid]).toMatchObject({ at: NOW().toISOString(), tickets: 2, added: 2 });
    expect(saved[gid]!.running).toBeUndefined();
    expect(allProblems()).toEqual([]);
  });

  it('a label removed or a ticket deleted in the tracker drops its link at the next sync', async () => {
    await syncAll(db, true, FAST);
    gh.repos.get('acme/web')!.issues.get(12)!.labels.delete('okr:KR1.2');
    gh.repos.get('acme/web')!.issues.delete(13);
    jira.issues.get('OPS-7')!.labels.delete('okr:KR1.2');
    jira.issues.get('OPS-7')!.updated = new Date().toISOString();
    lin.issues.delete('ENG-42');
    const later = () => new Date(`${TODAY}T12:20:00Z`);
    const states = await syncAll(db, true, { ...FAST, now: later });
    expect(await links('tracker')).toEqual([]);
    const jid = (await conn('jira')).id;
    expect(states[jid]).toMatchObject({ removed: 1 });
    // Jira's second read was incremental: changed issues plus the ones it had linked.
    const jql = jira.exchanges.filter((x) => /search/.test(x.path)).at(-1)!;
    expect((jql.requestBody as { jql: string }).jql).toMatch(/updated >= "-\d+m"/);
    expect(allProblems()).toEqual([]);
  });

  it('only the organisations and repositories listed are searched', async () => {
    gh.addIssue('other/x', 1, { title: 'Elsewhere', labels: new Set(['okr:KR1.2']) });
    await syncConnection(db, await conn('github'), FAST);
    expect(await links('tracker')).toEqual([`${GH}12 → KR1.2`, `${GH}13 → KR1.1`]);
    const body = gh.requests('POST', /graphql/)[0]!.requestBody as {
      variables: Record<string, string>;
    };
    expect(body.variables.q0).toMatch(
      /^org:acme updated:>=2026-10-01 label:"okr:KR1.1","okr:KR1.2",/,
    );
  });
});

describe('who linked it', () => {
  it("the interchange file keeps each link's source (user, label, tracker) through export and import", async () => {
    await syncAll(db, true, FAST);
    const file = JSON.parse(JSON.stringify(await store.exportAll(db, NOW()))) as {
      links: { source?: string }[];
    };
    const sources = new Set(file.links.map((l) => l.source ?? 'user'));
    expect(sources).toContain('tracker');
    expect(JSON.stringify(file)).not.toMatch(/github_pat_pm|ATATT-pm|lin_api_pm/);
    const other = freshDb();
    await store.importFile(other, file);
    const got = (await allLinks(other)).map((l) => `${l.ticket} ${l.source ?? 'user'}`);
    const want = (await allLinks(db)).map((l) => `${l.ticket} ${l.source ?? 'user'}`);
    expect(got.sort()).toEqual(want.sort());
    expect(got.filter((g) => g.endsWith(' tracker'))).toHaveLength(4);
  });
});

describe('a failed sync says why and keeps the previous data', () => {
  const failing: [string, () => void, RegExp][] = [
    ['401', () => gh.revoked.add('github_pat_pm'), /token/i],
    [
      '403',
      () =>
        gh.faults.push({
          answer: {
            status: 403,
            headers: { 'content-type': 'application/json' },
            body: { message: 'Resource not accessible by personal access token' },
          },
          times: Infinity,
        }),
      /not accessible|permission|forbid|refused/i,
    ],
    [
      '429 + Retry-After',
      () =>
        gh.faults.push({
          answer: {
            status: 429,
            headers: { 'content-type': 'application/json', 'retry-after': '3600' },
            body: { message: 'API rate limit exceeded' },
          },
          times: Infinity,
        }),
      /rate|limit|again/i,
    ],
    [
      '5xx',
      () =>
        gh.faults.push({
          answer: { status: 502, headers: { 'content-type': 'text/html' }, body: undefined },
          times: Infinity,
        }),
      /server|GitHub/i,
    ],
    [
      'timeout',
      () => gh.faults.push({ answer: { status: 0, network: 'hang' }, times: Infinity }),
      /time|answer/i,
    ],
    ['offline', () => (gh.offline = true), /offline|network|reach/i],
  ];
  for (const [name, fault, why] of failing)
    it(name, async () => {
      const c = await conn('github');
      const first = await syncConnection(db, c, FAST);
      const before = await links('tracker');
      expect(before).toHaveLength(2);
      fault();
      const state = await syncConnection(db, c, {
        ...FAST,
        now: () => new Date(`${TODAY}T13:00:00Z`),
      });
      expect(state.error).toMatch(why);
      expect(state.at).toBe(first.at); // the last success stays
      expect(state.running).toBeUndefined();
      expect(await links('tracker')).toEqual(before);
      expect((await syncStates())[c.id]!.error).toBe(state.error);
    });

  it('a token revoked mid-sync (second page) changes nothing', async () => {
    for (let n = 1; n <= 150; n++)
      gh.addIssue('acme/web', 100 + n, { title: `t${n}`, labels: new Set(['okr:KR1.3']) });
    const c = await conn('github');
    await syncConnection(db, c, FAST);
    const before = await links('tracker');
    gh.repos.get('acme/web')!.issues.get(12)!.labels.clear();
    let calls = 0;
    gh.faults.push({
      when: () => ++calls === 2,
      answer: {
        status: 401,
        headers: { 'content-type': 'application/json' },
        body: { message: 'Bad credentials' },
      },
    });
    const state = await syncConnection(db, c, FAST);
    expect(state.error).toBeTruthy();
    expect(await links('tracker')).toEqual(before);
  });

  it('Sync now with every connection failing reports it; one failing does not stop the others', async () => {
    gh.offline = true;
    const states = await syncAll(db, true, FAST);
    expect(states[(await conn('github')).id]!.error).toBeTruthy();
    expect(states[(await conn('linear')).id]!.error).toBeUndefined();
    expect(await links('tracker')).toEqual([
      'jira:acme.atlassian.net/OPS-7 → KR1.2',
      'linear:acme/ENG-42 → KR1.1',
    ]);
  });
});

describe('when it runs', () => {
  it('an alarm every 15 minutes by default, then as set; Linear at most hourly on the alarm', async () => {
    startTeamSync(db);
    await new Promise((r) => setTimeout(r, 50));
    expect((await fakeBrowser.alarms.get(TEAM_SYNC_ALARM))?.periodInMinutes).toBe(15);
    await setSyncMinutes(60);
    expect((await fakeBrowser.alarms.get(TEAM_SYNC_ALARM))?.periodInMinutes).toBe(60);
    await syncAll(db, false, FAST);
    const linearCalls = lin.exchanges.length;
    const later = () => new Date(`${TODAY}T12:15:00Z`);
    const states = await syncAll(db, false, { ...FAST, now: later });
    expect(Object.keys(states)).not.toContain((await conn('linear')).id);
    expect(lin.exchanges.length).toBe(linearCalls);
    expect(Object.keys(states)).toContain((await conn('github')).id);
  });
});
