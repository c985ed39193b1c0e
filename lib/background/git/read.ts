/**
 * Reading a subscription's file (README "Team OKRs"): through the contents API (repository
 * subscriptions) or a plain HTTPS GET (read-only), with `If-None-Match` (a 304 changes
 * nothing), validated as an import is (all or nothing, errors naming the path); a bad file
 * changes nothing, says why, and the last good one is kept.
 */
import type { OkrDb } from '../../db';
import { ImportError } from '../../db/errors';
import { applyTheirs, recordRead } from '../../db/subscriptions';
import { describeIssues, parseJsonText, validateInterchange } from '../../okr/interchange';
import type { TeamFile } from '../../okr/team-file';
import { teamFileOf } from '../../okr/team-file';
import type { SubscriptionRow } from '../../okr/team-dto';
import { sourceLabel } from '../../okr/team-dto';
import { ApiError } from '../http';
import { githubAccess } from './access';
import { getFile, getUrl } from './contents';
import type { ReadResult } from './contents';

/** A file's text as a team file, or why it is not one (paths named as in an import). */
export function parseTeamFile(
  text: string,
): { ok: true; file: TeamFile } | { ok: false; error: string } {
  const json = parseJsonText(text);
  if (!json.ok) return { ok: false, error: describeIssues(json.issues) };
  const valid = validateInterchange(json.value);
  if (!valid.ok) return { ok: false, error: describeIssues(valid.issues) };
  try {
    return { ok: true, file: teamFileOf(valid.data) };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

/** Fetch the subscription's file (conditional on `etag`). */
export async function fetchSource(
  source: SubscriptionRow['source'],
  etag?: string,
): Promise<ReadResult> {
  if (source.kind === 'url') return getUrl(source.url, etag);
  return getFile(await githubAccess(source.host), source, etag);
}

export type RefreshOutcome = { ok: true; changed: boolean } | { ok: false; error: string };

/**
 * Read one subscription now, conditionally on its ETag unless `force` or the last read failed
 * (a 304 would then keep a file that failed to apply unread). Never throws: a failure is
 * recorded on the subscription.
 */
export async function refreshSubscription(
  db: OkrDb,
  id: string,
  opts: { force?: boolean; now?: Date } = {},
): Promise<RefreshOutcome> {
  const now = opts.now ?? new Date();
  const sub = await db.subscriptions.get(id);
  if (!sub) return { ok: false, error: 'that subscription was removed' };
  const fail = async (error: string): Promise<RefreshOutcome> => {
    await recordRead(db, id, { ok: false, error }, now);
    return { ok: false, error };
  };
  let got: ReadResult;
  try {
    got = await fetchSource(sub.source, opts.force || sub.error ? undefined : sub.etag);
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e));
  }
  if (got.status === 304) {
    await recordRead(db, id, { ok: true }, now);
    return { ok: true, changed: false };
  }
  const parsed = parseTeamFile(got.text);
  if (!parsed.ok)
    return fail(
      `${sourceLabel(sub.source)} was not applied (the last good version is kept): ${parsed.error}`,
    );
  try {
    const before = JSON.stringify(sub.base);
    await applyTheirs(db, id, parsed.file, { etag: got.etag, sha: got.sha }, now);
    return { ok: true, changed: before !== JSON.stringify(parsed.file) };
  } catch (e) {
    const why = e instanceof ImportError || e instanceof ApiError ? e.message : String(e);
    return fail(
      `${sourceLabel(sub.source)} was not applied (the last good version is kept): ${why}`,
    );
  }
}

/** Read every subscription (the alarm); true when any brought a change. */
export async function refreshAll(db: OkrDb, now: Date = new Date()): Promise<boolean> {
  let changed = false;
  for (const sub of await db.subscriptions.toArray()) {
    const r = await refreshSubscription(db, sub.id, { now });
    if (r.ok && r.changed) changed = true;
  }
  return changed;
}
