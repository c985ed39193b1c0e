/**
 * Upgrades (README "Reliability"). A database written by every earlier schema version opens in
 * the current version with every record intact, and a failed upgrade leaves the old data
 * readable (and the open says why it failed).
 *
 * Fixtures: test/fixtures/db/v<N>.json, one per schema version N, each a dump of what
 * IndexedDB held after version N's own code wrote a store (the sample OKRs, extra links, a
 * check-in, a KR edit with its implicit check-in, saved settings): every object store with its
 * key path and indexes as IndexedDB reports them, and every record as stored. The test
 * re-creates that database with the raw IndexedDB API (no Dexie, so nothing of today's code is
 * involved), then opens it with `createDb` of today.
 *
 * Regenerate the fixture of the CURRENT version (never an older one: it must stay what that
 * version wrote):
 *
 *   UPDATE_DB_FIXTURE=1 npx vitest run test/unit/robust-upgrade     (or node scripts/make-db-fixture.mjs)
 *
 * When version 2 lands (lib/db/db.ts gains `this.version(2)…`):
 *   1. Keep test/fixtures/db/v1.json exactly as it is.
 *   2. Run the command above: it writes v2.json with the v2 code (it refuses to overwrite v1).
 *   3. In `MIGRATIONS` below, add an entry for 1: what a v1 record must look like once the v2
 *      upgrade ran (e.g. `keyResults: (r) => ({ ...r, newField: default })`). Fixtures of
 *      older versions are then checked against their migrated records; v2.json against itself.
 *   4. The "failed upgrade" test needs no change: it always adds a broken version on top of
 *      the newest one.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DB_NAME, OkrDb, createDb } from '@/lib/db/db';
import * as store from '@/lib/db';
import { dispatch } from '@/lib/background/server';
import { rowsOf } from '@/lib/db/link-rows';
import type { LinkRow } from '@/lib/db/tables';
import type { Link } from '@/lib/okr/model';
import { TICKET_A, TICKET_B, TICKET_C } from './helpers/db';

const FIXTURES = new URL('../fixtures/db/', import.meta.url);
/** Dexie stores version N as IndexedDB version N × 10 (it keeps room for its own steps). */
const IDB_VERSION_FACTOR = 10;

interface StoreDump {
  keyPath: string | string[] | null;
  autoIncrement: boolean;
  indexes: { name: string; keyPath: string | string[]; unique: boolean; multiEntry: boolean }[];
  records: unknown[];
}
interface DbFixture {
  /** The schema version of lib/db/db.ts that wrote it (Dexie's `verno`). */
  schemaVersion: number;
  /** IndexedDB's own version number (schemaVersion × 10). */
  idbVersion: number;
  generatedBy: string;
  stores: Record<string, StoreDump>;
}

/**
 * Per fixture version older than the current one: how each table's records look after the
 * upgrades ran. Empty: no upgrade so far rewrote the records of a table it kept (v4 replaced
 * one table: `MOVED`).
 */
const MIGRATIONS: Record<number, Partial<Record<string, (record: unknown) => unknown>>> = {};

/**
 * Tables a later version replaced: `links` (a record per link, v1–v3) became `ticketLinks` (a
 * row per ticket holding its links, v4). A fixture's records of such a table are looked for,
 * converted, in its successor.
 */
const MOVED: Record<
  string,
  { since: number; to: string; convert: (records: unknown[]) => unknown[] }
> = { links: { since: 4, to: 'ticketLinks', convert: (records) => rowsOf(records as Link[]) } };

/** How many links a fixture holds, in whichever table its version kept them. */
const fixtureLinks = (fixture: DbFixture) =>
  fixture.stores.links?.records.length ??
  (fixture.stores.ticketLinks!.records as LinkRow[]).reduce((n, r) => n + r.links.length, 0);

const CURRENT_VERSION = new OkrDb('okr-lens-version-probe').verno;

let counter = 0;
const names: string[] = [];
const uniqueName = (what: string) => {
  const name = `${DB_NAME}-${what}-${++counter}-${Date.now()}`;
  names.push(name);
  return name;
};
afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

