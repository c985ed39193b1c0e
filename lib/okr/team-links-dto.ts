/**
 * What the background answers about team links (README "Team links"): connections as pages
 * see them, the team sync's state per connection, and the label writes still owed. Types only
 * (pages, the popup and content scripts import them without zod).
 */
import type { ConnectionView } from './dto';

export type { ConnectionView };

/** A connection as Settings → Connections fills it in (the token only when typed). */
export type ConnectionInput =
  | {
      id?: string;
      tracker: 'github';
      host?: string;
      scopes?: string[];
      writeLabels?: boolean;
      token?: string;
    }
  | {
      id?: string;
      tracker: 'jira';
      site: string;
      deployment: 'cloud' | 'datacenter';
      email?: string;
      writeLabels?: boolean;
      token?: string;
    }
  | { id?: string; tracker: 'linear'; workspace: string; writeLabels?: boolean; token?: string };

/** What "Test connection" found: who the token is and what it may reach. */
export interface ConnectionTest {
  who: string;
  notes: string[];
}

/** One connection's team sync. */
export interface SyncState {
  /** When the last sync that succeeded ended (ISO). */
  at?: string;
  /** When the last full read (not incremental) succeeded. */
  fullAt?: string;
  /** When the last attempt started, successful or not. */
  triedAt?: string;
  /** A sync under way: since when, and the tickets read so far. */
  running?: { since: string; found: number };
  /** Why the last attempt failed (the previous data was kept). */
  error?: string;
  /** What the last successful sync found and changed. */
  tickets?: number;
  added?: number;
  removed?: number;
  /** The cycle the last successful sync read (another cycle: read everything again). */
  cycleId?: string;
}

/** A label write owed to a tracker (the outbox), as Settings lists it. */
export interface LabelWriteView {
  id: string;
  ticket: string;
  op: 'add' | 'remove';
  label: string;
  code?: string;
  state: 'pending' | 'failed';
  attempts: number;
  nextAt: string;
  error?: string;
}

export interface TeamLinksStatus {
  connections: ConnectionView[];
  sync: Record<string, SyncState>;
  writes: LabelWriteView[];
  /** The team sync's alarm period (minutes); Linear is read at most hourly. */
  minutes: number;
}

/** storage.local keys of the team sync (its state per connection; the alarm's period). */
export const TEAM_SYNC_KEY = 'okrLens.teamSync';
export const TEAM_SYNC_PREFS_KEY = 'okrLens.teamSyncPrefs';
