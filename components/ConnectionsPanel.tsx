/**
 * Settings → Connections (README "Team links"): the trackers OKR Lens may write labels to and
 * read the team's links from, each with "Test connection" (who you are, or exactly what is
 * wrong), "Write links as labels" and a one-click removal of its token; and the form that
 * adds one. Props in, JSX out.
 */
import { useState } from 'react';
import type {
  ConnectionInput,
  ConnectionTest,
  ConnectionView,
  SyncState,
} from '@/lib/okr/team-links-dto';
import { ConnectionForm } from './ConnectionForm';
import { SyncLine } from './TeamSyncPanel';

export interface ConnectionsActions {
  /** Must ask for the API's origin synchronously (it needs the click's user gesture). */
  connect: (c: ConnectionInput) => Promise<ConnectionTest>;
  test: (id: string) => Promise<ConnectionTest>;
  remove: (id: string) => Promise<void>;
  setWriteLabels: (c: ConnectionView, on: boolean) => Promise<void>;
}

/** How the UI names a connection: `GitHub · github.com`, `Jira · acme.atlassian.net`. */
export function connectionName(c: ConnectionView): string {
  switch (c.tracker) {
    case 'github':
      return `GitHub · ${c.host}`;
    case 'jira':
      return `Jira ${c.deployment === 'cloud' ? 'Cloud' : 'Data Center'} · ${new URL(c.site).host}`;
    case 'linear':
      return `Linear · ${c.workspace}`;
  }
}

type TestResult = { ok: true; test: ConnectionTest } | { ok: false; error: string };

function TestOutcome({ result }: { result: TestResult }) {
  if (!result.ok)
    return (
      <div className="notice notice-error" role="alert">
        {result.error}
      </div>
    );
  return (
    <div className="notice notice-ok" role="status">
      Connected as <strong>{result.test.who}</strong>
      {result.test.notes.length ? (
        <ul>
          {result.test.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function ConnectionRow({
  c,
  sync,
  now,
  actions,
  tested,
  onTested,
}: {
  c: ConnectionView;
  sync: SyncState | undefined;
  now: Date;
  actions: ConnectionsActions;
  tested: TestResult | undefined;
  onTested: (r: TestResult) => void;
}) {
  const [busy, setBusy] = useState(false);
  const name = connectionName(c);
  const test = () => {
    setBusy(true);
    actions
      .test(c.id)
      .then((t) => onTested({ ok: true, test: t }))
      .catch((e: Error) => onTested({ ok: false, error: e.message }))
      .finally(() => setBusy(false));
  };
  return (
    <li className="connection" aria-label={`Connection ${name}`}>
      <div className="row">
        <strong>{name}</strong>
        <span className="muted small">token {c.tokenHint}</span>
        {c.tracker === 'github' ? (
          <span className="muted small">
            {c.scopes.length ? c.scopes.join(', ') : 'no organisation or repository listed'}
          </span>
        ) : null}
        <span className="spacer" />
        <label className="small">
          <input
            type="checkbox"
            checked={c.writeLabels}
            onChange={(e) => void actions.setWriteLabels(c, e.target.checked)}
          />{' '}
          Write links as labels
        </label>
        <button type="button" className="btn btn-sm" disabled={busy} onClick={test}>
          {busy ? 'Testing…' : 'Test connection'}
        </button>
        <button
          type="button"
          className="btn btn-sm btn-danger"
          aria-label={`Remove ${name}`}
          onClick={() => void actions.remove(c.id)}
        >
          Remove
        </button>
      </div>
      <SyncLine state={sync} now={now} />
      {tested ? <TestOutcome result={tested} /> : null}
    </li>
  );
}

export function ConnectionsPanel({
  connections,
  sync,
  now,
  actions,
}: {
  connections: readonly ConnectionView[];
  sync: Record<string, SyncState>;
  now: Date;
  actions: ConnectionsActions;
}) {
  const [tests, setTests] = useState<Record<string, TestResult>>({});
  const [added, setAdded] = useState<TestResult>();
  const record = (id: string) => (r: TestResult) => setTests((t) => ({ ...t, [id]: r }));
  return (
    <section className="card section" aria-labelledby="connections-h">
      <h2 id="connections-h">Connections</h2>
      <p className="muted">
        Connect a tracker to share links with your team: a link you make in the picker is written to
        the ticket as a label (the first label pattern, e.g. <code>okr:KR1.2</code>), and the team
        sync reads every ticket that carries a KR label, including tickets nobody opened in this
        browser. Tokens stay in this browser (extension storage, not encrypted at rest), are sent
        only to the tracker&apos;s own API, and never to pages, logs or exports. Nothing changes if
        you connect nothing.
      </p>
      {connections.length ? (
        <ul className="connections" aria-label="Connections">
          {connections.map((c) => (
            <ConnectionRow
              key={c.id}
              c={c}
              sync={sync[c.id]}
              now={now}
              actions={actions}
              tested={tests[c.id]}
              onTested={record(c.id)}
            />
          ))}
        </ul>
      ) : null}
      <h3 className="small connections-add">Add a connection</h3>
      <ConnectionForm
        onConnect={async (input) => {
          try {
            setAdded({ ok: true, test: await actions.connect(input) });
          } catch (e) {
            // Saved but the test failed: the row shows it; a refusal to save is the form's.
            if ((e as { saved?: boolean }).saved)
              setAdded({ ok: false, error: (e as Error).message });
            else throw e;
          }
        }}
      />
      {added ? (
        <div className="connections-result">
          <TestOutcome result={added} />
        </div>
      ) : null}
    </section>
  );
}
