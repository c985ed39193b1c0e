/**
 * Settings → Connections, the form that adds a tracker connection: which tracker, where it
 * lives, the token and (GitHub) the organisations and repositories the team sync searches.
 * Each tracker's help names the token and the scopes to grant. Props in, JSX out.
 */
import { useState } from 'react';
import type { ConnectionInput } from '@/lib/okr/team-links-dto';
import { Field, describedBy } from './ui';

export type ConnectionKind = 'github' | 'ghe' | 'jira-cloud' | 'jira-dc' | 'linear';

const KINDS: readonly (readonly [ConnectionKind, string])[] = [
  ['github', 'GitHub (github.com)'],
  ['ghe', 'GitHub Enterprise'],
  ['jira-cloud', 'Jira Cloud'],
  ['jira-dc', 'Jira Data Center'],
  ['linear', 'Linear'],
];

/** What to create and grant, per tracker (README "Team links" says the same). */
export const TOKEN_HELP: Record<ConnectionKind, string> = {
  github:
    'A fine-grained personal access token (github.com → Settings → Developer settings) for the organisation or repositories below, with Issues: read and write (and Pull requests: read and write to label pull requests). Metadata: read is added by GitHub.',
  ghe: 'A personal access token of your Enterprise host with the same permissions (fine-grained: Issues read and write; classic: repo).',
  'jira-cloud':
    'Your Atlassian account e-mail and an API token (id.atlassian.com → Security → API tokens). It acts as you: you need Browse projects and Edit issues where you link.',
  'jira-dc':
    'A personal access token (your Jira profile → Personal Access Tokens). It acts as you: Browse projects and Edit issues.',
  linear:
    'A personal API key (Linear → Settings → Security & access → Personal API keys) with read and write access, or at least Read plus Write on issues and labels.',
};

interface Fields {
  kind: ConnectionKind;
  host: string;
  scopes: string;
  site: string;
  email: string;
  workspace: string;
  token: string;
}

const empty: Fields = {
  kind: 'github',
  host: '',
  scopes: '',
  site: '',
  email: '',
  workspace: '',
  token: '',
};

/** The form's fields as a connection (throws a message naming the field that is missing). */
export function inputOf(f: Fields): ConnectionInput {
  const token = f.token.trim();
  const need = (v: string, what: string) => {
    if (!v.trim()) throw new Error(`Fill in ${what}.`);
    return v.trim();
  };
  need(token, 'the token');
  switch (f.kind) {
    case 'github':
    case 'ghe':
      return {
        tracker: 'github',
        host:
          f.kind === 'github'
            ? 'github.com'
            : need(f.host, 'the Enterprise host')
                .replace(/^https?:\/\//, '')
                .replace(/\/.*$/, ''),
        scopes: f.scopes
          .split(/[\s,]+/)
          .map((s) => s.trim())
          .filter(Boolean),
        token,
      };
    case 'jira-cloud':
    case 'jira-dc': {
      const raw = need(f.site, 'the site address');
      const site = /^https?:\/\//i.test(raw) ? raw : `https://${raw}`;
      return f.kind === 'jira-cloud'
        ? { tracker: 'jira', deployment: 'cloud', site, email: need(f.email, 'your e-mail'), token }
        : { tracker: 'jira', deployment: 'datacenter', site, token };
    }
    case 'linear':
      return {
        tracker: 'linear',
        workspace: need(f.workspace, 'the workspace')
          .replace(/^.*linear\.app\//, '')
          .split('/')[0]!,
        token,
      };
  }
}

function TrackerFields({ f, set }: { f: Fields; set: (p: Partial<Fields>) => void }) {
  const input = (key: keyof Fields, id: string, props: Record<string, unknown> = {}) => (
    <input
      id={id}
      value={f[key]}
      onChange={(e) => set({ [key]: e.target.value })}
      {...describedBy(id)}
      {...props}
    />
  );
  switch (f.kind) {
    case 'github':
    case 'ghe':
      return (
        <>
          {f.kind === 'ghe' ? (
            <Field
              label="Enterprise host"
              id="cn-host"
              hint="e.g. git.example.com (its API is at /api/v3)"
            >
              {input('host', 'cn-host')}
            </Field>
          ) : null}
          <Field
            label="Organisations and repositories"
            id="cn-scopes"
            hint="What the team sync searches: acme, acme/web (spaces or commas)"
          >
            {input('scopes', 'cn-scopes')}
          </Field>
        </>
      );
    case 'jira-cloud':
    case 'jira-dc':
      return (
        <>
          <Field
            label="Site"
            id="cn-site"
            hint={
              f.kind === 'jira-cloud'
                ? 'e.g. https://acme.atlassian.net'
                : 'e.g. https://jira.example.com'
            }
          >
            {input('site', 'cn-site')}
          </Field>
          {f.kind === 'jira-cloud' ? (
            <Field
              label="E-mail"
              id="cn-email"
              hint="The Atlassian account the API token belongs to"
            >
              {input('email', 'cn-email', { type: 'email', autoComplete: 'email' })}
            </Field>
          ) : null}
        </>
      );
    case 'linear':
      return (
        <Field
          label="Workspace"
          id="cn-ws"
          hint="The part after linear.app/ in your Linear addresses"
        >
          {input('workspace', 'cn-ws')}
        </Field>
      );
  }
}

export function ConnectionForm({
  onConnect,
}: {
  onConnect: (c: ConnectionInput) => Promise<void>;
}) {
  const [f, setF] = useState<Fields>(empty);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const set = (p: Partial<Fields>) => setF((old) => ({ ...old, ...p }));
  const submit = () => {
    let input: ConnectionInput;
    try {
      input = inputOf(f);
    } catch (e) {
      return setError((e as Error).message);
    }
    setError(undefined);
    setBusy(true);
    // onConnect asks for the API's origin first, synchronously inside this click.
    onConnect(input)
      .then(() => setF({ ...empty, kind: f.kind }))
      .catch((e: Error) => setError(e.message))
      .finally(() => setBusy(false));
  };
  return (
    <form
      aria-label="Connect a tracker"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="grid-2">
        <Field label="Tracker" id="cn-kind">
          <select
            id="cn-kind"
            value={f.kind}
            onChange={(e) => set({ kind: e.target.value as ConnectionKind })}
          >
            {KINDS.map(([k, name]) => (
              <option key={k} value={k}>
                {name}
              </option>
            ))}
          </select>
        </Field>
        <TrackerFields f={f} set={set} />
        <Field
          label={f.kind === 'linear' ? 'API key' : 'Token'}
          id="cn-token"
          hint={TOKEN_HELP[f.kind]}
        >
          <input
            id="cn-token"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={f.token}
            onChange={(e) => set({ token: e.target.value })}
            {...describedBy('cn-token')}
          />
        </Field>
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? 'Connecting…' : 'Connect and test'}
      </button>
    </form>
  );
}
