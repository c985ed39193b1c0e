/** Tickets in the Coverage tab: a KR's initiatives, and orphan work with a one-step link. */
import { useState } from 'react';
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

export function KrTickets({ code, tickets }: { code: string; tickets: readonly CoverageTicket[] }) {
  const [all, setAll] = useState(false);
  const shown = all ? tickets : tickets.slice(0, TICKETS_PER_KR);
  const hidden = tickets.length - shown.length;
  return (
    <>
      <ul className="cov-tickets">
        {shown.map((t) => (
          <TicketLine key={t.key} t={t} linked />
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
export function OrphanList({
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
