/**
 * The import's reads and writes in bulk (lib/db/interchange.ts): stored twins come from no
 * read (empty table), one read of the whole table, or one get per key, and whichever way they
 * come the counts and the stored records are the same. The import stays one transaction: a
 * refused file writes nothing, whatever the size.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as store from '@/lib/db';
import { storedTwins } from '@/lib/db/interchange';
import type { InterchangeFile } from '@/lib/okr/interchange';
import type { Ticket } from '@/lib/okr/model';
import { closeDbs, freshDb } from './helpers/db';
import { linkCount } from './helpers/links';

afterEach(closeDbs);

const CYCLE = { id: 'c', name: 'Q4 2026', start: '2026-10-01', end: '2026-12-31' };
const ticket = (n: number) => `github:github.com/acme/web#${n}`;

/** A file of one KR with `tickets` tickets, each linked to it. */
function file(tickets: number, from = 1, title = 'Ticket'): InterchangeFile {
  const keys = Array.from({ length: tickets }, (_, i) => ticket(from + i));
  return {
    format: 'okr-lens',
    version: 1,
    cycles: [CYCLE],
    objectives: [{ id: 'o', cycleId: 'c', title: 'Objective' }],
    keyResults: [
      {
        id: 'k',
        objectiveId: 'o',
        code: 'KR1.1',
        title: 'Key result',
        kind: 'increase',
        start: 0,
        target: 10,
      },
    ],
    checkIns: [],
    links: keys.map((t) => ({ ticket: t, keyResultId: 'k' })),
    tickets: keys.map((key) => ({ key, title: `${title} ${key}` })),
  };
}

/** The three ways of reading, spied on one table. */
function spyReads(table: object) {
  return {
    toArray: vi.spyOn(table as { toArray: () => unknown }, 'toArray'),
    bulkGet: vi.spyOn(table as { bulkGet: () => unknown }, 'bulkGet'),
  };
}

describe('stored twins', () => {
  const keying = { key: (t: Ticket) => t.key, id: (t: Ticket) => t.key };

  it('reads nothing from an empty table', async () => {
    const db = freshDb();
    await db.open();
    const reads = spyReads(db.tickets);
    const links = file(3).tickets;
    expect(await storedTwins(db.tickets, links, keying)).toEqual([undefined, undefined, undefined]);
    expect(reads.toArray).not.toHaveBeenCalled();
    expect(reads.bulkGet).not.toHaveBeenCalled();
  });

  it('reads the whole table once when the file carries a good share of it', async () => {
    const db = freshDb();
    await store.importFile(db, file(6));
    const reads = spyReads(db.tickets);
    const links = file(8).tickets;
    const twins = await storedTwins(db.tickets, links, keying);
    expect(twins.map((t) => t?.key)).toEqual([
      ...links.slice(0, 6).map((l) => l.key),
      undefined,
      undefined,
    ]);
    expect(reads.toArray).toHaveBeenCalledTimes(1);
    expect(reads.bulkGet).not.toHaveBeenCalled();
  });

  it('gets key by key when the table is much larger than the file', async () => {
    const db = freshDb();
    await store.importFile(db, file(50));
    const reads = spyReads(db.tickets);
    const links = [...file(2, 49).tickets];
    const twins = await storedTwins(db.tickets, links, keying);
    expect(twins.map((t) => t?.key)).toEqual([ticket(49), ticket(50)]);
    expect(reads.bulkGet).toHaveBeenCalledTimes(1);
    expect(reads.toArray).not.toHaveBeenCalled();
  });
});

describe('importing in bulk', () => {
  it('counts the same whichever way the stored records are read', async () => {
    const db = freshDb();
    expect((await store.importFile(db, file(40))).links).toEqual({
      added: 40,
      updated: 0,
      unchanged: 0,
    });
    // Much larger table than file: key by key. Ticket 40 renamed, 41 new.
    const small = file(3, 39, 'Renamed');
    small.tickets[0] = { key: ticket(39), title: `Ticket ${ticket(39)}` };
    const counts = await store.importFile(db, small);
    expect(counts.links).toEqual({ added: 1, updated: 0, unchanged: 2 });
    expect(counts.tickets).toEqual({ added: 1, updated: 1, unchanged: 1 });
    const again = await store.importFile(db, file(41));
    expect(again.links).toEqual({ added: 0, updated: 0, unchanged: 41 });
    // The whole table: the same titles as at first (40 and 41 renamed back).
    expect(again.tickets).toEqual({ added: 0, updated: 2, unchanged: 39 });
    expect((await db.tickets.get(ticket(40)))?.title).toBe(`Ticket ${ticket(40)}`);
    expect(await linkCount(db)).toBe(41);
  });

  it('writes nothing when a large file is refused at its last record', async () => {
    const db = freshDb();
    await store.importFile(db, file(5));
    const before = JSON.stringify(await store.exportAll(db, new Date(0)));
    const bad = file(2000);
    bad.links.push({ ticket: ticket(1), keyResultId: 'missing' });
    await expect(store.importFile(db, bad)).rejects.toMatchObject({
      issues: [{ path: 'links[2000].keyResultId', message: 'no key result with id "missing"' }],
    });
    expect(JSON.stringify(await store.exportAll(db, new Date(0)))).toBe(before);
  });
});
