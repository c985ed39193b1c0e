/**
 * Team OKRs conflicts: fields this browser and the repository changed to different values.
 * Each shows both values and a choice; nothing is resolved without the user.
 */
import { useState } from 'react';
import type { ConflictView } from '@/lib/okr/team-dto';

function show(value: unknown): string {
  if (value === undefined) return '(deleted)';
  if (value && typeof value === 'object') {
    const r = value as { title?: unknown; code?: unknown; value?: unknown };
    if (typeof r.title === 'string') return `“${r.title}”`;
    return JSON.stringify(value);
  }
  if (typeof value === 'string') return `“${value}”`;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : '(empty)';
}

const fieldName = (c: ConflictView) => (c.field === '*' ? 'the whole record' : c.field);

export function ConflictsPanel({
  conflicts,
  labelOf,
  onChoose,
}: {
  conflicts: readonly ConflictView[];
  /** The subscription's label (`acme/okrs · 2026-Q4.json`). */
  labelOf: (subscriptionId: string) => string;
  onChoose: (c: ConflictView, choice: 'ours' | 'theirs') => Promise<void>;
}) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (conflicts.length === 0) return null;
  const choose = (c: ConflictView, choice: 'ours' | 'theirs') => {
    setBusy(c.key);
    setError(null);
    onChoose(c, choice)
      .catch((e: Error) => setError(e.message))
      .finally(() => setBusy(null));
  };
  return (
    <section className="card section conflicts" aria-labelledby="conflicts-h" role="region">
      <h2 id="conflicts-h">Conflicts with the team file ({conflicts.length})</h2>
      <p className="muted small">
        You and someone else changed the same field. The repository keeps their value until you
        choose; keeping yours commits it over theirs.
      </p>
      {error ? (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      ) : null}
      <ul className="conflict-list">
        {conflicts.map((c) => (
          <li key={c.key} className="conflict" aria-label={`Conflict: ${c.record} ${fieldName(c)}`}>
            <div>
              <strong>{c.record}</strong> · {fieldName(c)}{' '}
              <span className="muted small">({labelOf(c.subscriptionId)})</span>
            </div>
            <div className="conflict-values">
              <div>
                <span className="muted small">Yours</span>
                <div data-testid="conflict-ours">{show(c.ours)}</div>
              </div>
              <div>
                <span className="muted small">In the repository</span>
                <div data-testid="conflict-theirs">{show(c.theirs)}</div>
              </div>
            </div>
            <div className="row">
              <button
                type="button"
                className="btn btn-sm btn-primary"
                disabled={busy === c.key}
                onClick={() => choose(c, 'ours')}
              >
                Keep mine
              </button>
              <button
                type="button"
                className="btn btn-sm"
                disabled={busy === c.key}
                onClick={() => choose(c, 'theirs')}
              >
                Take theirs
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
