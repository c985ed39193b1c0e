/**
 * The outbox runner (README "Team links"): delivers the writes OKR Lens owes trackers and
 * repositories (lib/db/outbox.ts keeps them), oldest first, one at a time, and settles each
 * (delivered: gone; a retryable failure: again after backoff or the server's Retry-After; any
 * other: failed, with the reason, until the user retries). It runs when a write is queued, on
 * an alarm at the next entry's due time, and when the worker starts.
 *
 * Adding a kind is one entry in `deliverers` (kind → deliver function): Team links' label
 * writes and Team OKRs' commits (`okrs.commit`, lib/background/git/deliver.ts). A deliver function gets the database and the time, returns
 * an `Outcome` (lib/background/http.ts `outcomeOf(e)` maps any failure) and never throws.
 * Entries of unknown kinds are left alone. An entry's `payload.gate` (e.g. a connection id)
 * groups entries that fail together: when one is told to wait (a rate limit, an outage), the
 * ones behind it in the same gate wait as long without a request.
 */
import { browser } from 'wxt/browser';
import type { OkrDb, OutboxEntry } from '../db/db';
import { backoffMs, dueEntries, nextDue, postpone, settle } from '../db/outbox';
import type { Outcome } from '../db/outbox';
import { COMMIT_KIND, deliverCommit } from './git/deliver';
import { LABEL_ADD, LABEL_REMOVE, deliverLabel } from './label-writes';
import { bumpRevision } from './server';

export interface DeliveryContext {
  db: OkrDb;
  now?: Date;
}
export type Deliver = (ctx: DeliveryContext, entry: OutboxEntry) => Promise<Outcome>;

/** THE dispatch table: outbox kind → how to deliver it. */
export const deliverers: Record<string, Deliver> = {
  [LABEL_ADD]: deliverLabel,
  [LABEL_REMOVE]: deliverLabel,
  [COMMIT_KIND]: deliverCommit,
};

export const OUTBOX_ALARM = 'okrLens.outbox';
/** Entries read per round; a run goes on while entries are due (ones queued meanwhile too). */
const ROUND = 50;
const MAX_ROUNDS = 10;

export interface RunReport {
  delivered: number;
  failed: number;
  waiting: number;
}

let running: Promise<RunReport> | undefined;

const gateOf = (e: OutboxEntry): string | undefined =>
  typeof e.payload.gate === 'string' ? e.payload.gate : undefined;

async function round(db: OkrDb, now: () => Date, report: RunReport): Promise<boolean> {
  const due = (await dueEntries(db, now(), ROUND)).filter((e) => deliverers[e.kind]);
  const waitUntil = new Map<string, Date>();
  for (const entry of due) {
    const gate = gateOf(entry);
    const until = gate === undefined ? undefined : waitUntil.get(gate);
    if (until) {
      await postpone(db, entry.id, until);
      report.waiting += 1;
      continue;
    }
    let outcome: Outcome;
    try {
      outcome = await deliverers[entry.kind]!({ db, now: now() }, entry);
    } catch (e) {
      outcome = {
        ok: false,
        retry: true,
        error: `OKR Lens failed to deliver: ${(e as Error).message}`,
      };
    }
    await settle(db, entry.id, outcome, now());
    if (outcome.ok) report.delivered += 1;
    else if (!outcome.retry) report.failed += 1;
    else {
      report.waiting += 1;
      if (gate !== undefined)
        waitUntil.set(
          gate,
          outcome.retryAt ?? new Date(now().getTime() + backoffMs(entry.attempts + 1)),
        );
    }
  }
  return due.length > 0;
}

/** Deliver what is due now (one run at a time; a second call joins the first). */
export function runOutbox(db: OkrDb, now: () => Date = () => new Date()): Promise<RunReport> {
  running ??= (async () => {
    const report: RunReport = { delivered: 0, failed: 0, waiting: 0 };
    try {
      for (let i = 0; i < MAX_ROUNDS && (await round(db, now, report)); i++);
    } finally {
      running = undefined;
    }
    return report;
  })();
  return running;
}

/** Wake up when the next entry is due (alarms fire at most every 30 s; the outbox can wait). */
export async function scheduleOutbox(db: OkrDb): Promise<void> {
  const next = await nextDue(db);
  if (!next) return void (await browser.alarms.clear(OUTBOX_ALARM));
  await browser.alarms.create(OUTBOX_ALARM, {
    when: Math.max(Date.parse(next), Date.now() + 30_000),
  });
}

/** Deliver now, tell every page when something changed (badge chips), plan the next run. */
export async function kickOutbox(db: OkrDb): Promise<RunReport | undefined> {
  try {
    const report = await runOutbox(db);
    if (report.delivered + report.failed + report.waiting > 0)
      await bumpRevision('teamLinksStatus');
    await scheduleOutbox(db);
    return report;
  } catch (e) {
    console.error('OKR Lens: delivering owed writes failed', e);
    return undefined;
  }
}

/** Listen to the alarm and deliver what waited while the worker was stopped. */
export function startOutbox(db: OkrDb): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === OUTBOX_ALARM) void kickOutbox(db);
  });
  void kickOutbox(db);
}
