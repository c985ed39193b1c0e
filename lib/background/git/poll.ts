/**
 * Team OKRs' file poll (README "Team OKRs"): the alarm (`okrLens.teamOkrs`) reads every
 * subscribed file, then lets the one outbox runner (lib/background/outbox-runner.ts, where
 * `okrs.commit` is one entry of the dispatch table) deliver what is owed.
 */
import { browser } from 'wxt/browser';
import type { OkrDb } from '../../db/db';
import { kickOutbox } from '../outbox-runner';
import { bumpRevision } from '../server';
import { refreshAll } from './read';

export const TEAM_ALARM = 'okrLens.teamOkrs';
/** How often files are read: a 304 costs nothing, not even GitHub's rate limit. */
export const POLL_MINUTES = 5;

/** Read every file and deliver what is owed: the alarm's work. */
export async function pollTeam(db: OkrDb): Promise<void> {
  try {
    if (await refreshAll(db)) await bumpRevision('refreshTeam');
  } catch (e) {
    console.error('OKR Lens: reading team OKR files failed', e);
  }
  await kickOutbox(db);
}

/** Register the alarm (idempotent: an alarm with the same name replaces the old one). */
export function startTeamPoll(db: OkrDb): void {
  void browser.alarms.get(TEAM_ALARM).then((existing) => {
    if (!existing) void browser.alarms.create(TEAM_ALARM, { periodInMinutes: POLL_MINUTES });
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === TEAM_ALARM) void pollTeam(db);
  });
}
