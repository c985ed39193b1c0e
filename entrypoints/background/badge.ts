/**
 * The toolbar icon's badge counts the current cycle's stale key results (no check-in for
 * `staleDays`): the weekly nudge, without e-mail. Recomputed after every change, at start-up
 * and hourly (staleness grows with time alone, so an alarm keeps it honest).
 */
import { browser } from 'wxt/browser';
import { quarterSummary } from '@/lib/db';
import type { OkrDb } from '@/lib/db';
import { onDataChanged } from '@/lib/protocol';

const ALARM = 'okr-lens-stale-badge';

export async function refreshBadge(db: OkrDb): Promise<void> {
  // MV3 has `action`; Firefox's MV2 build has `browserAction`.
  const action = browser.action ?? browser.browserAction;
  try {
    const { staleCount } = await quarterSummary(db);
    await action.setBadgeText({ text: staleCount > 0 ? String(staleCount) : '' });
    await action.setBadgeBackgroundColor({ color: '#bf8700' });
    await action.setTitle({
      title:
        staleCount > 0
          ? `OKR Lens — ${staleCount} key result${staleCount === 1 ? '' : 's'} need a check-in`
          : 'OKR Lens',
    });
  } catch (e) {
    console.error('OKR Lens: could not update the badge', e);
  }
}

export function watchBadge(db: OkrDb): void {
  void refreshBadge(db);
  onDataChanged(() => void refreshBadge(db));
  void browser.alarms.create(ALARM, { periodInMinutes: 60 });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === ALARM) void refreshBadge(db);
  });
}
