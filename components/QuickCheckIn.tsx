/**
 * The popup's quick check-in on one key result: value, confidence and a note drafted from the
 * linked work done since the last check-in (the evidence, shown above the form).
 */
import { useEffect, useState } from 'react';
import type { Evidence, KrSummary } from '@/lib/okr/dto';
import type { PopupActions } from './popup-types';

/**
 * What was done since the last check-in. The sentences keep their text split into the same
 * nodes as ever: Chrome antialiases a line differently when the split moves.
 */
function EvidenceNote({ evidence }: { evidence: Evidence }) {
  return (
    <div className="small" data-testid="evidence">
      {evidence.doneSince.length ? (
        <>
          <strong>
            {evidence.doneSince.length} initiative{evidence.doneSince.length === 1 ? '' : 's'}{' '}
            {'done since'}{' '}
            {evidence.lastCheckIn
              ? `the last check-in (${evidence.lastCheckIn.at.slice(0, 10)})`
              : 'the start'}
          </strong>
          <ul className="popup-evidence">
            {evidence.doneSince.map((t) => (
              <li key={t.key}>
                {t.url ? (
                  <a href={t.url} target="_blank" rel="noreferrer">
                    {t.title ?? t.key}
                  </a>
                ) : (
                  (t.title ?? t.key)
                )}{' '}
                <span className="muted">({t.state})</span>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <span className="muted">
          No linked work done since{' '}
          {evidence.lastCheckIn
            ? `the last check-in (${evidence.lastCheckIn.at.slice(0, 10)})`
            : 'the start'}
          .
        </span>
      )}
    </div>
  );
}

/** The KR's evidence, loaded once; the note is drafted from it unless the user typed one. */
function useEvidence(
  krId: string,
  loadEvidence: PopupActions['loadEvidence'],
  setNote: (draft: (note: string) => string) => void,
): Evidence | undefined {
  const [evidence, setEvidence] = useState<Evidence | undefined>();
  useEffect(() => {
    let live = true;
    void loadEvidence(krId).then((e) => {
      if (!live) return;
      setEvidence(e);
      // Draft the note from the evidence; the user edits or clears it.
      if (e.doneSince.length)
        setNote(
          (n) =>
            n || `Done since last check-in: ${e.doneSince.map((t) => t.title ?? t.key).join('; ')}`,
        );
    });
    return () => {
      live = false;
    };
  }, [krId, loadEvidence, setNote]);
  return evidence;
}

/** Props for a control that a hidden label names: its id, the input style, its value. */
const control = (id: string, value: string, set: (v: string) => void) => ({
  id,
  className: 'input',
  value,
  onChange: (e: { target: { value: string } }) => set(e.target.value),
});

/** The form's fields and its save: a number (commas allowed), then the check-in. */
function useQuickCheckIn(k: KrSummary, today: string, actions: PopupActions, onDone: () => void) {
  const [value, setValue] = useState(
    k.evaluation.value === undefined ? '' : String(k.evaluation.value),
  );
  const [confidence, setConfidence] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | undefined>();
  const evidence = useEvidence(k.id, actions.loadEvidence, setNote);
  const submit = async () => {
    const n = Number(value.replace(/,/g, '').trim());
    if (value.trim() === '' || !Number.isFinite(n))
      return setError('Enter the current value as a number.');
    try {
      await actions.checkIn({
        keyResultId: k.id,
        at: today,
        value: n,
        ...(confidence ? { confidence: confidence as 'on-track' | 'at-risk' | 'off-track' } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      onDone();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return { value, setValue, confidence, setConfidence, note, setNote, error, evidence, submit };
}

export function QuickCheckIn({
  k,
  today,
  actions,
  onDone,
}: {
  k: KrSummary;
  today: string;
  actions: PopupActions;
  onDone: () => void;
}) {
  const { value, setValue, confidence, setConfidence, note, setNote, error, evidence, submit } =
    useQuickCheckIn(k, today, actions, onDone);
  const id = `ci-${k.id}`;
  return (
    <form
      className="popup-checkin"
      aria-label={`Check in on ${k.code}`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {evidence ? <EvidenceNote evidence={evidence} /> : null}
      <div className="row">
        <label className="sr-only" htmlFor={`${id}-v`}>
          {k.kind === 'milestone' ? 'Done (1) or not (0)' : `Value${k.unit ? ` (${k.unit})` : ''}`}
        </label>
        <input
          {...control(`${id}-v`, value, setValue)}
          inputMode="decimal"
          autoFocus
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-err` : undefined}
          placeholder={k.unit ?? 'value'}
        />
        <label className="sr-only" htmlFor={`${id}-c`}>
          Confidence
        </label>
        <select {...control(`${id}-c`, confidence, setConfidence)}>
          <option value="">Confidence…</option>
          <option value="on-track">On track</option>
          <option value="at-risk">At risk</option>
          <option value="off-track">Off track</option>
        </select>
      </div>
      <label className="sr-only" htmlFor={`${id}-n`}>
        Note
      </label>
      <textarea {...control(`${id}-n`, note, setNote)} rows={2} placeholder="Note (optional)" />
      {error ? (
        <div className="field-error" id={`${id}-err`} role="alert">
          {error}
        </div>
      ) : null}
      <div className="row">
        <button type="submit" className="btn btn-primary btn-sm">
          Save check-in
        </button>
        <button type="button" className="btn btn-sm" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
