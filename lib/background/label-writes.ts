/**
 * Write-through links (README "Team links"): a link made in the picker (source `user`) on a
 * ticket whose tracker is connected with "Write links as labels" on is stored at once and its
 * label (the FIRST label pattern, `okr:KR1.2`) queued in the outbox in the same transaction;
 * unlinking queues the removal of every label naming that KR. Label links (read on pages) and
 * team-sync links are labels already: never written back. A failed write never loses the link:
 * the outbox retries it (backoff, Retry-After) or keeps it failed, with the reason, until the
 * user retries or discards it. Badge chips show what is still owed (`withDelivery`).
 */
import { browser } from 'wxt/browser';
import * as store from '../db';
import type { OkrDb, OutboxEntry } from '../db/db';
import { applyLabelLinks } from '../db/label-links';
import type { LabelLinkTicket } from '../db/label-links';
import { shownLinks } from '../db/links';
import { allEntries, enqueue, entriesFor } from '../db/outbox';
import type { Outcome } from '../db/outbox';
import type { Delivery, LinkedKr, TicketLinks, TicketMeta } from '../okr/dto';
import type { Link } from '../okr/model';
import type { LabelWriteView } from '../okr/team-links-dto';
import { searchLabels, writtenLabel } from '../trackers/api/labels';
import type { LabelWrite } from '../trackers/api/sync-plan';
import { connectionFor } from './connections';
import { outcomeOf } from './http';
import { trackerApi } from './tracker-api';

export const LABEL_ADD = 'label.add';
export const LABEL_REMOVE = 'label.remove';

/** An add's payload; a removal also lists every label naming the KR (`labels`). */
interface LabelPayload {
  label: string;
  labels?: string[];
  code: string;
  title: string;
  keyResultId: string;
  /** The connection: entries behind a rate-limited one of the same gate wait with it. */
  gate: string;
}

const payloadOf = (e: OutboxEntry): LabelPayload => e.payload as unknown as LabelPayload;

/** The connection that writes this ticket's labels, when it does. */
async function writerFor(ticket: string) {
  const c = await connectionFor(ticket);
  return c?.writeLabels ? c : undefined;
}

/** Link (as `store.link`) and, for a link made by hand on a connected tracker, owe its label. */
export async function linkThrough(
  db: OkrDb,
  ticket: string,
  keyResultIds: string | readonly string[],
  source: 'user' | 'label' = 'user',
  meta?: TicketMeta,
): Promise<{ links: Link[]; queued: number }> {
  const conn = source === 'user' ? await writerFor(ticket) : undefined;
  if (!conn) return { links: await store.link(db, ticket, keyResultIds, source, meta), queued: 0 };
  const { labelPatterns } = await store.getSettings(db);
  const ids = [...new Set(typeof keyResultIds === 'string' ? [keyResultIds] : keyResultIds)];
  return db.transaction('rw', [...store.linkWriteTables(db), db.outbox], async () => {
    const before = await store.getLinks(
      db,
      ids.map((id): [string, string] => [ticket, id]),
    );
    const links = await store.link(db, ticket, ids, source, meta);
    const krs = await db.keyResults.bulkGet(ids);
    let queued = 0;
    for (const [i, kr] of krs.entries()) {
      if (!kr || before[i]) continue; // linked already: its label is there, or owed already
      const payload: LabelPayload = {
        label: writtenLabel(labelPatterns, kr.code),
        code: kr.code,
        title: kr.title,
        keyResultId: kr.id,
        gate: conn.id,
      };
      const draft = {
        kind: LABEL_ADD,
        target: ticket,
        payload: { ...payload },
        undoes: LABEL_REMOVE,
        sameKey: 'label',
      };
      if (await enqueue(db, draft)) queued += 1;
    }
    return { links, queued };
  });
}

/** Unlink (as `store.unlink`) and, for a hand-made or team link, owe the removal of its labels. */
export async function unlinkThrough(
  db: OkrDb,
  ticket: string,
  keyResultId: string,
): Promise<{ links: Link[]; queued: number }> {
  const conn = await writerFor(ticket);
  if (!conn) return { links: await store.unlink(db, ticket, keyResultId), queued: 0 };
  const { labelPatterns } = await store.getSettings(db);
  return db.transaction('rw', [...store.linkWriteTables(db), db.outbox], async () => {
    const [link] = await store.getLinks(db, [[ticket, keyResultId]]);
    const kr = await db.keyResults.get(keyResultId);
    const links = await store.unlink(db, ticket, keyResultId);
    // A label link goes because its label went: nothing to remove in the tracker.
    if (!link || !kr || link.source === 'label') return { links, queued: 0 };
    const payload: LabelPayload = {
      label: writtenLabel(labelPatterns, kr.code),
      labels: searchLabels(labelPatterns, [kr.code]),
      code: kr.code,
      title: kr.title,
      keyResultId,
      gate: conn.id,
    };
    const draft = {
      kind: LABEL_REMOVE,
      target: ticket,
      payload: { ...payload },
      undoes: LABEL_ADD,
      sameKey: 'label',
    };
    return { links, queued: (await enqueue(db, draft)) ? 1 : 0 };
  });
}

/**
 * A ticket's link as the answer of `link`/`unlink` gives it: what its badge shows (evaluation,
 * "via" entries, the label write owed), with the ticket's key, so that it is also every field
 * of the stored `Link` it was before.
 */
export type ShownLink = LinkedKr & { ticket: string };