// ---------------------------------------------------------------------------------------------
// Raw IndexedDB (no Dexie)

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function transactionDone(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/** Open without a version: whatever is there, at its own version. */
function openRaw(name: string): Promise<IDBDatabase> {
  return request(indexedDB.open(name));
}

/** Every store of a database as IndexedDB holds it (stores and records in key order). */
async function dumpRaw(
  name: string,
): Promise<{ version: number; stores: Record<string, StoreDump> }> {
  const idb = await openRaw(name);
  try {
    const storeNames = [...idb.objectStoreNames].sort();
    const stores: Record<string, StoreDump> = {};
    if (storeNames.length > 0) {
      const tx = idb.transaction(storeNames, 'readonly');
      for (const storeName of storeNames) {
        const store = tx.objectStore(storeName);
        const indexes = [...store.indexNames].sort().map((indexName) => {
          const index = store.index(indexName);
          return {
            name: index.name,
            keyPath: index.keyPath,
            unique: index.unique,
            multiEntry: index.multiEntry,
          };
        });
        stores[storeName] = {
          keyPath: store.keyPath,
          autoIncrement: store.autoIncrement,
          indexes,
          records: await request(store.getAll()),
        };
      }
      await transactionDone(tx);
    }
    return { version: idb.version, stores };
  } finally {
    idb.close();
  }
}

/** Create `name` at the fixture's IndexedDB version with its stores, indexes and records. */
function restoreRaw(name: string, fixture: DbFixture): Promise<void> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(name, fixture.idbVersion);
    open.onupgradeneeded = () => {
      const idb = open.result;
      for (const [storeName, dump] of Object.entries(fixture.stores)) {
        const store = idb.createObjectStore(storeName, {
          keyPath: dump.keyPath,
          autoIncrement: dump.autoIncrement,
        });
        for (const i of dump.indexes)
          store.createIndex(i.name, i.keyPath, { unique: i.unique, multiEntry: i.multiEntry });
      }
    };
    open.onerror = () => reject(open.error ?? new Error('could not create the database'));
    open.onsuccess = () => {
      const idb = open.result;
      const storeNames = Object.keys(fixture.stores);
      const tx = idb.transaction(storeNames, 'readwrite');
      for (const storeName of storeNames) {
        const store = tx.objectStore(storeName);
        for (const record of fixture.stores[storeName]!.records) store.put(record);
      }
      transactionDone(tx).then(
        () => {
          idb.close();
          resolve();
        },
        (e: unknown) => {
          idb.close();
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
    };
  });
}

// ---------------------------------------------------------------------------------------------
// The fixtures

function fixtureFiles(): { version: number; fixture: DbFixture }[] {
  if (!existsSync(FIXTURES)) return [];
  return readdirSync(FIXTURES)
    .map((file) => /^v(\d+)\.json$/.exec(file))
    .filter((m) => m !== null)
    .map((m) => ({
      version: Number(m[1]),
      fixture: JSON.parse(readFileSync(new URL(m[0], FIXTURES), 'utf8')) as DbFixture,
    }))
    .sort((a, b) => a.version - b.version);
}

