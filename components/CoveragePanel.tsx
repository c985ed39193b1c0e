/** Coverage for PMs: which KRs have work, which work serves no KR, and the alignment share. */
import { useCallback, useState } from 'react';
import type { CoverageFilters, CoverageTicket, CoverageView } from '@/lib/okr/coverage';
import type { TrackerId } from '@/lib/okr/ticket-key';
import { KrTickets, OrphanList, trackerLabel } from './CoverageTickets';
import type { Cycle, KeyResult, Objective } from '@/lib/okr/model';
import { percent } from '@/lib/okr/format';
import { useFirstPaint } from './useFirstPaint';

/**
 * KR rows rendered in the tab's first frame (a window shows about ten); the rest follow right
 * after it. All 100 rows of the big store at once were a long task of 90–135 ms before the
 * first paint on the bench machine (README "Speed").
 */
export const FIRST_PAINT_KRS = 12;

/** A filter: the first option (`all`, if given) means no filter, then `[value, text]` pairs. */
function FilterSelect({
  label,
  value,
  onChange,
  all,
  options,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  all?: string;
  options: readonly (readonly [string, string])[];
}) {
  return (
    <select
      className="input"
      style={{ width: 'auto' }}
      aria-label={label}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    >
      {all !== undefined ? <option value="">{all}</option> : null}
      {options.map(([v, text]) => (
        <option key={v} value={v}>
          {text}
        </option>
      ))}
    </select>
  );
}

const trackerOptions = [
  ['github', 'GitHub'],
  ['jira', 'Jira'],
  ['linear', 'Linear'],
] as const;

interface PanelProps {
  cycles: readonly Cycle[];
  cycle: Cycle;
  objectives: readonly Objective[];
  /** The cycle's active KRs, for the orphan "link to" choice. */
  keyResults: readonly KeyResult[];
  /** What the background sent: the lists cut, the counts exact. */
  coverage: CoverageView;
  /** A KR's whole list of tickets ("Show all"). */
  loadKrTickets: (keyResultId: string) => Promise<readonly CoverageTicket[]>;
  /** The first `limit` orphans ("Show more"). */
  loadOrphans: (limit: number) => Promise<readonly CoverageTicket[]>;
  filters: CoverageFilters;
  teams: readonly string[];
  onCycle: (id: string) => void;
  onFilters: (f: CoverageFilters) => void;
  onLink: (ticket: string, keyResultId: string) => Promise<void>;
  onExportCsv: () => Promise<void>;
  onExportMarkdown: (copy: boolean) => Promise<void>;
}

type ToolbarProps = Omit<
  PanelProps,
  'coverage' | 'keyResults' | 'onLink' | 'loadKrTickets' | 'loadOrphans'
>;

function Toolbar(p: ToolbarProps) {
  const { filters } = p;
  const [copied, setCopied] = useState(false);
  const set = (patch: Partial<CoverageFilters>) => {
    const next: CoverageFilters = { ...filters, ...patch };
    for (const k of Object.keys(next) as (keyof CoverageFilters)[]) if (!next[k]) delete next[k];
    p.onFilters(next);
  };
  return (
    <div className="toolbar" role="search" aria-label="Coverage filters">
      <FilterSelect
        label="Cycle"
        value={p.cycle.id}
        onChange={p.onCycle}
        options={p.cycles.map((c) => [c.id, c.name])}
      />
      <FilterSelect
        label="Objective"
        all="All objectives"
        value={filters.objectiveId ?? ''}
        onChange={(objectiveId) => set({ objectiveId })}
        options={p.objectives.map((o) => [o.id, o.title])}
      />
      <FilterSelect
        label="Team"
        all="All teams"
        value={filters.team ?? ''}
        onChange={(team) => set({ team })}
        options={p.teams.map((t) => [t, t])}
      />
      <FilterSelect
        label="Tracker"
        all="All trackers"
        value={filters.tracker ?? ''}
        onChange={(t) => set({ tracker: (t || undefined) as TrackerId | undefined })}
        options={trackerOptions}
      />
      <input
        className="input"
        style={{ width: 200 }}
        type="search"
        aria-label="Search coverage"
        placeholder="Search KRs and tickets"
        value={filters.search ?? ''}
        onChange={(e) => set({ search: e.target.value })}
      />
      <span className="spacer" />
      <button type="button" className="btn" onClick={() => void p.onExportCsv()}>
        Export CSV
      </button>
      <button type="button" className="btn" onClick={() => void p.onExportMarkdown(false)}>
        Export Markdown
      </button>
      <button
        type="button"
        className="btn"
        onClick={() => void p.onExportMarkdown(true).then(() => setCopied(true))}
      >
        {copied ? 'Copied' : 'Copy summary'}
      </button>
    </div>
  );
}

