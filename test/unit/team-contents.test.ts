/**
 * Team OKRs against the contents API (lib/background/git): the client's requests and
 * answers, subscribe / publish / refresh with ETag, and the commit delivery with `sha`
 * conflicts. The API is the schema-checked stand-in (test/support/github-contents.ts) served
 * by msw; every exchange is checked against GitHub's OpenAPI description at the end of each
 * test, and the stand-in's sha and create response against a recorded @octokit/fixtures
 * exchange.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import * as store from '@/lib/db';
import type { OkrDb } from '@/lib/db';
import { saveConnection } from '@/lib/background/connections';
import { getFile, putBody, toBase64 } from '@/lib/background/git/contents';
import { deliverCommit } from '@/lib/background/git/deliver';
import { refreshSubscription } from '@/lib/background/git/read';
import { runOutbox } from '@/lib/background/outbox-runner';
import { publish, subscribe } from '@/lib/background/git/subscribe';
import { commitsOf, tracked } from '@/lib/db/subscriptions';
import { resolveConflict, teamStatus } from '@/lib/db/team-status';
import { validateInterchange } from '@/lib/okr/interchange';
import { serializeTeamFile, teamFileOf } from '@/lib/okr/team-file';
import type { SubscriptionSource } from '@/lib/okr/team-dto';
import { ContentsModel, gitBlobSha } from '../support/github-contents';
import { checkExchange } from '../support/openapi';
import { closeDbs, freshDb, fullFile } from './helpers/db';

const require = createRequire(import.meta.url);
const SOURCE: Extract<SubscriptionSource, { kind: 'github' }> = {
  kind: 'github',
  host: 'github.com',
  owner: 'acme',
  repo: 'okrs',
  branch: 'main',
  path: 'okrs/2026-Q4.json',
};
const TOKEN = 'ghp_pm_000000000000000000000001';

let model: ContentsModel;
const server = setupServer(
  http.all('https://api.github.com/*', async ({ request }) => {
    const body = request.method === 'GET' ? undefined : await request.text();
    const a = model.handle(
      request.method,
      new URL(request.url),
      Object.fromEntries(request.headers),
      body,
    );
    return a.body === undefined
      ? new HttpResponse(null, { status: a.status, headers: a.headers })
      : HttpResponse.json(a.body, { status: a.status, headers: a.headers });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

let db: OkrDb;
beforeEach(async () => {
  fakeBrowser.reset();
  model = new ContentsModel();
  db = freshDb();
  await saveConnection({ tracker: 'github', host: 'github.com', token: TOKEN });
});
afterEach(async () => {
  // Every request and answer of the test matches GitHub's published description.
  expect(model.exchanges.flatMap(checkExchange)).toEqual([]);
  await closeDbs();
});

/** The repository holds the fixture's Q4 cycle as a team file. */
function seedRepo(): string {
  const f = teamFileOf(fullFile());
  const text = serializeTeamFile({
    ...f,
    cycles: f.cycles.filter((c) => c.id === 'c-q4'),
    objectives: f.objectives.filter((o) => o.cycleId === 'c-q4'),
    keyResults: f.keyResults.filter((k) => k.id !== 'k-old'),
    links: [],
    tickets: [],
  });
  model.files.set(model.key('acme/okrs', 'main', SOURCE.path), text);
  return text;
}
const repoText = () => model.files.get(model.key('acme/okrs', 'main', SOURCE.path))!;
const repoTitle = (id: string) =>
  (JSON.parse(repoText()) as { keyResults: { id: string; title: string }[] }).keyResults.find(
    (k) => k.id === id,
  )?.title;
/** Someone else commits: their edit of the file's text. */
function theyEdit(edit: (file: ReturnType<typeof teamFileOf>) => void) {
  const valid = validateInterchange(JSON.parse(repoText()));
  if (!valid.ok) throw new Error('the repository file is not valid');
  const parsed = teamFileOf(valid.data);
  edit(parsed);
  model.files.set(model.key('acme/okrs', 'main', SOURCE.path), serializeTeamFile(parsed));
}

