/** Links as stored (lib/db/link-rows.ts keeps a ticket's links in one row), for assertions. */
import { allLinks, linksOfTickets } from '@/lib/db/link-rows';
import type { OkrDb } from '@/lib/db';

export { allLinks };

/** How many links are stored. */
export const linkCount = async (db: OkrDb) => (await allLinks(db)).length;

/** How many links `ticket` has. */
export const linkCountOf = async (db: OkrDb, ticket: string) =>
  (await linksOfTickets(db, [ticket])).length;

/** The KR rows as they should be: every ticket row's KRs, the other way round (sorted). */
export async function krLinksFromRows(db: OkrDb) {
  const byKr = new Map<string, string[]>();
  for (const l of await allLinks(db))
    byKr.set(l.keyResultId, [...(byKr.get(l.keyResultId) ?? []), l.ticket]);
  return [...byKr]
    .map(([keyResultId, tickets]) => ({ keyResultId, tickets: tickets.sort() }))
    .sort((a, b) => (a.keyResultId < b.keyResultId ? -1 : 1));
}