/** What the current code path writes: the sample, more links, a check-in, a KR edit, settings. */
async function writeThroughCurrentCode(name: string): Promise<void> {
  // Deterministic ids, so a regenerated fixture differs only where the code changed.
  let n = 0;
  const uuid = vi
    .spyOn(crypto, 'randomUUID')
    .mockImplementation(() => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`);
  // Check-in ids start with their creation time (lib/okr/ids.ts): a clock that ticks 1 s a call.
  let tick = 0;
  const clock = vi
    .spyOn(Date, 'now')
    .mockImplementation(() => Date.parse('2026-11-23T12:00:00.000Z') + ++tick * 1000);
  const db = createDb(name);
  try {
    const today = '2026-11-23';
    const now = new Date('2026-11-23T12:00:00.000Z');
    await store.loadSample(db, today);
    const krs = (await store.getState(db)).keyResults;
    const [a, b, c] = [krs[0]!, krs[1]!, krs[2]!];
    await store.link(
      db,
      TICKET_A,
      [a.id, b.id],
      'user',
      { title: 'Add a signup button', state: 'open', url: 'https://github.com/acme/web/issues/12' },
      now,
    );
    await store.link(
      db,
      TICKET_B,
      c.id,
      'label',
      { title: 'Runbook for OPS', state: 'in-progress' },
      now,
    );
    await store.link(db, TICKET_C, a.id, 'user', undefined, now);
    await store.addCheckIn(
      db,
      {
        keyResultId: a.id,
        value: (a.current ?? 0) + 1,
        at: '2026-11-22',
        confidence: 'at-risk',
        note: 'Fixture check-in',
      },
      now,
    );
    await store.upsertKeyResult(
      db,
      { ...b, title: `${b.title} (edited)`, current: (b.current ?? 0) + 2 },
      now,
    );
    await store.saveSettings(db, {
      staleDays: 10,
      labelPatterns: ['{code}', 'okr:{code}', 'goal/{code}'],
    });
  } finally {
    db.close();
    uuid.mockRestore();
    clock.mockRestore();
  }
}

describe('the fixture', () => {
  it.runIf(process.env.UPDATE_DB_FIXTURE === '1')(
    `writes test/fixtures/db/v${CURRENT_VERSION}.json from the current code path`,
    async () => {
      const target = new URL(`v${CURRENT_VERSION}.json`, FIXTURES);
      const older = fixtureFiles().filter((f) => f.version > CURRENT_VERSION);
      expect(older, 'fixtures of versions newer than the code').toEqual([]);
      const name = uniqueName('fixture');
      await writeThroughCurrentCode(name);
      const { version, stores } = await dumpRaw(name);
      const fixture: DbFixture = {
        schemaVersion: CURRENT_VERSION,
        idbVersion: version,
        generatedBy: 'UPDATE_DB_FIXTURE=1 npx vitest run test/unit/robust-upgrade',
        stores,
      };
      mkdirSync(FIXTURES, { recursive: true });
      writeFileSync(target, `${JSON.stringify(fixture, null, 2)}\n`);
      console.log(`wrote ${target.pathname}`);
    },
  );

  it('exists for the current schema version, and for every version before it', () => {
    const versions = fixtureFiles().map((f) => f.version);
    expect(versions).toEqual(Array.from({ length: CURRENT_VERSION }, (_, k) => k + 1));
  });

  it(`has the stores and indexes the v${CURRENT_VERSION} code creates (else: a schema change without a new version)`, async () => {
    // Records are not compared: the sample may change without a schema change.
    const current = fixtureFiles().find((f) => f.version === CURRENT_VERSION)!;
    const name = uniqueName('same');
    await writeThroughCurrentCode(name);
    const dump = await dumpRaw(name);
    const schemaOf = (stores: Record<string, StoreDump>) =>
      Object.fromEntries(Object.entries(stores).map(([k, { records: _r, ...rest }]) => [k, rest]));
    expect(dump.version).toBe(current.fixture.idbVersion);
    expect(schemaOf(dump.stores)).toEqual(schemaOf(current.fixture.stores));
  });

  it('is stored by Dexie at IndexedDB version = schema version × 10', async () => {
    const name = uniqueName('verno');
    const db = createDb(name);
    await db.open();
    expect(db.verno).toBe(CURRENT_VERSION);
    expect(db.backendDB().version).toBe(CURRENT_VERSION * IDB_VERSION_FACTOR);
    db.close();
  });
});

// ---------------------------------------------------------------------------------------------
// Opening every earlier version

/** Records sorted by their JSON text: IndexedDB returns them in key order, so does this. */
const expectedRecords = (version: number, store: string, records: unknown[]) => {
  const migrate = MIGRATIONS[version]?.[store];
  return migrate && version < CURRENT_VERSION ? records.map(migrate) : records;
};

describe.each(fixtureFiles().map((f) => [`v${f.version}`, f] as const))(
  'a database written by schema %s',
  (_label, { version, fixture }) => {
    it('is re-created without Dexie at the IndexedDB version it had', async () => {
      const name = uniqueName(`restore-v${version}`);
      await restoreRaw(name, fixture);
      const dump = await dumpRaw(name);
      expect(dump.version).toBe(fixture.idbVersion);
      expect(dump.stores).toEqual(fixture.stores);
    });

    it(`opens with today's createDb (v${CURRENT_VERSION}) with every record intact, and works`, async () => {
      const name = uniqueName(`open-v${version}`);
      await restoreRaw(name, fixture);
      const db = createDb(name);
      await db.open();
      expect(db.verno).toBe(CURRENT_VERSION);
      expect(db.backendDB().version).toBe(CURRENT_VERSION * IDB_VERSION_FACTOR);

      // Every table, record for record (through Dexie, so as the app reads them).
      let total = 0;
      for (const [store, dump] of Object.entries(fixture.stores)) {
        const moved = MOVED[store];
        if (moved && version < moved.since) {
          const rows = await db.table(moved.to).toArray();
          expect(rows, `${store} → ${moved.to}`).toEqual(moved.convert(dump.records));
          expect(db.tables.map((t) => t.name)).not.toContain(store);
          total += dump.records.length;
          continue;
        }
        const records = await db.table(store).toArray();
        expect(records, store).toEqual(expectedRecords(version, store, dump.records));
        total += records.length;
      }
      expect(total).toBeGreaterThan(30);

      // The repository reads it: export, state, settings, badges.
      const exported = await store.exportAll(db, new Date(0));
      expect(exported.keyResults).toHaveLength(fixture.stores.keyResults!.records.length);
      expect(exported.checkIns).toHaveLength(fixture.stores.checkIns!.records.length);
      expect(exported.links).toHaveLength(fixtureLinks(fixture));
      expect((await store.getSettings(db)).staleDays).toBe(10);
      const badges = await store.ticketsByKeys(db, [{ key: TICKET_A }], '2026-11-23T12:00:00.000Z');
      expect(badges[TICKET_A]).toHaveLength(2);

      // And it takes writes: a check-in, then the export round-trips into a fresh store.
      const kr = exported.keyResults[0]!;
      await store.addCheckIn(db, { keyResultId: kr.id, value: 1, at: '2026-11-23' });
      const again = await store.exportAll(db, new Date(0));
      const copy = createDb(uniqueName(`copy-v${version}`));
      await store.importFile(copy, again);
      expect(JSON.stringify(await store.exportAll(copy, new Date(0)))).toBe(JSON.stringify(again));
      copy.close();
      db.close();
    });
  },
);

