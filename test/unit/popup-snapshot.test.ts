import { afterEach, describe, expect, it } from 'vitest';
import { importFile, link, quarterSummary } from '@/lib/db';
import { SNAPSHOT_KEY, readSnapshot, writeSnapshot } from '@/entrypoints/popup/snapshot';
import { TICKET_C, closeDbs, freshDb, fullFile } from './helpers/db';

/** localStorage as a Map, with an optional quota. */
function memoryStore(quota = Infinity) {
  const m = new Map<string, string>();
  return {
    m,
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => {
      if (v.length > quota) throw new DOMException('full', 'QuotaExceededError');
      m.set(k, v);
    },
    removeItem: (k: string) => void m.delete(k),
  };
}

const DAY = '2026-11-10';

afterEach(closeDbs);

describe('popup snapshot', () => {
  it('gives back the very summary it was given (JSON round trip loses nothing the popup reads)', async () => {
    const db = freshDb();
    await importFile(db, fullFile());
    const summary = await quarterSummary(db, undefined, DAY);
    expect(summary.objectives.length).toBeGreaterThan(0);
    const store = memoryStore();
    writeSnapshot(store, '4.2', undefined, summary);
    const back = readSnapshot(store, DAY, undefined);
    expect(back).toMatchObject({ v: 1, rev: '4.2', day: DAY });
    expect(back?.summary).toEqual(summary);
  });

  it('is a miss on another day, for another cycle, or when unreadable', async () => {
    const db = freshDb();
    await importFile(db, fullFile());
    const summary = await quarterSummary(db, undefined, DAY);
    const store = memoryStore();
    writeSnapshot(store, '0.0', 'c-q4', summary);
    expect(readSnapshot(store, DAY, 'c-q4')?.rev).toBe('0.0');
    expect(readSnapshot(store, '2026-11-11', 'c-q4')).toBeUndefined();
    expect(readSnapshot(store, DAY, undefined)).toBeUndefined();
    expect(readSnapshot(store, DAY, 'other')).toBeUndefined();

    for (const raw of [
      '{',
      'null',
      '[]',
      JSON.stringify({ v: 2, rev: '1.0', day: DAY, cycleId: 'c-q4', summary }),
      JSON.stringify({ v: 1, rev: 1, day: DAY, cycleId: 'c-q4', summary }),
      JSON.stringify({ v: 1, rev: '1.0', day: DAY, cycleId: 'c-q4', summary: { objectives: 3 } }),
    ]) {
      store.m.set(SNAPSHOT_KEY, raw);
      expect(readSnapshot(store, DAY, 'c-q4')).toBeUndefined();
    }
  });

  it('a summary after a write differs, so the revision check is what keeps a snapshot honest', async () => {
    const db = freshDb();
    await importFile(db, fullFile());
    const before = await quarterSummary(db, undefined, DAY);
    await link(db, TICKET_C, ['k1', 'k2']);
    const after = await quarterSummary(db, undefined, DAY);
    expect(after).not.toEqual(before);
  });

  it('a full localStorage drops the old snapshot rather than keep it as if current', async () => {
    const db = freshDb();
    await importFile(db, fullFile());
    const summary = await quarterSummary(db, undefined, DAY);
    const store = memoryStore(10_000_000);
    writeSnapshot(store, '1.0', undefined, summary);
    expect(readSnapshot(store, DAY, undefined)).toBeDefined();
    const tight = Object.assign(store, {
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    });
    expect(() => writeSnapshot(tight, '2.0', undefined, summary)).not.toThrow();
    expect(readSnapshot(tight, DAY, undefined)).toBeUndefined();
  });
});
