/**
 * Subscribing to a team file and publishing a local OKR set as one (README "Team OKRs").
 * Subscribe reads the file at once: a file that cannot be read or applied leaves no
 * subscription behind and says why. Publish creates the file (contents API PUT without `sha`)
 * and subscribes to it.
 */
import type { OkrDb } from '../../db';
import { UserError } from '../../okr/errors';
import { addSubscription, applyTheirs, removeSubscription, snapshot } from '../../db/subscriptions';
import type { SubscriptionRow, SubscriptionSource } from '../../okr/team-dto';
import type { OkrSet } from '../../okr/team-file';
import { serializeTeamFile, teamFileFromSet } from '../../okr/team-file';
import { ApiError } from '../http';
import { githubAccess } from './access';
import { canPush, putFile } from './contents';
import { refreshSubscription } from './read';

/** Subscribe and read the file now; on failure nothing is kept and the error says why. */
export async function subscribe(
  db: OkrDb,
  source: SubscriptionSource,
  now: Date = new Date(),
): Promise<SubscriptionRow> {
  let canWrite = false;
  if (source.kind === 'github') {
    const access = await githubAccess(source.host);
    try {
      canWrite = await canPush(access, source.owner, source.repo);
    } catch (e) {
      throw new UserError(e instanceof Error ? e.message : String(e), 'repo');
    }
  }
  const sub = await addSubscription(db, source, canWrite, now);
  const read = await refreshSubscription(db, sub.id, { force: true, now });
  if (!read.ok) {
    await removeSubscription(db, sub.id);
    throw new UserError(read.error);
  }
  return (await db.subscriptions.get(sub.id))!;
}

/** A cycle with its objectives, KRs and check-ins, from the local store. */
export function cycleSet(all: OkrSet, cycleId: string): OkrSet {
  const objectives = all.objectives.filter((o) => o.cycleId === cycleId);
  const oids = new Set(objectives.map((o) => o.id));
  const keyResults = all.keyResults.filter((k) => oids.has(k.objectiveId));
  const kids = new Set(keyResults.map((k) => k.id));
  return {
    cycles: all.cycles.filter((c) => c.id === cycleId),
    objectives,
    keyResults,
    checkIns: all.checkIns.filter((c) => kids.has(c.keyResultId)),
  };
}

/**
 * Publish a local cycle as a new file in a repository, then subscribe to it. Refused when a
 * file exists at that path already (subscribe to it instead) or the cycle is another
 * subscription's.
 */
export async function publish(
  db: OkrDb,
  cycleId: string,
  target: Extract<SubscriptionSource, { kind: 'github' }>,
  now: Date = new Date(),
): Promise<SubscriptionRow> {
  const set = cycleSet(await snapshot(db), cycleId);
  const cycle = set.cycles[0];
  if (!cycle) throw new UserError(`no cycle with id "${cycleId}"`, 'cycleId');
  const taken = (await db.subscriptions.toArray()).find((s) => s.ids.cycles.includes(cycleId));
  if (taken) throw new UserError(`${cycle.name} is shared already`, 'cycleId');
  const access = await githubAccess(target.host);
  const file = teamFileFromSet(set);
  const message =
    `Publish OKRs: ${cycle.name} (${set.objectives.length} objectives, ` +
    `${set.keyResults.length} key results)`;
  let sha: string;
  try {
    ({ sha } = await putFile(access, target, serializeTeamFile(file), message));
  } catch (e) {
    if (e instanceof ApiError && e.status === 422)
      throw new UserError(
        `A file exists at ${target.path} already: subscribe to it instead, or choose another path.`,
        'path',
      );
    throw new UserError(e instanceof Error ? e.message : String(e), 'repo');
  }
  const sub = await addSubscription(db, target, true, now);
  await applyTheirs(db, sub.id, file, { sha }, now);
  return (await db.subscriptions.get(sub.id))!;
}
