/**
 * Team OKR subscriptions, store side (lib/db/subscriptions.ts, lib/db/team-status.ts):
 * which records are the team's, local writes queue commits (or are refused for read-only
 * files), a newly read file merges with what is queued, conflicts wait for the user.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as store from '@/lib/db';
import type { OkrDb } from '@/lib/db';
import {
  COMMIT_KIND,
  addSubscription,
  applyTheirs,
  changesOf,
  commitsOf,
  removeSubscription,
  tracked,
} from '@/lib/db/subscriptions';
import { resolveConflict, teamStatus } from '@/lib/db/team-status';
import { teamFileOf } from '@/lib/okr/team-file';
import type { TeamFile } from '@/lib/okr/team-file';
import type { SubscriptionSource } from '@/lib/okr/team-dto';
import { requests } from '@/lib/background/requests';
import { closeDbs, freshDb, fullFile } from './helpers/db';

const REPO: SubscriptionSource = {
  kind: 'github',
  host: 'github.com',
  owner: 'acme',
  repo: 'okrs',
  branch: 'main',
  path: 'okrs/2026-Q4.json',
};
const URL_SOURCE: SubscriptionSource = { kind: 'url', url: 'https://okrs.acme.test/2026-Q4.json' };

/** The team's file: the Q4 cycle of the full fixture, no links or tickets. */
function theirs(): TeamFile {
  const f = teamFileOf(fullFile());
  return {
    ...f,
    cycles: f.cycles.filter((c) => c.id === 'c-q4'),
    objectives: f.objectives.filter((o) => o.cycleId === 'c-q4'),
    keyResults: f.keyResults.filter((k) => k.id !== 'k-old'),
    links: [],
    tickets: [],
  };
}
const edit = (f: TeamFile, id: string, patch: object): TeamFile => ({
  ...f,
  keyResults: f.keyResults.map((k) => (k.id === id ? { ...k, ...patch } : k)),
});

let db: OkrDb;
beforeEach(() => {
  db = freshDb();
});
afterEach(closeDbs);

/** What the request table's writes run with (no pages to tell). */
const ctx = () => ({ db, seenChanged: () => undefined });

async function subscribed(source = REPO) {
  const sub = await addSubscription(db, source, source.kind === 'github');
  await applyTheirs(db, sub.id, theirs(), { etag: '"e1"', sha: 'sha1' });
  return sub;
}

