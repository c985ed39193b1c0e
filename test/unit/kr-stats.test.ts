/**
 * Per-KR aggregates (lib/db/kr-stats.ts): after any sequence of writes through every writer of
 * links and tickets (link, unlink, label links, pages recording states and parents, the team
 * sync, imports, deletes, carry-over, clear), every row equals a count from the records made
 * here with the pure rule alone, and the KR rows of the links (lib/db/link-rows.ts `krLinks`)
 * list exactly the tickets whose rows link each KR. A writer that forgets its upkeep fails here.
 */
import fc from 'fast-check';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as store from '@/lib/db';
import { createDb } from '@/lib/db/db';
import type { OkrDb } from '@/lib/db/db';
import type { InterchangeFile } from '@/lib/okr/interchange';
import { applySync } from '@/lib/db/team-links';
import { countKrs } from '@/lib/okr/kr-stats';
import { allLinks, krLinksFromRows } from './helpers/links';
import type { Ticket } from '@/lib/okr/model';
import { closeDbs, freshDb } from './helpers/db';

afterEach(closeDbs);

const TODAY = '2026-11-15';
const J = (n: number) => `jira:acme.atlassian.net/GRW-${n}`;
const KEYS = [1, 2, 3, 4, 5, 6].map(J);
const STATES = ['open', 'in-progress', 'done', 'closed', 'merged'] as const;

/** The rows as the rule counts them from every record (no index, no upkeep involved). */
async function reference(db: OkrDb) {
  const [links, tickets, krIds] = await Promise.all([
    allLinks(db),
    db.tickets.toArray(),
    db.keyResults.toCollection().primaryKeys(),
  ]);
  const byKey = new Map(tickets.map((t) => [t.key, t]));
  const rows = countKrs(
    krIds,
    links.map((l): [string, string] => [l.ticket, l.keyResultId]),
    tickets.filter((t) => t.parent !== undefined).map((t) => t.key),
    (k) => byKey.get(k),
  );
  return rows.filter((r) => r.links + r.initiatives + r.done > 0).sort(byId);
}

const byId = (a: { keyResultId: string }, b: { keyResultId: string }) =>
  a.keyResultId.localeCompare(b.keyResultId);

async function kept(db: OkrDb) {
  return (await db.krStats.toArray())
    .filter((r) => r.links + r.initiatives + r.done > 0)
    .sort(byId);
}

type Op =
  | { t: 'link'; key: number; kr: number; label: boolean; state?: number }
  | { t: 'unlink'; key: number; kr: number }
  | { t: 'seen'; key: number; state?: number; parent?: number | null }
  | { t: 'sync'; keys: number[]; kr: number; state: number; complete: boolean }
  | { t: 'import'; key: number; kr: number; state: number; parent?: number }
  | { t: 'deleteKr'; kr: number }
  | { t: 'deleteObjective' }
  | { t: 'carryOver' }
  | { t: 'clear' };

