/**
 * THE database: one Dexie instance, owned by the background service worker.
 *
 * Why only the background: IndexedDB opened in a content script belongs to the page's origin
 * (github.com), not to the extension, so content scripts and pages reach the data through
 * lib/protocol.ts (https://github.com/dexie/Dexie.js/issues/233).
 *
 * Records are the model's shapes (lib/okr/model.ts) stored as they are, so a record read from
 * the database, an interchange file or a message is the same object.
 */
import { Dexie } from 'dexie';
import type { EntityTable } from 'dexie';
import { recountAll } from './kr-stats';
import { rowsOf, storeRows } from './link-rows';
import type { KrLinksRow, LinkRow } from './tables';
import type {
  Cycle,
  KeyResult,
  Link,
  Objective,
  Settings,
  StoredCheckIn,
  Ticket,
} from '../okr/model';
import type { KrStats } from '../okr/kr-stats';
import type { SubscriptionRow } from '../okr/team-dto';

export const DB_NAME = 'okr-lens';

/**
 * A write OKR Lens owes a tracker or a repository: delivered by the background, retried with
 * backoff, never lost when a request fails; removed once delivered.
 */
export interface OutboxEntry {
  id: string;
  /** What to do; the kinds are declared where they are delivered. */
  kind: string;
  /** What the write concerns: a ticket key (labels), a subscription id (commits). */
  target: string;
  /** The kind's own data (a label name, a change to commit). */
  payload: Record<string, unknown>;
  createdAt: string;
  /** Tries so far. */
  attempts: number;
  /** `pending`: due at `nextAt`; `failed`: needs the user (a revoked token, no permission). */
  state: 'pending' | 'failed';
  /** Earliest next try (ISO instant). */
  nextAt: string;
  /** Why the last try failed, in words the user can act on. */
  error?: string;
}

/** The settings table holds exactly one row: `{ key: 'settings', value }`. */
export interface SettingsRow {
  key: 'settings';
  value: Settings;
}

export class OkrDb extends Dexie {
  cycles!: EntityTable<Cycle, 'id'>;
  objectives!: EntityTable<Objective, 'id'>;
  keyResults!: EntityTable<KeyResult, 'id'>;
  checkIns!: EntityTable<StoredCheckIn, 'id'>;
  /**
   * All links of a ticket in one row (schema v4), and each KR's linked tickets (`krLinks`),
   * kept together. Read and written through ./link-rows.ts only.
   */
  ticketLinks!: EntityTable<LinkRow, 'ticket'>;
  krLinks!: EntityTable<KrLinksRow, 'keyResultId'>;
  tickets!: EntityTable<Ticket, 'key'>;
  settings!: EntityTable<SettingsRow, 'key'>;
  /** Writes to trackers and repositories waiting to be delivered (lib/db/outbox.ts). */
  outbox!: EntityTable<OutboxEntry, 'id'>;
  /** Team OKR files this browser follows (lib/db/subscriptions.ts). */
  subscriptions!: EntityTable<SubscriptionRow, 'id'>;
  /** Per-KR aggregates, kept by the writers of links and tickets (lib/db/kr-stats.ts). */
  krStats!: EntityTable<KrStats, 'keyResultId'>;

  constructor(name: string = DB_NAME) {
    super(name);
    // Version 1. NEVER edit this block in place once released: browsers keep the data of
    // every user at the version they last opened. To change the schema, ADD a block:
    //
    //   this.version(2)
    //     .stores({ keyResults: 'id, objectiveId, code' }) // only the tables that change;
    //                                                      // `null` deletes a table
    //     .upgrade(async (tx) => {
    //       // migrate records written under v1, e.g.
    //       await tx.table('keyResults').toCollection().modify((kr) => { ... });
    //     });
    //
    // Dexie runs every upgrade between the stored version and the newest in order, in one
    // versionchange transaction. Add a test that opens a v1 database (a fresh name, a bare
    // `new Dexie(name).version(1).stores(...)` filled with v1 records), closes it, then opens
    // it with OkrDb and checks the migrated records.
    this.version(1).stores({
      cycles: 'id, start',
      objectives: 'id, cycleId, parentId',
      keyResults: 'id, objectiveId',
      checkIns: 'id, keyResultId, at',
      links: '[ticket+keyResultId], ticket, keyResultId',
      tickets: 'key, seenAt',
      settings: 'key',
    });
    // Version 2 (team scale): the outbox of writes to trackers and repositories; tickets know
    // their parent (work hierarchy) and links are found by who made them (the team sync
    // replaces its own links only). Subscriptions: team OKR files followed, each with its
    // last good file (the merge base) and the ids it holds (which records are the team's).
    this.version(2).stores({
      links: '[ticket+keyResultId], ticket, keyResultId, source',
      tickets: 'key, seenAt, parent',
      outbox: 'id, [state+nextAt], target',
      subscriptions: 'id',
    });
    // Version 3 (speed at team density): per-KR aggregates, so the popup counts 20,000 links
    // without reading them; kept by every writer. Counted by the v4 upgrade (which every
    // database below v4 runs): v3's own count read the v3 links table, which v4 replaces.
    this.version(3).stores({ krStats: 'keyResultId' });
    // Version 4 (imports in seconds): a ticket's links in one row instead of a record per
    // link, and a row per KR listing its tickets instead of an index; IndexedDB's cost is per
    // record and index entry written (./link-rows.ts has the figures). The v3 records move
    // here, then the aggregates are counted from them.
    this.version(4)
      .stores({ links: null, ticketLinks: 'ticket', krLinks: 'keyResultId' })
      .upgrade(async (tx) => {
        // Read from IndexedDB itself: the table is gone from Dexie's schema here (it is deleted
        // after this function), though its store is still in the upgrade transaction.
        const links = await new Dexie.Promise<Link[]>((resolve, reject) => {
          const read = tx.idbtrans.objectStore('links').getAll();
          read.onsuccess = () => resolve(read.result as Link[]);
          read.onerror = () => reject(read.error ?? new Error('reading the v3 links failed'));
        });
        await storeRows(
          this,
          rowsOf(links).map((row) => ({ ticket: row.ticket, before: undefined, after: row })),
        );
        await recountAll(this);
      });
  }
}

/**
 * Open (lazily, on first use) a database. The background creates exactly one, with the
 * default name; tests pass a fresh name per test so nothing leaks between them.
 */
export function createDb(name: string = DB_NAME): OkrDb {
  return new OkrDb(name);
}
