/**
 * Write-through links and the outbox runner (lib/background/label-writes.ts,
 * outbox-runner.ts): a link made by hand on a connected tracker is stored at once and its
 * label owed in the same transaction; the runner delivers it through the tracker's API (the
 * GitHub stand-in, schema-checked), backs off on rate limits and outages (the entries behind
 * wait with the first, without a request), fails with the reason on what a retry cannot fix,
 * and delivers once what waited offline. Badge chips read what is still owed.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import * as store from '@/lib/db';
import type { OkrDb } from '@/lib/db/db';
import { allEntries } from '@/lib/db/outbox';
import { saveConnection } from '@/lib/background/connections';
import {
  LABEL_ADD,
  LABEL_REMOVE,
  linkThrough,
  unlinkThrough,
  withDelivery,
  writesForSync,
} from '@/lib/background/label-writes';
import { deliverers, runOutbox } from '@/lib/background/outbox-runner';
import { COMMIT_KIND } from '@/lib/background/git/deliver';
import { GithubStandIn } from '../support/standins/github';
import { standInHandlers } from '../support/standins/msw';
import { closeDbs, freshDb } from './helpers/db';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const TODAY = '2026-11-02';
const T = 'github:github.com/acme/web#12';
const T2 = 'github:github.com/acme/web#13';
const TOKEN = 'github_pat_engineer_123';

let db: OkrDb;
let gh: GithubStandIn;
let kr: (code: string) => string;

beforeEach(async () => {
  fakeBrowser.reset();
  db = freshDb();
  await store.loadSample(db, TODAY);
  const hits = await store.searchKeyResults(db, '', undefined, TODAY);
  kr = (code) => hits.find((h) => h.code === code)!.id;
  gh = new GithubStandIn();
  gh.users.set(TOKEN, { login: 'eng' });
  gh.addIssue('acme/web', 12, { title: 'Faster onboarding' });
  gh.addIssue('acme/web', 13, { title: 'Invite flow' });
  server.use(...standInHandlers('https://api.github.com', gh));
  await saveConnection({ tracker: 'github', scopes: ['acme'], token: TOKEN });
});
afterEach(closeDbs);

describe('write-through', () => {
  it('a link made by hand owes its label (first pattern); a label link or an unconnected tracker owes nothing', async () => {
    const r = await linkThrough(db, T, [kr('KR1.1'), kr('KR1.2')], 'user');
    expect(r.queued).toBe(2);
    expect(r.links.map((l) => l.source)).toEqual(['user', 'user']);
    const owed = await allEntries(db);
    expect(owed.map((e) => [e.kind, e.target, e.payload.label])).toEqual([
      [LABEL_ADD, T, 'okr:KR1.1'],
      [LABEL_ADD, T, 'okr:KR1.2'],
    ]);
    expect((await linkThrough(db, T2, kr('KR1.1'), 'label')).queued).toBe(0);
    expect(
      (await linkThrough(db, 'jira:acme.atlassian.net/OPS-1', kr('KR1.1'), 'user')).queued,
    ).toBe(0);
    expect((await linkThrough(db, T, kr('KR1.1'), 'user')).queued).toBe(0); // linked already
    expect(await allEntries(db)).toHaveLength(2);
  });

  it('"Write links as labels" off: links only', async () => {
    const [c] = (await fakeBrowser.storage.local.get('okrLens.connections'))[
      'okrLens.connections'
    ] as { id: string }[];
    await saveConnection({ id: c!.id, tracker: 'github', scopes: ['acme'], writeLabels: false });
    expect((await linkThrough(db, T, kr('KR1.1'), 'user')).queued).toBe(0);
    expect((await unlinkThrough(db, T, kr('KR1.1'))).queued).toBe(0);
  });

  it('unlinking before delivery cancels the add; after it, every label naming the KR is removed', async () => {
    await linkThrough(db, T, kr('KR1.2'), 'user');
    expect((await unlinkThrough(db, T, kr('KR1.2'))).queued).toBe(0);
    expect(await allEntries(db)).toEqual([]);
    await linkThrough(db, T, kr('KR1.2'), 'user');
    await runOutbox(db);
    gh.label('acme/web', 12, 'KR1.2'); // someone added the bare code too
    expect((await unlinkThrough(db, T, kr('KR1.2'))).queued).toBe(1);
    expect((await allEntries(db))[0]!.payload.labels).toEqual(['okr:KR1.2', 'KR1.2']);
    await runOutbox(db);
    expect(gh.labelsOf('acme/web', 12)).toEqual([]);
    expect(await store.ticketsByKeys(db, [{ key: T }], undefined, TODAY)).toEqual({ [T]: [] });
    expect(gh.problems()).toEqual([]);
  });
});

describe('the runner', () => {
  it('delivers owed labels through the tracker, once', async () => {
    await linkThrough(db, T, [kr('KR1.1'), kr('KR1.2')], 'user');
    expect(await runOutbox(db)).toEqual({ delivered: 2, failed: 0, waiting: 0 });
    expect(gh.labelsOf('acme/web', 12).sort()).toEqual(['okr:KR1.1', 'okr:KR1.2']);
    expect(await allEntries(db)).toEqual([]);
    expect(await runOutbox(db)).toEqual({ delivered: 0, failed: 0, waiting: 0 });
    expect(gh.requests('POST', /issues\/12\/labels$/)).toHaveLength(2);
    // Recently delivered writes count over a search that may not show them yet.
    expect((await writesForSync(db)).map((w) => w.op)).toEqual(['add', 'add']);
    expect(gh.problems()).toEqual([]);
  });

  it('a rate limit: the entry waits until Retry-After, the ones behind it wait too without a request', async () => {
    await linkThrough(db, T, [kr('KR1.1'), kr('KR1.2')], 'user');
    await linkThrough(db, T2, kr('KR2.1'), 'user');
    gh.faults.push({
      answer: {
        status: 429,
        headers: { 'retry-after': '600', 'content-type': 'application/json' },
        body: { message: 'slow down' },
      },
    });
    const before = gh.exchanges.length;
    expect(await runOutbox(db)).toEqual({ delivered: 0, failed: 0, waiting: 3 });
    expect(gh.exchanges.length - before).toBe(1);
    const owed = await allEntries(db);
    expect(owed.map((e) => e.state)).toEqual(['pending', 'pending', 'pending']);
    for (const e of owed) expect(Date.parse(e.nextAt) - Date.now()).toBeGreaterThan(590_000);
    expect(owed[0]!.error).toMatch(/rate limiting OKR Lens/);
  });

  it('offline: nothing is lost; back online the writes land exactly once', async () => {
    gh.offline = true;
    await linkThrough(db, T, kr('KR1.2'), 'user');
    await linkThrough(db, T2, kr('KR1.2'), 'user');
    expect(await runOutbox(db)).toEqual({ delivered: 0, failed: 0, waiting: 2 });
    expect(
      (await store.ticketsByKeys(db, [{ key: T }], undefined, TODAY))[T]!.map((l) => l.code),
    ).toEqual(['KR1.2']);
    gh.offline = false;
    const later = () => new Date(Date.now() + 3_600_000);
    expect(await runOutbox(db, later)).toEqual({ delivered: 2, failed: 0, waiting: 0 });
    expect(await runOutbox(db, later)).toEqual({ delivered: 0, failed: 0, waiting: 0 });
    expect(gh.labelsOf('acme/web', 12)).toEqual(['okr:KR1.2']);
    expect(gh.requests('POST', /issues\/1[23]\/labels$/)).toHaveLength(2);
  });

  it('what a retry cannot fix fails with the reason and shows on the badge; the link stays', async () => {
    gh.users.set(TOKEN, { login: 'eng', access: { 'acme/web': 'read' } });
    await linkThrough(db, T, kr('KR1.2'), 'user');
    const pending = await withDelivery(
      db,
      await store.ticketsByKeys(db, [{ key: T }], undefined, TODAY),
    );
    expect(pending[T]![0]!.delivery).toEqual({ state: 'pending' });
    expect(await runOutbox(db)).toEqual({ delivered: 0, failed: 1, waiting: 0 });
    const failed = await withDelivery(
      db,
      await store.ticketsByKeys(db, [{ key: T }], undefined, TODAY),
    );
    expect(failed[T]![0]).toMatchObject({
      code: 'KR1.2',
      delivery: {
        state: 'failed',
        reason: expect.stringMatching(/may not do this.*issues: write/),
      },
    });
  });

  it('is a dispatch table by kind: a new kind is one entry; unknown kinds are left alone', async () => {
    const seen: string[] = [];
    deliverers['test.kind'] = (_ctx, e) => {
      seen.push(e.target);
      return Promise.resolve({ ok: true });
    };
    try {
      await store.getSettings(db);
      const { enqueue } = await import('@/lib/db/outbox');
      await enqueue(db, { kind: 'test.kind', target: 'x', payload: {} });
      await enqueue(db, { kind: 'someone.else', target: 'y', payload: {} });
      expect(await runOutbox(db)).toEqual({ delivered: 1, failed: 0, waiting: 0 });
      expect(seen).toEqual(['x']);
      expect((await allEntries(db)).map((e) => e.kind)).toEqual(['someone.else']);
    } finally {
      delete deliverers['test.kind'];
    }
    expect(Object.keys(deliverers)).toEqual([LABEL_ADD, LABEL_REMOVE, COMMIT_KIND]);
  });
});
