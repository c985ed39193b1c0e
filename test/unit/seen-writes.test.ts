/**
 * A ticket seen again with the same facts is written only when its new `seenAt` tells a
 * reader something (lib/db/links.ts `mustWrite`): another day for Coverage, a time after the
 * newest check-in for a KR's evidence. Everything else a page visit records stays as it was.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as store from '@/lib/db';
import type { OkrDb } from '@/lib/db/db';
import { closeDbs, freshDb, fullFile } from './helpers/db';

const J = 'jira:acme.atlassian.net/GRW-501';
let db: OkrDb;
beforeEach(async () => {
  db = freshDb();
  await store.importFile(db, fullFile());
  await store.link(db, J, 'k1', 'user', undefined, new Date('2026-11-23T08:00:00.000Z'));
});
afterEach(closeDbs);

const see = (at: string, meta: { title?: string; state?: 'open' | 'done' } = {}) =>
  store.ticketsByKeys(
    db,
    [{ key: J, title: 'Ship it', state: 'done', ...meta }],
    at,
    at.slice(0, 10),
  );
const seenAt = async () => (await db.tickets.get(J))?.seenAt;

describe('seeing a ticket again', () => {
  it('the same facts the same day write nothing', async () => {
    await see('2026-11-23T09:00:00.000Z');
    const puts = vi.spyOn(db.tickets, 'bulkPut');
    await see('2026-11-23T10:00:00.000Z');
    expect(puts.mock.calls.flatMap(([records]) => records)).toEqual([]);
    expect(await seenAt()).toBe('2026-11-23T09:00:00.000Z');
  });

  it('a changed fact is written at once, with the new time', async () => {
    await see('2026-11-23T09:00:00.000Z');
    await see('2026-11-23T10:00:00.000Z', { title: 'Ship it (renamed)' });
    expect(await db.tickets.get(J)).toMatchObject({
      title: 'Ship it (renamed)',
      seenAt: '2026-11-23T10:00:00.000Z',
    });
  });

  it('another day is written: Coverage counts the days a ticket was seen', async () => {
    await see('2026-11-23T23:30:00.000Z');
    await see('2026-11-24T00:10:00.000Z');
    expect(await seenAt()).toBe('2026-11-24T00:10:00.000Z');
  });

  it('after a check-in it is written, so the KR evidence counts it done since', async () => {
    await see('2026-11-23T09:00:00.000Z');
    await store.addCheckIn(db, { keyResultId: 'k1', value: 200, at: '2026-11-23T09:30:00.000Z' });
    expect((await store.krEvidence(db, 'k1')).doneSince.map((t) => t.key)).not.toContain(J);
    await see('2026-11-23T10:00:00.000Z');
    expect(await seenAt()).toBe('2026-11-23T10:00:00.000Z');
    expect((await store.krEvidence(db, 'k1')).doneSince.map((t) => t.key)).toContain(J);
  });

  it('a ticket imported without seenAt is recorded when first seen', async () => {
    const K = 'github:github.com/acme/web#901';
    await store.importFile(db, {
      format: 'okr-lens',
      version: 1,
      tickets: [{ key: K, title: 'T' }],
    });
    expect((await db.tickets.get(K))?.seenAt).toBeUndefined();
    await store.ticketsByKeys(
      db,
      [{ key: K, title: 'T' }],
      '2026-11-23T09:00:00.000Z',
      '2026-11-23',
    );
    expect((await db.tickets.get(K))?.seenAt).toBe('2026-11-23T09:00:00.000Z');
  });
});
