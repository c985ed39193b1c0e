/**
 * The team sync's write (README "Team links"): after a connection's whole search succeeded,
 * its `tracker` links are replaced in ONE transaction, within the scopes it searched and for
 * the current cycle's KRs only; links made by hand (`user`) or read on pages (`label`) are
 * never touched; ticket records get what the tracker said (title, state, URL, updated time).
 * A failed or partial sync never gets here, so the previous data stays.
 */
import { ticketSchema } from '../okr/model';
import type { Link, Ticket } from '../okr/model';
import type { OkrDb } from './db';
import { recountKrs, ticketsRecorded } from './kr-stats';
import { getLinks, linksOfKrs, writeLinks, linkTables } from './link-rows';
import { cleanTicket } from './records';

/** What a search found, as lib/trackers/api/sync-plan.ts `planSync` gives it. */
export interface SyncPlan {
  tickets: Omit<Ticket, 'seenAt'>[];
  links: { ticket: string; keyResultId: string }[];
  /** Tickets whose labels this sync knows (an incremental run replaces only their links). */
  touched: string[];
}

export interface SyncWrite {
  /** Key prefixes the search covered (`github:h/acme/`, `jira:h/`, `linear:ws/`). */
  prefixes: readonly string[];
  /** The current cycle's KRs: the only ones whose tracker links a sync replaces. */
  keyResultIds: readonly string[];
  plan: SyncPlan;
  /** Every labelled ticket (replace all) or only changed ones (replace theirs). */
  complete: boolean;
  now: string;
}

export interface SyncCounts {
  tickets: number;
  added: number;
  removed: number;
}

const pairKey = (ticket: string, kr: string) => `${ticket}\n${kr}`;

/** The `tracker` links a sync of these scopes owns (current cycle's KRs). */
export async function trackerLinks(
  db: OkrDb,
  prefixes: readonly string[],
  keyResultIds: readonly string[],
): Promise<Link[]> {
  return (await linksOfKrs(db, keyResultIds)).filter(
    (l) => l.source === 'tracker' && prefixes.some((p) => l.ticket.startsWith(p)),
  );
}

/** A ticket as stored: what is stored, with what the tracker said over it (invalid: skipped). */
function merged(
  stored: Ticket | undefined,
  found: Omit<Ticket, 'seenAt'>,
  now: string,
): Ticket | undefined {
  const next = { ...stored, ...found, title: found.title?.slice(0, 2_000), seenAt: now };
  if (next.title === undefined) delete next.title;
  const ok = ticketSchema.safeParse(next);
  return ok.success ? cleanTicket(ok.data) : undefined;
}

export async function applySync(db: OkrDb, w: SyncWrite): Promise<SyncCounts> {
  const inScope = (key: string) => w.prefixes.some((p) => key.startsWith(p));
  const wanted = new Map(
    w.plan.links.filter((l) => inScope(l.ticket)).map((l) => [pairKey(l.ticket, l.keyResultId), l]),
  );
  const touched = new Set(w.plan.touched);
  return db.transaction(
    'rw',
    [...linkTables(db), db.tickets, db.keyResults, db.krStats],
    async () => {
      const existing = await trackerLinks(db, w.prefixes, w.keyResultIds);
      const gone = existing.filter(
        (l) =>
          !wanted.has(pairKey(l.ticket, l.keyResultId)) && (w.complete || touched.has(l.ticket)),
      );
      const pairs = [...wanted.values()];
      const stored = await getLinks(
        db,
        pairs.map((p): [string, string] => [p.ticket, p.keyResultId]),
      );
      const added: Link[] = pairs
        .filter((_, i) => !stored[i])
        .map((p) => ({
          ticket: p.ticket,
          keyResultId: p.keyResultId,
          createdAt: w.now,
          source: 'tracker',
        }));
      await writeLinks(db, {
        put: added,
        remove: gone.map((l): [string, string] => [l.ticket, l.keyResultId]),
      });
      const found = w.plan.tickets.filter((t) => inScope(t.key));
      const before = await db.tickets.bulkGet(found.map((t) => t.key));
      const changes = found
        .map((t, i) => ({ old: before[i], new: merged(before[i], t, w.now) }))
        .filter((c): c is { old: Ticket | undefined; new: Ticket } => !!c.new);
      const records = changes.map((c) => c.new);
      await db.tickets.bulkPut(records);
      await ticketsRecorded(db, changes);
      // Counted last: the rows of KRs whose links changed are counted from the final records.
      await recountKrs(
        db,
        [...gone, ...added].map((l) => l.keyResultId),
      );
      return { tickets: records.length, added: added.length, removed: gone.length };
    },
  );
}