/** What the overlay shows of these tickets now, with the label writes still owed. */
export async function shownNow(db: OkrDb, keys: readonly string[]): Promise<TicketLinks> {
  return withDelivery(db, await shownLinks(db, keys));
}

/** One ticket's links as shown now, each with its key (`ShownLink`). */
export async function shownOf(db: OkrDb, ticket: string): Promise<ShownLink[]> {
  return ((await shownNow(db, [ticket]))[ticket] ?? []).map((l) => ({ ...l, ticket }));
}

/**
 * A page's label links in one request (`applyLabelLinks`): answers what the overlay shows of
 * every ticket sent, and which of them changed. Label links are labels already: a label write
 * is owed for none of them (as when each went through `linkThrough`/`unlinkThrough` with
 * source `label`).
 */
export async function syncLabelLinks(
  db: OkrDb,
  tickets: readonly LabelLinkTicket[],
): Promise<{ links: TicketLinks; changed: string[] }> {
  const changed = await applyLabelLinks(db, tickets);
  return {
    links: await shownNow(
      db,
      tickets.map((t) => t.key),
    ),
    changed,
  };
}

// ---------------------------------------------------------------------------------------------
// Delivery (lib/background/outbox-runner.ts calls these by kind)

export const RECENT_KEY = 'okrLens.recentLabelWrites';
/** How long a delivered write still counts over a search that may not show it yet. */
export const RECENT_MS = 15 * 60_000;

/** Delivered writes of the last minutes (Jira Cloud search is eventually consistent). */
export async function recentWrites(now: Date = new Date()): Promise<LabelWrite[]> {
  const all = ((await browser.storage.local.get(RECENT_KEY))[RECENT_KEY] ?? []) as (LabelWrite & {
    at: string;
  })[];
  return all.filter((w) => now.getTime() - Date.parse(w.at) < RECENT_MS);
}

async function remember(w: LabelWrite, now: Date): Promise<void> {
  const kept = (await recentWrites(now)).slice(-199);
  await browser.storage.local.set({ [RECENT_KEY]: [...kept, { ...w, at: now.toISOString() }] });
}

const notConnected: Outcome = {
  ok: false,
  retry: false,
  error: 'The tracker is not connected any more (Settings → Connections).',
};

export async function deliverLabel(
  ctx: { db: OkrDb; now?: Date },
  entry: OutboxEntry,
): Promise<Outcome> {
  const p = payloadOf(entry);
  const conn = await connectionFor(entry.target);
  if (!conn) return notConnected;
  const api = trackerApi(conn);
  try {
    if (entry.kind === LABEL_ADD)
      await api.addLabel(entry.target, p.label, { code: p.code, title: p.title });
    else for (const label of p.labels ?? [p.label]) await api.removeLabel(entry.target, label);
  } catch (e) {
    return outcomeOf(e);
  }
  const op = entry.kind === LABEL_ADD ? 'add' : 'remove';
  await remember({ ticket: entry.target, keyResultId: p.keyResultId, op }, ctx.now ?? new Date());
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// What pages see

const isLabelWrite = (e: OutboxEntry) => e.kind === LABEL_ADD || e.kind === LABEL_REMOVE;

/** Each linked KR with the label write still owed for it (badge chips); others unchanged. */
export async function withDelivery(db: OkrDb, links: TicketLinks): Promise<TicketLinks> {
  const keys = Object.keys(links).filter((k) => (links[k]?.length ?? 0) > 0);
  if (keys.length === 0) return links;
  const owed = new Map<string, Delivery>();
  for (const e of await entriesFor(db, keys))
    if (e.kind === LABEL_ADD) {
      const d: Delivery =
        e.state === 'failed'
          ? { state: 'failed', reason: e.error ?? 'unknown' }
          : { state: 'pending' };
      owed.set(`${e.target}\n${payloadOf(e).keyResultId}`, d);
    }
  if (owed.size === 0) return links;
  const out: TicketLinks = {};
  for (const [ticket, krs] of Object.entries(links))
    out[ticket] = krs.map((kr) => {
      const d = owed.get(`${ticket}\n${kr.keyResultId}`);
      return d ? { ...kr, delivery: d } : kr;
    });
  return out;
}

/** Label writes owed (pending or failed), for Settings, and as the sync must see them. */
export async function labelWrites(db: OkrDb): Promise<LabelWriteView[]> {
  return (await allEntries(db)).filter(isLabelWrite).map((e) => {
    const p = payloadOf(e);
    return {
      id: e.id,
      ticket: e.target,
      op: e.kind === LABEL_ADD ? 'add' : 'remove',
      label: p.label,
      code: p.code,
      state: e.state,
      attempts: e.attempts,
      nextAt: e.nextAt,
      ...(e.error ? { error: e.error } : {}),
    };
  });
}

/** Owed writes as a sync merges them (`LabelWrite`), with the delivered ones still recent. */
export async function writesForSync(db: OkrDb, now: Date = new Date()): Promise<LabelWrite[]> {
  const owed = (await allEntries(db)).filter(isLabelWrite).map((e): LabelWrite => ({
    ticket: e.target,
    keyResultId: payloadOf(e).keyResultId,
    op: e.kind === LABEL_ADD ? 'add' : 'remove',
  }));
  // Oldest first, owed last: the latest word on a (ticket, KR) wins in planSync.
  return [...(await recentWrites(now)), ...owed];
}
