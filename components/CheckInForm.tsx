/** A check-in on one key result: date, value, confidence, note; its history below. */
import type { ReactNode } from 'react';
import type { Mark, MarkOf } from '@/lib/okr/team-marks';
import { TeamMark } from './TeamMark';
import { checkInSchema } from '@/lib/okr/model';
import type { CheckIn, KeyResult } from '@/lib/okr/model';
import { compact } from '@/lib/okr/objects';
import { formatValue } from '@/lib/okr/progress';
import { FormModal, TextField, fieldNumber, numText, orUndef, useForm, validate } from './formKit';
import type { Checked } from './formKit';
import { Field } from './ui';

/** A check-in's mark when it is not (yet) the team's: shared ones need no word. */
const unshared = (markOf: MarkOf | undefined, id: string | undefined) => {
  const m = id === undefined ? undefined : markOf?.(id);
  return m && m.tone !== 'team' ? m : undefined;
};

/** A space and the mark, or nothing (the history's text must end with the note). */
const HistoryMark = ({ mark }: { mark: Mark | undefined }) =>
  mark ? (
    <>
      {' '}
      <TeamMark mark={mark} />
    </>
  ) : null;

const confidenceOptions = [
  ['', 'Not given'],
  ['on-track', 'On track'],
  ['at-risk', 'At risk'],
  ['off-track', 'Off track'],
] as const;

function confidenceText(c: CheckIn['confidence']): string | undefined {
  if (typeof c === 'string') return confidenceOptions.find(([v]) => v === c)?.[1];
  return c !== undefined ? `Confidence ${c}/10` : '';
}

function History({
  kr,
  history,
  onDelete,
  markOf,
}: {
  kr: KeyResult;
  history: readonly CheckIn[];
  onDelete: (id: string) => Promise<void>;
  markOf?: MarkOf;
}) {
  const milestone = kr.kind === 'milestone';
  const title = <h3 style={{ fontSize: 13, margin: '8px 0' }}>History</h3>;
  if (history.length === 0)
    return (
      <>
        {title}
        <p className="muted small">No check-ins yet.</p>
      </>
    );
  return (
    <>
      {title}
      <ul className="history" aria-label="Check-in history">
        {history.map((c, i) => (
          <li key={c.id ?? i}>
            <span>{c.at.slice(0, 10)}</span>
            <strong>
              {milestone ? (c.value >= 1 ? 'Done' : 'Not yet') : formatValue(c.value, kr.unit)}
            </strong>
            <span className="muted">
              {confidenceText(c.confidence)}
              {c.note ? ` — ${c.note}` : ''}
              <HistoryMark mark={unshared(markOf, c.id)} />
            </span>
            {c.id ? (
              <button
                type="button"
                className="btn btn-ghost btn-sm"
                aria-label={`Delete check-in of ${c.at.slice(0, 10)}`}
                onClick={() => void onDelete(c.id!)}
              >
                ✕
              </button>
            ) : (
              <span />
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

type Values = Record<'at' | 'value' | 'confidence' | 'note', string>;

/** The form's values as a check-in, or the errors to show. */
function checkInOf(kr: KeyResult, values: Values, today: string): Checked<CheckIn> {
  const value = fieldNumber(values.value);
  if (value === undefined || Number.isNaN(value))
    return { ok: false, errors: { value: 'Enter the current value as a number.' } };
  if (values.at > today)
    return { ok: false, errors: { at: 'A check-in cannot be dated in the future.' } };
  const draft = compact({
    keyResultId: kr.id,
    at: values.at,
    value,
    confidence: values.confidence === '' ? undefined : (values.confidence as CheckIn['confidence']),
    note: orUndef(values.note),
  });
  return validate(checkInSchema, draft);
}

interface CheckInFormProps {
  kr: KeyResult;
  history: readonly CheckIn[];
  today: string;
  onSave: (c: CheckIn) => Promise<void>;
  onDelete: (id: string) => Promise<void>;
  onClose: () => void;
  extra?: ReactNode;
  /** Team OKRs: check-ins not (yet) in the team file are marked. */
  markOf?: MarkOf;
}

export function CheckInForm(props: CheckInFormProps) {
  const { kr, history, today, onSave, onDelete, onClose, extra, markOf } = props;
  const milestone = kr.kind === 'milestone';
  const f = useForm({
    at: today,
    value: milestone ? String(kr.current ?? 0) : numText(kr.current),
    confidence: '',
    note: '',
  });
  const submit = () => {
    const r = checkInOf(kr, f.values, today);
    f.submit(r, onSave);
  };
  return (
    <FormModal
      form={f}
      title={`Check in on ${kr.code}`}
      submitLabel="Save check-in"
      onClose={onClose}
      onSubmit={submit}
      lead={
        <p className="muted" style={{ marginTop: 0 }}>
          {kr.title}
          {kr.target !== undefined ? ` · target ${formatValue(kr.target, kr.unit)}` : ''}
        </p>
      }
    >
      <div className="grid-2">
        <Field label="Date" id="f-at" error={f.errors.at}>
          <input type="date" max={today} {...f.bind('at')} />
        </Field>
        {milestone ? (
          <Field label="Done?" id="f-value" error={f.errors.value}>
            <select {...f.bind('value')}>
              <option value="0">Not yet</option>
              <option value="1">Done</option>
            </select>
          </Field>
        ) : (
          <TextField
            form={f}
            name="value"
            label={`Value${kr.unit ? ` (${kr.unit})` : ''}`}
            decimal
            autoFocus
          />
        )}
      </div>
      <Field label="Confidence" id="f-confidence" error={f.errors.confidence}>
        <select {...f.bind('confidence')}>
          {confidenceOptions.map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Note" id="f-note" error={f.errors.note}>
        <textarea {...f.bind('note')} placeholder="What moved, what blocks, what's next" />
      </Field>
      {extra}
      <History kr={kr} history={history} onDelete={onDelete} markOf={markOf} />
    </FormModal>
  );
}
