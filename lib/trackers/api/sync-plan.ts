/**
 * What a team sync makes of the tickets a tracker's search returned (README "Team links"):
 * tickets records and the links their KR labels name, for the current cycle only. Pure.
 *
 * - A label names a KR of the CURRENT cycle by its code through any label pattern; a code
 *   reused from last quarter (`okr:KR1.2`) means this quarter's KR1.2 only when the ticket was
 *   updated on or after the cycle's start (an untouched ticket is not this quarter's work).
 * - Writes still in the outbox (or just delivered, which a search may not show yet: Jira Cloud
 *   search is eventually consistent) win over what the search returned: a label just added
 *   keeps its link, a label just removed does not bring the link back.
 */
import { labelMatcher } from '../../okr/codes';
import type { Ticket } from '../../okr/model';

/** A ticket as a tracker's API described it, with its label names. */
export interface FoundTicket {
  ticket: Omit<Ticket, 'seenAt'>;
  labels: string[];
}

/** What one connection's search returned. */
export interface SearchResult {
  found: FoundTicket[];
  /**
   * true: every labelled ticket of the searched scopes (links missing from it go);
   * false: only tickets changed since the last sync (Jira's incremental run): links of the
   * tickets returned are replaced, others are left as they are.
   */
  complete: boolean;
}

export interface KrRef {
  id: string;
  code: string;
}

/** A label write owed or just delivered, as the sync must see it. */
export interface LabelWrite {
  ticket: string;
  keyResultId: string;
  op: 'add' | 'remove';
}

export interface SyncPlan {
  /** Ticket records to store (merged with what is stored). */
  tickets: Omit<Ticket, 'seenAt'>[];
  /** The (ticket, KR) pairs the team's labels name now. */
  links: { ticket: string; keyResultId: string }[];
  /** Tickets whose labels this sync knows (an incremental run replaces only their links). */
  touched: string[];
}

/** `YYYY-MM-DD` → the instant the day starts (UTC). */
export const dayStart = (day: string): number => Date.parse(`${day}T00:00:00Z`);

/** Whether a ticket counts in a cycle starting `cycleStart`: updated on or after that day. */
export function inCycle(ticket: { updatedAt?: string }, cycleStart: string): boolean {
  if (ticket.updatedAt === undefined) return false;
  const t = Date.parse(ticket.updatedAt);
  return !Number.isNaN(t) && t >= dayStart(cycleStart);
}

const pairKey = (ticket: string, krId: string) => `${ticket}\n${krId}`;

export function planSync(
  found: readonly FoundTicket[],
  opts: {
    patterns: readonly string[];
    krs: readonly KrRef[];
    cycleStart: string;
    writes?: readonly LabelWrite[];
  },
): SyncPlan {
  const codesOf = labelMatcher(
    opts.patterns,
    opts.krs.map((k) => k.code),
  );
  const idOf = new Map(opts.krs.map((k) => [k.code.toUpperCase(), k.id]));
  const tickets = new Map<string, Omit<Ticket, 'seenAt'>>();
  const pairs = new Map<string, { ticket: string; keyResultId: string }>();
  for (const f of found) {
    tickets.set(f.ticket.key, f.ticket);
    if (!inCycle(f.ticket, opts.cycleStart)) continue;
    for (const code of codesOf(f.labels)) {
      const keyResultId = idOf.get(code.toUpperCase());
      if (keyResultId)
        pairs.set(pairKey(f.ticket.key, keyResultId), { ticket: f.ticket.key, keyResultId });
    }
  }
  const known = new Set(opts.krs.map((k) => k.id));
  const touched = new Set(tickets.keys());
  for (const w of opts.writes ?? []) {
    if (!known.has(w.keyResultId)) continue;
    const k = pairKey(w.ticket, w.keyResultId);
    if (w.op === 'remove') pairs.delete(k);
    else pairs.set(k, { ticket: w.ticket, keyResultId: w.keyResultId });
  }
  return { tickets: [...tickets.values()], links: [...pairs.values()], touched: [...touched] };
}
