/**
 * Settings → Team OKRs: the files this browser follows (read, refresh, status, queued and
 * failed commits), subscribe to one, publish a local cycle as one. Props in, JSX out.
 */
import { useState } from 'react';
import type { Cycle } from '@/lib/okr/model';
import type { SubscriptionSource, SubscriptionView, TeamStatus } from '@/lib/okr/team-dto';
import { ago } from '@/lib/okr/team-marks';
import { Field, describedBy } from './ui';

type GithubSource = Extract<SubscriptionSource, { kind: 'github' }>;

export interface TeamOkrsActions {
  /** Must ask for host access synchronously (it needs the click's user gesture). */
  subscribe: (source: SubscriptionSource) => Promise<void>;
  publish: (cycleId: string, target: GithubSource) => Promise<void>;
  refresh: (id: string) => Promise<void>;
  retry: (id: string) => Promise<void>;
  unsubscribe: (id: string) => Promise<void>;
}

function statusText(s: SubscriptionView, now: Date): string {
  const parts = [`read ${ago(s.readAt, now)}`];
  if (s.pending) parts.push(`${s.pending} commit${s.pending === 1 ? '' : 's'} waiting`);
  return parts.join(' · ');
}

function SubscriptionRow({
  s,
  now,
  actions,
}: {
  s: SubscriptionView;
  now: Date;
  actions: TeamOkrsActions;
}) {
  const [busy, setBusy] = useState(false);
  const run = (f: () => Promise<void>) => {
    setBusy(true);
    void f().finally(() => setBusy(false));
  };
  return (
    <li className="subscription" aria-label={`Subscription ${s.label}`}>
      <div className="row">
        <strong>{s.label}</strong>
        <span className={`team-mark ${s.canWrite ? 't-team' : 't-local'}`}>
          {s.canWrite ? 'read & write' : 'read-only'}
        </span>
        <span className="spacer" />
        <button
          type="button"
          className="btn btn-sm"
          disabled={busy}
          onClick={() => run(() => actions.refresh(s.id))}
        >
          Refresh now
        </button>
        <button
          type="button"
          className="btn btn-sm btn-danger"
          aria-label={`Unsubscribe from ${s.label}`}
          onClick={() => run(() => actions.unsubscribe(s.id))}
        >
          Unsubscribe
        </button>
      </div>
      <div className="meta" data-testid="subscription-status">
        <span>{statusText(s, now)}</span>
        <span>
          {s.counts.objectives} objectives, {s.counts.keyResults} key results, {s.counts.checkIns}{' '}
          check-ins
        </span>
        {s.changedAt ? <span>changed {ago(s.changedAt, now)}</span> : null}
      </div>
      {s.error ? (
        <p className="notice notice-error small" role="alert">
          {s.error}
        </p>
      ) : null}
      {s.failed.length > 0 ? (
        <div className="notice notice-error small" role="alert">
          {s.failed.length} commit{s.failed.length === 1 ? '' : 's'} failed: {s.failed[0]!.error}{' '}
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => run(() => actions.retry(s.id))}
          >
            Retry
          </button>
        </div>
      ) : null}
    </li>
  );
}

interface RepoDraft {
  host: string;
  repo: string;
  branch: string;
  path: string;
}
const emptyRepo: RepoDraft = { host: 'github.com', repo: '', branch: 'main', path: '' };

/** The draft as a source, or the error of the field that keeps it from being one. */
function repoSource(d: RepoDraft): GithubSource | { error: string } {
  const [owner, repo, extra] = d.repo.trim().split('/');
  if (!owner || !repo || extra !== undefined) return { error: 'owner/repo, e.g. acme/okrs' };
  if (!d.path.trim()) return { error: 'the file’s path in the repository, e.g. okrs/2026-Q4.json' };
  return {
    kind: 'github',
    host: d.host.trim() || 'github.com',
    owner,
    repo,
    branch: d.branch.trim() || 'main',
    path: d.path.trim(),
  };
}

function RepoFields({
  prefix,
  draft,
  set,
}: {
  prefix: string;
  draft: RepoDraft;
  set: (d: RepoDraft) => void;
}) {
  const input = (k: keyof RepoDraft, label: string, hint?: string) => (
    <Field label={label} id={`${prefix}-${k}`} hint={hint}>
      <input
        id={`${prefix}-${k}`}
        value={draft[k]}
        onChange={(e) => set({ ...draft, [k]: e.target.value })}
        {...describedBy(`${prefix}-${k}`)}
      />
    </Field>
  );
  return (
    <div className="grid-2">
      {input('repo', 'Repository', 'owner/repo')}
      {input('path', 'File path', 'e.g. okrs/2026-Q4.json')}
      {input('branch', 'Branch', 'usually main')}
      {input('host', 'GitHub host', 'github.com, or your GitHub Enterprise host')}
    </div>
  );
}

