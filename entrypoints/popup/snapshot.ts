/**
 * The popup's last summary, kept in the extension's localStorage so the next opening paints
 * at once instead of waiting for the service worker (which Chrome stops after 30 s idle, so a
 * real popup usually wakes it) and for IndexedDB.
 *
 * Exact, not approximate: a summary is a pure function of the data, the calendar day and the
 * requested cycle (lib/db/summary.ts reads the clock only as `todayIso()`); every write bumps
 * `okrLens.revision` and every change to a recorded ticket bumps `okrLens.seen` (lib/wire.ts
 * `dataVersion()`). A snapshot saved with the version read *before* its request was sent is
 * therefore current when the version, the day and the cycle still match. A change
 * racing the request can only make the snapshot look older than it is (it is then ignored),
 * never newer. The popup shows a matching snapshot, checks the revision, then replaces it with
 * the fresh answer anyway.
 */
import type { QuarterSummary } from '@/lib/okr/dto';

export const SNAPSHOT_KEY = 'okrLens.popup.snapshot';

export interface Snapshot {
  v: 1;
  /** `dataVersion()` read before the summary was requested (writes and recorded tickets). */
  rev: string;
  /** `summary.today`: the day the summary holds for. */
  day: string;
  /** The cycle asked for; absent means "the current cycle". */
  cycleId?: string;
  summary: QuarterSummary;
}

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The saved snapshot for this day and cycle, or undefined (missing, other day, unreadable). */
export function readSnapshot(
  store: Store,
  day: string,
  cycleId: string | undefined,
): Snapshot | undefined {
  try {
    const raw = store.getItem(SNAPSHOT_KEY);
    if (!raw) return undefined;
    const s = JSON.parse(raw) as Partial<Snapshot> | null;
    if (
      s?.v !== 1 ||
      s.day !== day ||
      (s.cycleId ?? undefined) !== cycleId ||
      typeof s.summary !== 'object' ||
      s.summary === null ||
      !Array.isArray(s.summary.objectives) ||
      typeof s.rev !== 'string'
    )
      return undefined;
    return s as Snapshot;
  } catch {
    return undefined; // a corrupt entry is a cache miss, never an error
  }
}

/** Save a summary fetched after reading `rev`. A full or refused localStorage is ignored. */
export function writeSnapshot(
  store: Store,
  rev: string,
  cycleId: string | undefined,
  summary: QuarterSummary,
): void {
  const snapshot: Snapshot = { v: 1, rev, day: summary.today, summary };
  if (cycleId !== undefined) snapshot.cycleId = cycleId;
  try {
    store.setItem(SNAPSHOT_KEY, JSON.stringify(snapshot));
  } catch {
    try {
      store.removeItem(SNAPSHOT_KEY); // never leave an older one behind as if current
    } catch {
      /* storage unavailable: no cache */
    }
  }
}
