/**
 * Team OKRs (README "Team OKRs"): what a subscription is and what pages see of it. Types only,
 * so the options page and the popup may import them without the database or zod.
 */
import type { Conflict } from './merge';
import type { SetIds, TeamFile } from './team-file';

/** Where the team file lives. */
export type SubscriptionSource =
  /** A file in a GitHub / GitHub Enterprise repository, read and written through the contents API. */
  | { kind: 'github'; host: string; owner: string; repo: string; branch: string; path: string }
  /** Any HTTPS URL (a raw file, an internal static host): read-only. */
  | { kind: 'url'; url: string };

/** A subscription as stored (table `subscriptions`, lib/db/db.ts). */
export interface SubscriptionRow {
  id: string;
  source: SubscriptionSource;
  /** The last good file read: the merge base. Absent until the first good read. */
  base?: TeamFile;
  /** The ids its last good file holds: which local records are the team's. */
  ids: SetIds;
  /** The last good answer's ETag (sent back as If-None-Match). */
  etag?: string;
  /** The file's blob sha (contents API): the optimistic-concurrency token of a write. */
  sha?: string;
  /** The token may write to the repository (its `permissions.push`); never for URLs. */
  canWrite: boolean;
  createdAt: string;
  /** Last successful read (200 or 304). */
  readAt?: string;
  /** When a read last brought a changed file. */
  changedAt?: string;
  /** Why the last read failed (the last good file is kept). */
  error?: string;
  /** Fields both sides changed, waiting for the user's choice (never resolved silently). */
  conflicts?: Conflict[];
}

/** A conflict waiting for the user, with what it concerns in words. */
export interface ConflictView extends Conflict {
  /** `collection:id:field`: the choice is sent with it. */
  key: string;
  subscriptionId: string;
  /** `KR2.3`, `objective “Grow”`… */
  record: string;
}

/** How a local record stands with its subscription. */
export type ShareState = 'shared' | 'pending' | 'not-shared' | 'conflict';

export interface SubscriptionView {
  id: string;
  source: SubscriptionSource;
  /** `acme/okrs · 2026-Q4.json`, or the URL's host and file name. */
  label: string;
  canWrite: boolean;
  readAt?: string;
  changedAt?: string;
  error?: string;
  /** Commits waiting (offline, rate limited) and failed (need the user). */
  pending: number;
  failed: { id: string; error: string }[];
  /** The records of its last good file, per kind. */
  counts: { objectives: number; keyResults: number; checkIns: number };
}

export interface TeamStatus {
  subscriptions: SubscriptionView[];
  conflicts: ConflictView[];
  /** Record id (cycle, objective, KR, check-in) → its subscription and state. */
  marks: Record<string, { subscriptionId: string; state: ShareState }>;
}

/** The label of a source (`acme/okrs · 2026-Q4.json`). */
export function sourceLabel(source: SubscriptionSource): string {
  if (source.kind === 'github') {
    const file = source.path.split('/').pop() ?? source.path;
    const host = source.host === 'github.com' ? '' : `${source.host}: `;
    return `${host}${source.owner}/${source.repo} · ${file}`;
  }
  try {
    const u = new URL(source.url);
    return `${u.host} · ${u.pathname.split('/').pop() || u.pathname}`;
  } catch {
    return source.url;
  }
}
