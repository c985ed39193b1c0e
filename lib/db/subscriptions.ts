/**
 * Team OKR subscriptions, the store side (README "Team OKRs"). A subscription remembers its
 * last good file (the merge base) and the ids that file holds: a local record is the team's
 * when its id is there, or when it hangs off one that is (a new KR under a subscribed
 * objective, a check-in on a subscribed KR). Nothing is added to the interchange records.
 *
 * - `tracked` wraps a local write: it sees what the write changed among a subscription's
 *   records and queues an `okrs.commit` outbox entry with those changes (repository
 *   subscriptions), or refuses it (edits of a read-only URL subscription's objectives and
 *   KRs; check-ins there stay local, marked "not shared").
 * - `applyTheirs` takes a newly read file: theirs ⊕ our queued changes (lib/okr/merge.ts)
 *   becomes the local records, conflicts are kept on the subscription for the user.
 */
import { UserError } from '../okr/errors';
import { INTERCHANGE_FORMAT, INTERCHANGE_VERSION } from '../okr/interchange';
import type { Change, Conflict } from '../okr/merge';
import { applyChanges, diffSets, emptySet } from '../okr/merge';
import { latestCheckIn } from '../okr/progress';
import type { Collection, OkrSet, TeamFile } from '../okr/team-file';
import { COLLECTIONS, idsOf, normalizeSet } from '../okr/team-file';
import type { SubscriptionRow } from '../okr/team-dto';
import { commitMessage } from '../okr/commit-message';
import { newId } from '../okr/ids';
import type { OkrDb, OutboxEntry } from './db';
import { enqueue } from './outbox';
import { importFile } from './interchange';
import { deleteCheckIn, deleteKeyResult } from './key-results';
import { deleteCycle, deleteObjective } from './okrs';
import { writeTables } from './records';

export const COMMIT_KIND = 'okrs.commit';

/** What an `okrs.commit` entry carries: the changes of one local write and its message. */
export interface CommitPayload {
  /** Unique per entry, so two writes to one subscription never coalesce (outbox `sameKey`). */
  key: string;
  changes: Change[];
  message: string;
}

const teamTables = (db: OkrDb) => [...writeTables(db), db.subscriptions, db.outbox];

/** The local OKR records as a set. */
export async function snapshot(db: OkrDb): Promise<OkrSet> {
  const [cycles, objectives, keyResults, checkIns] = await Promise.all([
    db.cycles.toArray(),
    db.objectives.toArray(),
    db.keyResults.toArray(),
    db.checkIns.toArray(),
  ]);
  return normalizeSet({ cycles, objectives, keyResults, checkIns });
}

export const recordKey = (collection: Collection, id: string) => `${collection}:${id}`;

/** The records of `set` that belong to a subscription: its ids and what hangs off them. */
export function membership(sub: SubscriptionRow, set: OkrSet): Set<string> {
  const ids = Object.fromEntries(COLLECTIONS.map((c) => [c, new Set(sub.ids[c])])) as Record<
    Collection,
    Set<string>
  >;
  for (const o of set.objectives) if (ids.cycles.has(o.cycleId)) ids.objectives.add(o.id);
  for (const k of set.keyResults) if (ids.objectives.has(k.objectiveId)) ids.keyResults.add(k.id);
  for (const c of set.checkIns) if (ids.keyResults.has(c.keyResultId)) ids.checkIns.add(c.id);
  return new Set(COLLECTIONS.flatMap((c) => [...ids[c]].map((id) => recordKey(c, id))));
}

/** Queue one commit (a unique key: the outbox never merges two writes into one). */
export async function queueCommit(
  db: OkrDb,
  subscriptionId: string,
  changes: Change[],
  set: OkrSet,
  now: Date = new Date(),
): Promise<OutboxEntry | undefined> {
  const payload: CommitPayload = {
    key: newId('commit'),
    changes,
    message: commitMessage(changes, set),
  };
  return enqueue(
    db,
    { kind: COMMIT_KIND, target: subscriptionId, payload: { ...payload }, sameKey: 'key' },
    now,
  );
}

