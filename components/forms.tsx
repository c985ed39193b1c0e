/**
 * Editor forms: cycle, objective, key result, check-in. Each validates with the model's zod
 * schema before sending, and shows the background's answer (a field error such as a taken
 * KR code) next to the field it names.
 */
import { useState } from 'react';
import type { ReactNode } from 'react';
import type { ZodType } from 'zod';
import {
  cycleSchema,
  keyResultSchema,
  objectiveSchema,
  checkInSchema,
  krKinds,
} from '@/lib/okr/model';
import type { CheckIn, Cycle, KeyResult, KrKind, Objective } from '@/lib/okr/model';
import { formatValue } from '@/lib/okr/progress';
import { Field, Modal, describedBy } from './ui';

type Errors = Record<string, string>;

/** An error thrown by a save: `field` names the input it belongs to, if any. */
function errorsFrom(e: unknown): Errors {
  const err = e as {
    field?: string;
    message?: string;
    issues?: { path: string; message: string }[];
  };
  if (err.issues?.length) {
    const out: Errors = {};
    for (const i of err.issues) out[i.path.split('.').pop() ?? '_form'] ??= i.message;
    return out;
  }
  return { [err.field ?? '_form']: err.message ?? String(e) };
}

function validate<T>(
  schema: ZodType<T>,
  value: unknown,
): { ok: true; value: T } | { ok: false; errors: Errors } {
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, value: r.data };
  const errors: Errors = {};
  for (const i of r.error.issues) errors[String(i.path[0] ?? '_form')] ??= i.message;
  return { ok: false, errors };
}

/** '' → undefined; '1,200' → 1200; anything else that is not a number → NaN (an error). */
function parseNumber(s: string): number | undefined {
  const t = s.trim().replace(/,/g, '');
  if (t === '') return undefined;
  return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t) ? Number(t) : Number.NaN;
}
const numText = (n: number | undefined) => (n === undefined ? '' : String(n));
const orUndef = (s: string) => (s.trim() === '' ? undefined : s.trim());

function useFormState<T extends Record<string, string>>(initial: T) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const bind = (name: keyof T & string) => ({
    id: `f-${name}`,
    name,
    value: values[name],
    onChange: (e: { target: { value: string } }) =>
      setValues((v) => ({ ...v, [name]: e.target.value })),
    ...describedBy(`f-${name}`, errors[name]),
  });
  return { values, setValues, errors, setErrors, busy, setBusy, bind };
}

function Footer({
  busy,
  onCancel,
  submitLabel,
}: {
  busy: boolean;
  onCancel: () => void;
  submitLabel: string;
}) {
  return (
    <>
      <button type="button" className="btn" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {submitLabel}
      </button>
    </>
  );
}

function FormError({ errors }: { errors: Errors }) {
  return errors._form ? (
    <div className="form-error" role="alert">
      {errors._form}
    </div>
  ) : null;
}

async function runSave(
  f: { setBusy: (b: boolean) => void; setErrors: (e: Errors) => void },
  save: () => Promise<void>,
) {
  f.setBusy(true);
  try {
    await save();
  } catch (e) {
    f.setErrors(errorsFrom(e));
  } finally {
    f.setBusy(false);
  }
}

export function CycleForm({
  initial,
  onSave,
  onClose,
}: {
  initial: Cycle;
  onSave: (c: Cycle) => Promise<void>;
  onClose: () => void;
}) {
  const f = useFormState({ name: initial.name, start: initial.start, end: initial.end });
  const submit = () => {
    const r = validate(cycleSchema, { id: initial.id, ...f.values, name: f.values.name.trim() });
    if (!r.ok) return f.setErrors(r.errors);
    if (r.value.end < r.value.start)
      return f.setErrors({ end: 'The cycle ends before it starts.' });
    void runSave(f, () => onSave(r.value));
  };
  return (
    <Modal
      title="Cycle"
      onClose={onClose}
      onSubmit={submit}
      footer={<Footer busy={f.busy} onCancel={onClose} submitLabel="Save cycle" />}
    >
      <FormError errors={f.errors} />
      <Field label="Name" id="f-name" error={f.errors.name}>
        <input {...f.bind('name')} autoFocus />
      </Field>
      <div className="grid-2">
        <Field label="Starts" id="f-start" error={f.errors.start}>
          <input type="date" {...f.bind('start')} />
        </Field>
        <Field label="Ends (inclusive)" id="f-end" error={f.errors.end}>
          <input type="date" {...f.bind('end')} />
        </Field>
      </div>
    </Modal>
  );
}

