/**
 * Team links' entries of the request table (lib/background/requests.ts spreads them in):
 * connections (save, remove, test), the status Settings → Connections and Coverage show, the
 * team sync and the label writes owed. Saving, removing and testing a connection touch a
 * token: extension pages only (`destructive`). Answers never carry a token.
 */
import { z } from 'zod';
import type { OkrDb } from '../db';
import { id } from '../okr/model';
import type { ConnectionTest, SyncState, TeamLinksStatus } from '../okr/team-links-dto';
import { UserError } from '../okr/errors';
import {
  connectionDraftSchema,
  loadConnections,
  removeConnection,
  saveConnection,
  viewOf,
} from './connections';
import { discard, postpone, retryFailed } from '../db/outbox';
import { ApiError } from './http';
import { labelWrites } from './label-writes';
import { forgetSync, setSyncMinutes, syncMinutes, syncStates } from './team-sync-state';
import { trackerApi } from './tracker-api';

/** What the team-links requests need besides the database. */
export interface TeamLinksContext {
  db: OkrDb;
  /** Writes are due (retried): deliver them now. */
  outboxChanged?: () => void;
  /** Run the team sync of every connection now (lib/background/team-sync.ts). */
  syncTeam?: () => Promise<Record<string, SyncState>>;
}

const entry = <S extends z.ZodRawShape, O>(def: {
  input: S;
  write?: true;
  destructive?: true;
  run: (ctx: TeamLinksContext, req: z.output<z.ZodObject<S>>) => Promise<O>;
}) => def;

/** An API failure as the message a page shows (a UserError reaches the page as it is). */
export async function userFacing<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof ApiError) throw new UserError(e.message);
    throw e;
  }
}

async function connectionById(connectionId: string) {
  const c = (await loadConnections()).find((x) => x.id === connectionId);
  if (!c) throw new UserError('That connection was removed.', 'id');
  return c;
}

export async function teamLinksStatus(db: OkrDb): Promise<TeamLinksStatus> {
  const connections = (await loadConnections()).map(viewOf);
  const sync = await syncStates();
  return { connections, sync, writes: await labelWrites(db), minutes: await syncMinutes() };
}

export const teamLinkRequests = {
  /** Connections (no tokens), the sync's state, label writes owed (Settings, Coverage). */
  teamLinksStatus: entry({ input: {}, run: ({ db }) => teamLinksStatus(db) }),
  /** Add or edit a connection (the page asked for the API's origin in the click first). */
  saveConnection: entry({
    input: { connection: connectionDraftSchema },
    destructive: true,
    run: async (_ctx, r) => viewOf(await saveConnection(r.connection)),
  }),
  /** Forget a connection and its token, in one click. */
  removeConnection: entry({
    input: { id },
    destructive: true,
    run: async (_ctx, r) => {
      await removeConnection(r.id);
      await forgetSync(r.id);
      return null;
    },
  }),
  /** Who the token is and what it may reach, or exactly what is wrong. */
  testConnection: entry({
    input: { id },
    destructive: true,
    run: async (_ctx, r): Promise<ConnectionTest> => {
      const c = await connectionById(r.id);
      return userFacing(() => trackerApi(c).test());
    },
  }),
  /** "Sync now": every connection, after delivering the label writes owed. */
  syncTeamLinks: entry({
    input: {},
    write: true,
    destructive: true,
    run: async (ctx) => {
      if (!ctx.syncTeam) throw new Error('the team sync is not available here');
      const states = await ctx.syncTeam();
      const failed = Object.values(states).filter((st) => st.error);
      if (failed.length && failed.length === Object.keys(states).length)
        throw new UserError(failed.map((st) => st.error).join(' '));
      return states;
    },
  }),
  /** How often the alarm syncs (minutes; Linear at most hourly whatever this says). */
  setTeamSyncMinutes: entry({
    input: { minutes: z.union([z.literal(15), z.literal(30), z.literal(60), z.literal(240)]) },
    destructive: true,
    run: async (_ctx, r) => {
      await setSyncMinutes(r.minutes);
      return null;
    },
  }),
  /** Try failed or waiting label writes again now (all of them without `ids`). */
  retryLabelWrites: entry({
    input: { ids: z.array(id).max(1_000).optional() },
    write: true,
    run: async (ctx, r) => {
      const ids = r.ids ?? (await labelWrites(ctx.db)).map((w) => w.id);
      await retryFailed(ctx.db, ids);
      await makeDue(ctx.db, ids);
      ctx.outboxChanged?.();
      return null;
    },
  }),
  /** Give up on label writes (the links stay; the labels are not written or removed). */
  discardLabelWrites: entry({
    input: { ids: z.array(id).min(1).max(1_000) },
    write: true,
    destructive: true,
    run: async ({ db }, r) => {
      const ours = new Set((await labelWrites(db)).map((w) => w.id));
      await discard(
        db,
        r.ids.filter((i) => ours.has(i)),
      );
      return null;
    },
  }),
};

/** Pending entries among `ids` due now (Retry now on one that waits for its backoff). */
async function makeDue(db: OkrDb, ids: readonly string[]): Promise<void> {
  const now = new Date();
  for (const i of ids) await postpone(db, i, now);
}
