/**
 * Per-KR aggregates: how many tickets serve a key result (its links, plus the tickets below a
 * linked one that serve it through that ancestor, README "Work hierarchy") and how many of
 * those are done. The popup's counts read them instead of 20,000 links. Pure: the store keeps
 * them (lib/db/kr-stats.ts) with this one function, so a kept row and a row computed from the
 * records cannot disagree in their rule.
 */
import { bucketOf } from './coverage';
import { servedVia } from './hierarchy';
import type { Ticket } from './model';

/** One KR's aggregate row (`krStats` table). */
export interface KrStats {
  keyResultId: string;
  /** The KR's own links. */
  links: number;
  /** Tickets serving it: its links plus tickets served through a linked ancestor. */
  initiatives: number;
  /** Of those, the tickets whose recorded state is in the done bucket. */
  done: number;
}

export const emptyStats = (keyResultId: string): KrStats => ({
  keyResultId,
  links: 0,
  initiatives: 0,
  done: 0,
});

/**
 * The rows of `krIds` from their links (`[ticket, keyResultId]`, as the link table's primary
 * keys), the tickets below the linked ones (`below`) and the recorded tickets (`ticketOf`
 * knows the linked tickets, `below` and their ancestors' parents).
 */
export function countKrs(
  krIds: Iterable<string>,
  linkKeys: readonly (readonly [string, string])[],
  below: readonly string[],
  ticketOf: (key: string) => Ticket | undefined,
): KrStats[] {
  const rows = new Map([...new Set(krIds)].map((id) => [id, emptyStats(id)]));
  const isDone = (key: string) => bucketOf(ticketOf(key)?.state) === 'done';
  for (const [ticket, krId] of linkKeys) {
    const row = rows.get(krId);
    if (!row) continue;
    row.links++;
    row.initiatives++;
    if (isDone(ticket)) row.done++;
  }
  const links = linkKeys.map(([ticket, keyResultId]) => ({ ticket, keyResultId }));
  const via = servedVia(below, links, (k) => ticketOf(k)?.parent);
  for (const [krId, served] of via) {
    const row = rows.get(krId);
    if (!row) continue;
    for (const key of served.keys()) {
      row.initiatives++;
      if (isDone(key)) row.done++;
    }
  }
  return [...rows.values()];
}
