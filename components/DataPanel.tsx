/**
 * Import / export / clear. The work (parsing, validating, writing) happens in the caller, which
 * reports the import's steps; an import running longer than a moment shows its step.
 */
import { useEffect, useState } from 'react';
import type { ImportOutcome } from '@/lib/import/pipeline';
import { progressText } from '@/lib/import/progress';
import type { ImportProgress } from '@/lib/import/progress';
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

type OnImport = (file: File, onProgress: (p: ImportProgress) => void) => Promise<ImportOutcome>;

/** An import that ends sooner shows no progress line (it would only flash). */
const PROGRESS_DELAY_MS = 300;

/** The running import's step, once it has run for `PROGRESS_DELAY_MS`; null otherwise. */
function useProgress(busy: boolean) {
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (!busy) {
      setShown(false);
      setProgress(null);
      return;
    }
    const timer = setTimeout(() => setShown(true), PROGRESS_DELAY_MS);
    return () => clearTimeout(timer);
  }, [busy]);
  return { shown: shown && progress ? progress : null, report: setProgress };
}

function ImportSection({ onImport }: { onImport: OnImport }) {
  const [file, setFile] = useState<File | null>(null);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  const [inputKey, setInputKey] = useState(0);
  const progress = useProgress(busy);
  const runImport = async () => {
    if (!file) return;
    setBusy(true);
    try {
      const result = await onImport(file, progress.report);
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
      {progress.shown ? (
        <p className="muted" role="status" data-testid="import-progress" style={{ marginTop: 12 }}>
          {progressText(progress.shown)}
        </p>
      ) : null}
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
  onImport: OnImport;
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
