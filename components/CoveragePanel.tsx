/** Coverage for PMs: which KRs have work, which work serves no KR, and the alignment share. */
import { useState } from 'react';
import type { Coverage, CoverageFilters, CoverageTicket } from '@/lib/okr/coverage';
import { resolveKrChoice } from '@/lib/okr/coverage';
import { TRACKER_KEYS, shortKey } from '@/lib/okr/ticket-key';
import type { TrackerId } from '@/lib/okr/ticket-key';
import type { Cycle, KeyResult, Objective } from '@/lib/okr/model';

const trackerLabel = (id: TrackerId): string => TRACKER_KEYS[id].name;
const stateLabel: Record<string, string> = {
  open: 'Open',
  'in-progress': 'In progress',
  closed: 'Closed',
  merged: 'Merged',
  done: 'Done',
};
const pctOf = (r: number | undefined) => (r === undefined ? '—' : `${Math.round(r * 100)}%`);

function TrackerTag({ t }: { t: TrackerId | undefined }) {
  return t ? <span className={`tracker-tag t-${t}`}>{trackerLabel(t)}</span> : null;
}

function TicketLine({ t }: { t: CoverageTicket }) {
  return (
    <li className="cov-ticket" data-ticket={t.key}>
      <TrackerTag t={t.tracker} />
      <code className="cov-key" title={t.key}>
        {shortKey(t.key)}
      </code>
      {t.url ? (
        <a href={t.url} target="_blank" rel="noreferrer" className="cov-title">
          {t.title ?? 'Open'}
        </a>
      ) : (
        <span className="cov-title">{t.title ?? ''}</span>
      )}
      <span className={`chip b-${t.bucket}`}>
        {t.state ? stateLabel[t.state] : 'Unknown state'}
      </span>
      {t.source === 'label' ? <span className="muted small">from label</span> : null}
    </li>
  );
}

