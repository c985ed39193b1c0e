/** Tickets in the Coverage tab: a KR's initiatives, and orphan work with a one-step link. */
import { useCallback, useEffect, useState } from 'react';
import type { CoverageTicket } from '@/lib/okr/coverage';
import { resolveKrChoice } from '@/lib/okr/coverage';
import { TRACKER_KEYS, shortKey } from '@/lib/okr/ticket-key';
import type { TrackerId } from '@/lib/okr/ticket-key';
import type { KeyResult } from '@/lib/okr/model';

export const trackerLabel = (id: TrackerId): string => TRACKER_KEYS[id].name;
const stateLabel: Record<string, string> = {
  open: 'Open',
  'in-progress': 'In progress',
  closed: 'Closed',
  merged: 'Merged',
  done: 'Done',
};

function TrackerTag({ t }: { t: TrackerId | undefined }) {
  return t ? <span className={`tracker-tag t-${t}`}>{trackerLabel(t)}</span> : null;
}

/** A ticket's line; `linked`: listed under a KR (an orphan has no link to say who made). */
function TicketLine({ t, linked = false }: { t: CoverageTicket; linked?: boolean }) {
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
      {t.via ? (
        <span className="muted small cov-via" title={`Serves this KR through its parent ${t.via}`}>
          via {shortKey(t.via)}
        </span>
      ) : linked ? (
        <span className="cov-source" title="Who linked it">
          {SOURCE_TEXT[t.source]}
        </span>
      ) : null}
    </li>
  );
}

/** Who linked a ticket: you (the picker, an import), a label read on the page, the team sync. */
export const SOURCE_TEXT: Record<CoverageTicket['source'], string> = {
  user: 'linked by you',
  label: 'from label on page',
  tracker: 'from team sync',
};

/**
 * Tickets listed per KR before "Show all": the counts columns carry the totals, and a big
 * store (200 tickets per KR, 20,000 links) rendered 100,000 nodes and froze the page for a
 * minute when every ticket was listed.
 */
export const TICKETS_PER_KR = 5;

/** A list the background sends in full on demand, kept with the answer it completes. */
interface Loaded {
  of: readonly CoverageTicket[];
  list: readonly CoverageTicket[];
}

/**
 * Ask `load` whenever `want` is set and the first items (`first`, a new answer of the
 * background) change; the answer is used only while `first` is the one it was asked for.
 */
function useLoaded(
  want: boolean,
  first: readonly CoverageTicket[],
  load: () => Promise<readonly CoverageTicket[]>,
): readonly CoverageTicket[] | undefined {
  const [loaded, setLoaded] = useState<Loaded>();
  useEffect(() => {
    if (!want) return;
    let live = true;
    load().then(
      (list) => live && setLoaded({ of: first, list }),
      (e: unknown) => console.warn('OKR Lens: could not read coverage', e),
    );
    return () => {
      live = false;
    };
  }, [want, first, load]);
  return want && loaded?.of === first ? loaded.list : undefined;
}

/**
 * In place of "Show all" / "Show more" while the background answers: a second click would
 * ask for nothing new, and a button that stays clickable says nothing happened.
 */
function LoadingButton({ ghost = false }: { ghost?: boolean }) {
  return (
    <button type="button" className={`btn btn-sm${ghost ? ' btn-ghost' : ''}`} disabled aria-busy>
      Loading…
    </button>
  );
}

/**
 * A KR's tickets: the first TICKETS_PER_KR (what the background sends), then all `total` of
 * them on "Show all" (`loadAll` asks the background for the KR's whole list).
 */
export function KrTickets({
  code,
  tickets,
  total,
  loadAll,
}: {
  code: string;
  tickets: readonly CoverageTicket[];
  total: number;
  loadAll: () => Promise<readonly CoverageTicket[]>;
}) {
  const [all, setAll] = useState(false);
  const full = useLoaded(all && total > tickets.length, tickets, loadAll);
  const shown = full ?? tickets.slice(0, TICKETS_PER_KR);
  const count = full?.length ?? total;
  const hidden = count - shown.length;
  const loading = all && !full && hidden > 0;
  return (
    <>
      <ul className="cov-tickets">
        {shown.map((t) => (
          <TicketLine key={t.key} t={t} linked />
        ))}
      </ul>
      {loading ? (
        <LoadingButton ghost />
      ) : hidden > 0 ? (
        <button
          type="button"
          className="btn btn-ghost btn-sm"
          aria-label={`Show all ${count} initiatives of ${code}`}
          onClick={() => setAll(true)}
        >
          Show all {count} ({hidden} more)
        </button>
      ) : null}
    </>
  );
}

/** Orphans shown at first and added per "Show more": a store can have thousands. */
export const ORPHAN_PAGE = 50;

/** An orphan with its KR input (`text`, kept by the list) and Link button. */
function OrphanRow({
  t,
  text,
  onText,
  listId,
  keyResults,
  onLink,
}: {
  t: CoverageTicket;
  text: string;
  onText: (text: string) => void;
  listId: string;
  keyResults: readonly KeyResult[];
  onLink: (ticket: string, keyResultId: string) => Promise<void>;
}) {
  const kr = resolveKrChoice(text, keyResults);
  const unknown = text.trim() !== '' && !kr;
  const hintId = `hint-${t.key}`;
  return (
    <li className="cov-orphan" data-ticket={t.key}>
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
        onChange={(e) => onText(e.target.value)}
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
}

/**
 * Orphan tickets with a one-step link. One shared <datalist> of the cycle's KRs serves every
 * row (an input per row, searchable by code or title): a <select> per row rendered
 * rows × KRs options (148 × 142 took ten seconds on a big store).
 */
export function OrphanList({
  orphans,
  total,
  loadOrphans,
  keyResults,
  onLink,
}: {
  /** The first ORPHAN_PAGE orphans (what the background sends). */
  orphans: readonly CoverageTicket[];
  total: number;
  /** The first `limit` orphans, asked of the background ("Show more"). */
  loadOrphans: (limit: number) => Promise<readonly CoverageTicket[]>;
  keyResults: readonly KeyResult[];
  onLink: (ticket: string, keyResultId: string) => Promise<void>;
}) {
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [limit, setLimit] = useState(ORPHAN_PAGE);
  const listId = 'cov-kr-options';
  const load = useCallback(() => loadOrphans(limit), [loadOrphans, limit]);
  const more = useLoaded(limit > orphans.length && total > orphans.length, orphans, load);
  const shown = (more ?? orphans).slice(0, limit);
  const rest = total - shown.length;
  // Asked for more than has come: the next page is on its way.
  const loading = shown.length < Math.min(limit, total);
  return (
    <>
      <datalist id={listId}>
        {keyResults.map((k) => (
          <option key={k.id} value={`${k.code} ${k.title}`} />
        ))}
      </datalist>
      <ul className="cov-orphans" aria-label="Orphan tickets">
        {shown.map((t) => (
          <OrphanRow
            key={t.key}
            t={t}
            text={typed[t.key] ?? ''}
            onText={(v) => setTyped((c) => ({ ...c, [t.key]: v }))}
            listId={listId}
            keyResults={keyResults}
            onLink={onLink}
          />
        ))}
      </ul>
      {loading ? (
        <p className="section">
          <LoadingButton />
        </p>
      ) : rest > 0 ? (
        <p className="section">
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => setLimit(shown.length + ORPHAN_PAGE)}
          >
            Show {Math.min(rest, ORPHAN_PAGE)} more ({rest} not shown)
          </button>
        </p>
      ) : null}
    </>
  );
}
