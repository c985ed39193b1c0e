/**
 * The short write path (issue #13): `link`/`unlink` answer the ticket's links as its badge
 * shows them, a page's label links go in one request applied in one transaction, and the
 * change broadcast names the tickets whose links changed, their descendants included (a tab
 * may show a child, whose "via" links changed, without its parent).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import * as store from '@/lib/db';
import type { OkrDb } from '@/lib/db';
import { applyLabelLinks, planLabelLinks } from '@/lib/db/label-links';
import { allEntries } from '@/lib/db/outbox';
import { shownLinks } from '@/lib/db/links';
import { REVISION_KEY } from '@/lib/protocol';
import type { Envelope, Revision } from '@/lib/protocol';
import {
  CHANGED_DESCENDANTS_LIMIT,
  announced,
  changedTickets,
  handle,
} from '@/lib/background/server';
import { TICKET_A, TICKET_B, closeDbs, freshDb, fullFile } from './helpers/db';
import { linksOfTickets } from '@/lib/db/link-rows';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const TODAY = '2026-11-23';
const J = (k: string) => `jira:acme.atlassian.net/${k}`;
const CONTENT = { id: fakeBrowser.runtime.id, url: 'https://acme.atlassian.net/browse/GRW-1' };

let db: OkrDb;
beforeEach(async () => {
  fakeBrowser.reset();
  db = freshDb();
  await store.importFile(db, fullFile());
});
afterEach(async () => {
  await announced(); // a test's last announcements land before the next test's store
  vi.useRealTimers();
  await closeDbs();
});

const own = async (ticket: string) =>
  (await linksOfTickets(db, [ticket])).map((l) => `${l.keyResultId}:${l.source ?? ''}`).sort();

describe('label links in one transaction (lib/db/label-links.ts)', () => {
  it('plans as label sync always did: add what is named, remove only label links, partial adds only', () => {
    const mine = [
      { keyResultId: 'a', source: 'label' as const },
      { keyResultId: 'b', source: 'user' as const },
      { keyResultId: 'c', source: 'label' as const },
    ];
    expect(planLabelLinks(mine, new Set(['c', 'd']), false)).toEqual({
      link: ['d'],
      unlink: ['a'],
    });
    expect(planLabelLinks(mine, new Set(['d']), true)).toEqual({ link: ['d'], unlink: [] });
  });

  it('links the current cycle’s KRs its labels name, removes label links whose label went, never a user link', async () => {
    // TICKET_A: k1 by hand (user), k3 by its label. Its labels now name KR1.1 and KR1.2 only.
    const changed = await applyLabelLinks(
      db,
      [
        { key: TICKET_A, codes: ['kr1.1', 'KR1.2'] },
        { key: TICKET_B, codes: [] }, // k2 is its own link (no source): stays
        { key: J('GRW-5'), codes: ['KR2.1', 'KR9.9'], meta: { title: 'New one' } },
      ],
      TODAY,
      NOW,
    );
    expect(changed.sort()).toEqual([TICKET_A, J('GRW-5')].sort());
    // KR1.1 is k1 here (Q4), not Q3's k-old; k1 stays a user link; k3 (KR2.1) goes.
    expect(await own(TICKET_A)).toEqual(['k1:user', 'k2:label']);
    expect(await own(TICKET_B)).toEqual(['k2:']);
    expect(await own(J('GRW-5'))).toEqual(['k3:label']); // KR9.9 names no KR: ignored
    expect((await db.tickets.get(J('GRW-5')))?.title).toBe('New one');
    // Label links are labels already: no label write is owed for any of them.
    expect(await allEntries(db)).toEqual([]);
  });

  it('a ticket whose page may show only some labels gains links and loses none', async () => {
    const changed = await applyLabelLinks(
      db,
      [{ key: TICKET_A, codes: ['KR1.2'], partial: true }],
      TODAY,
      NOW,
    );
    expect(changed).toEqual([TICKET_A]);
    expect(await own(TICKET_A)).toEqual(['k1:user', 'k2:label', 'k3:label']);
    expect(await applyLabelLinks(db, [{ key: TICKET_A, codes: [], partial: true }], TODAY)).toEqual(
      [],
    );
  });

  it('a KR the ticket serves through its parent still gets the label’s own link', async () => {
    await store.link(db, J('GRW-100'), 'k3', 'user', undefined, NOW);
    await store.ticketsByKeys(db, [{ key: J('GRW-142'), parent: J('GRW-100') }], NOW.toISOString());
    const before = await shownLinks(db, [J('GRW-142')], TODAY);
    expect(before[J('GRW-142')]!.map((l) => [l.code, l.via])).toEqual([['KR2.1', J('GRW-100')]]);
    await applyLabelLinks(db, [{ key: J('GRW-142'), codes: ['KR2.1'] }], TODAY, NOW);
    const after = await shownLinks(db, [J('GRW-142')], TODAY);
    expect(after[J('GRW-142')]!.map((l) => [l.code, l.via, l.source])).toEqual([
      ['KR2.1', undefined, 'label'],
    ]);
  });
});

/** The background's listener over this database; each answer and the revision after it. */
function listen() {
  const stop = handle({ db });
  const deliver = async (message: unknown) => {
    const answers = await fakeBrowser.runtime.onMessage.trigger(message, CONTENT, () => {});
    return (await answers[0]) as Envelope;
  };
  // A write is answered before it is announced: wait for the announcements of those answered.
  const revision = async () => {
    await announced();
    return (await fakeBrowser.storage.local.get(REVISION_KEY))[REVISION_KEY] as
      Revision | undefined;
  };
  return { stop, deliver, revision };
}

