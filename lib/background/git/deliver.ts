/**
 * Delivering an `okrs.commit` outbox entry (README "Team OKRs"): re-read the file (its
 * `sha`), apply the queued changes to it (merge by id, lib/okr/merge.ts), write it with that
 * `sha`; when someone committed first (409/422 on a stale `sha`), read and merge again, a few
 * times, then settle. Fields both sides changed are not written: they stay theirs in the file
 * and wait on the subscription for the user's choice.
 */
import type { OkrDb, OutboxEntry } from '../../db/db';
import type { Outcome } from '../../db/outbox';
import { applyTheirs, changesOf, COMMIT_KIND } from '../../db/subscriptions';
import { commitMessage } from '../../okr/commit-message';
import { applyChanges, diffSets, emptySet } from '../../okr/merge';
import type { TeamFile } from '../../okr/team-file';
import { serializeTeamFile } from '../../okr/team-file';
import { sourceLabel } from '../../okr/team-dto';
import { ApiError, outcomeOf } from '../http';
import { githubAccess } from './access';
import { getFile, putFile } from './contents';
import { parseTeamFile } from './read';

export { COMMIT_KIND };

/** Reads and writes before a commit that keeps racing is left for later. */
export const COMMIT_TRIES = 4;

export interface DeliveryContext {
  db: OkrDb;
  now?: Date;
}

/** One read-merge-write; `undefined` when the write raced another (try again). */
async function attempt(ctx: DeliveryContext, entry: OutboxEntry): Promise<Outcome | undefined> {
  const { db } = ctx;
  const sub = await db.subscriptions.get(entry.target);
  if (!sub || sub.source.kind !== 'github') return { ok: true }; // unsubscribed: nothing owed
  const access = await githubAccess(sub.source.host);
  const got = await getFile(access, sub.source);
  if (got.status !== 200) throw new ApiError('invalid', 'GitHub answered a plain read with 304.');
  const parsed = parseTeamFile(got.text);
  if (!parsed.ok)
    return {
      ok: false,
      retry: false,
      error: `${sourceLabel(sub.source)} in the repository is not a valid OKR file: ${parsed.error}`,
    };
  const theirs = parsed.file;
  const merged = applyChanges(theirs, changesOf(entry), sub.base ?? emptySet());
  const next: TeamFile = { ...theirs, ...merged.set };
  const text = serializeTeamFile(next);
  let sha = got.sha;
  if (text !== serializeTeamFile(theirs)) {
    const message = commitMessage(diffSets(theirs, merged.set), merged.set);
    try {
      ({ sha } = await putFile(access, sub.source, text, message, got.sha));
    } catch (e) {
      if (e instanceof ApiError && e.kind === 'conflict') return undefined;
      throw e;
    }
  }
  // The file as written (or as it was, if nothing was left to write) is the new base; the
  // local records follow it, conflicts included. ETag unknown: the next poll reads in full.
  await applyTheirs(db, sub.id, next, { sha, etag: undefined }, ctx.now);
  return { ok: true };
}

/** Deliver one `okrs.commit` entry: the outbox runner's function for this kind. */
export async function deliverCommit(ctx: DeliveryContext, entry: OutboxEntry): Promise<Outcome> {
  try {
    for (let i = 0; i < COMMIT_TRIES; i++) {
      const outcome = await attempt(ctx, entry);
      if (outcome) return outcome;
    }
    return {
      ok: false,
      retry: true,
      error: 'The file kept changing while OKR Lens wrote to it; it will try again.',
    };
  } catch (e) {
    return outcomeOf(e);
  }
}
