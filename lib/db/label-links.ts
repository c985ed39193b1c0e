/**
 * A page's label links written in one transaction (README "Label links" and "Work hierarchy"):
 * per ticket, the KR codes its labels name. A named KR of the current cycle that the ticket is
 * not linked to itself gets a `label` link (a KR it serves only through its parent too); a
 * `label` link whose KR its labels no longer name goes, unless the page may show only some of
 * the labels (`partial`). A link the user made is never removed here.
 */
import { todayIso } from '../okr/dates';
import type { TicketMeta } from '../okr/dto';
import type { LinkSource } from '../okr/model';
import type { OkrDb } from './db';
import { searchKeyResults } from './key-results';
import { linksOfTickets } from './link-rows';
import { link, unlink } from './links';

/** One ticket of a page as label sync sends it. */
export interface LabelLinkTicket {
  key: string;
  /** The KR codes its labels name (any case). */
  codes: readonly string[];
  /** The page may show only some of its labels: add links, never remove them. */
  partial?: boolean;
  /** What the page shows of the ticket (recorded with a new link). */
  meta?: TicketMeta;
}

/** What label sync does to one ticket, given its own links and the KR ids its labels name. */
export function planLabelLinks(
  own: readonly { keyResultId: string; source?: LinkSource }[],
  wanted: ReadonlySet<string>,
  partial: boolean,
): { link: string[]; unlink: string[] } {
  const linked = new Set(own.map((l) => l.keyResultId));
  return {
    link: [...wanted].filter((id) => !linked.has(id)),
    unlink: partial
      ? []
      : own
          .filter((l) => l.source === 'label' && !wanted.has(l.keyResultId))
          .map((l) => l.keyResultId),
  };
}

/**
 * Bring each ticket's label links in line with its labels, all in one transaction (through
 * `link` and `unlink`, so whatever they keep in step stays so). Codes resolve among the current
 * cycle's KRs, as the picker lists them. Returns the keys whose links changed.
 */
export async function applyLabelLinks(
  db: OkrDb,
  tickets: readonly LabelLinkTicket[],
  today: string = todayIso(),
  now: Date = new Date(),
): Promise<string[]> {
  if (tickets.length === 0) return [];
  // Every table: `link`/`unlink` open nested transactions, which must be within this one.
  return db.transaction('rw', db.tables, async () => {
    const byCode = new Map(
      (await searchKeyResults(db, '', undefined, today)).map((k) => [k.code.toUpperCase(), k.id]),
    );
    // One entry per ticket (a ticket sent twice carries the same labels): the last one.
    const unique = [...new Map(tickets.map((t) => [t.key, t])).values()];
    const own = await linksOfTickets(
      db,
      unique.map((t) => t.key),
    );
    const changed: string[] = [];
    for (const t of unique) {
      const wanted = new Set(
        t.codes.flatMap((c) => {
          const id = byCode.get(c.toUpperCase());
          return id === undefined ? [] : [id];
        }),
      );
      const mine = own.filter((l) => l.ticket === t.key);
      const plan = planLabelLinks(mine, wanted, t.partial === true);
      if (plan.link.length > 0) await link(db, t.key, plan.link, 'label', t.meta, now);
      for (const id of plan.unlink) await unlink(db, t.key, id);
      if (plan.link.length + plan.unlink.length > 0) changed.push(t.key);
    }
    return changed;
  });
}
