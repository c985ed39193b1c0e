/**
 * The team sync's state per connection and its alarm period, in storage.local (README "Team
 * links"): kept apart from the sync itself so the request table reads it without importing
 * the sync (which publishes changes through the server).
 */
import { browser } from 'wxt/browser';
import { TEAM_SYNC_KEY, TEAM_SYNC_PREFS_KEY } from '../okr/team-links-dto';
import type { SyncState } from '../okr/team-links-dto';

export const TEAM_SYNC_ALARM = 'okrLens.teamSync';
export const DEFAULT_MINUTES = 15;

export async function syncStates(): Promise<Record<string, SyncState>> {
  return ((await browser.storage.local.get(TEAM_SYNC_KEY))[TEAM_SYNC_KEY] ?? {}) as Record<
    string,
    SyncState
  >;
}

/** One queue for writes of the states (progress and results may interleave). */
let writing = Promise.resolve();
export function setState(
  id: string,
  next: (old: SyncState | undefined) => SyncState | undefined,
): Promise<void> {
  writing = writing.then(async () => {
    const all = await syncStates();
    const value = next(all[id]);
    if (value) all[id] = value;
    else delete all[id];
    await browser.storage.local.set({ [TEAM_SYNC_KEY]: all });
  });
  return writing;
}

export async function syncMinutes(): Promise<number> {
  const prefs = (await browser.storage.local.get(TEAM_SYNC_PREFS_KEY))[TEAM_SYNC_PREFS_KEY] as
    { minutes?: number } | undefined;
  return prefs?.minutes ?? DEFAULT_MINUTES;
}

/** Drop the states of connections that are gone (their tokens were removed). */
export async function forgetSync(connectionId: string): Promise<void> {
  await setState(connectionId, () => undefined);
}

/** (Re)create the alarm with the chosen period. */
export async function setSyncMinutes(minutes: number): Promise<void> {
  await browser.storage.local.set({ [TEAM_SYNC_PREFS_KEY]: { minutes } });
  await browser.alarms.create(TEAM_SYNC_ALARM, {
    periodInMinutes: minutes,
    delayInMinutes: minutes,
  });
}