describe('subscriptions in the store', () => {
  it('a good file becomes local records, each marked as the subscription’s', async () => {
    const sub = await subscribed();
    expect((await db.keyResults.get('k1'))?.current).toBe(180); // derived from check-ins
    const status = await teamStatus(db);
    expect(status.subscriptions[0]).toMatchObject({
      label: 'acme/okrs · 2026-Q4.json',
      pending: 0,
    });
    expect(status.marks).toMatchObject({
      'c-q4': { subscriptionId: sub.id, state: 'shared' },
      k1: { state: 'shared' },
      ci2: { state: 'shared' },
    });
  });

  it('a local edit and a check-in on subscribed records queue one commit each', async () => {
    const sub = await subscribed();
    const kr = (await db.keyResults.get('k2'))!;
    await tracked(db, () => store.upsertKeyResult(db, { ...kr, title: 'Availability' }));
    await tracked(db, () =>
      store.addCheckIn(db, { keyResultId: 'k3', value: 6, confidence: 'at-risk' }),
    );
    const commits = await commitsOf(db, sub.id);
    expect(commits.map((e) => [e.kind, (e.payload as { message: string }).message])).toEqual([
      [COMMIT_KIND, 'Rename KR1.2 to “Availability”'],
      [COMMIT_KIND, 'Check-in KR2.1: 6% (at risk)'],
    ]);
    expect(changesOf(commits[0]!)).toEqual([
      expect.objectContaining({ collection: 'keyResults', id: 'k2' }),
    ]);
    const marks = (await teamStatus(db)).marks;
    const ci = (await db.checkIns.where('keyResultId').equals('k3').toArray()).find(
      (c) => c.value === 6,
    )!;
    expect(marks[ci.id]?.state).toBe('pending');
  });

  it('local-only records are not the subscription’s and queue nothing', async () => {
    const sub = await subscribed();
    await tracked(db, () =>
      store.upsertCycle(db, { id: 'mine', name: 'Mine', start: '2026-10-01', end: '2026-12-31' }),
    );
    await tracked(db, () =>
      store.upsertObjective(db, { id: 'o-mine', cycleId: 'mine', title: 'Private' }),
    );
    expect(await commitsOf(db, sub.id)).toEqual([]);
    expect((await teamStatus(db)).marks['o-mine']).toBeUndefined();
  });

  it('a read-only URL subscription refuses edits of its KRs and keeps check-ins local, not shared', async () => {
    const sub = await subscribed(URL_SOURCE);
    const kr = (await db.keyResults.get('k2'))!;
    await expect(
      tracked(db, () => store.upsertKeyResult(db, { ...kr, title: 'X' })),
    ).rejects.toThrow(/read-only subscription/);
    expect((await db.keyResults.get('k2'))?.title).toBe('Uptime'); // rolled back
    const ci = await tracked(db, () => store.addCheckIn(db, { keyResultId: 'k2', value: 99.95 }));
    expect(await commitsOf(db, sub.id)).toEqual([]);
    expect((await teamStatus(db)).marks[ci.id]?.state).toBe('not-shared');
    // The file's own check-ins cannot be deleted here (the next read would bring them back).
    await expect(tracked(db, () => store.deleteCheckIn(db, 'ci1'))).rejects.toThrow(/read-only/);
    await tracked(db, () => store.deleteCheckIn(db, ci.id));
    const again = await tracked(db, () => store.addCheckIn(db, { keyResultId: 'k2', value: 99.9 }));
    // A new read keeps the local check-in.
    await applyTheirs(db, sub.id, theirs(), {});
    expect(await db.checkIns.get(again.id)).toBeDefined();
  });

  it('a new file merges with queued changes: both sides’ fields kept, clashing ones a conflict', async () => {
    const sub = await subscribed();
    const k2 = (await db.keyResults.get('k2'))!;
    await tracked(db, () => store.upsertKeyResult(db, { ...k2, title: 'Mine', owner: 'Me' }));
    const next = edit(theirs(), 'k2', { title: 'Theirs', target: 99.5 });
    const found = await applyTheirs(db, sub.id, next, { etag: '"e2"', sha: 'sha2' });
    expect(found).toEqual([
      expect.objectContaining({ id: 'k2', field: 'title', ours: 'Mine', theirs: 'Theirs' }),
    ]);
    expect(await db.keyResults.get('k2')).toMatchObject({
      title: 'Theirs',
      owner: 'Me',
      target: 99.5,
    });
    const status = await teamStatus(db);
    expect(status.marks.k2?.state).toBe('conflict');
    expect(status.conflicts).toEqual([
      expect.objectContaining({
        key: 'keyResults:k2:title',
        record: 'KR1.2',
        ours: 'Mine',
        theirs: 'Theirs',
      }),
    ]);

    // Keep mine: the local title is mine again and a commit writes it over "Theirs".
    await resolveConflict(db, sub.id, 'keyResults:k2:title', 'ours');
    expect((await db.keyResults.get('k2'))?.title).toBe('Mine');
    const commits = await commitsOf(db, sub.id);
    const last = changesOf(commits.at(-1)!)[0]!;
    expect([last.before?.title, last.after?.title]).toEqual(['Theirs', 'Mine']);
    // The older queued change no longer carries the title (it would conflict again).
    expect(commits.flatMap(changesOf).filter((c) => c.after?.title === 'Mine')).toHaveLength(1);
    expect((await teamStatus(db)).conflicts).toEqual([]);
  });

  it('keeping my deletion of a KR they edited deletes it again, links and aggregates too', async () => {
    const sub = await subscribed();
    await store.link(db, 'github:github.com/acme/web#77', 'k2');
    await tracked(db, () => store.deleteKeyResult(db, 'k2'));
    await applyTheirs(db, sub.id, edit(theirs(), 'k2', { title: 'Theirs' }), {});
    expect((await teamStatus(db)).conflicts.map((c) => c.key)).toEqual(['keyResults:k2:*']);
    expect(await db.keyResults.get('k2')).toBeDefined(); // theirs is kept until I choose
    await resolveConflict(db, sub.id, 'keyResults:k2:*', 'ours');
    expect(await db.keyResults.get('k2')).toBeUndefined();
    expect(await db.krStats.get('k2')).toBeUndefined();
    expect(await db.krLinks.get('k2')).toBeUndefined();
    expect((await teamStatus(db)).conflicts).toEqual([]);
  });

  it('taking theirs drops the queued change of that field', async () => {
    const sub = await subscribed();
    const k2 = (await db.keyResults.get('k2'))!;
    await tracked(db, () => store.upsertKeyResult(db, { ...k2, title: 'Mine' }));
    await applyTheirs(db, sub.id, edit(theirs(), 'k2', { title: 'Theirs' }), {});
    await resolveConflict(db, sub.id, 'keyResults:k2:title', 'theirs');
    expect((await db.keyResults.get('k2'))?.title).toBe('Theirs');
    expect(await commitsOf(db, sub.id)).toEqual([]);
  });

  it('records the new file dropped are removed locally; a bad file changes nothing', async () => {
    const sub = await subscribed();
    const without = { ...theirs(), keyResults: theirs().keyResults.filter((k) => k.id !== 'k3') };
    without.checkIns = without.checkIns.filter((c) => c.keyResultId !== 'k3');
    await applyTheirs(db, sub.id, without, {});
    expect(await db.keyResults.get('k3')).toBeUndefined();
    expect(await db.checkIns.get('ci3')).toBeUndefined();

    const clash = edit(theirs(), 'k2', { code: 'KR1.1' });
    await expect(applyTheirs(db, sub.id, clash, {})).rejects.toThrow(/KR1\.1/);
    expect((await db.keyResults.get('k2'))?.code).toBe('KR1.2');
    expect(await db.keyResults.get('k3')).toBeUndefined();
  });

  it('unsubscribing keeps the records as local ones and drops queued commits', async () => {
    const sub = await subscribed();
    await tracked(db, () => store.addCheckIn(db, { keyResultId: 'k1', value: 200 }));
    await removeSubscription(db, sub.id);
    expect(await db.keyResults.get('k1')).toBeDefined();
    expect(await db.outbox.count()).toBe(0);
    expect((await teamStatus(db)).marks).toEqual({});
  });

  it('an import that changes a subscribed KR commits it; for a read-only file it is refused whole', async () => {
    const imported = (title: string) => ({
      ...fullFile(),
      keyResults: fullFile().keyResults.map((k) => (k.id === 'k1' ? { ...k, title } : k)),
    });
    const sub = await subscribed();
    await requests.importFile.run(ctx(), { file: imported('Renamed by an import') });
    const [entry] = await commitsOf(db, sub.id);
    expect(changesOf(entry!)).toEqual(
      expect.arrayContaining([expect.objectContaining({ collection: 'keyResults', id: 'k1' })]),
    );

    await removeSubscription(db, sub.id);
    await subscribed(URL_SOURCE);
    const before = await db.keyResults.get('k1');
    await expect(
      requests.importFile.run(ctx(), { file: imported('Renamed again') }),
    ).rejects.toThrow(/read-only subscription/);
    expect(await db.keyResults.get('k1')).toEqual(before);
  });

  it('clearing all data keeps following the file: the next read is unconditional and brings it back', async () => {
    const sub = await subscribed();
    await requests.clearAll.run(ctx(), {});
    expect(await db.keyResults.count()).toBe(0);
    const row = await db.subscriptions.get(sub.id);
    expect(row?.etag).toBeUndefined();
    await applyTheirs(db, sub.id, theirs(), { etag: '"e1"', sha: 'sha1' });
    expect(await db.keyResults.get('k1')).toBeDefined();
  });
});
