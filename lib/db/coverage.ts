/**
 * Coverage computed in the background (the options page's Coverage tab): the cycle's records
 * are read once per store version and kept here (`coverageScope`, the filter-free part), so a
 * filter, a search keystroke, "Show all", "Show more" or an export is a pass over memory, and
 * the answer carries only what the page lists (`CoverageLimits`).
 *
 * The kept scope is an optimisation only: the service worker may be stopped at any time, and
 * every committed write through Dexie (any table, any context: Dexie's `storagemutated`) makes
 * the next request read again.
 */
import { Dexie } from 'dexie';
import { z } from 'zod';
import { currentCycle, todayIso } from '../okr/dates';
import { coverageScope, coverageView } from '../okr/coverage';
import type { CoverageFilters, CoverageLimits, CoverageScope, CoverageView } from '../okr/coverage';
import { id, isoDate } from '../okr/model';
import type { Cycle } from '../okr/model';
import { trackerIds } from '../okr/ticket-key';
import { currentValue } from '../okr/progress';
import type { OkrDb } from './db';
import { linksOfKrs } from './link-rows';
import { checkInOrder, fileTables } from './records';

/** What the page gets: the cycle it was computed for, and its Coverage cut to the limits. */
export interface CoverageAnswer {
  cycleId: string;
  coverage: CoverageView;
}

export interface CoverageRequest {
  /** The current cycle (on `today`) when absent. */
  cycleId?: string;
  filters?: CoverageFilters;
  today?: string;
  limits?: CoverageLimits;
}

/** The request's payload (lib/background/requests.ts `coverage`): a `CoverageRequest`. */
export const coverageInput = {
  cycleId: id.optional(),
  filters: z
    .strictObject({
      objectiveId: id.optional(),
      team: z.string().max(200).optional(),
      tracker: z.enum(trackerIds).optional(),
      search: z.string().max(500).optional(),
    })
    .optional(),
  today: isoDate.optional(),
  limits: z
    .strictObject({
      ticketsPerKr: z.number().int().min(0).optional(),
      orphans: z.number().int().min(0).optional(),
      orphanOffset: z.number().int().min(0).optional(),
      keyResultId: id.optional(),
    })
    .optional(),
};

/** The tables Coverage reads: a write to another (settings, the outbox…) keeps the scope. */
const READ = ['cycles', 'objectives', 'keyResults', 'checkIns', 'ticketLinks', 'tickets'];
const readsPart = (part: string) => READ.includes(part.split('/')[3] ?? '');

/**
 * Bumped by every committed write through Dexie to a table Coverage reads (parts are named
 * `idb://<database>/<table>/<index>`); a scope kept from before is not used.
 */
let version = 0;
let listening = false;
function storeVersion(): number {
  if (!listening) {
    listening = true;
    Dexie.on('storagemutated', (parts) => {
      if (Object.keys(parts).some(readsPart)) version++;
    });
  }
  return version;
}

interface Kept {
  version: number;
  cycleId: string;
  scope: Promise<CoverageScope>;
}
const kept = new WeakMap<OkrDb, Kept>();

/** The cycle's records, read in one transaction, as the filter-free Coverage scope. */
async function readScope(db: OkrDb, cycle: Cycle): Promise<CoverageScope> {
  const input = await db.transaction('r', fileTables(db), async () => {
    const objectives = await db.objectives.where('cycleId').equals(cycle.id).toArray();
    const perObjective = await Promise.all(
      objectives.map((o) => db.keyResults.where('objectiveId').equals(o.id).toArray()),
    );
    const keyResults = perObjective.flat().filter((k) => !k.archived);
    // Check-ins: one request per KR (an `anyOf` walks a cursor, one callback per key); links:
    // their KR rows' tickets, or every ticket row at once for many KRs (lib/db/link-rows.ts).
    const [checkIns, links, tickets] = await Promise.all([
      Promise.all(keyResults.map((k) => db.checkIns.where('keyResultId').equals(k.id).toArray())),
      linksOfKrs(
        db,
        keyResults.map((k) => k.id),
      ),
      db.tickets.toArray(),
    ]);
    return { objectives, keyResults, checkIns, links, tickets };
  });
  const currentValues = new Map(
    input.keyResults.map((k, i) => [
      k.id,
      currentValue(k, [...(input.checkIns[i] ?? [])].sort(checkInOrder)),
    ]),
  );
  return coverageScope({ cycle, ...input, currentValues });
}

/** The scope of `cycle` at store version `v` (taken before `cycle` was read): kept, or read. */
function scopeOf(db: OkrDb, cycle: Cycle, v: number): Promise<CoverageScope> {
  const k = kept.get(db);
  if (k && k.version === v && k.cycleId === cycle.id) return k.scope;
  const scope = readScope(db, cycle);
  kept.set(db, { version: v, cycleId: cycle.id, scope });
  scope.catch(() => kept.get(db)?.scope === scope && kept.delete(db));
  return scope;
}

/** Coverage of a cycle (the current one by default), its lists cut to `limits`; null: no cycle. */
export async function coverage(db: OkrDb, req: CoverageRequest): Promise<CoverageAnswer | null> {
  const v = storeVersion();
  const today = req.today ?? todayIso();
  const cycles = await db.cycles.toArray();
  const cycle =
    req.cycleId !== undefined
      ? cycles.find((c) => c.id === req.cycleId)
      : currentCycle(cycles, today);
  if (!cycle) return null;
  const scope = await scopeOf(db, cycle, v);
  return { cycleId: cycle.id, coverage: coverageView(scope, req.filters ?? {}, today, req.limits) };
}
