/** Settings: one row over the defaults, each field validated on its own. */
import { UserError } from '../okr/errors';
import { compact } from '../okr/objects';
import { defaultSettings, settingsSchema } from '../okr/model';
import type { Settings } from '../okr/model';
import type { OkrDb } from './db';
import { parseRecord } from './records';

const SETTINGS_KEY = 'settings';

/**
 * Stored settings over the defaults, field by field: a field that is missing or no longer
 * valid (a newer or older build wrote it) falls back to its default instead of failing.
 */
function mergeSettings(stored: unknown): Settings {
  const out: Record<string, unknown> = { ...defaultSettings };
  if (stored !== null && typeof stored === 'object') {
    for (const [k, schema] of Object.entries(settingsSchema.shape)) {
      const v = (stored as Record<string, unknown>)[k];
      if (v !== undefined && schema.safeParse(v).success) out[k] = v;
    }
  }
  return out as Settings;
}

export async function getSettings(db: OkrDb): Promise<Settings> {
  return mergeSettings((await db.settings.get(SETTINGS_KEY))?.value);
}

/** Save some settings (the rest keep their values). Returns the settings now in force. */
export async function saveSettings(db: OkrDb, patch: Partial<Settings>): Promise<Settings> {
  return db.transaction('rw', db.settings, async () => {
    const current = await getSettings(db);
    const next = parseRecord(settingsSchema, { ...current, ...compact(patch) });
    if (next.atRiskGap < next.onTrackGap)
      throw new UserError('must be at least the on-track gap', 'atRiskGap');
    if (next.scoreGreenFrom < next.scoreRedBelow)
      throw new UserError('must be at least the red threshold', 'scoreGreenFrom');
    await db.settings.put({ key: SETTINGS_KEY, value: next });
    return next;
  });
}
