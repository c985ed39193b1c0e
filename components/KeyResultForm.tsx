/** The key result form: code, kind, weight, title, start/target/unit, current value, owner. */
import { keyResultSchema, krKinds } from '@/lib/okr/model';
import type { KeyResult, KrKind } from '@/lib/okr/model';
import { compact } from '@/lib/okr/objects';
import { FormModal, TextField, fieldNumber, numText, orUndef, useForm, validate } from './formKit';
import type { Checked, Errors, FormState } from './formKit';
import { Field } from './ui';

const kindHelp: Record<KrKind, string> = {
  increase: 'Grow a number from start to target (e.g. MAU 120k → 170k).',
  decrease: 'Bring a number down from start to target (e.g. critical bugs 40 → 20).',
  maintain: 'Keep a value at or beyond a threshold all cycle (e.g. sprint completion ≥ 90%).',
  milestone: 'Done or not done.',
};

const formValues = (kr: KeyResult) => ({
  code: kr.code,
  title: kr.title,
  kind: kr.kind,
  start: numText(kr.start),
  target: numText(kr.target),
  current: numText(kr.current),
  unit: kr.unit ?? '',
  owner: kr.owner ?? '',
  weight: numText(kr.weight),
  direction: kr.direction ?? 'atLeast',
});
type Values = ReturnType<typeof formValues>;
type Nums = Partial<Record<'start' | 'target' | 'current' | 'weight', number>>;

/** The typed numbers, or an error on each field that is not one. */
function numbersOf(values: Values): { ok: true; nums: Nums } | { ok: false; errors: Errors } {
  const nums: Nums = {};
  const errors: Errors = {};
  for (const name of ['start', 'target', 'current', 'weight'] as const) {
    const n = fieldNumber(values[name]);
    if (Number.isNaN(n)) errors[name] = 'Enter a number, like 1200 or 12.5.';
    nums[name] = n;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, nums };
}

/** What the kind asks of start and target: the target error, if any. */
function targetError(kind: KrKind, { start = 0, target }: Nums): string | undefined {
  const numeric = kind === 'increase' || kind === 'decrease';
  if (numeric && target === undefined) return 'A numeric key result needs a target.';
  if (numeric && start === target) return 'The target must differ from the start.';
  if (kind === 'increase' && target! < start)
    return 'For “increase” the target is above the start (or choose “decrease”).';
  if (kind === 'decrease' && target! > start)
    return 'For “decrease” the target is below the start (or choose “increase”).';
  if (kind === 'maintain' && target === undefined) return 'Give the threshold to keep.';
  return undefined;
}

/** The form's values as a key result, or the errors to show. */
function keyResultOf(initial: KeyResult, values: Values): Checked<KeyResult> {
  const parsed = numbersOf(values);
  if (!parsed.ok) return parsed;
  const { nums } = parsed;
  const kind = values.kind;
  const target = targetError(kind, nums);
  if (target) return { ok: false, errors: { target } };
  const milestone = kind === 'milestone';
  const draft = compact({
    ...initial,
    code: values.code.trim(),
    title: values.title.trim(),
    kind,
    start: milestone ? undefined : (nums.start ?? (kind === 'maintain' ? undefined : 0)),
    target: milestone ? undefined : nums.target,
    current: milestone ? initial.current : nums.current,
    unit: milestone ? undefined : orUndef(values.unit),
    owner: orUndef(values.owner),
    weight: nums.weight,
    direction: kind === 'maintain' ? values.direction : undefined,
  });
  return validate(keyResultSchema, draft);
}

/** Start (or, to maintain, the direction), target or threshold, unit. */
function RangeFields({ f }: { f: FormState<Values> }) {
  const { kind } = f.values;
  return (
    <div className="grid-3">
      {kind !== 'maintain' ? (
        <TextField form={f} name="start" label="Start" decimal />
      ) : (
        <Field label="Keep it" id="f-direction" error={f.errors.direction}>
          <select {...f.bind('direction')}>
            <option value="atLeast">at least (≥)</option>
            <option value="atMost">at most (≤)</option>
          </select>
        </Field>
      )}
      <TextField
        form={f}
        name="target"
        label={kind === 'maintain' ? 'Threshold' : 'Target'}
        decimal
      />
      <TextField form={f} name="unit" label="Unit" hint="%, users, ms, $ …" />
    </div>
  );
}

export function KeyResultForm({
  initial,
  onSave,
  onClose,
}: {
  initial: KeyResult;
  onSave: (k: KeyResult) => Promise<void>;
  onClose: () => void;
}) {
  const f = useForm(formValues(initial));
  const kind = f.values.kind;
  const numeric = kind !== 'milestone';
  const submit = () => {
    const r = keyResultOf(initial, f.values);
    f.submit(r, onSave);
  };
  return (
    <FormModal
      form={f}
      title={initial.title ? `Edit ${initial.code}` : 'New key result'}
      submitLabel="Save key result"
      onClose={onClose}
      onSubmit={submit}
    >
      <div className="grid-3">
        <TextField form={f} name="code" label="Code" hint="Used in tags and labels." />
        <Field label="Kind" id="f-kind" error={f.errors.kind}>
          <select {...f.bind('kind')}>
            {krKinds.map((k) => (
              <option key={k} value={k}>
                {k[0]!.toUpperCase() + k.slice(1)}
              </option>
            ))}
          </select>
        </Field>
        <TextField form={f} name="weight" label="Weight" hint="Default 1." decimal />
      </div>
      <TextField
        form={f}
        name="title"
        label="Title"
        hint="A measurable outcome, not an output."
        autoFocus
      />
      <p className="muted small" style={{ marginTop: -4 }}>
        {kindHelp[kind]}
      </p>
      {numeric ? <RangeFields f={f} /> : null}
      <div className="grid-2">
        {numeric ? (
          <TextField
            form={f}
            name="current"
            label="Current value"
            hint="A change here is recorded as a check-in."
            decimal
          />
        ) : (
          <div />
        )}
        <TextField form={f} name="owner" label="Owner" />
      </div>
    </FormModal>
  );
}
