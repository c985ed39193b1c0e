/**
 * What the editor forms share: field state with errors, validation with the model's zod
 * schemas, number fields, the save that shows the background's answer (a field error such as
 * a taken KR code) next to the field it names, and the footer buttons.
 */
import { useState } from 'react';
import type { ReactNode } from 'react';
import type { ZodType } from 'zod';
import { parseLooseNumber } from '@/lib/okr/numbers';
import { Field, Modal, describedBy } from './ui';

export type Errors = Record<string, string>;
/** A form's values as a record, or the errors to show by field. */
export type Checked<V> = { ok: true; value: V } | { ok: false; errors: Errors };

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

export function validate<T>(schema: ZodType<T>, value: unknown): Checked<T> {
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, value: r.data };
  const errors: Errors = {};
  for (const i of r.error.issues) errors[String(i.path[0] ?? '_form')] ??= i.message;
  return { ok: false, errors };
}

/**
 * A number field's value: '' → undefined; a number as people type it ('1,200', '-3.5', '1e3',
 * lib/okr/numbers.ts) → the number; anything else, a number with a unit too → NaN (an error).
 */
export function fieldNumber(s: string): number | undefined {
  const r = parseLooseNumber(s);
  if (r === undefined) return undefined;
  return 'error' in r || r.unit !== undefined ? Number.NaN : r.value;
}
export const numText = (n: number | undefined) => (n === undefined ? '' : String(n));
export const orUndef = (s: string) => (s.trim() === '' ? undefined : s.trim());

export function useForm<T extends Record<string, string>>(initial: T) {
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
  /** Save a checked record, or show why it cannot be saved. */
  const submit = <V,>(checked: Checked<V>, onSave: (value: V) => Promise<void>) => {
    if (!checked.ok) return setErrors(checked.errors);
    void runSave({ setBusy, setErrors }, () => onSave(checked.value));
  };
  return { values, setValues, errors, setErrors, busy, bind, submit };
}

export type FormState<T extends Record<string, string>> = ReturnType<typeof useForm<T>>;

/** A labelled text input bound to the form field `name` (id `f-<name>`). */
export function TextField<T extends Record<string, string>>({
  form,
  name,
  label,
  hint,
  autoFocus,
  decimal,
}: {
  form: FormState<T>;
  name: keyof T & string;
  label: string;
  hint?: string;
  autoFocus?: boolean;
  /** A number: the decimal keypad on touch screens. */
  decimal?: boolean;
}) {
  return (
    <Field label={label} id={`f-${name}`} error={form.errors[name]} hint={hint}>
      <input
        inputMode={decimal ? 'decimal' : undefined}
        {...form.bind(name)}
        autoFocus={autoFocus}
      />
    </Field>
  );
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

/** Save; a refusal lands next to the field it names (or on top of the form). */
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

/** A form in a modal: `lead` (if any), the form-wide error, the fields, Cancel and Save. */
export function FormModal<T extends Record<string, string>>({
  form,
  title,
  submitLabel,
  onClose,
  onSubmit,
  lead,
  children,
}: {
  form: FormState<T>;
  title: string;
  submitLabel: string;
  onClose: () => void;
  onSubmit: () => void;
  lead?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Modal
      title={title}
      onClose={onClose}
      onSubmit={onSubmit}
      footer={<Footer busy={form.busy} onCancel={onClose} submitLabel={submitLabel} />}
    >
      {lead}
      <FormError errors={form.errors} />
      {children}
    </Modal>
  );
}
