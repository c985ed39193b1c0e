/** The face every tracker's API client shows (lib/background/tracker-api.ts). Types only. */
import type { SearchResult } from '../trackers/api/sync-plan';

export interface ClientOptions {
  timeoutMs?: number;
  /** Tests: milliseconds per "second" of octokit's waits (1 makes them instant). */
  waitUnitMs?: number;
}

/** What "Test connection" says: who the token belongs to, and what it may reach. */
export interface Identity {
  who: string;
  notes: string[];
}

export interface SyncQuery {
  /** Label names to look for (every pattern × every code of the current cycle). */
  labels: string[];
  /** The current cycle's first day (`YYYY-MM-DD`). */
  cycleStart: string;
  /** Jira's incremental run: minutes since the last sync, and the keys it linked. */
  incremental?: { changedMinutes: number; watch: string[] };
}

export interface TrackerApi {
  test(): Promise<Identity>;
  /** Put `label` on the ticket (creating the label where the tracker needs it created). */
  addLabel(ticket: string, label: string, kr: { code: string; title: string }): Promise<void>;
  /** Take `label` off the ticket; a label (or ticket) already gone is not an error. */
  removeLabel(ticket: string, label: string): Promise<void>;
  /** Every ticket carrying one of the labels; `progress` hears the count as pages arrive. */
  search(q: SyncQuery, progress?: (found: number) => void): Promise<SearchResult>;
}
