/**
 * Editor forms: cycle, objective, key result (./KeyResultForm.tsx), check-in
 * (./CheckInForm.tsx). Each validates with the model's zod schema before sending, and shows
 * the background's answer next to the field it names (./formKit.tsx).
 */
import { cycleSchema, objectiveSchema } from '@/lib/okr/model';
import type { Cycle, Objective } from '@/lib/okr/model';
import { compact } from '@/lib/okr/objects';
import { FormModal, TextField, orUndef, useForm, validate } from './formKit';
import { Field, IdOptions } from './ui';

export { KeyResultForm } from './KeyResultForm';
export { CheckInForm } from './CheckInForm';

export function CycleForm({
  initial,
  onSave,
  onClose,
}: {
  initial: Cycle;
  onSave: (c: Cycle) => Promise<void>;
  onClose: () => void;
}) {
  const f = useForm({ name: initial.name, start: initial.start, end: initial.end });
  const submit = () => {
    const r = validate(cycleSchema, { id: initial.id, ...f.values, name: f.values.name.trim() });
    if (r.ok && r.value.end < r.value.start)
      return f.setErrors({ end: 'The cycle ends before it starts.' });
    f.submit(r, onSave);
  };
  return (
    <FormModal form={f} title="Cycle" submitLabel="Save cycle" onClose={onClose} onSubmit={submit}>
      <TextField form={f} name="name" label="Name" autoFocus />
      <div className="grid-2">
        <Field label="Starts" id="f-start" error={f.errors.start}>
          <input type="date" {...f.bind('start')} />
        </Field>
        <Field label="Ends (inclusive)" id="f-end" error={f.errors.end}>
          <input type="date" {...f.bind('end')} />
        </Field>
      </div>
    </FormModal>
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
  const f = useForm({
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
    const r = validate(objectiveSchema, compact(draft));
    f.submit(r, onSave);
  };
  return (
    <FormModal
      form={f}
      title={initial.title ? 'Edit objective' : 'New objective'}
      submitLabel="Save objective"
      onClose={onClose}
      onSubmit={submit}
    >
      <TextField
        form={f}
        name="title"
        label="Title"
        hint="Qualitative and inspiring: a rallying cry."
        autoFocus
      />
      <Field label="Description" id="f-description" error={f.errors.description}>
        <textarea {...f.bind('description')} />
      </Field>
      <div className="grid-2">
        <TextField
          form={f}
          name="owner"
          label="Owner team"
          hint="OKRs belong to teams, not individuals."
        />
        <TextField form={f} name="team" label="Team" />
      </div>
      <Field label="Aligns to (parent objective)" id="f-parentId" error={f.errors.parentId}>
        <select {...f.bind('parentId')}>
          <option value="">None</option>
          <IdOptions items={parents.filter((p) => p.id !== initial.id)} label={(p) => p.title} />
        </select>
      </Field>
    </FormModal>
  );
}
