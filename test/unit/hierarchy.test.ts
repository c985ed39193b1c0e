/**
 * The work hierarchy (README "Work hierarchy"): the chain rule (lib/okr/hierarchy.ts), the
 * store's "via" answers (lib/db/links.ts over lib/db/hierarchy.ts) and what the overlay sends
 * (`recordable`).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as store from '@/lib/db';
import type { OkrDb } from '@/lib/db/db';
import type { LinkedKr } from '@/lib/okr/dto';
import { MAX_ANCESTORS, ancestorsOf, withInherited } from '@/lib/okr/hierarchy';
import { ownLinks, recordable } from '@/lib/overlay/links';
import { closeDbs, freshDb, fullFile } from './helpers/db';

const NOW = '2026-11-23T12:00:00.000Z';
const TODAY = '2026-11-23';
const J = (k: string) => `jira:acme.atlassian.net/${k}`;
const EPIC = J('GRW-100');
const STORY = J('GRW-142');
const SUB = J('GRW-143');

describe('ancestorsOf: the chain, nearest first, bounded, loops end it', () => {
  const parents = (map: Record<string, string>) => (k: string) => map[k];

  it('follows parents up to MAX_ANCESTORS levels', () => {
    const chain = { a: 'b', b: 'c', c: 'd', d: 'e', e: 'f', f: 'g' };
    expect(ancestorsOf('a', parents(chain))).toEqual(['b', 'c', 'd', 'e'].slice(0, MAX_ANCESTORS));
    expect(ancestorsOf('a', parents(chain), 2)).toEqual(['b', 'c']);
    expect(ancestorsOf('g', parents(chain))).toEqual([]);
  });

  it('stops at a loop (two pages read at different times can disagree)', () => {
    expect(ancestorsOf('a', parents({ a: 'b', b: 'a' }))).toEqual(['b']);
    expect(ancestorsOf('a', parents({ a: 'b', b: 'c', c: 'b' }))).toEqual(['b', 'c']);
    expect(ancestorsOf('a', parents({ a: 'a' }))).toEqual([]);
  });

  it('withInherited: own links first, then each ancestor’s new KRs, nearest wins', () => {
    const l = (keyResultId: string, from: string) => ({ keyResultId, from });
    const own = [l('k1', 'own')];
    const links: Record<string, { keyResultId: string; from: string }[]> = {
      story: [l('k1', 'story'), l('k2', 'story')],
      epic: [l('k2', 'epic'), l('k3', 'epic')],
    };
    const out = withInherited(
      own,
      ['story', 'epic'],
      (k) => links[k],
      (x, via) => ({ ...x, from: `via ${via}` }),
    );
    expect(out).toEqual([l('k1', 'own'), l('k2', 'via story'), l('k3', 'via epic')]);
  });
});

describe('the store answers via links', () => {
  let db: OkrDb;
  beforeEach(async () => {
    db = freshDb();
    await store.importFile(db, fullFile()); // KRs k1 (KR1.1), k2 (KR1.2), k3 (KR2.1)
  });
  afterEach(closeDbs);

  const codes = (krs: LinkedKr[] | undefined) =>
    (krs ?? []).map((l) => (l.via ? `${l.code} via ${l.via}` : l.code));

  it('a child serves its parent’s KRs, marked via the parent; its own link wins', async () => {
    await store.link(db, EPIC, ['k1', 'k2'], 'user', undefined, new Date(NOW));
    await store.link(db, SUB, 'k2', 'user', undefined, new Date(NOW));
    const out = await store.ticketsByKeys(
      db,
      [
        { key: STORY, parent: EPIC },
        { key: SUB, parent: STORY },
      ],
      NOW,
      TODAY,
    );
    expect(codes(out[STORY])).toEqual([`KR1.1 via ${EPIC}`, `KR1.2 via ${EPIC}`]);
    // The sub-task reaches the epic through the story; KR1.2 is its own.
    expect(codes(out[SUB])).toEqual([`KR1.1 via ${EPIC}`, 'KR1.2']);
    // A via entry is the ancestor's link as the badge shows it: same KR, its source.
    expect(out[STORY]![0]).toMatchObject({ keyResultId: 'k1', source: 'user', via: EPIC });
    expect(await db.tickets.get(SUB)).toMatchObject({ parent: STORY, seenAt: NOW });
  });

  it('the nearest ancestor wins a KR both link', async () => {
    await store.link(db, EPIC, 'k1', 'user', undefined, new Date(NOW));
    await store.link(db, STORY, 'k1', 'label', undefined, new Date(NOW));
    await store.ticketsByKeys(db, [{ key: STORY, parent: EPIC }], NOW, TODAY);
    const out = await store.ticketsByKeys(db, [{ key: SUB, parent: STORY }], NOW, TODAY);
    expect(out[SUB]).toHaveLength(1);
    expect(out[SUB]![0]).toMatchObject({ code: 'KR1.1', via: STORY, source: 'label' });
  });

  it('a parent recorded earlier still counts; null clears it, a new one replaces it', async () => {
    await store.link(db, EPIC, 'k1', 'user', undefined, new Date(NOW));
    await store.ticketsByKeys(db, [{ key: STORY, parent: EPIC }], NOW, TODAY);
    // Seen again without a word on its parent (a plain list row): the parent stays.
    expect(codes((await store.ticketsByKeys(db, [{ key: STORY }], NOW, TODAY))[STORY])).toEqual([
      `KR1.1 via ${EPIC}`,
    ]);
    // Its own view shows it has no parent any more.
    const changes: string[] = [];
    const cleared = await store.ticketsByKeys(db, [{ key: STORY, parent: null }], NOW, TODAY, () =>
      changes.push('cleared'),
    );
    expect(cleared[STORY]).toEqual([]);
    expect(await db.tickets.get(STORY)).not.toHaveProperty('parent');
    // Moved under another epic.
    await store.link(db, J('GRW-200'), 'k3', 'user', undefined, new Date(NOW));
    const moved = await store.ticketsByKeys(
      db,
      [{ key: STORY, parent: J('GRW-200') }],
      NOW,
      TODAY,
      () => changes.push('moved'),
    );
    expect(codes(moved[STORY])).toEqual([`KR2.1 via ${J('GRW-200')}`]);
    expect(changes).toEqual(['cleared', 'moved']); // a parent is a recorded fact
  });

  it('a ticket is never its own parent, and a loop in the records ends the chain', async () => {
    await store.link(db, EPIC, 'k1', 'user', undefined, new Date(NOW));
    await store.ticketsByKeys(db, [{ key: STORY, parent: STORY }], NOW, TODAY);
    expect(await db.tickets.get(STORY)).not.toHaveProperty('parent');
    // EPIC → STORY → EPIC (the epic's page said so once, the story's later).
    await store.ticketsByKeys(
      db,
      [
        { key: EPIC, parent: STORY },
        { key: STORY, parent: EPIC },
      ],
      NOW,
      TODAY,
    );
    const out = await store.ticketsByKeys(db, [{ key: SUB, parent: STORY }], NOW, TODAY);
    expect(codes(out[SUB])).toEqual([`KR1.1 via ${EPIC}`]);
    expect(codes(out[EPIC])).toEqual([]);
  });

  it('the chain reaches MAX_ANCESTORS levels and no further', async () => {
    const keys = Array.from({ length: MAX_ANCESTORS + 2 }, (_, i) => J(`DEEP-${i + 1}`));
    await store.ticketsByKeys(
      db,
      keys.slice(0, -1).map((key, i) => ({ key, parent: keys[i + 1]! })),
      NOW,
      TODAY,
    );
    const top = keys.at(-1)!;
    const below = keys.at(-2)!;
    await store.link(db, top, 'k1', 'user', undefined, new Date(NOW));
    await store.link(db, below, 'k2', 'user', undefined, new Date(NOW));
    const out = await store.ticketsByKeys(db, [{ key: keys[0]! }], NOW, TODAY);
    // DEEP-1's ancestors are DEEP-2 … DEEP-5: DEEP-5 links KR1.2, DEEP-6 (too far) KR1.1.
    expect(codes(out[keys[0]!])).toEqual([`KR1.2 via ${below}`]);
  });

  it('reads a fixed number of queries per level, whatever the number of tickets', async () => {
    await store.link(db, EPIC, 'k1', 'user', undefined, new Date(NOW));
    const children = Array.from({ length: 300 }, (_, i) => ({
      key: J(`GRW-${1000 + i}`),
      parent: EPIC,
    }));
    const bulkGet = vi.spyOn(db.tickets, 'bulkGet');
    const out = await store.ticketsByKeys(db, children, NOW, TODAY);
    expect(Object.values(out).every((l) => l.length === 1 && l[0]!.via === EPIC)).toBe(true);
    // recordTickets; the aggregates of 300 new children of the epic: their chain (the
    // children, then the epic) and the epic's KR counted again (one read of its tickets); then
    // the answer's chain: the children, then the epic (no parent: done).
    expect(bulkGet).toHaveBeenCalledTimes(6);
    bulkGet.mockClear();
    await store.ticketsByKeys(db, children, NOW, TODAY); // seen again: nothing moved
    expect(bulkGet).toHaveBeenCalledTimes(3);
  });

  it('linkedInScopes also answers the children (and grandchildren) of linked tickets', async () => {
    await store.link(db, EPIC, 'k1', 'user', undefined, new Date(NOW));
    await store.ticketsByKeys(
      db,
      [
        { key: STORY, parent: EPIC },
        { key: SUB, parent: STORY },
        { key: J('WEB-3'), parent: EPIC }, // another project: answered all the same
        { key: J('GRW-999') }, // no parent: not answered
      ],
      NOW,
      TODAY,
    );
    const out = await store.linkedInScopes(db, ['jira:acme.atlassian.net/GRW-'], TODAY);
    expect(Object.keys(out).sort()).toEqual([EPIC, STORY, SUB, J('WEB-3')].sort());
    expect(codes(out[SUB])).toEqual([`KR1.1 via ${EPIC}`]);
    expect(codes(out[EPIC])).toEqual(['KR1.1']);
  });

  it('exports and imports the parent (interchange `tickets[].parent`)', async () => {
    await store.ticketsByKeys(db, [{ key: SUB, parent: STORY }], NOW, TODAY);
    const file = await store.exportAll(db, new Date(NOW));
    expect(file.tickets).toContainEqual({ key: SUB, seenAt: NOW, parent: STORY });
    const other = freshDb();
    await store.importFile(other, file);
    expect(await other.tickets.get(SUB)).toEqual({ key: SUB, seenAt: NOW, parent: STORY });
  });
});

describe('the overlay sends the parent and keeps via links apart', () => {
  it('recordable keeps a parent (and null), never the ticket itself as its parent', () => {
    expect(recordable({ key: SUB, parent: STORY, labels: ['x'] })).toEqual({
      key: SUB,
      parent: STORY,
    });
    expect(recordable({ key: SUB, parent: null })).toEqual({ key: SUB, parent: null });
    expect(recordable({ key: SUB, parent: SUB })).toEqual({ key: SUB });
    expect(recordable({ key: SUB })).toEqual({ key: SUB });
  });

  it('ownLinks leaves out what a ticket serves through its parents', () => {
    const kr = { keyResultId: 'k1' } as LinkedKr;
    expect(ownLinks([kr, { ...kr, keyResultId: 'k2', via: EPIC }])).toEqual([kr]);
    expect(ownLinks(undefined)).toEqual([]);
  });
});