export function ObjectiveForm({
  initial,
  parents,
  onSave,
  onClose,
}: {
  initial: Objective;
  /** Objectives this one may align to (other cycles' company objectives included). */
  parents: readonly Objective[];
  onSave: (o: Objective) => Promise<void>;
  onClose: () => void;
}) {
  const f = useFormState({
    title: initial.title,
    description: initial.description ?? '',
    owner: initial.owner ?? '',
    team: initial.team ?? '',
    parentId: initial.parentId ?? '',
  });
  const submit = () => {
    const draft = {
      ...initial,
      title: f.values.title.trim(),
      description: orUndef(f.values.description),
      owner: orUndef(f.values.owner),
      team: orUndef(f.values.team),
      parentId: orUndef(f.values.parentId),
    };
    const r = validate(objectiveSchema, stripUndefined(draft));
    if (!r.ok) return f.setErrors(r.errors);
    void runSave(f, () => onSave(r.value));
  };
  return (
    <Modal
      title={initial.title ? 'Edit objective' : 'New objective'}
      onClose={onClose}
      onSubmit={submit}
      footer={<Footer busy={f.busy} onCancel={onClose} submitLabel="Save objective" />}
    >
      <FormError errors={f.errors} />
      <Field
        label="Title"
        id="f-title"
        error={f.errors.title}
        hint="Qualitative and inspiring: a rallying cry."
      >
        <input {...f.bind('title')} autoFocus />
      </Field>
      <Field label="Description" id="f-description" error={f.errors.description}>
        <textarea {...f.bind('description')} />
      </Field>
      <div className="grid-2">
        <Field
          label="Owner team"
          id="f-owner"
          error={f.errors.owner}
          hint="OKRs belong to teams, not individuals."
        >
          <input {...f.bind('owner')} />
        </Field>
        <Field label="Team" id="f-team" error={f.errors.team}>
          <input {...f.bind('team')} />
        </Field>
      </div>
      <Field label="Aligns to (parent objective)" id="f-parentId" error={f.errors.parentId}>
        <select {...f.bind('parentId')}>
          <option value="">None</option>
          {parents
            .filter((p) => p.id !== initial.id)
            .map((p) => (
              <option key={p.id} value={p.id}>
                {p.title}
              </option>
            ))}
        </select>
      </Field>
    </Modal>
  );
}

const kindHelp: Record<KrKind, string> = {
  increase: 'Grow a number from start to target (e.g. MAU 120k → 170k).',
  decrease: 'Bring a number down from start to target (e.g. critical bugs 40 → 20).',
  maintain: 'Keep a value at or beyond a threshold all cycle (e.g. sprint completion ≥ 90%).',
  milestone: 'Done or not done.',
};

