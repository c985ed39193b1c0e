/**
 * The popup: the quarter at a glance, the ticket in the tab, quick check-ins. Props in, JSX
 * out; the entrypoint does the talking.
 */
import { startTransition, useEffect, useState } from 'react';
import type {
  Evidence,
  KrSummary,
  LinkedKr,
  ObjectiveSummary,
  QuarterSummary,
} from '@/lib/okr/dto';
import type { PageTicket } from '@/lib/protocol';
import type { Status } from '@/lib/okr/progress';
import { formatValue } from '@/lib/okr/progress';
import type { CheckIn } from '@/lib/okr/model';
import { ProgressBar, StatusChip, pct } from './ui';

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

function valueText(k: KrSummary): string {
  const v = k.evaluation.value;
  if (k.kind === 'milestone') return v !== undefined && v >= (k.target ?? 1) ? 'Done' : 'Not done';
  if (k.kind === 'maintain')
    return `${formatValue(v, k.unit)} (keep ${k.direction === 'atMost' ? '≤' : '≥'} ${formatValue(k.target, k.unit)})`;
  return `${formatValue(v, k.unit)} → ${formatValue(k.target, k.unit)}`;
}

export interface PopupActions {
  openOptions: (hash?: string) => void;
  loadSample: () => Promise<void>;
  setCycle: (id: string) => void;
  setTeam: (team: string) => void;
  setWorstFirst: (v: boolean) => void;
  toggleObjective: (id: string) => void;
  checkIn: (c: CheckIn) => Promise<void>;
  loadEvidence: (krId: string) => Promise<Evidence>;
  unlink: (ticket: string, krId: string) => Promise<void>;
  openPicker: () => void;
}

export interface PageState {
  status: 'loading' | 'none' | 'ticket';
  ticket?: PageTicket;
  links?: LinkedKr[];
}

/**
 * Objectives painted in the popup's first frame; the rest follow right after it (a transition
 * a frame later). A 600 px popup shows about three, and rendering 20 objectives with 100 KRs
 * at once cost about 55 ms on the bench machine before anything showed.
 */
export const FIRST_PAINT_OBJECTIVES = 4;

