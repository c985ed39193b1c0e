/** One objective with its key results: figures, status, and the edit actions. */
import type { ReactNode } from 'react';
import type { KrView, ObjectiveView } from '@/lib/okr/overview';
import type { QualityHint } from '@/lib/okr/quality';
import { formatValue } from '@/lib/okr/progress';
import type { MarkOf } from '@/lib/okr/team-marks';
import { TeamMark } from './TeamMark';
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

function GhostButton({
  label,
  onClick,
  danger,
  children,
}: {
  label: string;
  onClick: () => void;
  danger?: boolean;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={`btn btn-ghost btn-sm${danger ? ' btn-danger' : ''}`}
      onClick={onClick}
      aria-label={label}
    >
      {children}
    </button>
  );
}

/** Restore, or Edit and Archive (after `children`); then Delete. `name` ends each label. */
function RecordActions({
  name,
  archived,
  onEdit,
  onArchive,
  onDelete,
  children,
}: {
  name: string;
  archived: boolean | undefined;
  onEdit: () => void;
  onArchive: (archived: boolean) => void;
  onDelete: () => void;
  children?: ReactNode;
}) {
  return (
    <div className="actions">
      {archived ? (
        <button type="button" className="btn btn-sm" onClick={() => onArchive(false)}>
          Restore
        </button>
      ) : (
        <>
          {children}
          <GhostButton label={`Edit ${name}`} onClick={onEdit}>
            Edit
          </GhostButton>
          <GhostButton label={`Archive ${name}`} onClick={() => onArchive(true)}>
            Archive
          </GhostButton>
        </>
      )}
      <GhostButton label={`Delete ${name}`} onClick={onDelete} danger>
        Delete
      </GhostButton>
    </div>
  );
}

/** The progress bar over the status chip (and the stale flag of a key result). */
function StatusStack({
  evaluation,
  label,
  stale,
}: {
  evaluation: KrView['evaluation'] | ObjectiveView['evaluation'];
  label: string;
  stale?: boolean;
}) {
  return (
    <div className="stack" style={{ gap: 4 }}>
      <ProgressBar
        progress={evaluation.progress}
        expected={evaluation.expected}
        status={evaluation.status}
        label={label}
      />
      <StatusChip status={evaluation.status} stale={stale} />
    </div>
  );
}

function KrMeta({ k, markOf }: { k: KrView; markOf?: MarkOf }) {
  const { kr, evaluation } = k;
  return (
    <div className="meta">
      <TeamMark mark={markOf?.(kr.id)} />
      <span>{kr.kind}</span>
      {kr.owner ? <span>owner {kr.owner}</span> : <span>no owner</span>}
      {kr.weight !== undefined && kr.weight !== 1 ? <span>weight {kr.weight}</span> : null}
      <span>
        {k.initiatives} initiative{k.initiatives === 1 ? '' : 's'}
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
  );
}

function KeyResultRow({
  k,
  actions,
  archived,
  markOf,
}: {
  k: KrView;
  actions: ObjectiveActions;
  archived?: boolean;
  markOf?: MarkOf;
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
        <KrMeta k={k} markOf={markOf} />
      </div>
      <div className="kr-values" data-testid="kr-values">
        <ValueCell k={k} />
      </div>
      <StatusStack evaluation={evaluation} label={`${kr.code} progress`} stale={evaluation.stale} />
      <RecordActions
        name={kr.code}
        archived={archived}
        onEdit={() => actions.editKeyResult(k)}
        onArchive={(a) => actions.archiveKeyResult(k, a)}
        onDelete={() => actions.deleteKeyResult(k)}
      >
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => actions.checkIn(k)}
          aria-label={`Check in on ${kr.code}`}
        >
          Check in
        </button>
      </RecordActions>
    </li>
  );
}

function ObjectiveHead({
  view,
  actions,
  markOf,
}: {
  view: ObjectiveView;
  actions: ObjectiveActions;
  markOf?: MarkOf;
}) {
  const { objective, evaluation } = view;
  return (
    <div className="objective-head">
      <div>
        <h3 className="objective-title">
          <span className="muted">O{view.number} · </span>
          {objective.title}
        </h3>
        <div className="meta">
          <TeamMark mark={markOf?.(objective.id)} />
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
      <StatusStack evaluation={evaluation} label={`Objective ${view.number} progress`} />
      <RecordActions
        name={`objective ${view.number}`}
        archived={objective.archived === true}
        onEdit={() => actions.editObjective(view)}
        onArchive={(a) => actions.archiveObjective(view, a)}
        onDelete={() => actions.deleteObjective(view)}
      />
    </div>
  );
}

export function ObjectiveCard({
  view,
  actions,
  hints,
  markOf,
}: {
  view: ObjectiveView;
  actions: ObjectiveActions;
  hints: readonly QualityHint[];
  markOf?: MarkOf;
}) {
  const { objective } = view;
  return (
    <section
      className="card objective"
      aria-label={`Objective: ${objective.title}`}
      data-objective-id={objective.id}
    >
      <ObjectiveHead view={view} actions={actions} markOf={markOf} />
      {hints.length > 0 ? (
        <ul className="hints" aria-label="Quality hints">
          {hints.map((h, i) => (
            <li key={i}>{h.message}</li>
          ))}
        </ul>
      ) : null}
      <ul className="kr-list" aria-label={`Key results of objective ${view.number}`}>
        {view.keyResults.map((k) => (
          <KeyResultRow key={k.kr.id} k={k} actions={actions} markOf={markOf} />
        ))}
        {view.archivedKeyResults.map((k) => (
          <KeyResultRow key={k.kr.id} k={k} actions={actions} archived markOf={markOf} />
        ))}
      </ul>
      {objective.archived !== true ? (
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
