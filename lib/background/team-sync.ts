/**
 * The team sync (README "Team links"): for the current cycle's KR codes, every ticket carrying
 * a KR label in each connected tracker, read through its search API, becomes a `tracker` link
 * with a ticket record, so Coverage, the popup and check-in drafts count the whole team's work.
 *
 * - When: "Sync now", and an alarm (every 15 minutes by default, a setting) while a browser
 *   runs; Linear at most hourly on the alarm (Linear asks integrations not to poll).
 * - What counts: labels naming the CURRENT cycle's codes, on tickets updated on or after the
 *   cycle's start (lib/trackers/api/sync-plan.ts).
 * - Jira reads incrementally after a full read (`updated >= -Nm`, plus the issues it linked),
 *   reading everything again daily, for a new cycle, and when the JQL is refused.
 * - Owed or just delivered label writes win over what a search returns (eventual consistency).
 * - A connection's tracker links are replaced only after its whole search succeeded; a failed
 *   sync records why and keeps the previous data. Connections sync one after another.
 */
import { browser } from 'wxt/browser';
import * as store from '../db';
import type { OkrDb } from '../db/db';
import { applySync, trackerLinks } from '../db/team-links';
import { currentCycle, todayIso } from '../okr/dates';
import type { SyncState } from '../okr/team-links-dto';
import { githubScopePrefix } from '../trackers/api/github';
import { searchLabels } from '../trackers/api/labels';
import { planSync } from '../trackers/api/sync-plan';
import type { Connection } from './connections';
import { loadConnections } from './connections';
import { ApiError } from './http';
import { writesForSync } from './label-writes';
import { kickOutbox } from './outbox-runner';
import { bumpRevision } from './server';
import { trackerApi } from './tracker-api';
import type { ClientOptions, SyncQuery } from './tracker-types';
import { TEAM_SYNC_ALARM, setState, syncMinutes, syncStates } from './team-sync-state';

/** Linear on the alarm at most this often. */
export const LINEAR_MINUTES = 60;
/** Jira reads everything again after this long (deleted issues drop out). */
export const FULL_EVERY_MS = 24 * 3_600_000;
/** A "running" mark older than this is a worker stopped mid-sync. */
const STALE_RUN_MS = 10 * 60_000;

/** The key prefixes a connection's search covers. */
export function scopePrefixes(c: Connection): string[] {
  switch (c.tracker) {
    case 'github':
      return c.scopes.map((s) => githubScopePrefix(c.host, s));
    case 'jira':
      return [`jira:${new URL(c.site).host}/`];
    case 'linear':
      return [`linear:${c.workspace}/`];
  }
}

/** Whether the alarm should read this connection now (Linear: at most hourly). */
function due(c: Connection, state: SyncState | undefined, now: Date): boolean {
  if (c.tracker !== 'linear' || !state?.triedAt) return true;
  return now.getTime() - Date.parse(state.triedAt) >= LINEAR_MINUTES * 60_000 - 60_000;
}

/** Jira's incremental read, when a recent full read of this cycle allows one. */
async function incrementalFor(
  db: OkrDb,
  c: Connection,
  prev: SyncState | undefined,
  cycleId: string,
  krIds: string[],
  now: Date,
): Promise<SyncQuery['incremental']> {
  if (c.tracker !== 'jira' || !prev?.at || !prev.fullAt || prev.cycleId !== cycleId)
    return undefined;
  if (now.getTime() - Date.parse(prev.fullAt) >= FULL_EVERY_MS) return undefined;
  const watch = [
    ...new Set((await trackerLinks(db, scopePrefixes(c), krIds)).map((l) => l.ticket)),
  ];
  // Ten minutes of margin: clocks differ, and a change may land while a sync reads.
  return { changedMinutes: (now.getTime() - Date.parse(prev.at)) / 60_000 + 10, watch };
}

export interface SyncOptions extends ClientOptions {
  now?: () => Date;
}

