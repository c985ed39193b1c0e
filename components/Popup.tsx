/**
 * The popup: the quarter at a glance, the ticket in the tab, quick check-ins. Props in, JSX
 * out; the entrypoint does the talking.
 */
import type { ObjectiveSummary, QuarterSummary } from '@/lib/okr/dto';
import type { Status } from '@/lib/okr/progress';
import { shortKey } from '@/lib/okr/ticket-key';
import { ObjectiveItem } from './PopupObjectives';
import type { PageState, PopupActions } from './popup-types';
import { IdOptions, StatusChip, TimeElapsedBar } from './ui';
import type { MarkOf } from '@/lib/okr/team-marks';
import { TeamMark } from './TeamMark';
import { useFirstPaint } from './useFirstPaint';

const severity: Record<Status, number> = {
  'off-track': 0,
  'at-risk': 1,
  'no-data': 2,
  'on-track': 3,
  done: 4,
};

export function sortObjectives(
  objectives: readonly ObjectiveSummary[],
  worstFirst: boolean,
): ObjectiveSummary[] {
  if (!worstFirst) return [...objectives];
  return [...objectives]
    .map((o) => ({
      ...o,
      keyResults: [...o.keyResults].sort(
        (a, b) => severity[a.evaluation.status] - severity[b.evaluation.status],
      ),
    }))
    .sort((a, b) => severity[a.evaluation.status] - severity[b.evaluation.status]);
}

export type { PageState, PopupActions } from './popup-types';

/**
 * Objectives painted in the popup's first frame; the rest follow right after it (a transition
 * a frame later). A 600 px popup shows about three, and rendering 20 objectives with 100 KRs
 * at once cost about 55 ms on the bench machine before anything showed.
 */
export const FIRST_PAINT_OBJECTIVES = 4;

interface PopupProps {
  summary: QuarterSummary;
  page: PageState;
  team: string;
  worstFirst: boolean;
  collapsed: ReadonlySet<string>;
  actions: PopupActions;
  /** Team OKRs: where records come from (absent: no subscriptions). */
  markOf?: MarkOf;
}

function PopupHead({ summary, actions }: Pick<PopupProps, 'summary' | 'actions'>) {
  const { cycle } = summary;
  return (
    <header className="popup-head">
      <h1 className="popup-title">OKR Lens</h1>
      {summary.cycles.length > 1 && cycle ? (
        <select
          className="input popup-select"
          aria-label="Cycle"
          value={cycle.id}
          onChange={(e) => actions.setCycle(e.target.value)}
        >
          <IdOptions items={summary.cycles} label={(c) => c.name} />
        </select>
      ) : null}
      <span className="spacer" />
      <button type="button" className="btn btn-ghost btn-sm" onClick={() => actions.openOptions()}>
        Open OKRs
      </button>
    </header>
  );
}

function GettingStarted({ summary, actions }: Pick<PopupProps, 'summary' | 'actions'>) {
  const { cycle } = summary;
  return (
    <section className="popup-empty" aria-label="Getting started">
      <p>
        <strong>No OKRs {cycle ? `in ${cycle.name}` : 'yet'}.</strong> Load the example OKRs to look
        around, or bring your team’s file.
      </p>
      <div className="row">
        <button
          type="button"
          className="btn btn-primary btn-sm"
          onClick={() => void actions.loadSample()}
        >
          Load example OKRs
        </button>
        <button type="button" className="btn btn-sm" onClick={() => actions.openOptions('data')}>
          Import a file
        </button>
      </div>
    </section>
  );
}

/** Where today falls in the cycle: its week, or before or after it. */
function weekText({ cycle, today, week }: QuarterSummary): string {
  if (week && cycle && today >= cycle.start && today <= cycle.end)
    return `week ${week.week} of ${week.weeks}`;
  return cycle && today < cycle.start ? 'not started' : 'ended';
}