/** Changes of one write, split by the subscription they belong to. */
async function routeChanges(db: OkrDb, before: OkrSet, after: OkrSet, now: Date): Promise<void> {
  const changes = diffSets(before, after);
  if (changes.length === 0) return;
  for (const sub of await db.subscriptions.toArray()) {
    const was = membership(sub, before);
    const is = membership(sub, after);
    const own = changes.filter((c) => {
      const k = recordKey(c.collection, c.id);
      return was.has(k) || is.has(k);
    });
    if (own.length === 0) continue;
    if (sub.source.kind === 'url') {
      // Only check-ins of this browser may change: the file's own records come back on the
      // next read, so changing them here would be undone silently.
      const fromFile = new Set(sub.ids.checkIns);
      const edit = own.find((c) => c.collection !== 'checkIns' || fromFile.has(c.id));
      if (edit)
        throw new UserError(
          `This comes from ${sub.source.url}, a read-only subscription: change the file at ` +
            'its source (check-ins are allowed and stay in this browser, marked “not shared”).',
        );
      continue;
    }
    await queueCommit(db, sub.id, own, after, now);
  }
}

/**
 * Run a local write; when it changed records of a subscription, queue their commit in the
 * same transaction (or refuse the write, for a read-only subscription's objectives and KRs).
 */
export async function tracked<T>(db: OkrDb, run: () => Promise<T>, now = new Date()): Promise<T> {
  if ((await db.subscriptions.count()) === 0) return run();
  return db.transaction('rw', teamTables(db), async () => {
    const before = await snapshot(db);
    const result = await run();
    await routeChanges(db, before, await snapshot(db), now);
    return result;
  });
}

/** The queued commits of a subscription, oldest first. */
export async function commitsOf(db: OkrDb, subscriptionId: string): Promise<OutboxEntry[]> {
  const all = await db.outbox.where('target').equals(subscriptionId).toArray();
  return all
    .filter((e) => e.kind === COMMIT_KIND)
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
}

export const changesOf = (e: OutboxEntry) => (e.payload as unknown as CommitPayload).changes;

export const conflictKey = (c: Pick<Conflict, 'collection' | 'id' | 'field'>) =>
  `${c.collection}:${c.id}:${c.field}`;

/**
 * Keep conflicts for the user: new ones replace older ones of the same field; those the file
 * settled meanwhile (it now holds our value) go.
 */
export function mergeConflicts(
  kept: readonly Conflict[],
  found: readonly Conflict[],
  theirs: OkrSet,
): Conflict[] {
  const byKey = new Map(kept.map((c) => [conflictKey(c), c]));
  for (const c of found) byKey.set(conflictKey(c), c);
  const recordOf = (c: Conflict) =>
    (theirs[c.collection] as unknown as { id: string }[]).find((r) => r.id === c.id) as
      Record<string, unknown> | undefined;
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  return [...byKey.values()].filter((c) => {
    const now = recordOf(c);
    return !same(c.field === '*' ? now : now?.[c.field], c.ours);
  });
}

/** Make each KR's `current` its latest check-in's value (the file does not carry it). */
export async function syncCurrents(db: OkrDb, krIds: readonly string[]): Promise<void> {
  for (const id of krIds) {
    const kr = await db.keyResults.get(id);
    if (!kr) continue;
    const latest = latestCheckIn(await db.checkIns.where('keyResultId').equals(id).toArray());
    if (latest && latest.value !== kr.current)
      await db.keyResults.put({ ...kr, current: latest.value });
  }
}

/** Delete, with what hangs off them, the records of the last file that the new one dropped. */
async function dropRemoved(db: OkrDb, sub: SubscriptionRow, merged: OkrSet): Promise<void> {
  const keep = new Set(COLLECTIONS.flatMap((c) => merged[c].map((r) => recordKey(c, r.id))));
  const gone = (c: Collection) => sub.ids[c].filter((id) => !keep.has(recordKey(c, id)));
  for (const id of gone('checkIns')) await deleteCheckIn(db, id);
  for (const id of gone('keyResults')) await deleteKeyResult(db, id);
  for (const id of gone('objectives')) await deleteObjective(db, id);
  for (const id of gone('cycles')) await deleteCycle(db, id);
}