const keyIx = fc.integer({ min: 0, max: KEYS.length - 1 });
const krIx = fc.integer({ min: 0, max: 5 });
const stateIx = fc.integer({ min: 0, max: STATES.length - 1 });
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      t: fc.constant('link' as const),
      key: keyIx,
      kr: krIx,
      label: fc.boolean(),
      state: fc.option(stateIx, { nil: undefined }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('unlink' as const), key: keyIx, kr: krIx }) },
  {
    weight: 5,
    arbitrary: fc.record({
      t: fc.constant('seen' as const),
      key: keyIx,
      state: fc.option(stateIx, { nil: undefined }),
      parent: fc.option(fc.option(keyIx, { nil: null }), { nil: undefined }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('sync' as const),
      keys: fc.array(keyIx, { maxLength: 3 }),
      kr: krIx,
      state: stateIx,
      complete: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('import' as const),
      key: keyIx,
      kr: krIx,
      state: stateIx,
      parent: fc.option(keyIx, { nil: undefined }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('deleteKr' as const), kr: krIx }) },
  { weight: 1, arbitrary: fc.constant({ t: 'deleteObjective' as const }) },
  { weight: 1, arbitrary: fc.constant({ t: 'carryOver' as const }) },
  { weight: 1, arbitrary: fc.constant({ t: 'clear' as const }) },
);

async function apply(db: OkrDb, o: Op, krIds: string[]): Promise<void> {
  const kr = 'kr' in o ? krIds[o.kr % krIds.length] : undefined;
  const now = new Date().toISOString();
  const tolerate = (p: Promise<unknown>) => p.catch((e: Error) => expect(e.name).toMatch(/Error/));
  switch (o.t) {
    case 'link':
      if (kr)
        await tolerate(
          store.link(
            db,
            KEYS[o.key]!,
            kr,
            o.label ? 'label' : 'user',
            o.state === undefined ? undefined : { state: STATES[o.state] },
          ),
        );
      return;
    case 'unlink':
      if (kr) await store.unlink(db, KEYS[o.key]!, kr);
      return;
    case 'seen': {
      const parent =
        o.parent === undefined ? undefined : o.parent === null ? null : KEYS[o.parent]!;
      await store.ticketsByKeys(
        db,
        [
          {
            key: KEYS[o.key]!,
            ...(o.state === undefined ? {} : { state: STATES[o.state] }),
            ...(parent === undefined ? {} : { parent }),
          },
        ],
        now,
        TODAY,
      );
      return;
    }
    case 'sync':
      if (kr)
        await applySync(db, {
          prefixes: ['jira:acme.atlassian.net/'],
          keyResultIds: krIds,
          plan: {
            tickets: o.keys.map((k) => ({ key: KEYS[k]!, state: STATES[o.state] })),
            links: o.keys.map((k) => ({ ticket: KEYS[k]!, keyResultId: kr })),
            touched: o.keys.map((k) => KEYS[k]!),
          },
          complete: o.complete,
          now,
        });
      return;
    case 'import': {
      if (!kr) return;
      const ticket: Ticket = {
        key: KEYS[o.key]!,
        state: STATES[o.state],
        ...(o.parent === undefined || o.parent === o.key ? {} : { parent: KEYS[o.parent]! }),
      };
      await tolerate(
        store.importFile(db, {
          format: 'okr-lens',
          version: 1,
          exportedAt: now,
          cycles: [],
          objectives: [],
          keyResults: [],
          checkIns: [],
          links: [{ ticket: ticket.key, keyResultId: kr, createdAt: now }],
          tickets: [ticket],
        }),
      );
      return;
    }
    case 'deleteKr':
      if (kr) await store.deleteKeyResult(db, kr);
      return;
    case 'deleteObjective': {
      const k = await db.keyResults.get(krIds[0]!);
      if (k) await store.deleteObjective(db, k.objectiveId);
      return;
    }
    case 'carryOver': {
      const cycle = (await db.cycles.toArray())[0];
      if (!cycle) return;
      const objectives = await db.objectives.where('cycleId').equals(cycle.id).primaryKeys();
      await tolerate(
        store.carryOver(db, {
          fromCycleId: cycle.id,
          to: { name: `Next ${Math.random()}`, start: '2027-01-01', end: '2027-03-31' },
          objectiveIds: objectives,
          keyResultIds: krIds,
          withLinks: true,
        }),
      );
      return;
    }
    case 'clear':
      await store.clearAll(db);
      return;
  }
}

/**
 * The sample OKRs exported, with GRW-9 recorded done below the first linked ticket (it serves
 * that ticket's KRs "via" its parent only).
 */
async function sampleWithChild() {
  const source = freshDb();
  await store.loadSample(source, TODAY);
  const linked = (await allLinks(source))[0]!.ticket;
  await store.ticketsByKeys(
    source,
    [{ key: J(9), parent: linked, state: 'done' }],
    new Date().toISOString(),
    TODAY,
  );
  return { linked, dump: await store.exportAll(source) };
}

describe('KR aggregates', () => {
  it('equal a count from the records after any writes through any writer', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        const db = freshDb();
        await store.loadSample(db, TODAY);
        const krIds = (await db.keyResults.toCollection().primaryKeys()).slice(0, 6);
        for (const o of ops) {
          await apply(db, o, krIds);
          expect(await kept(db), JSON.stringify(o)).toEqual(await reference(db));
          expect(await db.krLinks.toArray(), JSON.stringify(o)).toEqual(await krLinksFromRows(db));
        }
        db.close();
      }),
      { numRuns: 40 },
    );
  });

  it('stay right under concurrent link, unlink and seen writes of one ticket', async () => {
    const db = freshDb();
    await store.loadSample(db, TODAY);
    const krIds = (await db.keyResults.toCollection().primaryKeys()).slice(0, 6);
    let x = 7;
    const rnd = () => ((x = (x * 1103515245 + 12345) % 2 ** 31), x / 2 ** 31);
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 120; i++) {
      const kr = krIds[Math.floor(rnd() * krIds.length)]!;
      const r = rnd();
      if (r < 0.45)
        writes.push(
          store.link(db, KEYS[0]!, kr, 'user', { state: rnd() < 0.5 ? 'open' : 'merged' }),
        );
      else if (r < 0.8) writes.push(store.unlink(db, KEYS[0]!, kr));
      else
        writes.push(
          store.ticketsByKeys(db, [
            {
              key: KEYS[0]!,
              state: rnd() < 0.5 ? 'open' : 'closed',
              parent: rnd() < 0.5 ? KEYS[1]! : null,
            },
          ]),
        );
    }
    await Promise.all(writes);
    expect(await kept(db)).toEqual(await reference(db));
    expect(await db.krLinks.toArray()).toEqual(await krLinksFromRows(db));
  });

  it('are counted from what an import merged, reading nothing back, when it saw both tables whole', async () => {
    const { linked, dump } = await sampleWithChild();
    const db = freshDb();
    const reads = {
      tickets: vi.spyOn(db.tickets, 'toArray'),
      rows: vi.spyOn(db.ticketLinks, 'toArray'),
    };
    // Into an empty store: both tables are known to be the file's, so nothing is read back.
    await store.importFile(db, dump);
    expect(reads.tickets).not.toHaveBeenCalled();
    expect(reads.rows).not.toHaveBeenCalled();
    const rows = await kept(db);
    expect(rows.some((r) => r.initiatives > r.links)).toBe(true); // GRW-9 via its parent
    expect(rows).toEqual(await reference(db));
    // The same file again, with one ticket done and one link more: the merges read each table
    // whole (the file covers it), once, and the count comes from that.
    reads.tickets.mockClear();
    reads.rows.mockClear();
    const again = {
      ...dump,
      tickets: dump.tickets.map((t) => (t.key === linked ? { ...t, state: 'done' as const } : t)),
      links: [
        ...dump.links,
        { ticket: J(9), keyResultId: dump.keyResults[1]!.id, createdAt: TODAY },
      ],
    };
    await store.importFile(db, again);
    expect(reads.tickets).toHaveBeenCalledTimes(1);
    expect(reads.rows).toHaveBeenCalledTimes(1);
    expect(await kept(db)).toEqual(await reference(db));
    // A small file into a store it is a small share of: twins by key, the count reads whole.
    await store.ticketsByKeys(
      db,
      Array.from({ length: 30 }, (_, i) => ({ key: J(100 + i), state: 'open' as const })),
      new Date().toISOString(),
      TODAY,
    );
    reads.tickets.mockClear();
    await store.importFile(db, {
      ...dump,
      cycles: [],
      objectives: [],
      keyResults: [],
      checkIns: [],
      links: [{ ticket: J(100), keyResultId: dump.keyResults[2]!.id, createdAt: TODAY }],
      tickets: [{ key: J(100), state: 'done' }],
    });
    expect(reads.tickets).toHaveBeenCalledTimes(1);
    expect(await kept(db)).toEqual(await reference(db));
  });

  /** A bare database at `version` (2 or 3: lib/db/db.ts's schema then) holding `dump`. */
  async function bareStore(name: string, version: 2 | 3, dump: InterchangeFile) {
    const bare = new Dexie(name);
    bare.version(1).stores({
      cycles: 'id, start',
      objectives: 'id, cycleId, parentId',
      keyResults: 'id, objectiveId',
      checkIns: 'id, keyResultId, at',
      links: '[ticket+keyResultId], ticket, keyResultId',
      tickets: 'key, seenAt',
      settings: 'key',
    });
    bare.version(2).stores({
      links: '[ticket+keyResultId], ticket, keyResultId, source',
      tickets: 'key, seenAt, parent',
      outbox: 'id, [state+nextAt], target',
      subscriptions: 'id',
    });
    if (version === 3) bare.version(3).stores({ krStats: 'keyResultId' });
    await bare.open();
    for (const t of ['cycles', 'objectives', 'keyResults', 'checkIns', 'links', 'tickets'] as const)
      await bare.table(t).bulkPut(dump[t]);
    // A v3 store's rows as kept then, one of them stale: the upgrade counts them again.
    if (version === 3)
      await bare
        .table('krStats')
        .put({ keyResultId: dump.keyResults[0]!.id, links: 99, initiatives: 99, done: 99 });
    bare.close();
  }

  it.each([2, 3] as const)(
    'are counted from the records, and the links moved to rows, when a version %i store is upgraded',
    async (version) => {
      const name = `okr-lens-v${version}-${Date.now()}`;
      const { dump } = await sampleWithChild();
      expect(dump.links.length).toBeGreaterThan(3);
      await bareStore(name, version, dump);
      const db = createDb(name);
      try {
        const rows = await kept(db);
        expect(rows.length).toBeGreaterThan(3);
        expect(rows.some((r) => r.initiatives > r.links)).toBe(true); // GRW-9 via its parent
        expect(rows).toEqual(await reference(db));
        expect(await db.krLinks.toArray()).toEqual(await krLinksFromRows(db));
        // Every link came over, one row per ticket, and the v3 table is gone.
        expect((await store.exportAll(db, new Date(0))).links).toEqual(dump.links);
        expect(await db.ticketLinks.count()).toBe(new Set(dump.links.map((l) => l.ticket)).size);
        expect(db.tables.map((t) => t.name)).not.toContain('links');
      } finally {
        db.close();
        await Dexie.delete(name);
      }
    },
  );
});
