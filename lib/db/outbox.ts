/**
 * The outbox: writes OKR Lens owes a tracker or a repository (a label to add or remove, a
 * commit to make), kept in the database until delivered, so a write is never lost to a failed
 * request, a stopped worker or a closed browser. The background delivers due entries
 * (lib/background/outbox-runner.ts); this module only keeps them.
 *
 * Coalescing: an entry that undoes a pending one of the same target and payload key (remove a
 * label whose add never left) cancels it instead of queuing a second write.
 */
import { newId } from '../okr/ids';
import type { OkrDb, OutboxEntry } from './db';

/** A write to queue. `undoes`: the kind that this one cancels while still pending. */
export interface OutboxDraft {
  kind: string;
  target: string;
  payload: Record<string, unknown>;
  /** Entries of this kind with the same target and the same `payload[sameKey]` cancel out. */
  undoes?: string;
  sameKey?: string;
}

/** The first retry after 30 s, doubling to at most an hour. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/**
 * Queue a write (inside the caller's transaction when there is one). Returns the entry, or
 * undefined when it cancelled a pending opposite write instead.
 */
export async function enqueue(
  db: OkrDb,
  draft: OutboxDraft,
  now: Date = new Date(),
): Promise<OutboxEntry | undefined> {
  return db.transaction('rw', db.outbox, async () => {
    const same = await db.outbox.where('target').equals(draft.target).toArray();
    const key = draft.sameKey;
    const matches = (e: OutboxEntry) => key === undefined || e.payload[key] === draft.payload[key];
    const opposite = same.find(
      (e) => e.kind === draft.undoes && e.state === 'pending' && e.attempts === 0 && matches(e),
    );
    if (opposite) {
      await db.outbox.delete(opposite.id);
      return undefined;
    }
    // The same write already waiting: one is enough (a failed one is tried again).
    const twin = same.find((e) => e.kind === draft.kind && matches(e));
    const at = now.toISOString();
    const entry: OutboxEntry = {
      id: twin?.id ?? newId(),
      kind: draft.kind,
      target: draft.target,
      payload: draft.payload,
      createdAt: twin?.createdAt ?? at,
      attempts: 0,
      state: 'pending',
      nextAt: at,
    };
    await db.outbox.put(entry);
    return entry;
  });
}

/** Pending entries due at `now`, oldest first. */
export async function dueEntries(
  db: OkrDb,
  now: Date = new Date(),
  limit = 50,
): Promise<OutboxEntry[]> {
  const due = await db.outbox
    .where('[state+nextAt]')
    .between(['pending', ''], ['pending', now.toISOString()], true, true)
    .limit(limit)
    .toArray();
  return due.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
}

/** When the next pending entry is due (ISO), if any: the runner's next alarm. */
export async function nextDue(db: OkrDb): Promise<string | undefined> {
  const first = await db.outbox
    .where('[state+nextAt]')
    .between(['pending', ''], ['pending', '\uffff'])
    .first();
  return first?.nextAt;
}

/** How one delivery went. */
export type Outcome =
  | { ok: true }
  /** Try again later: offline, rate limited (`retryAt` from the server), a 5xx. */
  | { ok: false; retry: true; error: string; retryAt?: Date }
  /** Do not retry until the user acts: a bad token, no permission, a ticket gone. */
  | { ok: false; retry: false; error: string };

/** Record how a delivery went: delivered entries go; others wait or fail with the reason. */
export async function settle(
  db: OkrDb,
  id: string,
  outcome: Outcome,
  now: Date = new Date(),
): Promise<void> {
  await db.transaction('rw', db.outbox, async () => {
    const entry = await db.outbox.get(id);
    if (!entry) return;
    if (outcome.ok) {
      await db.outbox.delete(id);
      return;
    }
    const attempts = entry.attempts + 1;
    const next = outcome.retry
      ? (outcome.retryAt ?? new Date(now.getTime() + backoffMs(attempts)))
      : now;
    await db.outbox.put({
      ...entry,
      attempts,
      state: outcome.retry ? 'pending' : 'failed',
      nextAt: next.toISOString(),
      error: outcome.error,
    });
  });
}

/** Entries concerning these targets (a page's tickets), for the badges' delivery chips. */
export async function entriesFor(db: OkrDb, targets: readonly string[]): Promise<OutboxEntry[]> {
  if (targets.length === 0) return [];
  return db.outbox
    .where('target')
    .anyOf([...targets])
    .toArray();
}

/** Everything waiting or failed, oldest first (Settings lists it). */
export async function allEntries(db: OkrDb): Promise<OutboxEntry[]> {
  const all = await db.outbox.toArray();
  return all.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
}

/** Try failed entries again now (after the user fixed a token, say); all of them by default. */
export async function retryFailed(
  db: OkrDb,
  ids?: readonly string[],
  now: Date = new Date(),
): Promise<number> {
  return db.transaction('rw', db.outbox, async () => {
    const failed = (await db.outbox.toArray()).filter(
      (e) => e.state === 'failed' && (ids === undefined || ids.includes(e.id)),
    );
    for (const e of failed)
      await db.outbox.put({ ...e, state: 'pending', nextAt: now.toISOString() });
    return failed.length;
  });
}

/** Give up on entries (the user chose to). */
export async function discard(db: OkrDb, ids: readonly string[]): Promise<void> {
  await db.outbox.bulkDelete([...ids]);
}

/**
 * Put off a pending entry until `until` without counting a try (the runner does it to the
 * entries behind one that a rate limit or an outage stopped: they would fail the same way).
 */
export async function postpone(db: OkrDb, id: string, until: Date): Promise<void> {
  await db.outbox.update(id, { nextAt: until.toISOString() });
}
