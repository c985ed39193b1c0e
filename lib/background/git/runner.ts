/**
 * A minimal outbox runner for Team OKRs' `okrs.commit` entries, until the shared runner
 * (lib/background/outbox-runner.ts, issue #11) lands: the lead merges the two by adding
 * `[COMMIT_KIND]: deliverCommit` to that runner's dispatch table and deleting this file.
 * It delivers due entries of the kinds it knows, one at a time, oldest first, settles each
 * (lib/db/outbox.ts: backoff, Retry-After, failed until the user acts) and leaves every other
 * kind alone. The alarm (`okrLens.teamOkrs`) polls the files too.
 */
import { browser } from 'wxt/browser';
import type { OkrDb, OutboxEntry } from '../../db/db';
import { dueEntries, settle } from '../../db/outbox';
import type { Outcome } from '../../db/outbox';
import { bumpRevision } from '../server';
import { COMMIT_KIND, deliverCommit } from './deliver';
import type { DeliveryContext } from './deliver';
import { refreshAll } from './read';

type Deliver = (ctx: DeliveryContext, entry: OutboxEntry) => Promise<Outcome>;
export const deliverers: Record<string, Deliver> = { [COMMIT_KIND]: deliverCommit };

export const TEAM_ALARM = 'okrLens.teamOkrs';
/** How often files are read: a 304 costs nothing, not even GitHub's rate limit. */
export const POLL_MINUTES = 5;

let running: Promise<number> | undefined;

/** Deliver what is due now (one run at a time); how many entries were delivered. */
export function runTeamOutbox(db: OkrDb, now: () => Date = () => new Date()): Promise<number> {
  running ??= (async () => {
    let delivered = 0;
    try {
      for (const entry of await dueEntries(db, now())) {
        const deliver = deliverers[entry.kind];
        if (!deliver) continue;
        const outcome = await deliver({ db, now: now() }, entry);
        await settle(db, entry.id, outcome, now());
        if (outcome.ok) delivered += 1;
      }
    } finally {
      running = undefined;
    }
    return delivered;
  })();
  return running;
}

/** Deliver, then tell every page when something changed. */
export async function deliverAndPublish(db: OkrDb): Promise<void> {
  try {
    const delivered = await runTeamOutbox(db);
    if (delivered > 0) await bumpRevision('teamStatus');
  } catch (e) {
    console.error('OKR Lens: team OKR delivery failed', e);
  }
}

/** Read every file and deliver what is owed: the alarm's work. */
export async function pollTeam(db: OkrDb): Promise<void> {
  try {
    if (await refreshAll(db)) await bumpRevision('refreshTeam');
  } catch (e) {
    console.error('OKR Lens: reading team OKR files failed', e);
  }
  await deliverAndPublish(db);
}

/** Register the alarm (idempotent: an alarm with the same name replaces the old one). */
export function startTeamSync(db: OkrDb): void {
  void browser.alarms.get(TEAM_ALARM).then((existing) => {
    if (!existing) void browser.alarms.create(TEAM_ALARM, { periodInMinutes: POLL_MINUTES });
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === TEAM_ALARM) void pollTeam(db);
  });
}
