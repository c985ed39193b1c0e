/** The OKRs tab: the cycle's objectives and key results, and the buttons that edit them. */
import { useMemo } from 'react';
import { send } from '@/lib/protocol';
import { nextQuarter, quarterOf } from '@/lib/okr/dates';
import { newId } from '@/lib/okr/ids';
import { qualityHints } from '@/lib/okr/quality';
import type { QualityHint } from '@/lib/okr/quality';
import type { CycleOverview, ObjectiveView } from '@/lib/okr/overview';
import { CycleSummary } from '@/components/CycleSummary';
import { EmptyState } from '@/components/EmptyState';
import { ObjectiveCard } from '@/components/ObjectiveCard';
import { IdOptions } from '@/components/ui';
import type { ObjectiveActions } from '@/components/ObjectiveCard';
import type { MarkOf } from '@/lib/okr/team-marks';
import { ConflictsPanel } from '@/components/ConflictsPanel';
import { markOf } from '@/lib/okr/team-marks';
import { chooseConflict, useTeamStatus } from './useTeam';
import { objectiveActions } from './objectiveActions';
import { newestFirst } from './page';
import type { OptionsPage, PageProps } from './page';

const newObjective = (page: OptionsPage, cycleId: string) =>
  page.openDialog({
    kind: 'objective',
    objective: { id: newId('obj'), cycleId, title: '' },
  });

function OkrsToolbar({ page }: PageProps) {
  const { state, cycle, today, kept } = page;
  return (
    <div className="toolbar">
      <label className="row">
        <span className="muted">Cycle</span>
        <select
          className="input"
          style={{ width: 'auto' }}
          aria-label="Cycle"
          value={cycle?.id ?? ''}
          onChange={(e) => page.setCycleId(e.target.value)}
        >
          {state.cycles.length === 0 ? <option value="">No cycles yet</option> : null}
          <IdOptions items={newestFirst(state.cycles)} label={(c) => c.name} />
        </select>
      </label>
      <button
        type="button"
        className="btn btn-ghost"
        onClick={() => {
          const q = cycle ? nextQuarter(cycle) : quarterOf(today);
          page.openDialog({ kind: 'cycle', cycle: { id: newId('cycle'), ...q } });
        }}
      >
        + New cycle
      </button>
      {cycle ? (
        <button
          type="button"
          className="btn btn-ghost"
          onClick={() => page.openDialog({ kind: 'cycle', cycle })}
        >
          Edit cycle
        </button>
      ) : null}
      <span className="spacer" />
      <label className="row small muted">
        <input
          type="checkbox"
          checked={kept.showArchived}
          onChange={(e) => kept.setShowArchived(e.target.checked)}
        />
        Show archived
      </label>
      {cycle ? (
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => newObjective(page, cycle.id)}
        >
          + New objective
        </button>
      ) : null}
    </div>
  );
}

/** The hints about an objective or one of its active key results. */
const hintsOf = (hints: readonly QualityHint[], v: ObjectiveView) =>
  hints.filter(
    (h) =>
      (h.target.kind === 'objective' && h.target.id === v.objective.id) ||
      (h.target.kind === 'keyResult' && v.keyResults.some((k) => k.kr.id === h.target.id)),
  );

function ObjectiveList({
  overview,
  hints,
  actions,
  showArchived,
  marks,
}: {
  overview: CycleOverview;
  hints: readonly QualityHint[];
  actions: ObjectiveActions;
  showArchived: boolean;
  marks?: MarkOf;
}) {
  const archived = overview.archivedObjectives;
  return (
    <>
      {overview.objectives.map((v) => (
        <ObjectiveCard
          key={v.objective.id}
          view={showArchived ? v : { ...v, archivedKeyResults: [] }}
          actions={actions}
          hints={hintsOf(hints, v)}
          markOf={marks}
        />
      ))}
      {showArchived
        ? archived.map((v) => (
            <ObjectiveCard
              key={v.objective.id}
              view={v}
              actions={actions}
              hints={[]}
              markOf={marks}
            />
          ))
        : null}
      {!showArchived && archived.length > 0 ? (
        <p className="muted small">{archived.length} archived objective(s) hidden.</p>
      ) : null}
    </>
  );
}

function useHints({ state, cycle, today }: OptionsPage): QualityHint[] {
  return useMemo(() => {
    if (!cycle) return [];
    return qualityHints({
      cycle,
      objectives: state.objectives.filter((o) => o.cycleId === cycle.id),
      keyResults: state.keyResults,
      linkedKrIds: new Set(Object.keys(state.linkCounts)),
      today,
    });
  }, [state, cycle, today]);
}

/** A KR says where it comes from only when its objective does not say the same already. */
function krMarksBelowObjectives(page: OptionsPage, marks: MarkOf): MarkOf {
  const objectiveOf = new Map(page.state.keyResults.map((k) => [k.id, k.objectiveId]));
  return (id) => {
    const own = marks(id);
    const parent = objectiveOf.get(id);
    return parent !== undefined && own?.text === marks(parent)?.text ? undefined : own;
  };
}

export function OkrsTab({ page }: PageProps) {
  const { cycle, overview, today } = page;
  const hints = useHints(page);
  const empty = !overview || overview.objectives.length + overview.archivedObjectives.length === 0;
  const team = useTeamStatus();
  const labelOf = (id: string) => team.status?.subscriptions.find((s) => s.id === id)?.label ?? '';
  return (
    <>
      <OkrsToolbar page={page} />
      <ConflictsPanel
        conflicts={team.status?.conflicts ?? []}
        labelOf={labelOf}
        onChoose={chooseConflict(team.reload)}
      />
      {overview ? <CycleSummary overview={overview} today={today} /> : null}
      {empty ? (
        <EmptyState
          hasCycle={!!cycle}
          onSample={async () => {
            await page.commit(() => send({ type: 'loadSample', today }), {
              then: () => page.setCycleId(null),
            });
          }}
          onCreateCycle={() =>
            page.openDialog({ kind: 'cycle', cycle: { id: newId('cycle'), ...quarterOf(today) } })
          }
          onCreateObjective={() => cycle && newObjective(page, cycle.id)}
          onImport={() => page.goTo('data')}
        />
      ) : (
        <ObjectiveList
          overview={overview}
          hints={hints}
          actions={objectiveActions(page)}
          showArchived={page.kept.showArchived}
          marks={krMarksBelowObjectives(page, (id) => markOf(team.status, id, team.now))}
        />
      )}
    </>
  );
}
