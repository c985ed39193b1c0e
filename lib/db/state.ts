/** The whole store at once (exports, tests), and the options page's lighter views of it. */
import type { OptionsState, State } from '../okr/dto';
import type { OkrDb } from './db';
import { byCode, checkInOrder, cycleOrder, fileTables, readFileTables } from './records';
import { getSettings } from './settings';

/** Every record and the settings. Cycles by start, KRs by code, check-ins by KR then time. */
export async function getState(db: OkrDb): Promise<State> {
  return db.transaction('r', [...fileTables(db), db.settings], async () => {
    const [{ cycles, objectives, keyResults, checkIns, links, tickets }, settings] =
      await Promise.all([readFileTables(db), getSettings(db)]);
    return {
      cycles: cycles.sort(cycleOrder),
      objectives,
      keyResults: keyResults.sort(byCode),
      checkIns: checkIns.sort(checkInOrder),
      links,
      tickets,
      settings,
    };
  });
}

/**
 * The options page's state: the OKR records and settings as `getState` has them, with each
 * KR's link count from the aggregates (lib/db/kr-stats.ts) instead of the links themselves.
 */
export async function optionsState(db: OkrDb): Promise<OptionsState> {
  const tables = [db.cycles, db.objectives, db.keyResults, db.checkIns, db.settings, db.krStats];
  return db.transaction('r', [...tables, db.tickets], async () => {
    const [cycles, objectives, keyResults, checkIns, settings, stats, tickets] = await Promise.all([
      db.cycles.toArray(),
      db.objectives.toArray(),
      db.keyResults.toArray(),
      db.checkIns.toArray(),
      getSettings(db),
      db.krStats.toArray(),
      db.tickets.count(),
    ]);
    return {
      cycles: cycles.sort(cycleOrder),
      objectives,
      keyResults: keyResults.sort(byCode),
      checkIns: checkIns.sort(checkInOrder),
      settings,
      linkCounts: Object.fromEntries(
        stats.filter((s) => s.links > 0).map((s) => [s.keyResultId, s.links]),
      ),
      initiativeCounts: Object.fromEntries(
        stats.filter((s) => s.initiatives > 0).map((s) => [s.keyResultId, s.initiatives]),
      ),
      // Every link counts once, in its KR's row.
      totals: { links: stats.reduce((n, s) => n + s.links, 0), tickets },
    };
  });
}
