/**
 * End-of-cycle review: score each KR 0.0–1.0 (prefilled from progress, editable) with a note,
 * then carry chosen objectives and KRs over to the next cycle.
 */
import { Fragment, useMemo, useState } from 'react';
import type { CycleOverview, KrView } from '@/lib/okr/overview';
import type { KeyResult, Settings } from '@/lib/okr/model';
import { percent } from '@/lib/okr/format';
import { score, scoreBand } from '@/lib/okr/progress';
import { daysBetween, nextQuarter } from '@/lib/okr/dates';

const bandText = { red: 'Missed', yellow: 'Progress', green: 'Success' } as const;
const bandStatus = { red: 's-off-track', yellow: 's-at-risk', green: 's-on-track' } as const;

export interface CarryOverDraft {
  to: { name: string; start: string; end: string };
  objectiveIds: string[];
  keyResultIds: string[];
  withLinks: boolean;
}

type ById = Record<string, string>;

/** The KRs whose score or note changed, or the KRs whose score is not a score. */
function changedScores(
  krs: readonly KrView[],
  scores: ById,
  notes: ById,
): { changed: KeyResult[]; errors: ById } {
  const errors: ById = {};
  const changed: KeyResult[] = [];
  for (const k of krs) {
    const raw = scores[k.kr.id]?.trim() ?? '';
    const v = Number(raw);
    if (raw === '' || !Number.isFinite(v) || v < 0 || v > 1) {
      errors[k.kr.id] = 'A score from 0.0 to 1.0.';
      continue;
    }
    const note = notes[k.kr.id]?.trim() ?? '';
    if (v !== k.kr.score || note !== (k.kr.scoreNote ?? '')) {
      const next: KeyResult = { ...k.kr, score: Math.round(v * 100) / 100 };
      if (note) next.scoreNote = note;
      else delete next.scoreNote;
      changed.push(next);
    }
  }
  return { changed, errors };
}

/** Scores and notes as typed, the KRs to carry over, and saving the scores. */
function useReview(
  krs: readonly KrView[],
  settings: Settings,
  onSaveScores: (krs: KeyResult[]) => Promise<void>,
) {
  const [scores, setScores] = useState<ById>(() =>
    Object.fromEntries(
      krs.map((k) => [k.kr.id, String(k.kr.score ?? score(k.evaluation.progress))]),
    ),
  );
  const [notes, setNotes] = useState<ById>(() =>
    Object.fromEntries(krs.map((k) => [k.kr.id, k.kr.scoreNote ?? ''])),
  );
  const [carry, setCarry] = useState<Set<string>>(
    () =>
      new Set(
        krs
          .filter((k) => score(k.evaluation.progress) < settings.scoreGreenFrom)
          .map((k) => k.kr.id),
      ),
  );
  const [errors, setErrors] = useState<ById>({});
  const [message, setMessage] = useState<string | null>(null);
  const saveScores = async () => {
    const { changed, errors: e } = changedScores(krs, scores, notes);
    setErrors(e);
    if (Object.keys(e).length) return;
    await onSaveScores(changed);
    setMessage(changed.length ? `Saved ${changed.length} score(s).` : 'Nothing changed.');
  };
  const toggleCarry = (id: string, on: boolean) =>
    setCarry((c) => {
      const n = new Set(c);
      if (on) n.add(id);
      else n.delete(id);
      return n;
    });
  const setScore = (id: string, v: string) => setScores((s) => ({ ...s, [id]: v }));
  const setNote = (id: string, v: string) => setNotes((n) => ({ ...n, [id]: v }));
  return { scores, notes, carry, errors, message, saveScores, toggleCarry, setScore, setNote };
}

type Review = ReturnType<typeof useReview>;

function ScoreRow({ k, review, settings }: { k: KrView; review: Review; settings: Settings }) {
  const id = k.kr.id;
  const raw = Number(review.scores[id]);
  const band = Number.isFinite(raw) ? scoreBand(Math.max(0, Math.min(1, raw)), settings) : 'red';
  const error = review.errors[id];
  return (
    <tr data-kr={k.kr.code}>
      <td>
        <input
          type="checkbox"
          aria-label={`Carry ${k.kr.code} over`}
          checked={review.carry.has(id)}
          onChange={(e) => review.toggleCarry(id, e.target.checked)}
        />
      </td>
      <th scope="row">
        <span className="kr-code">{k.kr.code}</span> {k.kr.title}
      </th>
      <td>{percent(k.evaluation.progress)}</td>
      <td>
        <div className="row">
          <input
            className="input"
            style={{ width: 70 }}
            inputMode="decimal"
            aria-label={`Score of ${k.kr.code}`}
            aria-invalid={error ? true : undefined}
            value={review.scores[id] ?? ''}
            onChange={(e) => review.setScore(id, e.target.value)}
          />
          <span className={`chip ${bandStatus[band]}`} data-band={band}>
            {bandText[band]}
          </span>
        </div>
        {error ? <div className="field-error">{error}</div> : null}
      </td>
      <td>
        <input
          className="input"
          aria-label={`Note on ${k.kr.code}`}
          value={review.notes[id] ?? ''}
          onChange={(e) => review.setNote(id, e.target.value)}
        />
      </td>
    </tr>
  );
}

