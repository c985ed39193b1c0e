/** The whole store at once, for the options page. */
import type { State } from '../okr/dto';
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
