/**
 * The tables the KR aggregates, the links rows and the hierarchy reads use, as types only:
 * ./kr-stats.ts runs inside the schema upgrade of ./db.ts, so it cannot import the database
 * class that imports it. OkrDb has these tables.
 */
import type { EntityTable } from 'dexie';
import type { KrStats } from '../okr/kr-stats';
import type { KeyResult, Link, Ticket } from '../okr/model';

/**
 * All links of one ticket (schema v4; ./link-rows.ts reads and writes them): `krs` lists
 * their KR ids in the order of `links` (sorted by KR id).
 */
export interface LinkRow {
  ticket: string;
  krs: string[];
  links: Link[];
}

/** The tickets linked to one KR (schema v4): the ticket rows' KRs, the other way round. */
export interface KrLinksRow {
  keyResultId: string;
  /** Sorted. */
  tickets: string[];
}

export interface LinkTables {
  ticketLinks: EntityTable<LinkRow, 'ticket'>;
  krLinks: EntityTable<KrLinksRow, 'keyResultId'>;
}

export interface StatsTables extends LinkTables {
  keyResults: EntityTable<KeyResult, 'id'>;
  tickets: EntityTable<Ticket, 'key'>;
  krStats: EntityTable<KrStats, 'keyResultId'>;
}