export function KeyResultForm({
  initial,
  onSave,
  onClose,
}: {
  initial: KeyResult;
  onSave: (k: KeyResult) => Promise<void>;
  onClose: () => void;
}) {
  const f = useFormState({
    code: initial.code,
    title: initial.title,
    kind: initial.kind,
    start: numText(initial.start),
    target: numText(initial.target),
    current: numText(initial.current),
    unit: initial.unit ?? '',
    owner: initial.owner ?? '',
    weight: numText(initial.weight),
    direction: initial.direction ?? 'atLeast',
  });
  const kind = f.values.kind;
  const numeric = kind !== 'milestone';
  const submit = () => {
    const nums: Record<string, number | undefined> = {};
    const errors: Errors = {};
    for (const name of ['start', 'target', 'current', 'weight'] as const) {
      const n = parseNumber(f.values[name]);
      if (Number.isNaN(n)) errors[name] = 'Enter a number, like 1200 or 12.5.';
      nums[name] = n;
    }
    if (Object.keys(errors).length) return f.setErrors(errors);
    if ((kind === 'increase' || kind === 'decrease') && nums.target === undefined)
      return f.setErrors({ target: 'A numeric key result needs a target.' });
    if ((kind === 'increase' || kind === 'decrease') && (nums.start ?? 0) === nums.target)
      return f.setErrors({ target: 'The target must differ from the start.' });
    if (kind === 'increase' && nums.target! < (nums.start ?? 0))
      return f.setErrors({
        target: 'For “increase” the target is above the start (or choose “decrease”).',
      });
    if (kind === 'decrease' && nums.target! > (nums.start ?? 0))
      return f.setErrors({
        target: 'For “decrease” the target is below the start (or choose “increase”).',
      });
    if (kind === 'maintain' && nums.target === undefined)
      return f.setErrors({ target: 'Give the threshold to keep.' });
    const draft = stripUndefined({
      ...initial,
      code: f.values.code.trim(),
      title: f.values.title.trim(),
      kind,
      start:
        kind === 'milestone' ? undefined : (nums.start ?? (kind === 'maintain' ? undefined : 0)),
      target: kind === 'milestone' ? undefined : nums.target,
      current: kind === 'milestone' ? initial.current : nums.current,
      unit: numeric ? orUndef(f.values.unit) : undefined,
      owner: orUndef(f.values.owner),
      weight: nums.weight,
      direction: kind === 'maintain' ? f.values.direction : undefined,
    });
    const r = validate(keyResultSchema, draft);
    if (!r.ok) return f.setErrors(r.errors);
    void runSave(f, () => onSave(r.value));
  };
  return (
    <Modal
      title={initial.title ? `Edit ${initial.code}` : 'New key result'}
      onClose={onClose}
      onSubmit={submit}
      footer={<Footer busy={f.busy} onCancel={onClose} submitLabel="Save key result" />}
    >
      <FormError errors={f.errors} />
      <div className="grid-3">
        <Field label="Code" id="f-code" error={f.errors.code} hint="Used in tags and labels.">
          <input {...f.bind('code')} />
        </Field>
        <Field label="Kind" id="f-kind" error={f.errors.kind}>
          <select {...f.bind('kind')}>
            {krKinds.map((k) => (
              <option key={k} value={k}>
                {k[0]!.toUpperCase() + k.slice(1)}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Weight" id="f-weight" error={f.errors.weight} hint="Default 1.">
          <input inputMode="decimal" {...f.bind('weight')} />
        </Field>
      </div>
      <Field
        label="Title"
        id="f-title"
        error={f.errors.title}
        hint="A measurable outcome, not an output."
      >
        <input {...f.bind('title')} autoFocus />
      </Field>
      <p className="muted small" style={{ marginTop: -4 }}>
        {kindHelp[kind]}
      </p>
      {numeric ? (
        <div className="grid-3">
          {kind !== 'maintain' ? (
            <Field label="Start" id="f-start" error={f.errors.start}>
              <input inputMode="decimal" {...f.bind('start')} />
            </Field>
          ) : (
            <Field label="Keep it" id="f-direction" error={f.errors.direction}>
              <select {...f.bind('direction')}>
                <option value="atLeast">at least (≥)</option>
                <option value="atMost">at most (≤)</option>
              </select>
            </Field>
          )}
          <Field
            label={kind === 'maintain' ? 'Threshold' : 'Target'}
            id="f-target"
            error={f.errors.target}
          >
            <input inputMode="decimal" {...f.bind('target')} />
          </Field>
          <Field label="Unit" id="f-unit" error={f.errors.unit} hint="%, users, ms, $ …">
            <input {...f.bind('unit')} />
          </Field>
        </div>
      ) : null}
      <div className="grid-2">
        {numeric ? (
          <Field
            label="Current value"
            id="f-current"
            error={f.errors.current}
            hint="A change here is recorded as a check-in."
          >
            <input inputMode="decimal" {...f.bind('current')} />
          </Field>
        ) : (
          <div />
        )}
        <Field label="Owner" id="f-owner" error={f.errors.owner}>
          <input {...f.bind('owner')} />
        </Field>
      </div>
    </Modal>
  );
}

const confidenceOptions = [
  ['', 'Not given'],
  ['on-track', 'On track'],
  ['at-risk', 'At risk'],
  ['off-track', 'Off track'],
] as const;

export function CheckInForm({
  kr,
  history,
  today,
  onSave,
  onDelete,
  onClose,
  extra,
}: {
  kr: KeyResult;
  history: readonly CheckIn[];
  today: string;
  onSave: (c: CheckIn) => Promise<void>;
  onDelete: (id: string) => Promise<void>;
  onClose: () => void;
  extra?: ReactNode;
}) {
  const milestone = kr.kind === 'milestone';
  const f = useFormState({
    at: today,
    value: milestone ? String(kr.current ?? 0) : numText(kr.current),
    confidence: '',
    note: '',
  });
  const submit = () => {
    const value = parseNumber(f.values.value);
    if (value === undefined || Number.isNaN(value))
      return f.setErrors({ value: 'Enter the current value as a number.' });
    if (f.values.at > today)
      return f.setErrors({ at: 'A check-in cannot be dated in the future.' });
    const draft = stripUndefined({
      keyResultId: kr.id,
      at: f.values.at,
      value,
      confidence:
        f.values.confidence === '' ? undefined : (f.values.confidence as CheckIn['confidence']),
      note: orUndef(f.values.note),
    });
    const r = validate(checkInSchema, draft);
    if (!r.ok) return f.setErrors(r.errors);
    void runSave(f, () => onSave(r.value));
  };
  return (
    <Modal
      title={`Check in on ${kr.code}`}
      onClose={onClose}
      onSubmit={submit}
      footer={<Footer busy={f.busy} onCancel={onClose} submitLabel="Save check-in" />}
    >
      <p className="muted" style={{ marginTop: 0 }}>
        {kr.title}
        {kr.target !== undefined ? ` · target ${formatValue(kr.target, kr.unit)}` : ''}
      </p>
      <FormError errors={f.errors} />
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
          <Field
            label={`Value${kr.unit ? ` (${kr.unit})` : ''}`}
            id="f-value"
            error={f.errors.value}
          >
            <input inputMode="decimal" {...f.bind('value')} autoFocus />
          </Field>
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
      <h3 style={{ fontSize: 13, margin: '8px 0' }}>History</h3>
      {history.length === 0 ? (
        <p className="muted small">No check-ins yet.</p>
      ) : (
        <ul className="history" aria-label="Check-in history">
          {history.map((c, i) => (
            <li key={c.id ?? i}>
              <span>{c.at.slice(0, 10)}</span>
              <strong>
                {milestone ? (c.value >= 1 ? 'Done' : 'Not yet') : formatValue(c.value, kr.unit)}
              </strong>
              <span className="muted">
                {typeof c.confidence === 'string'
                  ? confidenceOptions.find(([v]) => v === c.confidence)?.[1]
                  : c.confidence !== undefined
                    ? `Confidence ${c.confidence}/10`
                    : ''}
                {c.note ? ` — ${c.note}` : ''}
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
      )}
    </Modal>
  );
}

/** Drop keys whose value is undefined: strict schemas and exact round trips want them absent. */
export function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
