/**
 * Team OKRs as pages see them (marks, subscriptions, conflicts) and the user's choice on a
 * conflict. See lib/db/subscriptions.ts for what a subscription is.
 */
import { UserError } from '../okr/errors';
import type { Change, Conflict, Rec } from '../okr/merge';
import { changedFields } from '../okr/merge';
import type { Collection, OkrSet } from '../okr/team-file';
import { sortedKeys } from '../okr/team-file';
import type { ConflictView, ShareState, SubscriptionRow, TeamStatus } from '../okr/team-dto';
import { sourceLabel } from '../okr/team-dto';
import type { OkrDb } from './db';
import { writeTables } from './records';
import { deleteCheckIn, deleteKeyResult } from './key-results';
import { deleteCycle, deleteObjective } from './okrs';
import type { CommitPayload } from './subscriptions';
import {
  COMMIT_KIND,
  changesOf,
  commitsOf,
  conflictKey,
  membership,
  queueCommit,
  recordKey,
  snapshot,
  syncCurrents,
} from './subscriptions';

const find = (set: OkrSet | undefined, c: Collection, id: string): Rec | undefined =>
  (set?.[c] as unknown as Rec[] | undefined)?.find((r) => r.id === id);

/** How a conflict's record is named: a KR by code, an objective or cycle by title/name. */
function recordName(c: Conflict, local: OkrSet, base?: OkrSet): string {
  const r =
    find(local, c.collection, c.id) ??
    find(base, c.collection, c.id) ??
    ([c.ours, c.theirs].find((x) => x && typeof x === 'object') as Rec | undefined);
  const s = (v: unknown) => (typeof v === 'string' ? v : c.id);
  switch (c.collection) {
    case 'keyResults':
      return s(r?.code);
    case 'objectives':
      return `objective “${s(r?.title)}”`;
    case 'cycles':
      return `cycle “${s(r?.name)}”`;
    case 'checkIns':
      return `a check-in of ${s(find(local, 'keyResults', s(r?.keyResultId))?.code)}`;
  }
}

function marksOf(sub: SubscriptionRow, local: OkrSet, out: TeamStatus['marks']): void {
  const conflicted = new Set((sub.conflicts ?? []).map((c) => recordKey(c.collection, c.id)));
  const shared = new Set(
    (Object.keys(sub.ids) as Collection[]).flatMap((c) => sub.ids[c].map((id) => recordKey(c, id))),
  );
  for (const key of membership(sub, local)) {
    const id = key.slice(key.indexOf(':') + 1);
    const state: ShareState = conflicted.has(key)
      ? 'conflict'
      : shared.has(key)
        ? 'shared'
        : sub.source.kind === 'url'
          ? 'not-shared'
          : 'pending';
    out[id] = { subscriptionId: sub.id, state };
  }
}

/** Every subscription with its state, the conflicts waiting, and each local record's mark. */
export async function teamStatus(db: OkrDb): Promise<TeamStatus> {
  return db.transaction(
    'r',
    [db.subscriptions, db.outbox, db.cycles, db.objectives, db.keyResults, db.checkIns],
    async () => {
      const subs = (await db.subscriptions.toArray()).sort((a, b) =>
        a.createdAt < b.createdAt ? -1 : 1,
      );
      const local = await snapshot(db);
      const status: TeamStatus = { subscriptions: [], conflicts: [], marks: {} };
      for (const sub of subs) {
        marksOf(sub, local, status.marks);
        const commits = await commitsOf(db, sub.id);
        status.subscriptions.push({
          id: sub.id,
          source: sub.source,
          label: sourceLabel(sub.source),
          canWrite: sub.canWrite,
          ...(sub.readAt ? { readAt: sub.readAt } : {}),
          ...(sub.changedAt ? { changedAt: sub.changedAt } : {}),
          ...(sub.error ? { error: sub.error } : {}),
          pending: commits.filter((e) => e.state === 'pending').length,
          failed: commits
            .filter((e) => e.state === 'failed')
            .map((e) => ({ id: e.id, error: e.error ?? 'failed' })),
          counts: {
            objectives: sub.ids.objectives.length,
            keyResults: sub.ids.keyResults.length,
            checkIns: sub.ids.checkIns.length,
          },
        });
        for (const c of sub.conflicts ?? [])
          status.conflicts.push({
            ...c,
            key: conflictKey(c),
            subscriptionId: sub.id,
            record: recordName(c, local, sub.base),
          } satisfies ConflictView);
      }
      return status;
    },
  );
}