function CycleGlance({ summary, markOf }: { summary: QuarterSummary; markOf?: MarkOf }) {
  const mark = summary.cycle ? markOf?.(summary.cycle.id) : undefined;
  return (
    <section className="popup-cycle" aria-label="Cycle">
      {mark ? (
        <div className="small" data-testid="popup-team">
          <TeamMark mark={mark} />
        </div>
      ) : null}
      <div className="row">
        <strong>{summary.cycle?.name}</strong>
        <span className="muted small">{weekText(summary)}</span>
        <span className="spacer" />
        {summary.staleCount > 0 ? (
          <span className="chip stale" title="Key results without a check-in for a while">
            {summary.staleCount} stale
          </span>
        ) : null}
      </div>
      <TimeElapsedBar share={summary.expected} of="time" />
    </section>
  );
}

function Filters({ summary, team, worstFirst, actions }: Omit<PopupProps, 'page' | 'collapsed'>) {
  return (
    <div className="toolbar popup-filters">
      {summary.teams.length > 0 ? (
        <select
          className="input popup-select"
          aria-label="Team"
          value={team}
          onChange={(e) => actions.setTeam(e.target.value)}
        >
          <option value="">All teams</option>
          {summary.teams.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      ) : null}
      <label className="row small">
        <input
          type="checkbox"
          checked={worstFirst}
          onChange={(e) => actions.setWorstFirst(e.target.checked)}
        />
        Worst first
      </label>
    </div>
  );
}

export function Popup(props: PopupProps) {
  const { summary, page, team, worstFirst, collapsed, actions, markOf } = props;
  const objectives = sortObjectives(
    summary.objectives.filter((o) => !team || o.team === team || o.owner === team),
    worstFirst,
  );
  const shown = useFirstPaint(objectives, FIRST_PAINT_OBJECTIVES);
  return (
    <div className="popup">
      <PopupHead summary={summary} actions={actions} />
      {!summary.cycle || summary.objectives.length === 0 ? (
        <GettingStarted summary={summary} actions={actions} />
      ) : (
        <>
          <CycleGlance summary={summary} markOf={markOf} />
          <ThisPage page={page} actions={actions} />
          <Filters summary={summary} team={team} worstFirst={worstFirst} actions={actions} />
          <ul className="popup-objectives" aria-label="Objectives">
            {shown.map((o) => (
              <ObjectiveItem
                key={o.id}
                o={o}
                open={!collapsed.has(o.id)}
                today={summary.today}
                actions={actions}
                markOf={markOf}
              />
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function ThisPage({ page, actions }: { page: PageState; actions: PopupActions }) {
  if (page.status === 'loading') return null;
  if (page.status === 'none' || !page.ticket)
    return (
      <section className="popup-page muted small" aria-label="This page">
        This tab shows no GitHub, Jira or Linear ticket.
      </section>
    );
  const links = page.links ?? [];
  return (
    <section className="popup-page" aria-label="This page">
      <div className="small muted">This page · {page.ticket.tracker}</div>
      <div className="popup-ticket" title={page.ticket.key}>
        {page.ticket.title ?? page.ticket.key}
      </div>
      {links.length === 0 ? (
        <p className="small muted" style={{ margin: '4px 0' }}>
          Serves no key result yet.
        </p>
      ) : (
        <ul className="popup-links" aria-label="Key results of this ticket">
          {links.map((l) => (
            <li key={l.keyResultId} data-kr={l.code}>
              <StatusChip status={l.evaluation.status} stale={l.evaluation.stale} />
              <span className="kr-code">{l.code}</span>
              <span className="popup-kr-title">{l.title}</span>
              {l.delivery ? (
                <span
                  className={`delivery ${l.delivery.state}`}
                  title={l.delivery.reason ?? 'OKR Lens will write the label to the tracker'}
                >
                  label {l.delivery.state}
                </span>
              ) : null}
              {l.via !== undefined ? (
                <span className="small muted" title={`Linked on its parent ${l.via}`}>
                  via {shortKey(l.via)}
                </span>
              ) : l.source === 'label' ? (
                <span className="small muted" title="Linked by a tracker label">
                  label
                </span>
              ) : (
                <button
                  type="button"
                  className="btn btn-ghost btn-sm"
                  aria-label={`Unlink ${l.code}`}
                  onClick={() => void actions.unlink(page.ticket!.key, l.keyResultId)}
                >
                  Unlink
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="btn btn-sm" onClick={actions.openPicker}>
        Link to key result…
      </button>
    </section>
  );
}
