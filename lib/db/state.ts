/** The whole store at once, for the options page. */
import type { State } from '../okr/dto';
import type { OkrDb } from './db';
import { byCode, checkInOrder, cycleOrder } from './records';
import { getSettings } from './settings';

/** Every record and the settings. Cycles by start, KRs by code, check-ins by KR then time. */
export async function getState(db: OkrDb): Promise<State> {
  return db.transaction(
    'r',
    [db.cycles, db.objectives, db.keyResults, db.checkIns, db.links, db.tickets, db.settings],
    async () => {
      const [cycles, objectives, keyResults, checkIns, links, tickets, settings] =
        await Promise.all([
          db.cycles.toArray(),
          db.objectives.toArray(),
          db.keyResults.toArray(),
          db.checkIns.toArray(),
          db.links.toArray(),
          db.tickets.toArray(),
          getSettings(db),
        ]);
      return {
        cycles: cycles.sort(cycleOrder),
        objectives,
        keyResults: keyResults.sort(byCode),
        checkIns: checkIns.sort(checkInOrder),
        links,
        tickets,
        settings,
      };
    },
  );
}