describe('the stand-in itself', () => {
  it('computes git blob shas and answers a create like the recorded create-file exchange', () => {
    const [rec] = JSON.parse(
      readFileSync(
        require.resolve('@octokit/fixtures/scenarios/api.github.com/create-file/normalized-fixture.json'),
        'utf8',
      ),
    ) as {
      body: { content: string; message: string };
      status: number;
      response: { content: { sha: string } };
    }[];
    expect(gitBlobSha(Buffer.from(rec!.body.content, 'base64').toString())).toBe(
      rec!.response.content.sha,
    );
    // Our write body has the recorded body's shape (plus branch and sha).
    expect(Object.keys(putBody(SOURCE, 'Test content', 'create test.txt')).sort()).toEqual([
      'branch',
      'content',
      'message',
    ]);
    expect(toBase64('Test content')).toBe(rec!.body.content);
    const a = model.handle(
      'PUT',
      new URL('https://api.github.com/repos/o/r/contents/test.txt'),
      { authorization: 'token x' },
      JSON.stringify(rec!.body),
    );
    expect(a.status).toBe(rec!.status);
    expect((a.body as { content: { sha: string } }).content.sha).toBe(rec!.response.content.sha);
  });
});

describe('reading', () => {
  it('reads a file with its sha; the same ETag again is a 304', async () => {
    const text = seedRepo();
    const access = { apiBase: 'https://api.github.com', token: TOKEN };
    const first = await getFile(access, SOURCE);
    expect(first).toMatchObject({ status: 200, text, sha: gitBlobSha(text) });
    const again = await getFile(access, SOURCE, first.status === 200 ? first.etag : undefined);
    expect(again).toEqual({ status: 304 });
  });

  it('subscribe reads at once and marks the records; a 304 changes nothing; a bad file is refused with its path, the last good kept', async () => {
    seedRepo();
    const sub = await subscribe(db, SOURCE);
    expect(sub.canWrite).toBe(true);
    expect(sub.sha).toBe(gitBlobSha(repoText()));
    expect((await teamStatus(db)).marks.k1?.state).toBe('shared');

    const before = (await db.subscriptions.get(sub.id))!;
    expect(await refreshSubscription(db, sub.id)).toEqual({ ok: true, changed: false });
    expect(model.exchanges.at(-1)?.status).toBe(304);
    expect((await db.subscriptions.get(sub.id))?.base).toEqual(before.base);

    model.files.set(
      model.key('acme/okrs', 'main', SOURCE.path),
      repoText().replace('"target":300', '"target":"300"'),
    );
    const bad = await refreshSubscription(db, sub.id);
    expect(bad).toEqual({
      ok: false,
      error: expect.stringMatching(/keyResults\[0\]\.target: .*number/),
    });
    expect((await db.keyResults.get('k1'))?.target).toBe(300);
    expect((await teamStatus(db)).subscriptions[0]?.error).toMatch(/last good version is kept/);
  });

  it('without a GitHub connection the subscription says to connect first', async () => {
    fakeBrowser.reset();
    seedRepo();
    await expect(subscribe(db, SOURCE)).rejects.toThrow(
      'Connect GitHub first (Settings → Connections).',
    );
  });
});