// ---------------------------------------------------------------------------------------------
// A failed upgrade

/**
 * Today's schema plus a version whose upgrade modifies records in three tables, then throws.
 * Dexie runs upgrades inside IndexedDB's versionchange transaction; an error aborts it, and an
 * aborted versionchange transaction rolls back everything: records, new indexes, the version.
 */
class BrokenUpgradeDb extends OkrDb {
  /** Set just before the throw: the upgrade did modify records first. */
  reachedTheThrow = false;
  constructor(name: string) {
    super(name);
    this.version(CURRENT_VERSION + 1)
      .stores({ keyResults: 'id, objectiveId, code', reviews: 'id, keyResultId' })
      .upgrade(async (tx) => {
        await tx
          .table('keyResults')
          .toCollection()
          .modify((kr: { title: string }) => {
            kr.title = `MIGRATED ${kr.title}`;
          });
        await tx.table('checkIns').clear();
        await tx.table('settings').put({ key: 'settings', value: { broken: true } });
        expect(await tx.table('checkIns').count()).toBe(0);
        this.reachedTheThrow = true;
        throw new Error('migration failed midway');
      });
  }
}

describe('a failed upgrade', () => {
  it('rejects the open with the cause, and leaves the old data at the old version, readable', async () => {
    const current = fixtureFiles().find((f) => f.version === CURRENT_VERSION)!;
    const name = uniqueName('failed-upgrade');
    await restoreRaw(name, current.fixture);
    const db = createDb(name);
    const before = JSON.stringify(await store.exportAll(db, new Date(0)));
    const settingsBefore = await store.getSettings(db);
    db.close();

    const broken = new BrokenUpgradeDb(name);
    const error = await broken.open().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error, 'the open must fail').toBeInstanceOf(Error);
    console.log(`the failed open: ${error?.name}: ${error?.message}`);
    expect(`${error?.name}: ${error?.message}`).toContain('migration failed midway');
    expect(broken.reachedTheThrow).toBe(true);
    broken.close();

    // The raw database: same version, same stores and indexes (no `code` index, no `reviews`
    // store), same records.
    const raw = await dumpRaw(name);
    expect(raw.version).toBe(current.fixture.idbVersion);
    expect(raw.stores).toEqual(current.fixture.stores);

    // Today's code opens it and reads everything as before.
    const again = createDb(name);
    expect(JSON.stringify(await store.exportAll(again, new Date(0)))).toBe(before);
    expect(await store.getSettings(again)).toEqual(settingsBefore);
    again.close();
  });

  it('says so to the user: every request answers with an error naming the failed upgrade', async () => {
    const current = fixtureFiles().find((f) => f.version === CURRENT_VERSION)!;
    const name = uniqueName('failed-upgrade-message');
    await restoreRaw(name, current.fixture);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const broken = new BrokenUpgradeDb(name);
    const answer = await dispatch(
      { db: broken },
      { type: 'getState' },
      { url: 'chrome-extension://x/options.html' },
      'chrome-extension://x/',
    );
    error.mockRestore();
    broken.close();
    expect(answer.ok).toBe(false);
    const message = answer.ok ? '' : answer.error.message;
    console.log(`what the options page shows: ${message}`);
    expect(message).toMatch(/migration failed midway/);
    // And nothing was lost meanwhile.
    const raw = await dumpRaw(name);
    expect(raw.stores).toEqual(current.fixture.stores);
  });
});