function useSubmit(run: () => Promise<void>, done: () => void) {
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = () => {
    setError(undefined);
    setBusy(true);
    run()
      .then(done)
      .catch((e: Error) => setError(e.message))
      .finally(() => setBusy(false));
  };
  return { error, setError, busy, submit };
}

function SubscribeForm({ actions }: { actions: TeamOkrsActions }) {
  const [kind, setKind] = useState<'github' | 'url'>('github');
  const [repo, setRepo] = useState(emptyRepo);
  const [url, setUrl] = useState('');
  const form = useSubmit(
    () => {
      if (kind === 'url') return actions.subscribe({ kind: 'url', url: url.trim() });
      const source = repoSource(repo);
      return 'error' in source
        ? Promise.reject(new Error(source.error))
        : actions.subscribe(source);
    },
    () => (setRepo(emptyRepo), setUrl('')),
  );
  return (
    <form
      noValidate
      aria-label="Subscribe to a team file"
      onSubmit={(e) => (e.preventDefault(), form.submit())}
    >
      <h3>Subscribe</h3>
      <div className="row" role="radiogroup" aria-label="Where the file is">
        <label className="row small">
          <input type="radio" checked={kind === 'github'} onChange={() => setKind('github')} /> A
          file in a GitHub repository
        </label>
        <label className="row small">
          <input type="radio" checked={kind === 'url'} onChange={() => setKind('url')} /> Any HTTPS
          URL (read-only)
        </label>
      </div>
      {kind === 'github' ? (
        <RepoFields prefix="sub" draft={repo} set={setRepo} />
      ) : (
        <Field label="URL" id="sub-url" hint="e.g. https://okrs.example.com/2026-Q4.json">
          <input
            id="sub-url"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            {...describedBy('sub-url')}
          />
        </Field>
      )}
      {form.error ? (
        <p className="notice notice-error small" role="alert">
          {form.error}
        </p>
      ) : null}
      <button type="submit" className="btn btn-primary" disabled={form.busy}>
        Subscribe
      </button>
    </form>
  );
}

function PublishForm({ cycles, actions }: { cycles: readonly Cycle[]; actions: TeamOkrsActions }) {
  const [cycleId, setCycleId] = useState(cycles[0]?.id ?? '');
  const [repo, setRepo] = useState(emptyRepo);
  const form = useSubmit(
    () => {
      const source = repoSource(repo);
      if ('error' in source) return Promise.reject(new Error(source.error));
      return actions.publish(cycleId || cycles[0]?.id || '', source);
    },
    () => setRepo(emptyRepo),
  );
  if (cycles.length === 0) return null;
  return (
    <form
      noValidate
      aria-label="Publish a cycle"
      onSubmit={(e) => (e.preventDefault(), form.submit())}
    >
      <h3>Publish</h3>
      <p className="muted small">
        Push a cycle of this browser to a new file in a repository (you need write access), then
        subscribe to it. Share the file with the team; they subscribe to it.
      </p>
      <Field label="Cycle" id="pub-cycle">
        <select id="pub-cycle" value={cycleId} onChange={(e) => setCycleId(e.target.value)}>
          {cycles.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </Field>
      <RepoFields prefix="pub" draft={repo} set={setRepo} />
      {form.error ? (
        <p className="notice notice-error small" role="alert">
          {form.error}
        </p>
      ) : null}
      <button type="submit" className="btn btn-primary" disabled={form.busy}>
        Publish
      </button>
    </form>
  );
}

export function TeamOkrsPanel({
  status,
  cycles,
  now,
  actions,
}: {
  status: TeamStatus | undefined;
  /** Local cycles that no subscription holds (publishable). */
  cycles: readonly Cycle[];
  now: Date;
  actions: TeamOkrsActions;
}) {
  const subs = status?.subscriptions ?? [];
  return (
    <section className="card section" aria-labelledby="team-okrs-h">
      <h2 id="team-okrs-h">Team OKRs</h2>
      <p className="muted">
        Follow one OKR file for the whole team, kept in a Git repository: edits and check-ins are
        committed to it, and everyone’s browser reads it every few minutes. A file at any HTTPS
        address can be followed read-only. Repository access uses the GitHub token of Settings →
        Connections.
      </p>
      {subs.length > 0 ? (
        <ul className="subscription-list" aria-label="Subscriptions">
          {subs.map((s) => (
            <SubscriptionRow key={s.id} s={s} now={now} actions={actions} />
          ))}
        </ul>
      ) : null}
      <div className="grid-2 team-forms">
        <SubscribeForm actions={actions} />
        <PublishForm cycles={cycles} actions={actions} />
      </div>
    </section>
  );
}
