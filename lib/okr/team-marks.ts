/**
 * How Team OKRs marks records in the editor and the popup: "from acme/okrs · 2026-Q4.json,
 * 5 min ago", "local only", "not shared", "commit queued", "conflict". Pure.
 */
import type { ShareState, TeamStatus } from './team-dto';

export type MarkTone = 'team' | 'local' | 'pending' | 'conflict';
export interface Mark {
  text: string;
  tone: MarkTone;
}
/** A record's mark by id (absent: no marks, as before Team OKRs). */
export type MarkOf = (id: string) => Mark | undefined;

/** `just now`, `5 min ago`, `3 h ago`, `2 d ago`. */
export function ago(iso: string | undefined, now: Date): string {
  if (!iso) return 'not read yet';
  const min = Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / 60_000));
  if (min < 1) return 'just now';
  if (min < 60) return `${min} min ago`;
  if (min < 48 * 60) return `${Math.floor(min / 60)} h ago`;
  return `${Math.floor(min / 1440)} d ago`;
}

const TONE: Record<ShareState, MarkTone> = {
  shared: 'team',
  pending: 'pending',
  'not-shared': 'local',
  conflict: 'conflict',
};

/**
 * The mark of a record, or undefined when there is nothing to say (no subscription at all:
 * every record is local, as before Team OKRs).
 */
export function markOf(status: TeamStatus | undefined, id: string, now: Date): Mark | undefined {
  if (!status || status.subscriptions.length === 0) return undefined;
  const m = status.marks[id];
  if (!m) return { text: 'local only', tone: 'local' };
  const sub = status.subscriptions.find((s) => s.id === m.subscriptionId);
  const label = sub?.label ?? 'a team file';
  const text = {
    shared: `from ${label}, ${ago(sub?.readAt, now)}`,
    pending: `not in ${label} yet (commit queued)`,
    'not-shared': `not shared (${label} is read-only)`,
    conflict: 'conflict with the team file: choose a value',
  }[m.state];
  return { text, tone: TONE[m.state] };
}