function Stats({ coverage }: { coverage: CoverageView }) {
  const covered = coverage.keyResults.filter((k) => k.covered).length;
  const { alignment } = coverage;
  return (
    <section className="cov-stats" aria-label="Coverage summary">
      <div className="card stat">
        <div className="stat-n" data-testid="covered">
          {covered} / {coverage.keyResults.length}
        </div>
        <div className="muted small">key results with work</div>
      </div>
      <div className="card stat">
        <div className="stat-n" data-testid="alignment">
          {percent(alignment.total.ratio)}
        </div>
        <div className="muted small">
          alignment: {alignment.total.linked} of {alignment.total.seen} tickets seen serve a KR
        </div>
      </div>
      {(['github', 'jira', 'linear'] as const).map((t) => (
        <div className="card stat" key={t}>
          <div className="stat-n" data-testid={`alignment-${t}`}>
            {percent(alignment[t].ratio)}
          </div>
          <div className="muted small">
            {trackerLabel(t)} ({alignment[t].linked}/{alignment[t].seen})
          </div>
        </div>
      ))}
      <div className="card stat">
        <div className="stat-n" data-testid="orphan-count">
          {coverage.orphanTotal}
        </div>
        <div className="muted small">orphan tickets</div>
      </div>
    </section>
  );
}

function KrRow({
  k,
  loadKrTickets,
}: {
  k: CoverageView['keyResults'][number];
  loadKrTickets: PanelProps['loadKrTickets'];
}) {
  const id = k.kr.id;
  const loadAll = useCallback(() => loadKrTickets(id), [loadKrTickets, id]);
  return (
    <tr data-kr={k.kr.code} data-covered={k.covered}>
      <th scope="row">
        <span className="kr-code">{k.kr.code}</span> {k.kr.title}
        <div className="muted small">{k.objective.title}</div>
        {!k.covered ? (
          <span className="chip s-off-track" data-flag="uncovered">
            <span aria-hidden="true">◆</span> No initiative
          </span>
        ) : null}
        {k.workWithoutOutcome ? (
          <span className="chip s-at-risk" data-flag="work-without-outcome">
            <span aria-hidden="true">▲</span> Work done, value not moved
          </span>
        ) : null}
      </th>
      <td>
        {k.total ? (
          <KrTickets code={k.kr.code} tickets={k.tickets} total={k.total} loadAll={loadAll} />
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td className="num">{k.counts.open}</td>
      <td className="num">{k.counts.inProgress}</td>
      <td className="num">{k.counts.done}</td>
    </tr>
  );
}

function KrTable({
  coverage,
  shown,
  loadKrTickets,
}: Pick<PanelProps, 'coverage' | 'loadKrTickets'> & { shown: readonly KrView[] }) {
  return (
    <section className="card" aria-labelledby="cov-krs-h">
      <h2 id="cov-krs-h" className="cov-h">
        Key results and their initiatives
      </h2>
      <table className="simple cov-table" aria-label="Coverage by key result">
        <thead>
          <tr>
            <th scope="col">Key result</th>
            <th scope="col">Initiatives</th>
            <th scope="col" className="num">
              Open
            </th>
            <th scope="col" className="num">
              In progress
            </th>
            <th scope="col" className="num">
              Done
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((k) => (
            <KrRow key={k.kr.id} k={k} loadKrTickets={loadKrTickets} />
          ))}
        </tbody>
      </table>
      {coverage.keyResults.length === 0 ? (
        <p className="muted section">No key result matches.</p>
      ) : null}
    </section>
  );
}

type KrView = CoverageView['keyResults'][number];

export function CoveragePanel(props: PanelProps) {
  const { coverage } = props;
  const shown = useFirstPaint(coverage.keyResults, FIRST_PAINT_KRS);
  return (
    <div>
      <Toolbar {...props} />
      <Stats coverage={coverage} />

      {coverage.idleObjectives.length > 0 ? (
        <div className="notice notice-warn" role="note">
          <strong>No work two weeks into the cycle:</strong>{' '}
          {coverage.idleObjectives.map((o) => o.title).join(' · ')}
        </div>
      ) : null}

      <KrTable coverage={coverage} shown={shown} loadKrTickets={props.loadKrTickets} />

      <section className="card" aria-labelledby="cov-orphans-h" style={{ marginTop: 16 }}>
        <h2 id="cov-orphans-h" className="cov-h">
          Orphan work: tickets seen this cycle that serve no key result
        </h2>
        {coverage.orphanTotal === 0 ? (
          <p className="muted section">None — every ticket seen serves a key result.</p>
        ) : (
          <OrphanList
            orphans={coverage.orphans}
            total={coverage.orphanTotal}
            loadOrphans={props.loadOrphans}
            keyResults={props.keyResults}
            onLink={props.onLink}
          />
        )}
      </section>
    </div>
  );
}
