/** The head of the OKRs tab: the cycle, its week, its key results by status, time elapsed. */
import type { CycleOverview } from '@/lib/okr/overview';
import { cycleWeek } from '@/lib/okr/dates';
import type { Status } from '@/lib/okr/progress';
import { StatusChip, TimeElapsedBar } from './ui';

const statusOrder: readonly Status[] = ['off-track', 'at-risk', 'on-track', 'done', 'no-data'];

export function CycleSummary({ overview, today }: { overview: CycleOverview; today: string }) {
  const { cycle } = overview;
  const w = cycleWeek(cycle, today);
  const counts = new Map<string, number>();
  for (const o of overview.objectives)
    for (const k of o.keyResults)
      counts.set(k.evaluation.status, (counts.get(k.evaluation.status) ?? 0) + 1);
  const before = today < cycle.start;
  const after = today > cycle.end;
  return (
    <section className="card cycle-summary" aria-label="Cycle summary">
      <div>
        <h2>{cycle.name}</h2>
        <div className="muted">
          {cycle.start} – {cycle.end} ·{' '}
          {before ? 'not started yet' : after ? 'ended' : `week ${w.week} of ${w.weeks}`}
        </div>
      </div>
      <div className="chips" aria-label="Key results by status">
        {statusOrder.map((s) =>
          counts.get(s) ? (
            <span key={s} className="row">
              <StatusChip status={s} /> <span className="small">× {counts.get(s)}</span>
            </span>
          ) : null,
        )}
      </div>
      <div style={{ gridColumn: '1 / -1' }}>
        <TimeElapsedBar share={overview.expected} of="cycle" />
      </div>
    </section>
  );
}