/** Sync one connection; its state says how it went. Never throws. */
export async function syncConnection(
  db: OkrDb,
  c: Connection,
  opts: SyncOptions = {},
): Promise<SyncState> {
  const now = opts.now ?? (() => new Date());
  const started = now();
  const prev = (await syncStates())[c.id];
  const fail = async (error: string) => {
    const state: SyncState = { ...prev, triedAt: started.toISOString(), error };
    delete state.running;
    await setState(c.id, () => state);
    return state;
  };
  const cycle = currentCycle(await db.cycles.toArray(), todayIso(started));
  if (!cycle) return fail('There is no cycle yet: nothing to sync.');
  const krs = await store.searchKeyResults(db, '', cycle.id);
  if (krs.length === 0) return fail(`${cycle.name} has no key results yet: nothing to sync.`);
  const { labelPatterns } = await store.getSettings(db);
  const krIds = krs.map((k) => k.id);
  let lastProgress = 0;
  await setState(c.id, (old) => ({
    ...old,
    triedAt: started.toISOString(),
    running: { since: started.toISOString(), found: 0 },
  }));
  try {
    const query: SyncQuery = {
      labels: searchLabels(
        labelPatterns,
        krs.map((k) => k.code),
      ),
      cycleStart: cycle.start,
    };
    const incremental = await incrementalFor(db, c, prev, cycle.id, krIds, started);
    if (incremental) query.incremental = incremental;
    const result = await trackerApi(c, opts).search(query, (found) => {
      if (Date.now() - lastProgress < 1_000) return;
      lastProgress = Date.now();
      void setState(c.id, (old) =>
        old?.running ? { ...old, running: { ...old.running, found } } : old,
      );
    });
    const plan = planSync(result.found, {
      patterns: labelPatterns,
      krs,
      cycleStart: cycle.start,
      writes: await writesForSync(db, now()),
    });
    const at = now().toISOString();
    const counts = await applySync(db, {
      prefixes: scopePrefixes(c),
      keyResultIds: krIds,
      plan,
      complete: result.complete,
      now: at,
    });
    const state: SyncState = {
      at,
      triedAt: started.toISOString(),
      ...(result.complete ? { fullAt: at } : prev?.fullAt ? { fullAt: prev.fullAt } : {}),
      cycleId: cycle.id,
      ...counts,
    };
    await setState(c.id, () => state);
    return state;
  } catch (e) {
    return fail(
      e instanceof ApiError ? e.message : `OKR Lens could not sync: ${(e as Error).message}`,
    );
  }
}

let running: Promise<Record<string, SyncState>> | undefined;

/**
 * Sync every connection (`force`: all of them, as "Sync now" does; else those due on the
 * alarm), after delivering the label writes owed, so a search sees them. One run at a time.
 */
export function syncAll(
  db: OkrDb,
  force: boolean,
  opts: SyncOptions = {},
): Promise<Record<string, SyncState>> {
  running ??= (async () => {
    try {
      await kickOutbox(db);
      const states = await syncStates();
      const now = (opts.now ?? (() => new Date()))();
      const out: Record<string, SyncState> = {};
      for (const c of await loadConnections()) {
        const s = states[c.id];
        if (s?.running && now.getTime() - Date.parse(s.running.since) < STALE_RUN_MS && !force)
          continue;
        if (!force && !due(c, s, now)) continue;
        out[c.id] = await syncConnection(db, c, opts);
      }
      if (Object.values(out).some((s) => (s.added ?? 0) + (s.removed ?? 0) + (s.tickets ?? 0) > 0))
        await bumpRevision('syncTeamLinks');
      return out;
    } finally {
      running = undefined;
    }
  })();
  return running;
}

export function startTeamSync(db: OkrDb): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === TEAM_SYNC_ALARM) void syncAll(db, false);
  });
  void (async () => {
    const minutes = await syncMinutes();
    const alarm = await browser.alarms.get(TEAM_SYNC_ALARM);
    if (alarm?.periodInMinutes !== minutes)
      await browser.alarms.create(TEAM_SYNC_ALARM, { periodInMinutes: minutes });
  })();
}