export function Popup({
  summary,
  page,
  team,
  worstFirst,
  collapsed,
  actions,
}: {
  summary: QuarterSummary;
  page: PageState;
  team: string;
  worstFirst: boolean;
  collapsed: ReadonlySet<string>;
  actions: PopupActions;
}) {
  const { cycle } = summary;
  const objectives = sortObjectives(
    summary.objectives.filter((o) => !team || o.team === team || o.owner === team),
    worstFirst,
  );
  const [all, setAll] = useState(false);
  useEffect(() => {
    if (all) return;
    const t = setTimeout(() => startTransition(() => setAll(true)), 0);
    return () => clearTimeout(t);
  }, [all]);
  const shown = all ? objectives : objectives.slice(0, FIRST_PAINT_OBJECTIVES);
  return (
    <div className="popup">
      <header className="popup-head">
        <h1 className="popup-title">OKR Lens</h1>
        {summary.cycles.length > 1 && cycle ? (
          <select
            className="input popup-select"
            aria-label="Cycle"
            value={cycle.id}
            onChange={(e) => actions.setCycle(e.target.value)}
          >
            {summary.cycles.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        ) : null}
        <span className="spacer" />
        <button
          type="button"
          className="btn btn-ghost btn-sm"
          onClick={() => actions.openOptions()}
        >
          Open OKRs
        </button>
      </header>
      {!cycle || summary.objectives.length === 0 ? (
        <section className="popup-empty" aria-label="Getting started">
          <p>
            <strong>No OKRs {cycle ? `in ${cycle.name}` : 'yet'}.</strong> Load the example OKRs to
            look around, or bring your team’s file.
          </p>
          <div className="row">
            <button
              type="button"
              className="btn btn-primary btn-sm"
              onClick={() => void actions.loadSample()}
            >
              Load example OKRs
            </button>
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => actions.openOptions('data')}
            >
              Import a file
            </button>
          </div>
        </section>
      ) : (
        <>
          <section className="popup-cycle" aria-label="Cycle">
            <div className="row">
              <strong>{cycle.name}</strong>
              <span className="muted small">
                {summary.week && summary.today >= cycle.start && summary.today <= cycle.end
                  ? `week ${summary.week.week} of ${summary.week.weeks}`
                  : summary.today < cycle.start
                    ? 'not started'
                    : 'ended'}
              </span>
              <span className="spacer" />
              {summary.staleCount > 0 ? (
                <span className="chip stale" title="Key results without a check-in for a while">
                  {summary.staleCount} stale
                </span>
              ) : null}
            </div>
            <ProgressBar
              progress={summary.expected}
              expected={summary.expected}
              status="no-data"
              label="Time elapsed"
              caption={`${pct(summary.expected)} of the time elapsed`}
            />
          </section>
          <ThisPage page={page} actions={actions} />
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
          <ul className="popup-objectives" aria-label="Objectives">
            {shown.map((o) => (
              <ObjectiveItem
                key={o.id}
                o={o}
                open={!collapsed.has(o.id)}
                today={summary.today}
                actions={actions}
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
              {l.source === 'label' ? (
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

function ObjectiveItem({
  o,
  open,
  today,
  actions,
}: {
  o: ObjectiveSummary;
  open: boolean;
  today: string;
  actions: PopupActions;
}) {
  const bodyId = `obj-${o.id}`;
  return (
    <li className="popup-objective" data-objective-id={o.id}>
      <button
        type="button"
        className="popup-objective-head"
        aria-expanded={open}
        aria-controls={bodyId}
        onClick={() => actions.toggleObjective(o.id)}
      >
        <span className="popup-caret" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
        <span className="popup-objective-title">{o.title}</span>
        <StatusChip status={o.evaluation.status} />
      </button>
      <div className="popup-objective-bar">
        <ProgressBar
          progress={o.evaluation.progress}
          expected={o.evaluation.expected}
          status={o.evaluation.status}
          label={`${o.title} progress`}
        />
      </div>
      {open ? (
        <ul id={bodyId} className="popup-krs" aria-label={`Key results of ${o.title}`}>
          {o.keyResults.map((k) => (
            <KrItem key={k.id} k={k} today={today} actions={actions} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

function KrItem({ k, today, actions }: { k: KrSummary; today: string; actions: PopupActions }) {
  const [form, setForm] = useState(false);
  return (
    <li className="popup-kr" aria-label={`${k.code} ${k.title}`} data-kr={k.code}>
      <div className="popup-kr-line">
        <span className="kr-code">{k.code}</span>
        <span className="popup-kr-title">{k.title}</span>
        <StatusChip status={k.evaluation.status} stale={k.evaluation.stale} />
      </div>
      <div className="popup-kr-line small muted">
        <span data-testid="kr-value">{valueText(k)}</span>
        <span>· {pct(k.evaluation.progress)}</span>
        {k.initiatives !== undefined ? (
          <span data-testid="kr-initiatives">
            · {k.initiatives} initiative{k.initiatives === 1 ? '' : 's'}
            {k.initiatives ? `, ${k.done ?? 0} done` : ''}
          </span>
        ) : null}
        <span className="spacer" />
        {!form ? (
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            aria-label={`Check in on ${k.code}`}
            onClick={() => setForm(true)}
          >
            Check in
          </button>
        ) : null}
      </div>
      {form ? (
        <QuickCheckIn k={k} today={today} actions={actions} onDone={() => setForm(false)} />
      ) : null}
    </li>
  );
}

function QuickCheckIn({
  k,
  today,
  actions,
  onDone,
}: {
  k: KrSummary;
  today: string;
  actions: PopupActions;
  onDone: () => void;
}) {
  const [value, setValue] = useState(
    k.evaluation.value === undefined ? '' : String(k.evaluation.value),
  );
  const [confidence, setConfidence] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [evidence, setEvidence] = useState<Evidence | undefined>();
  const { loadEvidence } = actions;
  useEffect(() => {
    let live = true;
    void loadEvidence(k.id).then((e) => {
      if (!live) return;
      setEvidence(e);
      // Draft the note from the evidence; the user edits or clears it.
      if (e.doneSince.length)
        setNote(
          (n) =>
            n || `Done since last check-in: ${e.doneSince.map((t) => t.title ?? t.key).join('; ')}`,
        );
    });
    return () => {
      live = false;
    };
  }, [k.id, loadEvidence]);
  const submit = async () => {
    const n = Number(value.replace(/,/g, '').trim());
    if (value.trim() === '' || !Number.isFinite(n))
      return setError('Enter the current value as a number.');
    try {
      await actions.checkIn({
        keyResultId: k.id,
        at: today,
        value: n,
        ...(confidence ? { confidence: confidence as 'on-track' | 'at-risk' | 'off-track' } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      onDone();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const id = `ci-${k.id}`;
  return (
    <form
      className="popup-checkin"
      aria-label={`Check in on ${k.code}`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {evidence ? (
        <div className="small" data-testid="evidence">
          {evidence.doneSince.length ? (
            <>
              <strong>
                {evidence.doneSince.length} initiative{evidence.doneSince.length === 1 ? '' : 's'}{' '}
                done since{' '}
                {evidence.lastCheckIn
                  ? `the last check-in (${evidence.lastCheckIn.at.slice(0, 10)})`
                  : 'the start'}
              </strong>
              <ul className="popup-evidence">
                {evidence.doneSince.map((t) => (
                  <li key={t.key}>
                    {t.url ? (
                      <a href={t.url} target="_blank" rel="noreferrer">
                        {t.title ?? t.key}
                      </a>
                    ) : (
                      (t.title ?? t.key)
                    )}{' '}
                    <span className="muted">({t.state})</span>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <span className="muted">
              No linked work done since{' '}
              {evidence.lastCheckIn
                ? `the last check-in (${evidence.lastCheckIn.at.slice(0, 10)})`
                : 'the start'}
              .
            </span>
          )}
        </div>
      ) : null}
      <div className="row">
        <label className="sr-only" htmlFor={`${id}-v`}>
          {k.kind === 'milestone' ? 'Done (1) or not (0)' : `Value${k.unit ? ` (${k.unit})` : ''}`}
        </label>
        <input
          id={`${id}-v`}
          className="input"
          inputMode="decimal"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          autoFocus
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-err` : undefined}
          placeholder={k.unit ?? 'value'}
        />
        <label className="sr-only" htmlFor={`${id}-c`}>
          Confidence
        </label>
        <select
          id={`${id}-c`}
          className="input"
          value={confidence}
          onChange={(e) => setConfidence(e.target.value)}
        >
          <option value="">Confidence…</option>
          <option value="on-track">On track</option>
          <option value="at-risk">At risk</option>
          <option value="off-track">Off track</option>
        </select>
      </div>
      <label className="sr-only" htmlFor={`${id}-n`}>
        Note
      </label>
      <textarea
        id={`${id}-n`}
        className="input"
        rows={2}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        placeholder="Note (optional)"
      />
      {error ? (
        <div className="field-error" id={`${id}-err`} role="alert">
          {error}
        </div>
      ) : null}
      <div className="row">
        <button type="submit" className="btn btn-primary btn-sm">
          Save check-in
        </button>
        <button type="button" className="btn btn-sm" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
