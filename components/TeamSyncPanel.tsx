/**
 * The team sync and the label writes owed (README "Team links"): Settings → Team sync (sync
 * now, how often, each connection's last sync, label writes waiting or failed with Retry and
 * Discard) and the one-line status Coverage shows. Props in, JSX out.
 */
import { useState } from 'react';
import type { LabelWriteView, SyncState, TeamLinksStatus } from '@/lib/okr/team-links-dto';
import { shortKey } from '@/lib/okr/ticket-key';

/** `just now`, `5 min ago`, `3 h ago`, `2 days ago`. */
export function ago(iso: string, now: Date): string {
  const s = Math.max(0, (now.getTime() - Date.parse(iso)) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  const d = Math.floor(s / 86_400);
  return `${d} day${d === 1 ? '' : 's'} ago`;
}

/** One connection's sync in words: under way, last success, or why the last try failed. */
const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

export function syncText(state: SyncState | undefined, now: Date): string {
  if (!state) return 'Not synced yet.';
  if (state.running) return `Syncing… ${count(state.running.found, 'ticket')} read so far.`;
  const parts: string[] = [];
  if (state.at) {
    parts.push(`Synced ${ago(state.at, now)}: ${count(state.tickets ?? 0, 'labelled ticket')}`);
    if (state.added || state.removed)
      parts.push(`${count(state.added ?? 0, 'link')} added, ${state.removed ?? 0} removed`);
  } else parts.push('Not synced yet');
  return `${parts.join(' · ')}.`;
}

export function SyncLine({ state, now }: { state: SyncState | undefined; now: Date }) {
  return (
    <div className="sync-line small">
      <span className="muted" role="status">
        {syncText(state, now)}
      </span>
      {state?.error && !state.running ? (
        <span className="sync-error" role="alert">
          {' '}
          Last sync failed: {state.error} The previous data is kept.
        </span>
      ) : null}
    </div>
  );
}

function WriteRow({
  w,
  onRetry,
  onDiscard,
}: {
  w: LabelWriteView;
  onRetry: () => void;
  onDiscard: () => void;
}) {
  const what = `${w.op === 'add' ? 'Add' : 'Remove'} ${w.label} ${w.op === 'add' ? 'to' : 'from'} ${shortKey(w.ticket)}`;
  return (
    <li aria-label={what}>
      <span>{what}</span>{' '}
      {w.state === 'failed' ? (
        <span className="delivery failed">failed: {w.error}</span>
      ) : (
        <span className="delivery pending">
          pending{w.attempts ? ` (tried ${w.attempts}×${w.error ? `: ${w.error}` : ''})` : ''}
        </span>
      )}{' '}
      <button type="button" className="btn btn-sm" onClick={onRetry}>
        Retry now
      </button>{' '}
      <button type="button" className="btn btn-sm btn-ghost" onClick={onDiscard}>
        Discard
      </button>
    </li>
  );
}

export interface TeamSyncActions {
  syncNow: () => Promise<void>;
  setMinutes: (m: SyncMinutes) => Promise<void>;
  retry: (ids?: string[]) => Promise<void>;
  discard: (ids: string[]) => Promise<void>;
}

export const SYNC_MINUTES = [15, 30, 60, 240] as const;
export type SyncMinutes = (typeof SYNC_MINUTES)[number];

export function TeamSyncPanel({
  status,
  actions,
}: {
  status: TeamLinksStatus;
  actions: TeamSyncActions;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const running = Object.values(status.sync).some((s) => s.running);
  const sync = () => {
    setBusy(true);
    setError(undefined);
    actions
      .syncNow()
      .catch((e: Error) => setError(e.message))
      .finally(() => setBusy(false));
  };
  return (
    <section className="card section" aria-labelledby="team-sync-h">
      <h2 id="team-sync-h">Team sync</h2>
      <p className="muted">
        Reads every ticket that carries a label of this cycle&apos;s KRs from each connection, every
        few minutes while the browser runs (Linear at most hourly: Linear asks integrations not to
        poll) and when you press Sync now. Only tickets updated since the cycle started count.
      </p>
      <div className="row">
        <button type="button" className="btn btn-primary" disabled={busy || running} onClick={sync}>
          {busy || running ? 'Syncing…' : 'Sync now'}
        </button>
        <label className="small" htmlFor="sync-minutes">
          Sync every
        </label>
        <select
          id="sync-minutes"
          className="input sync-minutes"
          value={status.minutes}
          onChange={(e) => void actions.setMinutes(Number(e.target.value) as SyncMinutes)}
        >
          {SYNC_MINUTES.map((m) => (
            <option key={m} value={m}>
              {m < 60 ? `${m} minutes` : `${m / 60} hour${m === 60 ? '' : 's'}`}
            </option>
          ))}
        </select>
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {status.writes.length ? (
        <>
          <h3 className="small">Label writes waiting</h3>
          <ul className="label-writes" aria-label="Label writes waiting">
            {status.writes.map((w) => (
              <WriteRow
                key={w.id}
                w={w}
                onRetry={() => void actions.retry([w.id])}
                onDiscard={() => void actions.discard([w.id])}
              />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/** Coverage's line: when the team's links were last read, and Sync now. */
export function CoverageSyncBar({
  status,
  now,
  onSync,
}: {
  status: TeamLinksStatus | undefined;
  now: Date;
  onSync: () => Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  if (!status || status.connections.length === 0) return null;
  const states = status.connections.map((c) => status.sync[c.id]);
  const running = states.some((s) => s?.running);
  const last = states
    .map((s) => s?.at)
    .filter((a): a is string => !!a)
    .sort()[0];
  const failed = states.find((s) => s?.error && !s.running);
  const found = states.reduce((n, s) => n + (s?.running?.found ?? 0), 0);
  return (
    <div className="notice sync-bar" aria-label="Team sync">
      <span role="status">
        {running
          ? `Team sync under way… ${found} tickets read so far.`
          : last
            ? `Team links synced ${ago(last, now)} from ${status.connections.length} connection${status.connections.length === 1 ? '' : 's'}.`
            : 'Team links not synced yet.'}
      </span>
      {failed?.error ? <span className="sync-error"> Last sync failed: {failed.error}</span> : null}{' '}
      <button
        type="button"
        className="btn btn-sm"
        disabled={busy || running}
        onClick={() => {
          setBusy(true);
          void onSync().finally(() => setBusy(false));
        }}
      >
        Sync now
      </button>
    </div>
  );
}