export interface ReadMeta {
  etag?: string;
  sha?: string;
}

/**
 * A good file was read: the local records become theirs ⊕ our queued changes, in one
 * transaction (the store's rules are checked on the result: a file that breaks them changes
 * nothing and the error says why). Returns the conflicts found.
 */
export async function applyTheirs(
  db: OkrDb,
  subscriptionId: string,
  theirs: TeamFile,
  meta: ReadMeta,
  now: Date = new Date(),
): Promise<Conflict[]> {
  return db.transaction('rw', teamTables(db), async () => {
    const sub = await db.subscriptions.get(subscriptionId);
    if (!sub) throw new UserError('that subscription was removed');
    const base = sub.base ?? emptySet();
    let work: OkrSet = theirs;
    const found: Conflict[] = [];
    for (const entry of await commitsOf(db, sub.id)) {
      const r = applyChanges(work, changesOf(entry), base);
      work = r.set;
      found.push(...r.conflicts);
    }
    await importFile(db, {
      format: INTERCHANGE_FORMAT,
      version: INTERCHANGE_VERSION,
      ...work,
      links: theirs.links,
      tickets: theirs.tickets,
    });
    await dropRemoved(db, sub, work);
    await syncCurrents(
      db,
      work.keyResults.map((k) => k.id),
    );
    const changed = JSON.stringify(sub.base) !== JSON.stringify(theirs);
    const conflicts = mergeConflicts(sub.conflicts ?? [], found, theirs);
    const { error: _e, ...rest } = sub;
    await db.subscriptions.put({
      ...rest,
      base: theirs,
      ids: idsOf(theirs),
      ...meta,
      readAt: now.toISOString(),
      ...(changed ? { changedAt: now.toISOString() } : {}),
      conflicts,
    });
    return found;
  });
}

const sameSource = (a: SubscriptionRow['source'], b: SubscriptionRow['source']) =>
  JSON.stringify(sortedSource(a)) === JSON.stringify(sortedSource(b));
const sortedSource = (s: SubscriptionRow['source']) =>
  Object.fromEntries(Object.entries(s).sort(([a], [b]) => (a < b ? -1 : 1)));

/** A new subscription (no file read yet); one per source. */
export async function addSubscription(
  db: OkrDb,
  source: SubscriptionRow['source'],
  canWrite: boolean,
  now: Date = new Date(),
): Promise<SubscriptionRow> {
  return db.transaction('rw', db.subscriptions, async () => {
    if ((await db.subscriptions.toArray()).some((s) => sameSource(s.source, source)))
      throw new UserError('you subscribe to that file already', 'source');
    const row: SubscriptionRow = {
      id: newId('sub'),
      source,
      ids: { cycles: [], objectives: [], keyResults: [], checkIns: [] },
      canWrite,
      createdAt: now.toISOString(),
    };
    await db.subscriptions.add(row);
    return row;
  });
}

/**
 * Stop following a file: its queued commits go; its records stay in this browser as local
 * records (delete them in the editor if they are not wanted).
 */
export async function removeSubscription(db: OkrDb, id: string): Promise<void> {
  await db.transaction('rw', db.subscriptions, db.outbox, async () => {
    await db.subscriptions.delete(id);
    await db.outbox.where('target').equals(id).delete();
  });
}

/** A read that brought nothing new (304) or failed (the last good file is kept). */
export async function recordRead(
  db: OkrDb,
  id: string,
  outcome: { ok: true } | { ok: false; error: string },
  now: Date = new Date(),
): Promise<void> {
  const sub = await db.subscriptions.get(id);
  if (!sub) return;
  const { error: _e, ...rest } = sub;
  await db.subscriptions.put(
    outcome.ok ? { ...rest, readAt: now.toISOString() } : { ...rest, error: outcome.error },
  );
}
