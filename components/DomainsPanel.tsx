/** Self-hosted trackers: GitHub Enterprise and Jira Data Center on the user's own domains. */
import { useState } from 'react';
import type { CustomDomain } from '@/lib/okr/dto';
import { parseOrigin } from '@/lib/trackers/origins';
import { selfHostedIds, trackerSites } from '@/lib/trackers/registry';
import type { SelfHostedId } from '@/lib/trackers/registry';
import { Field, describedBy } from './ui';

type TrackerKind = SelfHostedId;
const trackerName = (id: TrackerKind): string => trackerSites[id].selfHosted;

function DomainsTable({
  domains,
  onRemove,
}: {
  domains: readonly CustomDomain[];
  onRemove: (origin: string) => Promise<void>;
}) {
  return (
    <table className="simple" aria-label="Added trackers" style={{ marginBottom: 12 }}>
      <thead>
        <tr>
          <th>Address</th>
          <th>Tracker</th>
          <th>Access</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {domains.map((d) => (
          <tr key={d.origin}>
            <td>
              <code>{d.origin}</code>
            </td>
            <td>{trackerName(d.tracker)}</td>
            <td>{d.granted ? 'Allowed' : 'Not allowed — remove and add again'}</td>
            <td style={{ textAlign: 'right' }}>
              <button
                type="button"
                className="btn btn-sm btn-danger"
                aria-label={`Remove ${d.origin}`}
                onClick={() => void onRemove(d.origin)}
              >
                Remove
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AddDomainForm({
  onAdd,
}: {
  onAdd: (origin: string, pattern: string, tracker: TrackerKind) => Promise<void>;
}) {
  const [address, setAddress] = useState('');
  const [tracker, setTracker] = useState<TrackerKind>('github');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const add = () => {
    const parsed = parseOrigin(address);
    if ('error' in parsed) return setError(parsed.error);
    setError(undefined);
    setBusy(true);
    onAdd(parsed.origin, parsed.pattern, tracker)
      .then(() => setAddress(''))
      .catch((e: Error) => setError(e.message))
      .finally(() => setBusy(false));
  };

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        add();
      }}
    >
      <div className="grid-2">
        <Field
          label="Address"
          id="d-address"
          error={error}
          hint="e.g. git.example.com or https://jira.corp.example"
        >
          <input
            id="d-address"
            value={address}
            onChange={(e) => setAddress(e.target.value)}
            {...describedBy('d-address', error)}
          />
        </Field>
        <Field label="Tracker" id="d-tracker">
          <select
            id="d-tracker"
            value={tracker}
            onChange={(e) => setTracker(e.target.value as TrackerKind)}
          >
            {selfHostedIds.map((id) => (
              <option key={id} value={id}>
                {trackerName(id)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <button type="submit" className="btn btn-primary" disabled={busy}>
        Add tracker
      </button>
    </form>
  );
}

export function DomainsPanel({
  domains,
  onAdd,
  onRemove,
}: {
  domains: readonly CustomDomain[];
  /** Must ask for the permission synchronously (it needs the click's user gesture). */
  onAdd: (origin: string, pattern: string, tracker: TrackerKind) => Promise<void>;
  onRemove: (origin: string) => Promise<void>;
}) {
  return (
    <section className="card section" aria-labelledby="domains-h">
      <h2 id="domains-h">Self-hosted trackers</h2>
      <p className="muted">
        github.com, Jira Cloud (*.atlassian.net) and linear.app work out of the box. Add your GitHub
        Enterprise or Jira Data Center address; your browser asks you to allow OKR Lens to read that
        site.
      </p>
      {domains.length > 0 ? <DomainsTable domains={domains} onRemove={onRemove} /> : null}
      <AddDomainForm onAdd={onAdd} />
    </section>
  );
}
