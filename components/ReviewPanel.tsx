/**
 * End-of-cycle review: score each KR 0.0–1.0 (prefilled from progress, editable) with a note,
 * then carry chosen objectives and KRs over to the next cycle.
 */
import { Fragment, useMemo, useState } from 'react';
import type { CycleOverview } from '@/lib/okr/overview';
import type { KeyResult, Settings } from '@/lib/okr/model';
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
  const { cycle } = overview;
  const krs = useMemo(() => overview.objectives.flatMap((o) => o.keyResults), [overview]);
  const [scores, setScores] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      krs.map((k) => [k.kr.id, String(k.kr.score ?? score(k.evaluation.progress))]),
    ),
  );
  const [notes, setNotes] = useState<Record<string, string>>(() =>
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
  const next = nextQuarter(cycle);
  const [to, setTo] = useState(next);
  const [withLinks, setWithLinks] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const daysLeft = daysBetween(today, cycle.end);

  const saveScores = async () => {
    const e: Record<string, string> = {};
    const changed: KeyResult[] = [];
    for (const k of krs) {
      const raw = scores[k.kr.id]?.trim() ?? '';
      const v = Number(raw);
      if (raw === '' || !Number.isFinite(v) || v < 0 || v > 1) {
        e[k.kr.id] = 'A score from 0.0 to 1.0.';
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
    setErrors(e);
    if (Object.keys(e).length) return;
    await onSaveScores(changed);
    setMessage(changed.length ? `Saved ${changed.length} score(s).` : 'Nothing changed.');
  };

  const carryKrs = krs.filter((k) => carry.has(k.kr.id));
  const carryObjectives = overview.objectives.filter((o) =>
    o.keyResults.some((k) => carry.has(k.kr.id)),
  );

  return (
    <div>
      <section className="card section" aria-labelledby="review-h">
        <h2 id="review-h">Review {cycle.name}</h2>
        <p className="muted">
          {daysLeft > 14
            ? `${daysLeft} days left. Reviews usually happen in the last two weeks of the cycle.`
            : daysLeft >= 0
              ? `${daysLeft} days left: time to review.`
              : 'This cycle has ended.'}{' '}
          Scores are prefilled from progress (0.7 is success for a stretch goal); adjust them and
          say why.
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
                {o.keyResults.map((k) => {
                  const raw = Number(scores[k.kr.id]);
                  const band = Number.isFinite(raw)
                    ? scoreBand(Math.max(0, Math.min(1, raw)), settings)
                    : 'red';
                  return (
                    <tr key={k.kr.id} data-kr={k.kr.code}>
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`Carry ${k.kr.code} over`}
                          checked={carry.has(k.kr.id)}
                          onChange={(e) =>
                            setCarry((c) => {
                              const n = new Set(c);
                              if (e.target.checked) n.add(k.kr.id);
                              else n.delete(k.kr.id);
                              return n;
                            })
                          }
                        />
                      </td>
                      <th scope="row">
                        <span className="kr-code">{k.kr.code}</span> {k.kr.title}
                      </th>
                      <td>{Math.round(k.evaluation.progress * 100)}%</td>
                      <td>
                        <div className="row">
                          <input
                            className="input"
                            style={{ width: 70 }}
                            inputMode="decimal"
                            aria-label={`Score of ${k.kr.code}`}
                            aria-invalid={errors[k.kr.id] ? true : undefined}
                            value={scores[k.kr.id] ?? ''}
                            onChange={(e) =>
                              setScores((s) => ({ ...s, [k.kr.id]: e.target.value }))
                            }
                          />
                          <span className={`chip ${bandStatus[band]}`} data-band={band}>
                            {bandText[band]}
                          </span>
                        </div>
                        {errors[k.kr.id] ? (
                          <div className="field-error">{errors[k.kr.id]}</div>
                        ) : null}
                      </td>
                      <td>
                        <input
                          className="input"
                          aria-label={`Note on ${k.kr.code}`}
                          value={notes[k.kr.id] ?? ''}
                          onChange={(e) => setNotes((n) => ({ ...n, [k.kr.id]: e.target.value }))}
                        />
                      </td>
                    </tr>
                  );
                })}
              </Fragment>
            ))}
          </tbody>
        </table>
        <div className="row" style={{ marginTop: 12 }}>
          <button type="button" className="btn btn-primary" onClick={() => void saveScores()}>
            Save scores
          </button>
          {message ? (
            <span role="status" className="muted">
              {message}
            </span>
          ) : null}
        </div>
      </section>
      <section className="card section" aria-labelledby="carry-h">
        <h2 id="carry-h">Carry over to the next cycle</h2>
        <p className="muted">
          Copies the checked key results (and their objectives) with fresh check-ins. This cycle
          keeps its history and scores.
        </p>
        <div className="grid-3">
          <div className="field">
            <label htmlFor="carry-name">Next cycle</label>
            <input
              id="carry-name"
              value={to.name}
              onChange={(e) => setTo({ ...to, name: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor="carry-start">Starts</label>
            <input
              id="carry-start"
              type="date"
              value={to.start}
              onChange={(e) => setTo({ ...to, start: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor="carry-end">Ends</label>
            <input
              id="carry-end"
              type="date"
              value={to.end}
              onChange={(e) => setTo({ ...to, end: e.target.value })}
            />
          </div>
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
    </div>
  );
}
