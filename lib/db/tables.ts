/**
 * The tables the KR aggregates and the hierarchy reads use, as types only: ./kr-stats.ts runs
 * inside the schema upgrade of ./db.ts, so it cannot import the database class that imports it.
 * OkrDb has these tables.
 */
import type { EntityTable, Table } from 'dexie';
import type { KrStats } from '../okr/kr-stats';
import type { KeyResult, Link, Ticket } from '../okr/model';

export interface StatsTables {
  keyResults: EntityTable<KeyResult, 'id'>;
  /** Primary key is the compound `[ticket+keyResultId]`. */
  links: Table<Link, [string, string]>;
  tickets: EntityTable<Ticket, 'key'>;
  krStats: EntityTable<KrStats, 'keyResultId'>;
}
