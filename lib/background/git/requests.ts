/**
 * Team OKRs' entries of the request table (lib/background/requests.ts spreads them in):
 * status, subscribe, refresh, publish, resolve a conflict, retry, unsubscribe. Subscribing
 * and publishing use a stored token and grant a file's writers a say over local records:
 * extension pages only (`destructive`).
 */
import { z } from 'zod';
import type { OkrDb } from '../../db';
import { retryFailed } from '../../db/outbox';
import { commitsOf, removeSubscription } from '../../db/subscriptions';
import { resolveConflict, teamStatus } from '../../db/team-status';
import { id } from '../../okr/model';
import { refreshAll, refreshSubscription } from './read';
import { publish, subscribe } from './subscribe';
import { githubSourceSchema, sourceSchema } from './source-schema';

/** What the team requests need besides the database (the runner's kick, when there is one). */
export interface TeamContext {
  db: OkrDb;
  /** Records of a team file changed locally, or commits were queued: deliver now. */
  teamChanged?: () => void;
}

/** The shape of a table entry (lib/background/requests.ts checks it where it spreads these). */
const entry = <S extends z.ZodRawShape, O>(def: {
  input: S;
  write?: true;
  destructive?: true;
  run: (ctx: TeamContext, req: z.output<z.ZodObject<S>>) => Promise<O>;
}) => def;

const kick = <T>(ctx: TeamContext, value: T): T => {
  ctx.teamChanged?.();
  return value;
};

export const teamRequests = {
  /** Subscriptions, conflicts and each record's mark (editor, popup, Settings → Team OKRs). */
  teamStatus: entry({ input: {}, run: ({ db }) => teamStatus(db) }),
  subscribeTeam: entry({
    input: { source: sourceSchema },
    write: true,
    destructive: true,
    run: async (ctx, r) => kick(ctx, (await subscribe(ctx.db, r.source)).id),
  }),
  /** Read now (one subscription, or all; If-None-Match as on the alarm); then deliver. */
  refreshTeam: entry({
    input: { id: id.optional() },
    write: true,
    run: async (ctx, r) => {
      const outcome =
        r.id === undefined
          ? { ok: true as const, changed: await refreshAll(ctx.db) }
          : await refreshSubscription(ctx.db, r.id);
      return kick(ctx, outcome);
    },
  }),
  publishTeam: entry({
    input: { cycleId: id, target: githubSourceSchema },
    write: true,
    destructive: true,
    run: async (ctx, r) => kick(ctx, (await publish(ctx.db, r.cycleId, r.target)).id),
  }),
  resolveTeamConflict: entry({
    input: { subscriptionId: id, key: z.string().max(500), choice: z.enum(['ours', 'theirs']) },
    write: true,
    run: async (ctx, r) => {
      await resolveConflict(ctx.db, r.subscriptionId, r.key, r.choice);
      return kick(ctx, null);
    },
  }),
  /** Try a subscription's failed commits again (after fixing the token, say). */
  retryTeamCommits: entry({
    input: { id },
    write: true,
    run: async (ctx, r) => {
      const failed = (await commitsOf(ctx.db, r.id)).filter((e) => e.state === 'failed');
      return kick(
        ctx,
        await retryFailed(
          ctx.db,
          failed.map((e) => e.id),
        ),
      );
    },
  }),
  unsubscribeTeam: entry({
    input: { id },
    write: true,
    destructive: true,
    run: async ({ db }, r) => {
      await removeSubscription(db, r.id);
      return null;
    },
  }),
};
