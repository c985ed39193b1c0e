/** The outbox (lib/db/outbox.ts): queued writes survive failures, back off, cancel out. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OkrDb } from '@/lib/db';
import {
  allEntries,
  backoffMs,
  discard,
  dueEntries,
  enqueue,
  entriesFor,
  nextDue,
  retryFailed,
  settle,
} from '@/lib/db/outbox';
import { closeDbs, freshDb } from './helpers/db';

const T = 'github:github.com/acme/web#12';
const T0 = new Date('2026-12-01T10:00:00.000Z');
const at = (s: number) => new Date(T0.getTime() + s * 1000);
const add = (label = 'okr:KR1.2') => ({
  kind: 'label.add',
  target: T,
  payload: { label },
  undoes: 'label.remove',
  sameKey: 'label',
});
const remove = (label = 'okr:KR1.2') => ({
  kind: 'label.remove',
  target: T,
  payload: { label },
  undoes: 'label.add',
  sameKey: 'label',
});

let db: OkrDb;
beforeEach(() => {
  db = freshDb();
});
afterEach(closeDbs);

describe('outbox', () => {
  it('queues a write, due at once, and removes it once delivered', async () => {
    const e = await enqueue(db, add(), T0);
    expect(e).toMatchObject({ kind: 'label.add', state: 'pending', attempts: 0 });
    expect((await dueEntries(db, T0)).map((x) => x.id)).toEqual([e!.id]);
    await settle(db, e!.id, { ok: true }, T0);
    expect(await allEntries(db)).toEqual([]);
  });

  it('backs off on a retryable failure (30 s, doubling, at most an hour) or waits for Retry-After', async () => {
    expect([1, 2, 3, 10].map(backoffMs)).toEqual([30_000, 60_000, 120_000, 3_600_000]);
    const e = (await enqueue(db, add(), T0))!;
    await settle(db, e.id, { ok: false, retry: true, error: 'offline' }, T0);
    expect(await dueEntries(db, at(29))).toEqual([]);
    expect(await dueEntries(db, at(30))).toHaveLength(1);
    expect(await nextDue(db)).toBe(at(30).toISOString());
    await settle(
      db,
      e.id,
      { ok: false, retry: true, error: 'rate limited', retryAt: at(600) },
      at(30),
    );
    const [again] = await allEntries(db);
    expect(again).toMatchObject({ attempts: 2, state: 'pending', error: 'rate limited' });
    expect(again!.nextAt).toBe(at(600).toISOString());
  });

  it('keeps a failed write (bad token) until the user retries or discards it; never loses it', async () => {
    const e = (await enqueue(db, add(), T0))!;
    await settle(db, e.id, { ok: false, retry: false, error: 'the token was revoked' }, T0);
    expect(await dueEntries(db, at(3600))).toEqual([]);
    expect(await entriesFor(db, [T])).toMatchObject([
      { state: 'failed', error: 'the token was revoked' },
    ]);
    expect(await retryFailed(db, undefined, at(5))).toBe(1);
    expect(await dueEntries(db, at(5))).toHaveLength(1);
    await discard(db, [e.id]);
    expect(await allEntries(db)).toEqual([]);
  });

  it('an unlink before the link left cancels it; after a try it queues the removal', async () => {
    await enqueue(db, add(), T0);
    expect(await enqueue(db, remove(), T0)).toBeUndefined();
    expect(await allEntries(db)).toEqual([]);

    const e = (await enqueue(db, add(), T0))!;
    await settle(db, e.id, { ok: false, retry: true, error: 'offline' }, T0);
    // It may have reached the tracker: remove explicitly.
    expect(await enqueue(db, remove(), T0)).toBeDefined();
    expect((await allEntries(db)).map((x) => x.kind).sort()).toEqual(['label.add', 'label.remove']);
  });

  it('the same write twice is one entry; other labels are their own', async () => {
    const a = (await enqueue(db, add(), T0))!;
    const b = (await enqueue(db, add(), at(1)))!;
    expect(b.id).toBe(a.id);
    await enqueue(db, add('okr:KR2.1'), at(2));
    expect(await allEntries(db)).toHaveLength(2);
  });
});
