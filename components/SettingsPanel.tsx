/** The thresholds of okr-domain.md as user settings. */
import { useState } from 'react';
import { defaultSettings } from '@/lib/okr/model';
import type { Settings } from '@/lib/okr/model';
import { Field, describedBy } from './ui';

type Draft = Record<
  'onTrackGap' | 'atRiskGap' | 'staleDays' | 'scoreRedBelow' | 'scoreGreenFrom' | 'labelPatterns',
  string
>;

const toDraft = (s: Settings): Draft => ({
  onTrackGap: String(Math.round(s.onTrackGap * 100)),
  atRiskGap: String(Math.round(s.atRiskGap * 100)),
  staleDays: String(s.staleDays),
  scoreRedBelow: String(s.scoreRedBelow),
  scoreGreenFrom: String(s.scoreGreenFrom),
  labelPatterns: s.labelPatterns.join(', '),
});

export function SettingsPanel({
  settings,
  onSave,
}: {
  settings: Settings;
  onSave: (s: Settings) => Promise<void>;
}) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(settings));
  const [errors, setErrors] = useState<Partial<Record<keyof Draft | '_form', string>>>({});
  const [saved, setSaved] = useState(false);
  const bind = (name: keyof Draft) => ({
    id: `s-${name}`,
    value: draft[name],
    onChange: (e: { target: { value: string } }) => {
      setSaved(false);
      setDraft((d) => ({ ...d, [name]: e.target.value }));
    },
    ...describedBy(`s-${name}`, errors[name]),
  });

  const submit = async () => {
    const num = (k: keyof Draft) => Number(draft[k].trim());
    const e: typeof errors = {};
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
    setErrors(e);
    if (Object.keys(e).length) return;
    try {
      await onSave({
        onTrackGap: onTrack / 100,
        atRiskGap: atRisk / 100,
        staleDays: stale,
        scoreRedBelow: red,
        scoreGreenFrom: green,
        labelPatterns: patterns,
      });
      setSaved(true);
    } catch (err) {
      setErrors({ _form: (err as Error).message });
    }
  };

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
        <Field
          label="On track up to (points behind)"
          id="s-onTrackGap"
          error={errors.onTrackGap}
          hint="Default 15."
        >
          <input inputMode="decimal" {...bind('onTrackGap')} />
        </Field>
        <Field
          label="At risk up to (points behind)"
          id="s-atRiskGap"
          error={errors.atRiskGap}
          hint="Default 30; beyond is off track."
        >
          <input inputMode="decimal" {...bind('atRiskGap')} />
        </Field>
        <Field
          label="Stale after (days without check-in)"
          id="s-staleDays"
          error={errors.staleDays}
          hint="Default 14."
        >
          <input inputMode="numeric" {...bind('staleDays')} />
        </Field>
      </div>
      <h2 style={{ marginTop: 8 }}>End-of-cycle score bands</h2>
      <div className="grid-2">
        <Field
          label="Red below"
          id="s-scoreRedBelow"
          error={errors.scoreRedBelow}
          hint="Default 0.4."
        >
          <input inputMode="decimal" {...bind('scoreRedBelow')} />
        </Field>
        <Field
          label="Green from"
          id="s-scoreGreenFrom"
          error={errors.scoreGreenFrom}
          hint="Default 0.7 (success for a stretch goal)."
        >
          <input inputMode="decimal" {...bind('scoreGreenFrom')} />
        </Field>
      </div>
      <h2 style={{ marginTop: 8 }}>Tracker labels</h2>
      <Field
        label="Label patterns that link a ticket"
        id="s-labelPatterns"
        error={errors.labelPatterns}
        hint="Comma-separated; {code} stands for a KR code. E.g. {code}, okr:{code}"
      >
        <input {...bind('labelPatterns')} />
      </Field>
      <div className="row">
        <button type="submit" className="btn btn-primary">
          Save settings
        </button>
        <button type="button" className="btn" onClick={() => setDraft(toDraft(defaultSettings))}>
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