const deleters: Record<Collection, (db: OkrDb, id: string) => Promise<unknown>> = {
  cycles: deleteCycle,
  objectives: deleteObjective,
  keyResults: deleteKeyResult,
  checkIns: deleteCheckIn,
};

/** Make the local record hold `value` for `field` (`*`: the whole record; undefined: gone). */
async function setLocal(db: OkrDb, c: Conflict, value: unknown): Promise<void> {
  const table = db[c.collection] as unknown as {
    get(id: string): Promise<Rec | undefined>;
    put(r: Rec): Promise<unknown>;
  };
  if (c.field === '*') {
    if (value === undefined) await deleters[c.collection](db, c.id);
    else await table.put(value as Rec);
    return;
  }
  const record = await table.get(c.id);
  if (!record) return;
  await table.put(sortedKeys({ ...record, [c.field]: value }));
}

/** Drop what queued commits still say about this field (the choice supersedes it). */
async function stripQueued(db: OkrDb, subscriptionId: string, c: Conflict): Promise<void> {
  for (const entry of await commitsOf(db, subscriptionId)) {
    const changes = changesOf(entry).flatMap((ch): Change[] => {
      if (ch.collection !== c.collection || ch.id !== c.id) return [ch];
      if (c.field === '*' || !ch.after) return [];
      const next: Change = { ...ch, after: { ...ch.after, [c.field]: ch.before?.[c.field] } };
      return changedFields(next).length > 0 ? [next] : [];
    });
    if (changes.length === 0) await db.outbox.delete(entry.id);
    else
      await db.outbox.put({
        ...entry,
        payload: { ...(entry.payload as unknown as CommitPayload), changes },
      });
  }
}

/** The change that writes our side of a conflict over what the file holds now. */
function oursOverTheirs(c: Conflict, theirs: Rec | undefined): Change {
  if (c.field === '*') {
    const ours = c.ours as Rec | undefined;
    return {
      collection: c.collection,
      id: c.id,
      ...(theirs ? { before: theirs } : {}),
      ...(ours ? { after: ours } : {}),
    };
  }
  const before = theirs ?? { id: c.id };
  return { collection: c.collection, id: c.id, before, after: { ...before, [c.field]: c.ours } };
}

/**
 * The user's choice on a conflict: `theirs` takes the repository's value locally; `ours`
 * keeps this browser's value and queues a commit that writes it over the file's current one.
 * Either way the conflict goes, and older queued changes of that field are dropped.
 */
export async function resolveConflict(
  db: OkrDb,
  subscriptionId: string,
  key: string,
  choice: 'ours' | 'theirs',
  now: Date = new Date(),
): Promise<void> {
  await db.transaction(
    'rw',
    // Every table a deletion touches (deleteKeyResult keeps links, KR rows and aggregates).
    [db.subscriptions, db.outbox, ...writeTables(db)],
    async () => {
      const sub = await db.subscriptions.get(subscriptionId);
      const c = sub?.conflicts?.find((x) => conflictKey(x) === key);
      if (!sub || !c) throw new UserError('that conflict is settled already');
      await stripQueued(db, sub.id, c);
      await setLocal(db, c, choice === 'ours' ? c.ours : c.theirs);
      if (choice === 'ours' && sub.source.kind === 'github') {
        const change = oursOverTheirs(c, find(sub.base, c.collection, c.id));
        await queueCommit(db, sub.id, [change], await snapshot(db), now);
      }
      const krs = c.collection === 'keyResults' ? [c.id] : [];
      await syncCurrents(db, krs);
      await db.subscriptions.put({
        ...sub,
        conflicts: (sub.conflicts ?? []).filter((x) => conflictKey(x) !== key),
      });
    },
  );
}

export { COMMIT_KIND };