describe('writing back', () => {
  it('publish creates the file (PUT without sha) and refuses to overwrite one', async () => {
    await store.importFile(db, fullFile());
    const sub = await publish(db, 'c-q4', SOURCE);
    expect(model.commits.map((c) => c.message)).toEqual([
      'Publish OKRs: Q4 2026 (2 objectives, 3 key results)',
    ]);
    expect(model.exchanges.at(-1)).toMatchObject({ method: 'put', status: 201 });
    expect((model.exchanges.at(-1)?.requestBody as object) ?? {}).not.toHaveProperty('sha');
    expect(sub.ids.keyResults.sort()).toEqual(['k1', 'k2', 'k3']);
    const db2 = freshDb();
    await store.importFile(db2, fullFile());
    await expect(publish(db2, 'c-q4', SOURCE)).rejects.toThrow(
      /A file exists at okrs\/2026-Q4.json already/,
    );
  });

  it('a check-in is committed with the file’s sha and a message that says what changed', async () => {
    seedRepo();
    const sub = await subscribe(db, SOURCE);
    await tracked(db, () =>
      store.addCheckIn(db, { keyResultId: 'k1', value: 135200, confidence: 'at-risk' }),
    );
    expect((await runOutbox(db)).delivered).toBe(1);
    expect(model.commits.at(-1)?.message).toBe('Check-in KR1.1: 135,200 signups (at risk)');
    const put = model.exchanges.find((x) => x.method === 'put')!;
    expect((put.requestBody as { sha: string }).sha).toBe(sub.sha);
    expect(await commitsOf(db, sub.id)).toEqual([]);
    expect(JSON.parse(repoText()).checkIns).toHaveLength(4);
    expect((await teamStatus(db)).subscriptions[0]).toMatchObject({ pending: 0, failed: [] });
  });

  it('when someone committed first (409 on a stale sha) it re-reads, merges and retries; both changes land', async () => {
    seedRepo();
    const sub = await subscribe(db, SOURCE);
    await tracked(db, () => store.addCheckIn(db, { keyResultId: 'k1', value: 200 }));
    theyEdit((f) =>
      f.checkIns.push({ id: 'ci-theirs', keyResultId: 'k3', at: '2026-11-20', value: 6 }),
    );
    // Our base sha is stale now: the first PUT would carry it if we did not re-read.
    const [entry] = await commitsOf(db, sub.id);
    let raced = false;
    const put = model.handle.bind(model);
    model.handle = (method, url, headers, body) => {
      if (method === 'PUT' && !raced) {
        raced = true; // one more commit lands between our read and our write
        theyEdit((f) => (f.keyResults.find((k) => k.id === 'k2')!.owner = 'Dee'));
      }
      return put(method, url, headers, body);
    };
    expect(await deliverCommit({ db }, entry!)).toEqual({ ok: true });
    expect(model.exchanges.filter((x) => x.method === 'put').map((x) => x.status)).toEqual([
      409, 200,
    ]);
    const file = JSON.parse(repoText()) as {
      checkIns: { id: string }[];
      keyResults: { id: string; owner?: string }[];
    };
    expect(file.checkIns.map((c) => c.id)).toContain('ci-theirs');
    expect(file.checkIns).toHaveLength(5);
    expect(file.keyResults.find((k) => k.id === 'k2')?.owner).toBe('Dee');
    expect((await db.checkIns.get('ci-theirs'))?.value).toBe(6); // theirs reached us too
  });

  it('the same KR title edited on both sides: theirs wins in the file, ours waits as a conflict until chosen', async () => {
    seedRepo();
    const sub = await subscribe(db, SOURCE);
    const kr = (await db.keyResults.get('k2'))!;
    await tracked(db, () => store.upsertKeyResult(db, { ...kr, title: 'Ours' }));
    theyEdit((f) => (f.keyResults.find((k) => k.id === 'k2')!.title = 'Theirs'));
    await runOutbox(db);
    expect(repoTitle('k2')).toBe('Theirs');
    const { conflicts } = await teamStatus(db);
    expect(conflicts).toEqual([
      expect.objectContaining({ record: 'KR1.2', ours: 'Ours', theirs: 'Theirs' }),
    ]);
    await resolveConflict(db, sub.id, conflicts[0]!.key, 'ours');
    await runOutbox(db);
    expect(repoTitle('k2')).toBe('Ours');
    expect(model.commits.at(-1)?.message).toBe('Rename KR1.2 to “Ours”');
    expect((await teamStatus(db)).conflicts).toEqual([]);
  });

  it('offline: the commit stays queued and lands later; a refused token fails until the user acts', async () => {
    seedRepo();
    const sub = await subscribe(db, SOURCE);
    await tracked(db, () => store.addCheckIn(db, { keyResultId: 'k1', value: 210 }));
    server.use(http.all('https://api.github.com/*', () => HttpResponse.error()));
    expect((await runOutbox(db)).delivered).toBe(0);
    const [waiting] = await commitsOf(db, sub.id);
    expect(waiting).toMatchObject({ state: 'pending', attempts: 1 });
    server.resetHandlers();
    await db.outbox.update(waiting!.id, { nextAt: new Date(0).toISOString() });
    expect((await runOutbox(db)).delivered).toBe(1);
    expect(model.commits).toHaveLength(1);

    await tracked(db, () => store.addCheckIn(db, { keyResultId: 'k1', value: 220 }));
    model.pushers = new Set(['someone-else']);
    await runOutbox(db);
    const [failed] = await commitsOf(db, sub.id);
    expect(failed).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/found nothing there/),
    });
  });
});