describe('the short write path (requests and the change broadcast)', () => {
  it('link and unlink answer the ticket’s links as its badge shows them, "via" ones included', async () => {
    const { stop, deliver } = listen();
    await store.link(db, J('GRW-100'), 'k3', 'user', undefined, NOW);
    await store.ticketsByKeys(db, [{ key: J('GRW-142'), parent: J('GRW-100') }]);
    const linked = await deliver({ type: 'link', ticket: J('GRW-142'), keyResultIds: 'k2' });
    expect(linked.ok).toBe(true);
    const value = (linked as { value: { code: string; via?: string; ticket: string }[] }).value;
    expect(value.map((l) => [l.ticket, l.code, l.via])).toEqual([
      [J('GRW-142'), 'KR1.2', undefined],
      [J('GRW-142'), 'KR2.1', J('GRW-100')],
    ]);
    expect(value[0]).toHaveProperty('evaluation');
    const unlinked = await deliver({ type: 'unlink', ticket: J('GRW-142'), keyResultId: 'k2' });
    expect(unlinked).toMatchObject({ ok: true, value: [{ code: 'KR2.1', via: J('GRW-100') }] });
    stop();
  });

  it('a link names its ticket and the tickets below it; other writes name none', async () => {
    const { stop, deliver, revision } = listen();
    await store.ticketsByKeys(db, [
      { key: J('GRW-142'), parent: J('GRW-100') },
      { key: J('GRW-143'), parent: J('GRW-142') },
      { key: J('GRW-900') },
    ]);
    await deliver({ type: 'link', ticket: J('GRW-100'), keyResultIds: ['k1'] });
    const r = await revision();
    expect(r).toMatchObject({ rev: 1, types: ['link'], records: ['links', 'tickets'] });
    expect(r?.tickets?.sort()).toEqual([J('GRW-100'), J('GRW-142'), J('GRW-143')].sort());
    // The linked ticket's links travel with it; those below it are asked for by the tabs.
    expect(Object.keys(r?.links ?? {})).toEqual([J('GRW-100')]);
    expect(r?.links?.[J('GRW-100')]?.map((l) => [l.code, l.source])).toEqual([['KR1.1', 'user']]);
    await deliver({ type: 'unlink', ticket: TICKET_A, keyResultId: 'k1' });
    expect((await revision())?.tickets).toEqual([TICKET_A]);
    await deliver({ type: 'saveSettings', settings: { staleDays: 9 } });
    const after = await revision();
    expect(after).toMatchObject({ rev: 3, types: ['saveSettings'] });
    expect(after).not.toHaveProperty('tickets');
    stop();
  });

  it('a change carries the links as stored when it is announced, not as the write answered them', async () => {
    // A link's answer read before a KR was renamed, announced after the rename's change: tabs
    // must not end with the old title (the answer would win over their refresh).
    await store.link(db, J('GRW-100'), 'k1', 'user', undefined, NOW);
    const [answered] = Object.values(await shownLinks(db, [J('GRW-100')], TODAY));
    const kr = (await db.keyResults.get('k1'))!;
    await db.keyResults.put({ ...kr, title: 'Renamed meanwhile' });
    const change = await changedTickets(db, { [J('GRW-100')]: answered! });
    expect(answered![0]!.title).not.toBe('Renamed meanwhile');
    expect(change?.links?.[J('GRW-100')]?.map((l) => l.title)).toEqual(['Renamed meanwhile']);
  });

  it('a change above more tickets than it may name refreshes everything', async () => {
    const { stop, deliver, revision } = listen();
    const children = Array.from({ length: CHANGED_DESCENDANTS_LIMIT + 1 }, (_, i) => ({
      key: J(`GRW-${1000 + i}`),
      parent: J('GRW-100'),
    }));
    await store.ticketsByKeys(db, children);
    await deliver({ type: 'link', ticket: J('GRW-100'), keyResultIds: ['k1'] });
    const r = await revision();
    expect(r).toMatchObject({ rev: 1, types: ['link'] });
    expect(r).not.toHaveProperty('tickets');
    stop();
  });

  it('syncLabelLinks answers every ticket sent, names the changed ones, and announces nothing when none changed', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    const { stop, deliver, revision } = listen();
    const message = {
      type: 'syncLabelLinks',
      tickets: [
        { key: TICKET_A, codes: ['KR1.1', 'KR2.1'] },
        { key: J('GRW-7'), codes: ['KR1.2'], meta: { title: 'Seven' } },
      ],
    };
    const answer = await deliver(message);
    expect(answer.ok).toBe(true);
    const value = (answer as { value: { links: Record<string, { code: string }[]> } }).value;
    expect(Object.keys(value.links).sort()).toEqual([TICKET_A, J('GRW-7')].sort());
    expect(value.links[J('GRW-7')]!.map((l) => l.code)).toEqual(['KR1.2']);
    expect(await revision()).toMatchObject({
      rev: 1,
      types: ['syncLabelLinks'],
      tickets: [J('GRW-7')],
    });
    await deliver(message); // the same labels again: nothing to do
    expect((await revision())?.rev).toBe(1);
    stop();
  });
});
