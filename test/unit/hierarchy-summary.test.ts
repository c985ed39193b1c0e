/**
 * The popup's counts and the work hierarchy (README "Work hierarchy"): a KR's initiatives count
 * the tickets serving it through a linked parent, as Coverage lists them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as store from '@/lib/db';
import type { OkrDb } from '@/lib/db/db';
import { closeDbs, freshDb, fullFile } from './helpers/db';

const NOW = '2026-11-23T12:00:00.000Z';
const TODAY = '2026-11-23';
const J = (k: string) => `jira:acme.atlassian.net/${k}`;

describe('quarterSummary counts children through their parent', () => {
  let db: OkrDb;
  beforeEach(async () => {
    db = freshDb();
    await store.importFile(db, fullFile());
  });
  afterEach(closeDbs);

  const kr = async (id: string) =>
    (await store.quarterSummary(db, 'c-q4', TODAY)).objectives
      .flatMap((o) => o.keyResults)
      .find((k) => k.id === id)!;

  it('the epic, its story and its sub-task: 3 initiatives, the done one counted done', async () => {
    const before = await kr('k1');
    await store.link(db, J('GRW-100'), 'k1', 'user', undefined, new Date(NOW));
    await store.ticketsByKeys(
      db,
      [
        { key: J('GRW-142'), parent: J('GRW-100'), state: 'in-progress' },
        { key: J('GRW-143'), parent: J('GRW-142'), state: 'done' },
        { key: J('GRW-900'), state: 'done' }, // no parent: serves nothing
      ],
      NOW,
      TODAY,
    );
    const after = await kr('k1');
    expect(after.initiatives).toBe((before.initiatives ?? 0) + 3);
    expect(after.done).toBe((before.done ?? 0) + 1);
    // The options page's OKRs tab says the same number; its link count stays the KR's own links.
    const options = await store.optionsState(db);
    expect(options.initiativeCounts.k1).toBe(after.initiatives);
    expect(options.linkCounts.k1).toBe(after.initiatives! - 2);
  });

  it('a child with its own link of the KR is counted once', async () => {
    const before = await kr('k1');
    await store.link(db, J('GRW-100'), 'k1', 'user', undefined, new Date(NOW));
    await store.link(db, J('GRW-142'), 'k1', 'user', undefined, new Date(NOW));
    await store.ticketsByKeys(db, [{ key: J('GRW-142'), parent: J('GRW-100') }], NOW, TODAY);
    expect((await kr('k1')).initiatives).toBe((before.initiatives ?? 0) + 2);
  });
});