export function CoveragePanel({
  cycles,
  cycle,
  objectives,
  keyResults,
  coverage,
  filters,
  teams,
  onCycle,
  onFilters,
  onLink,
  onExportCsv,
  onExportMarkdown,
}: {
  cycles: readonly Cycle[];
  cycle: Cycle;
  objectives: readonly Objective[];
  /** The cycle's active KRs, for the orphan "link to" choice. */
  keyResults: readonly KeyResult[];
  coverage: Coverage;
  filters: CoverageFilters;
  teams: readonly string[];
  onCycle: (id: string) => void;
  onFilters: (f: CoverageFilters) => void;
  onLink: (ticket: string, keyResultId: string) => Promise<void>;
  onExportCsv: () => void;
  onExportMarkdown: (copy: boolean) => Promise<void>;
}) {
  const [copied, setCopied] = useState(false);
  const covered = coverage.keyResults.filter((k) => k.covered).length;
  const set = (patch: Partial<CoverageFilters>) => {
    const next: CoverageFilters = { ...filters, ...patch };
    for (const k of Object.keys(next) as (keyof CoverageFilters)[]) if (!next[k]) delete next[k];
    onFilters(next);
  };
  return (
    <div>
      <div className="toolbar" role="search" aria-label="Coverage filters">
        <select
          className="input"
          style={{ width: 'auto' }}
          aria-label="Cycle"
          value={cycle.id}
          onChange={(e) => onCycle(e.target.value)}
        >
          {cycles.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <select
          className="input"
          style={{ width: 'auto' }}
          aria-label="Objective"
          value={filters.objectiveId ?? ''}
          onChange={(e) => set({ objectiveId: e.target.value })}
        >
          <option value="">All objectives</option>
          {objectives.map((o) => (
            <option key={o.id} value={o.id}>
              {o.title}
            </option>
          ))}
        </select>
        <select
          className="input"
          style={{ width: 'auto' }}
          aria-label="Team"
          value={filters.team ?? ''}
          onChange={(e) => set({ team: e.target.value })}
        >
          <option value="">All teams</option>
          {teams.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <select
          className="input"
          style={{ width: 'auto' }}
          aria-label="Tracker"
          value={filters.tracker ?? ''}
          onChange={(e) => set({ tracker: (e.target.value || undefined) as TrackerId | undefined })}
        >
          <option value="">All trackers</option>
          <option value="github">GitHub</option>
          <option value="jira">Jira</option>
          <option value="linear">Linear</option>
        </select>
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
        <button type="button" className="btn" onClick={onExportCsv}>
          Export CSV
        </button>
        <button type="button" className="btn" onClick={() => void onExportMarkdown(false)}>
          Export Markdown
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => void onExportMarkdown(true).then(() => setCopied(true))}
        >
          {copied ? 'Copied' : 'Copy summary'}
        </button>
      </div>

      <section className="cov-stats" aria-label="Coverage summary">
        <div className="card stat">
          <div className="stat-n" data-testid="covered">
            {covered} / {coverage.keyResults.length}
          </div>
          <div className="muted small">key results with work</div>
        </div>
        <div className="card stat">
          <div className="stat-n" data-testid="alignment">
            {pctOf(coverage.alignment.total.ratio)}
          </div>
          <div className="muted small">
            alignment: {coverage.alignment.total.linked} of {coverage.alignment.total.seen} tickets
            seen serve a KR
          </div>
        </div>
        {(['github', 'jira', 'linear'] as const).map((t) => (
          <div className="card stat" key={t}>
            <div className="stat-n" data-testid={`alignment-${t}`}>
              {pctOf(coverage.alignment[t].ratio)}
            </div>
            <div className="muted small">
              {trackerLabel(t)} ({coverage.alignment[t].linked}/{coverage.alignment[t].seen})
            </div>
          </div>
        ))}
        <div className="card stat">
          <div className="stat-n" data-testid="orphan-count">
            {coverage.orphans.length}
          </div>
          <div className="muted small">orphan tickets</div>
        </div>
      </section>

      {coverage.idleObjectives.length > 0 ? (
        <div className="notice notice-warn" role="note">
          <strong>No work two weeks into the cycle:</strong>{' '}
          {coverage.idleObjectives.map((o) => o.title).join(' · ')}
        </div>
      ) : null}

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
            {coverage.keyResults.map((k) => (
              <tr key={k.kr.id} data-kr={k.kr.code} data-covered={k.covered}>
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
                  {k.tickets.length ? (
                    <KrTickets code={k.kr.code} tickets={k.tickets} />
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className="num">{k.counts.open}</td>
                <td className="num">{k.counts.inProgress}</td>
                <td className="num">{k.counts.done}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {coverage.keyResults.length === 0 ? (
          <p className="muted section">No key result matches.</p>
        ) : null}
      </section>

      <section className="card" aria-labelledby="cov-orphans-h" style={{ marginTop: 16 }}>
        <h2 id="cov-orphans-h" className="cov-h">
          Orphan work: tickets seen this cycle that serve no key result
        </h2>
        {coverage.orphans.length === 0 ? (
          <p className="muted section">None — every ticket seen serves a key result.</p>
        ) : (
          <OrphanList orphans={coverage.orphans} keyResults={keyResults} onLink={onLink} />
        )}
      </section>
    </div>
  );
}

/**
 * Tickets listed per KR before "Show all": the counts columns carry the totals, and a big
 * store (200 tickets per KR, 20,000 links) rendered 100,000 nodes and froze the page for a
 * minute when every ticket was listed.
 */
export const TICKETS_PER_KR = 5;

function KrTickets({ code, tickets }: { code: string; tickets: readonly CoverageTicket[] }) {
  const [all, setAll] = useState(false);
  const shown = all ? tickets : tickets.slice(0, TICKETS_PER_KR);
  const hidden = tickets.length - shown.length;
  return (
    <>
      <ul className="cov-tickets">
        {shown.map((t) => (
          <TicketLine key={t.key} t={t} />
        ))}
      </ul>
      {hidden > 0 ? (
        <button
          type="button"
          className="btn btn-ghost btn-sm"
          aria-label={`Show all ${tickets.length} initiatives of ${code}`}
          onClick={() => setAll(true)}
        >
          Show all {tickets.length} ({hidden} more)
        </button>
      ) : null}
    </>
  );
}

/** Orphans shown at first and added per "Show more": a store can have thousands. */
export const ORPHAN_PAGE = 50;

/**
 * Orphan tickets with a one-step link. One shared <datalist> of the cycle's KRs serves every
 * row (an input per row, searchable by code or title): a <select> per row rendered
 * rows × KRs options (148 × 142 took ten seconds on a big store).
 */
function OrphanList({
  orphans,
  keyResults,
  onLink,
}: {
  orphans: readonly CoverageTicket[];
  keyResults: readonly KeyResult[];
  onLink: (ticket: string, keyResultId: string) => Promise<void>;
}) {
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [limit, setLimit] = useState(ORPHAN_PAGE);
  const listId = 'cov-kr-options';
  const shown = orphans.slice(0, limit);
  const rest = orphans.length - shown.length;
  return (
    <>
      <datalist id={listId}>
        {keyResults.map((k) => (
          <option key={k.id} value={`${k.code} ${k.title}`} />
        ))}
      </datalist>
      <ul className="cov-orphans" aria-label="Orphan tickets">
        {shown.map((t) => {
          const text = typed[t.key] ?? '';
          const kr = resolveKrChoice(text, keyResults);
          const unknown = text.trim() !== '' && !kr;
          const hintId = `hint-${t.key}`;
          return (
            <li key={t.key} className="cov-orphan" data-ticket={t.key}>
              <ul className="cov-tickets">
                <TicketLine t={t} />
              </ul>
              <input
                className="input"
                style={{ width: 220 }}
                list={listId}
                aria-label={`Key result for ${t.key}`}
                aria-invalid={unknown || undefined}
                aria-describedby={unknown ? hintId : undefined}
                placeholder="KR code or title…"
                value={text}
                onChange={(e) => setTyped((c) => ({ ...c, [t.key]: e.target.value }))}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && kr) void onLink(t.key, kr.id);
                }}
              />
              <button
                type="button"
                className="btn btn-sm"
                disabled={!kr}
                aria-label={`Link ${t.key}`}
                onClick={() => kr && void onLink(t.key, kr.id)}
              >
                Link
              </button>
              {unknown ? (
                <span id={hintId} className="field-error small">
                  No key result “{text.trim()}” in this cycle
                </span>
              ) : null}
            </li>
          );
        })}
      </ul>
      {rest > 0 ? (
        <p className="section">
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => setLimit((l) => l + ORPHAN_PAGE)}
          >
            Show {Math.min(rest, ORPHAN_PAGE)} more ({rest} not shown)
          </button>
        </p>
      ) : null}
    </>
  );
}
