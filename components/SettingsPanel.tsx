/**
 * The user's settings: the status thresholds (how far behind the expected pace is still on
 * track or at risk), when a key result turns stale, the score bands of the end-of-cycle
 * review, and the tracker label patterns that link a ticket.
 */
import { useState } from 'react';
import { defaultSettings } from '@/lib/okr/model';
import type { Settings } from '@/lib/okr/model';
import { Field, describedBy } from './ui';

type Draft = Record<
  'onTrackGap' | 'atRiskGap' | 'staleDays' | 'scoreRedBelow' | 'scoreGreenFrom' | 'labelPatterns',
  string
>;
type Errors = Partial<Record<keyof Draft | '_form', string>>;

const toDraft = (s: Settings): Draft => ({
  onTrackGap: String(Math.round(s.onTrackGap * 100)),
  atRiskGap: String(Math.round(s.atRiskGap * 100)),
  staleDays: String(s.staleDays),
  scoreRedBelow: String(s.scoreRedBelow),
  scoreGreenFrom: String(s.scoreGreenFrom),
  labelPatterns: s.labelPatterns.join(', '),
});

const fields: Record<
  keyof Draft,
  { label: string; hint: string; inputMode?: 'decimal' | 'numeric' }
> = {
  onTrackGap: {
    label: 'On track up to (points behind)',
    hint: 'Default 15.',
    inputMode: 'decimal',
  },
  atRiskGap: {
    label: 'At risk up to (points behind)',
    hint: 'Default 30; beyond is off track.',
    inputMode: 'decimal',
  },
  staleDays: {
    label: 'Stale after (days without check-in)',
    hint: 'Default 14.',
    inputMode: 'numeric',
  },
  scoreRedBelow: { label: 'Red below', hint: 'Default 0.4.', inputMode: 'decimal' },
  scoreGreenFrom: {
    label: 'Green from',
    hint: 'Default 0.7 (success for a stretch goal).',
    inputMode: 'decimal',
  },
  labelPatterns: {
    label: 'Label patterns that link a ticket',
    hint: 'Comma-separated; {code} stands for a KR code. E.g. {code}, okr:{code}',
  },
};

/** The draft as settings, or the errors that keep it from being saved (by field). */
function fromDraft(draft: Draft): { ok: true; settings: Settings } | { ok: false; errors: Errors } {
  const num = (k: keyof Draft) => Number(draft[k].trim());
  const e: Errors = {};
  const onTrack = num('onTrackGap');
  const atRisk = num('atRiskGap');
  const stale = num('staleDays');
  const red = num('scoreRedBelow');
  const green = num('scoreGreenFrom');
  if (!(onTrack >= 0 && onTrack <= 100)) e.onTrackGap = 'Between 0 and 100 points.';
  if (!(atRisk >= 0 && atRisk <= 100)) e.atRiskGap = 'Between 0 and 100 points.';
  else if (atRisk < onTrack) e.atRiskGap = 'Must be at least the on-track gap.';
  if (!(Number.isInteger(stale) && stale >= 1 && stale <= 365))
    e.staleDays = 'A whole number of days, 1 to 365.';
  if (!(red >= 0 && red <= 1)) e.scoreRedBelow = 'A score between 0 and 1.';
  if (!(green >= 0 && green <= 1)) e.scoreGreenFrom = 'A score between 0 and 1.';
  else if (green < red) e.scoreGreenFrom = 'Must be at least the red band’s upper bound.';
  const patterns = draft.labelPatterns
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (patterns.some((p) => !p.includes('{code}')))
    e.labelPatterns = 'Each pattern must contain {code}.';
  if (Object.keys(e).length) return { ok: false, errors: e };
  return {
    ok: true,
    settings: {
      onTrackGap: onTrack / 100,
      atRiskGap: atRisk / 100,
      staleDays: stale,
      scoreRedBelow: red,
      scoreGreenFrom: green,
      labelPatterns: patterns,
    },
  };
}

function useSettingsForm(settings: Settings, onSave: (s: Settings) => Promise<void>) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(settings));
  const [errors, setErrors] = useState<Errors>({});
  const [saved, setSaved] = useState(false);
  const field = (name: keyof Draft) => (
    <Field
      label={fields[name].label}
      id={`s-${name}`}
      error={errors[name]}
      hint={fields[name].hint}
    >
      <input
        inputMode={fields[name].inputMode}
        id={`s-${name}`}
        value={draft[name]}
        onChange={(e) => {
          setSaved(false);
          setDraft((d) => ({ ...d, [name]: e.target.value }));
        }}
        {...describedBy(`s-${name}`, errors[name])}
      />
    </Field>
  );
  const submit = async () => {
    const r = fromDraft(draft);
    setErrors(r.ok ? {} : r.errors);
    if (!r.ok) return;
    try {
      await onSave(r.settings);
      setSaved(true);
    } catch (err) {
      setErrors({ _form: (err as Error).message });
    }
  };
  const reset = () => setDraft(toDraft(defaultSettings));
  return { field, errors, saved, submit, reset };
}

export function SettingsPanel({
  settings,
  onSave,
}: {
  settings: Settings;
  onSave: (s: Settings) => Promise<void>;
}) {
  const { field, errors, saved, submit, reset } = useSettingsForm(settings, onSave);
  return (
    <form
      className="card section"
      noValidate
      onSubmit={(ev) => {
        ev.preventDefault();
        void submit();
      }}
      aria-labelledby="settings-h"
    >
      <h2 id="settings-h">Status thresholds</h2>
      <p className="muted">
        Status compares progress with the pace expected by today (a straight line from the cycle’s
        start to its end). The gap is expected minus actual, in percentage points.
      </p>
      {errors._form ? <div className="form-error">{errors._form}</div> : null}
      <div className="grid-3">
        {field('onTrackGap')}
        {field('atRiskGap')}
        {field('staleDays')}
      </div>
      <h2 style={{ marginTop: 8 }}>End-of-cycle score bands</h2>
      <div className="grid-2">
        {field('scoreRedBelow')}
        {field('scoreGreenFrom')}
      </div>
      <h2 style={{ marginTop: 8 }}>Tracker labels</h2>
      {field('labelPatterns')}
      <div className="row">
        <button type="submit" className="btn btn-primary">
          Save settings
        </button>
        <button type="button" className="btn" onClick={reset}>
          Reset to defaults
        </button>
        {saved ? (
          <span role="status" className="muted">
            Saved.
          </span>
        ) : null}
      </div>
    </form>
  );
}
