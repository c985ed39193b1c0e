/** One objective with its key results: figures, status, and the edit actions. */
import type { KrView, ObjectiveView } from '@/lib/okr/overview';
import type { QualityHint } from '@/lib/okr/quality';
import { formatValue } from '@/lib/okr/progress';
import { ProgressBar, StatusChip } from './ui';

export interface ObjectiveActions {
  editObjective: (v: ObjectiveView) => void;
  archiveObjective: (v: ObjectiveView, archived: boolean) => void;
  deleteObjective: (v: ObjectiveView) => void;
  addKeyResult: (v: ObjectiveView) => void;
  editKeyResult: (k: KrView) => void;
  checkIn: (k: KrView) => void;
  archiveKeyResult: (k: KrView, archived: boolean) => void;
  deleteKeyResult: (k: KrView) => void;
}

function ValueCell({ k }: { k: KrView }) {
  const { kr, evaluation } = k;
  if (kr.kind === 'milestone')
    return (
      <strong>
        {evaluation.value !== undefined && evaluation.value >= (kr.target ?? 1)
          ? 'Done'
          : 'Not done'}
      </strong>
    );
  const cur = formatValue(evaluation.value, kr.unit);
  if (kr.kind === 'maintain')
    return (
      <>
        <strong>{cur}</strong>
        <div className="muted small">
          keep {kr.direction === 'atMost' ? '≤' : '≥'} {formatValue(kr.target, kr.unit)}
        </div>
      </>
    );
  return (
    <>
      <strong>{cur}</strong> <span className="muted">→ {formatValue(kr.target, kr.unit)}</span>
      <div className="muted small">from {formatValue(kr.start ?? 0, kr.unit)}</div>
    </>
  );
}

function KeyResultRow({
  k,
  actions,
  archived,
}: {
  k: KrView;
  actions: ObjectiveActions;
  archived?: boolean;
}) {
  const { kr, evaluation } = k;
  return (
    <li
      className="kr"
      data-kr-id={kr.id}
      data-kr-code={kr.code}
      aria-label={`${kr.code} ${kr.title}`}
    >
      <span className="kr-code">{kr.code}</span>
      <div>
        <div className="kr-title">{kr.title}</div>
        <div className="meta">
          <span>{kr.kind}</span>
          {kr.owner ? <span>owner {kr.owner}</span> : <span>no owner</span>}
          {kr.weight !== undefined && kr.weight !== 1 ? <span>weight {kr.weight}</span> : null}
          <span>
            {k.linkCount} initiative{k.linkCount === 1 ? '' : 's'}
          </span>
          {evaluation.lastCheckInAt ? (
            <span>
              checked in{' '}
              {evaluation.daysSinceCheckIn === 0 ? 'today' : `${evaluation.daysSinceCheckIn} d ago`}
            </span>
          ) : (
            <span>no check-in yet</span>
          )}
        </div>
      </div>
      <div className="kr-values" data-testid="kr-values">
        <ValueCell k={k} />
      </div>
      <div className="stack" style={{ gap: 4 }}>
        <ProgressBar
          progress={evaluation.progress}
          expected={evaluation.expected}
          status={evaluation.status}
          label={`${kr.code} progress`}
        />
        <StatusChip status={evaluation.status} stale={evaluation.stale} />
      </div>
      <div className="actions">
        {archived ? (
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => actions.archiveKeyResult(k, false)}
          >
            Restore
          </button>
        ) : (
          <>
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => actions.checkIn(k)}
              aria-label={`Check in on ${kr.code}`}
            >
              Check in
            </button>
            <button
              type="button"
              className="btn btn-ghost btn-sm"
              onClick={() => actions.editKeyResult(k)}
              aria-label={`Edit ${kr.code}`}
            >
              Edit
            </button>
            <button
              type="button"
              className="btn btn-ghost btn-sm"
              onClick={() => actions.archiveKeyResult(k, true)}
              aria-label={`Archive ${kr.code}`}
            >
              Archive
            </button>
          </>
        )}
        <button
          type="button"
          className="btn btn-ghost btn-sm btn-danger"
          onClick={() => actions.deleteKeyResult(k)}
          aria-label={`Delete ${kr.code}`}
        >
          Delete
        </button>
      </div>
    </li>
  );
}

export function ObjectiveCard({
  view,
  actions,
  hints,
}: {
  view: ObjectiveView;
  actions: ObjectiveActions;
  hints: readonly QualityHint[];
}) {
  const { objective, evaluation } = view;
  const archived = objective.archived === true;
  return (
    <section
      className="card objective"
      aria-label={`Objective: ${objective.title}`}
      data-objective-id={objective.id}
    >
      <div className="objective-head">
        <div>
          <h3 className="objective-title">
            <span className="muted">O{view.number} · </span>
            {objective.title}
          </h3>
          <div className="meta">
            {objective.owner ? <span>owner {objective.owner}</span> : null}
            {objective.team ? <span>team {objective.team}</span> : null}
            {view.parent ? <span>aligns to “{view.parent.title}”</span> : null}
            <span>
              {view.keyResults.length} key result{view.keyResults.length === 1 ? '' : 's'}
            </span>
          </div>
          {objective.description ? (
            <p className="muted small" style={{ margin: '6px 0 0' }}>
              {objective.description}
            </p>
          ) : null}
        </div>
        <div className="stack" style={{ gap: 4 }}>
          <ProgressBar
            progress={evaluation.progress}
            expected={evaluation.expected}
            status={evaluation.status}
            label={`Objective ${view.number} progress`}
          />
          <StatusChip status={evaluation.status} />
        </div>
        <div className="actions">
          {archived ? (
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => actions.archiveObjective(view, false)}
            >
              Restore
            </button>
          ) : (
            <>
              <button
                type="button"
                className="btn btn-ghost btn-sm"
                onClick={() => actions.editObjective(view)}
                aria-label={`Edit objective ${view.number}`}
              >
                Edit
              </button>
              <button
                type="button"
                className="btn btn-ghost btn-sm"
                onClick={() => actions.archiveObjective(view, true)}
                aria-label={`Archive objective ${view.number}`}
              >
                Archive
              </button>
            </>
          )}
          <button
            type="button"
            className="btn btn-ghost btn-sm btn-danger"
            onClick={() => actions.deleteObjective(view)}
            aria-label={`Delete objective ${view.number}`}
          >
            Delete
          </button>
        </div>
      </div>
      {hints.length > 0 ? (
        <ul className="hints" aria-label="Quality hints">
          {hints.map((h, i) => (
            <li key={i}>{h.message}</li>
          ))}
        </ul>
      ) : null}
      <ul className="kr-list" aria-label={`Key results of objective ${view.number}`}>
        {view.keyResults.map((k) => (
          <KeyResultRow key={k.kr.id} k={k} actions={actions} />
        ))}
        {view.archivedKeyResults.map((k) => (
          <KeyResultRow key={k.kr.id} k={k} actions={actions} archived />
        ))}
      </ul>
      {!archived ? (
        <div className="objective-foot">
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            onClick={() => actions.addKeyResult(view)}
          >
            + Add key result
          </button>
        </div>
      ) : null}
    </section>
  );
}