function ScoresSection({
  overview,
  today,
  review,
  settings,
}: {
  overview: CycleOverview;
  today: string;
  review: Review;
  settings: Settings;
}) {
  const { cycle } = overview;
  const daysLeft = daysBetween(today, cycle.end);
  return (
    <section className="card section" aria-labelledby="review-h">
      <h2 id="review-h">Review {cycle.name}</h2>
      <p className="muted">
        {daysLeft > 14
          ? `${daysLeft} days left. Reviews usually happen in the last two weeks of the cycle.`
          : daysLeft >= 0
            ? `${daysLeft} days left: time to review.`
            : 'This cycle has ended.'}{' '}
        Scores are prefilled from progress (0.7 is success for a stretch goal); adjust them and say
        why.
      </p>
      <table className="simple review-table" aria-label="Scores">
        <thead>
          <tr>
            <th scope="col">Carry over</th>
            <th scope="col">Key result</th>
            <th scope="col">Progress</th>
            <th scope="col">Score</th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {overview.objectives.map((o) => (
            <Fragment key={o.objective.id}>
              <tr className="review-objective">
                <th colSpan={5} scope="colgroup">
                  {o.objective.title}
                </th>
              </tr>
              {o.keyResults.map((k) => (
                <ScoreRow key={k.kr.id} k={k} review={review} settings={settings} />
              ))}
            </Fragment>
          ))}
        </tbody>
      </table>
      <div className="row" style={{ marginTop: 12 }}>
        <button type="button" className="btn btn-primary" onClick={() => void review.saveScores()}>
          Save scores
        </button>
        {review.message ? (
          <span role="status" className="muted">
            {review.message}
          </span>
        ) : null}
      </div>
    </section>
  );
}

type NextCycle = CarryOverDraft['to'];

function NextCycleField({
  name,
  label,
  to,
  setTo,
}: {
  name: keyof NextCycle;
  label: string;
  to: NextCycle;
  setTo: (to: NextCycle) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={`carry-${name}`}>{label}</label>
      <input
        id={`carry-${name}`}
        type={name === 'name' ? undefined : 'date'}
        value={to[name]}
        onChange={(e) => setTo({ ...to, [name]: e.target.value })}
      />
    </div>
  );
}

function CarryOverSection({
  overview,
  carry,
  onCarryOver,
}: {
  overview: CycleOverview;
  carry: ReadonlySet<string>;
  onCarryOver: (draft: CarryOverDraft) => Promise<void>;
}) {
  const [to, setTo] = useState(() => nextQuarter(overview.cycle));
  const [withLinks, setWithLinks] = useState(false);
  const carryKrs = overview.objectives
    .flatMap((o) => o.keyResults)
    .filter((k) => carry.has(k.kr.id));
  const carryObjectives = overview.objectives.filter((o) =>
    o.keyResults.some((k) => carry.has(k.kr.id)),
  );
  return (
    <section className="card section" aria-labelledby="carry-h">
      <h2 id="carry-h">Carry over to the next cycle</h2>
      <p className="muted">
        Copies the checked key results (and their objectives) with fresh check-ins. This cycle keeps
        its history and scores.
      </p>
      <div className="grid-3">
        <NextCycleField name="name" label="Next cycle" to={to} setTo={setTo} />
        <NextCycleField name="start" label="Starts" to={to} setTo={setTo} />
        <NextCycleField name="end" label="Ends" to={to} setTo={setTo} />
      </div>
      <label className="row" style={{ marginBottom: 12 }}>
        <input
          type="checkbox"
          checked={withLinks}
          onChange={(e) => setWithLinks(e.target.checked)}
        />
        Copy their ticket links too
      </label>
      <button
        type="button"
        className="btn btn-primary"
        disabled={carryKrs.length === 0}
        onClick={() =>
          void onCarryOver({
            to,
            objectiveIds: carryObjectives.map((o) => o.objective.id),
            keyResultIds: carryKrs.map((k) => k.kr.id),
            withLinks,
          })
        }
      >
        Carry over {carryKrs.length} key result{carryKrs.length === 1 ? '' : 's'}
      </button>
    </section>
  );
}

export function ReviewPanel({
  overview,
  settings,
  today,
  onSaveScores,
  onCarryOver,
}: {
  overview: CycleOverview;
  settings: Settings;
  today: string;
  onSaveScores: (krs: KeyResult[]) => Promise<void>;
  onCarryOver: (draft: CarryOverDraft) => Promise<void>;
}) {
  const krs = useMemo(() => overview.objectives.flatMap((o) => o.keyResults), [overview]);
  const review = useReview(krs, settings, onSaveScores);
  return (
    <div>
      <ScoresSection overview={overview} today={today} review={review} settings={settings} />
      <CarryOverSection overview={overview} carry={review.carry} onCarryOver={onCarryOver} />
    </div>
  );
}
