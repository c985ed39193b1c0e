/** Links as stored (lib/db/link-rows.ts keeps a ticket's links in one row), for assertions. */
import { allLinks, linksOfTickets } from '@/lib/db/link-rows';
import type { OkrDb } from '@/lib/db';

export { allLinks };

/** How many links are stored. */
export const linkCount = async (db: OkrDb) => (await allLinks(db)).length;

/** How many links `ticket` has. */
export const linkCountOf = async (db: OkrDb, ticket: string) =>
  (await linksOfTickets(db, [ticket])).length;
