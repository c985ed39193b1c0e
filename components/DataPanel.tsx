/** Import / export / clear. The work (parsing, validating, writing) happens in the caller. */
import { useState } from 'react';
import type { ImportOutcome } from '@/lib/import/pipeline';
import { ConfirmDialog } from './ui';

export type { ImportOutcome };

/** Issues listed under a refused import; the rest are counted. */
const ISSUES_SHOWN = 20;

function OutcomeNotice({ outcome }: { outcome: ImportOutcome }) {
  if (outcome.ok)
    return (
      <div className="notice notice-ok" role="status" style={{ marginTop: 12 }}>
        {outcome.summary}
        {outcome.warnings?.length ? (
          <ul>
            {outcome.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        ) : null}
      </div>
    );
  return (
    <div
      className="notice notice-error"
      role="alert"
      style={{ marginTop: 12 }}
      data-testid="import-error"
    >
      <strong>Nothing was imported.</strong> {outcome.message}
      {outcome.issues?.length ? (
        <ul>
          {outcome.issues.slice(0, ISSUES_SHOWN).map((i, n) => (
            <li key={n}>
              <code>{i.path}</code>: {i.message}
            </li>
          ))}
          {outcome.issues.length > ISSUES_SHOWN ? (
            <li>… and {outcome.issues.length - ISSUES_SHOWN} more</li>
          ) : null}
        </ul>
      ) : null}
    </div>
  );
}

function ImportSection({ onImport }: { onImport: (file: File) => Promise<ImportOutcome> }) {
  const [file, setFile] = useState<File | null>(null);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  const [inputKey, setInputKey] = useState(0);
  const runImport = async () => {
    if (!file) return;
    setBusy(true);
    try {
      const result = await onImport(file);
      setOutcome(result);
      if (result.ok) {
        setFile(null);
        setInputKey((k) => k + 1);
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card section" aria-labelledby="import-h">
      <h2 id="import-h">Import</h2>
      <p className="muted">
        An OKR Lens JSON file (merged by id: importing the same file twice changes nothing), or a
        CSV exported from Appfire’s “OKR for Jira” (columns Order, Type, Summary, Period, Owner,
        Start value, Current value, Target value, Description). A file with any error changes
        nothing.
      </p>
      <div className="row">
        <label className="sr-only" htmlFor="import-file">
          File to import
        </label>
        <input
          key={inputKey}
          id="import-file"
          type="file"
          accept=".json,.csv,application/json,text/csv"
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setOutcome(null);
          }}
        />
        <button
          type="button"
          className="btn btn-primary"
          disabled={!file || busy}
          onClick={() => void runImport()}
        >
          Import
        </button>
      </div>
      {outcome ? <OutcomeNotice outcome={outcome} /> : null}
    </section>
  );
}

function ClearSection({ onClear }: { onClear: () => Promise<void> }) {
  const [confirmClear, setConfirmClear] = useState(false);
  return (
    <>
      <section className="card section" aria-labelledby="clear-h">
        <h2 id="clear-h">Clear all data</h2>
        <p className="muted">
          Deletes every cycle, objective, key result, check-in and link. Export first.
        </p>
        <button type="button" className="btn btn-danger" onClick={() => setConfirmClear(true)}>
          Clear all data…
        </button>
      </section>
      {confirmClear ? (
        <ConfirmDialog
          title="Clear all data?"
          message={
            <p>This deletes everything OKR Lens stores in this browser. It cannot be undone.</p>
          }
          confirmLabel="Clear everything"
          onClose={() => setConfirmClear(false)}
          onConfirm={() => {
            setConfirmClear(false);
            void onClear();
          }}
        />
      ) : null}
    </>
  );
}

export function DataPanel({
  onImport,
  onExport,
  onClear,
  counts,
}: {
  onImport: (file: File) => Promise<ImportOutcome>;
  onExport: () => Promise<void>;
  onClear: () => Promise<void>;
  counts: string;
}) {
  return (
    <div>
      <ImportSection onImport={onImport} />
      <section className="card section" aria-labelledby="export-h">
        <h2 id="export-h">Export</h2>
        <p className="muted">
          Everything ({counts}) as one JSON file in the interchange format, to share with your team
          or keep as a backup. The format is described by <code>okr-lens.schema.json</code>, shipped
          with the extension.
        </p>
        <button type="button" className="btn" onClick={() => void onExport()}>
          Export JSON
        </button>
      </section>
      <ClearSection onClear={onClear} />
    </div>
  );
}
