/**
 * Coverage (README "Using it", 7): which key results have work behind them, which work
 * serves no key result, and what share of the work seen is aligned. Pure.
 *
 * Decisions:
 * - "Seen in the cycle" = the overlay recorded the ticket (`seenAt`) between the cycle's start
 *   and end (inclusive), or the ticket is linked to one of the cycle's KRs.
 * - Ticket states fold into three columns: open; in progress; done (done, closed, merged).
 * - Orphan work = tickets seen in the cycle that are linked to no KR of this cycle.
 * - Alignment = linked seen tickets ÷ all seen tickets, per tracker and in total.
 * - "Work without outcome": a KR whose linked work is all done but whose value has not moved
 *   from its start (or has no check-in).
 * - Work hierarchy (README "Work hierarchy", ./hierarchy.ts): a ticket whose parent (or
 *   grandparent…) is linked to a KR serves it too. It is listed under that KR with `via` (the
 *   nearest linked ancestor), counted in its columns, aligned and never an orphan; a ticket's
 *   own link of the KR wins over a via one.
 */
import { naturalCompare } from './codes';
import type { Cycle, KeyResult, Link, LinkSource, Objective, Ticket, TicketState } from './model';
import { dayNumber } from './dates';
import { trackerIds, trackerOfKey } from './ticket-key';
import { compact, groupBy } from './objects';
import { servedVia } from './hierarchy';
import type { TrackerId } from './ticket-key';

export type Bucket = 'open' | 'inProgress' | 'done';
export const bucketOf = (s: TicketState | undefined): Bucket =>
  s === 'done' || s === 'closed' || s === 'merged'
    ? 'done'
    : s === 'in-progress'
      ? 'inProgress'
      : 'open';

export interface CoverageTicket {
  key: string;
  tracker: TrackerId | undefined;
  title?: string;
  url?: string;
  state?: TicketState;
  bucket: Bucket;
  source: LinkSource;
  linkedAt?: string;
  /** Serves the KR through this ancestor's link (work hierarchy), not a link of its own. */
  via?: string;
}

export interface KrCoverage {
  kr: KeyResult;
  objective: Objective;
  tickets: CoverageTicket[];
  counts: Record<Bucket, number>;
  covered: boolean;
  /** All linked work is done, yet the value has not moved from the start. */
  workWithoutOutcome: boolean;
}

export interface Alignment {
  seen: number;
  linked: number;
  /** linked ÷ seen, or undefined when nothing was seen. */
  ratio: number | undefined;
}

export interface CoverageFilters {
  objectiveId?: string;
  team?: string;
  tracker?: TrackerId;
  /** Case-insensitive substring over KR code/title, objective title, ticket key/title. */
  search?: string;
}

export interface Coverage {
  keyResults: KrCoverage[];
  orphans: CoverageTicket[];
  alignment: Record<TrackerId | 'total', Alignment>;
  /** Objectives none of whose KRs has work, two weeks or more into the cycle. */
  idleObjectives: Objective[];
}

/** The records Coverage is computed from (what `CoverageInput` has besides the view's choices). */
export interface CoverageRecordsIn {
  cycle: Cycle;
  objectives: readonly Objective[];
  keyResults: readonly KeyResult[];
  links: readonly Link[];
  tickets: readonly Ticket[];
  /** KR id → its current value (latest check-in), undefined without data. */
  currentValues: ReadonlyMap<string, number | undefined>;
}

export interface CoverageInput extends CoverageRecordsIn {
  today: string;
  filters?: CoverageFilters;
}

export const IDLE_AFTER_DAYS = 14;

/** A ticket listed under a KR before filters: its own link, or the ancestor it serves through. */
interface Entry {
  key: string;
  link?: Link;
  via?: string;
}

/**
 * Everything Coverage needs that does not depend on the filters or the day: the cycle's
 * records indexed, each KR's tickets and the orphan candidates already in their listed order,
 * and the alignment. Built once per store version (the background keeps it between requests).
 */
export interface CoverageScope {
  cycle: Cycle;
  objectives: Objective[];
  objectiveById: Map<string, Objective>;
  /** Active KRs of the cycle's active objectives, by code. */
  krs: KeyResult[];
  currentValues: ReadonlyMap<string, number | undefined>;
  /** KR id → its tickets (own links, then via ones), sorted by key. */
  entriesByKr: Map<string, Entry[]>;
  /** KR id → its tickets' counts by bucket (without a tracker filter). */
  countsByKr: Map<string, Record<Bucket, number>>;
  /** Tickets seen in the cycle that serve no KR of it, sorted by key. */
  orphanKeys: string[];
  ticketByKey: Map<string, Ticket>;
  alignment: Coverage['alignment'];
  /** Objectives with at least one KR linked to work. */
  withWork: Set<string>;
}

const byKey = <T extends { key: string }>(list: T[]): T[] =>
  list.sort((a, b) => naturalCompare(a.key, b.key));

/** Tickets seen during the cycle (edges inclusive), and every linked ticket. */
function seenTickets(
  cycle: Cycle,
  tickets: readonly Ticket[],
  servedKeys: ReadonlySet<string>,
): Ticket[] {
  const start = dayNumber(cycle.start);
  const end = dayNumber(cycle.end);
  return tickets.filter((t) => {
    if (servedKeys.has(t.key)) return true;
    if (!t.seenAt) return false;
    const d = dayNumber(t.seenAt);
    return d >= start && d <= end;
  });
}

function alignmentOf(
  seen: readonly Ticket[],
  servedKeys: ReadonlySet<string>,
): Coverage['alignment'] {
  const alignment = {} as Coverage['alignment'];
  for (const name of [...trackerIds, 'total'] as const) {
    const pool = name === 'total' ? seen : seen.filter((t) => trackerOfKey(t.key) === name);
    const linked = pool.filter((t) => servedKeys.has(t.key)).length;
    alignment[name] = {
      seen: pool.length,
      linked,
      ratio: pool.length ? linked / pool.length : undefined,
    };
  }
  return alignment;
}

/** The filter- and day-free part of Coverage (see `CoverageScope`). */
export function coverageScope(input: CoverageRecordsIn): CoverageScope {
  const { cycle } = input;
  const objectives = input.objectives.filter((o) => o.cycleId === cycle.id && !o.archived);
  const objectiveById = new Map(objectives.map((o) => [o.id, o]));
  const krs = input.keyResults
    .filter((k) => objectiveById.has(k.objectiveId) && !k.archived)
    .sort((a, b) => naturalCompare(a.code, b.code));
  const krIds = new Set(krs.map((k) => k.id));
  const links = input.links.filter((l) => krIds.has(l.keyResultId));
  const ticketByKey = new Map(input.tickets.map((t) => [t.key, t]));
  const viaByKr = servedVia(ticketByKey.keys(), links, (k) => ticketByKey.get(k)?.parent);
  const servedKeys = new Set(links.map((l) => l.ticket));
  for (const m of viaByKr.values()) for (const k of m.keys()) servedKeys.add(k);
  const linksByKr = groupBy(links, (l) => l.keyResultId);
  const entriesByKr = new Map<string, Entry[]>();
  for (const kr of krs) {
    const own = (linksByKr.get(kr.id) ?? []).map((l): Entry => ({ key: l.ticket, link: l }));
    const via = [...(viaByKr.get(kr.id) ?? [])].map(([key, a]): Entry => ({ key, via: a }));
    entriesByKr.set(kr.id, byKey([...own, ...via]));
  }
  const seen = seenTickets(cycle, input.tickets, servedKeys);
  const orphans = byKey(seen.filter((t) => !servedKeys.has(t.key)));
  return {
    cycle,
    objectives,
    objectiveById,
    krs,
    currentValues: input.currentValues,
    entriesByKr,
    countsByKr: new Map(
      [...entriesByKr].map(([id, list]) => [id, countsOf({ ticketByKey }, list)]),
    ),
    orphanKeys: orphans.map((t) => t.key),
    ticketByKey,
    alignment: alignmentOf(seen, servedKeys),
    withWork: new Set(
      krs.filter((k) => (linksByKr.get(k.id)?.length ?? 0) > 0).map((k) => k.objectiveId),
    ),
  };
}

function coverageTicket(scope: CoverageScope, key: string, link?: Link, via?: string) {
  const t = scope.ticketByKey.get(key);
  return compact<CoverageTicket>({
    key,
    tracker: trackerOfKey(key),
    bucket: bucketOf(t?.state),
    source: link?.source ?? 'user',
    title: t?.title,
    url: t?.url,
    state: t?.state,
    linkedAt: link?.createdAt,
    via,
  });
}

/** What a view lists: every count stays exact, the lists are cut. All when a field is absent. */
export interface CoverageLimits {
  /** Tickets listed per KR (the first ones in the listed order). */
  ticketsPerKr?: number;
  /** Orphans listed, from `orphanOffset` (default 0). */
  orphans?: number;
  orphanOffset?: number;
  /** Only this KR's row (if it passes the filters), e.g. to list all its tickets. */
  keyResultId?: string;
}

/** A KR's row with its list cut: `total` tickets serve it under the filters. */
export interface KrCoverageView extends KrCoverage {
  total: number;
}

/** Coverage with its lists cut (`CoverageLimits`); counts, alignment and flags exact. */
export interface CoverageView extends Omit<Coverage, 'keyResults'> {
  keyResults: KrCoverageView[];
  /** Orphans under the filters (`orphans` lists a page of them). */
  orphanTotal: number;
}

/** What the search reads for a KR's row: its code, title, objective, tickets' keys and titles. */
function searchText(scope: CoverageScope, kr: KeyResult, objective: Objective, entries: Entry[]) {
  const titleOf = (e: Entry) => scope.ticketByKey.get(e.key)?.title ?? '';
  const text = [kr.code, kr.title, objective.title, ...entries.flatMap((e) => [e.key, titleOf(e)])];
  return text.join('\n').toLowerCase();
}

function countsOf(scope: Pick<CoverageScope, 'ticketByKey'>, entries: readonly Entry[]) {
  const counts: Record<Bucket, number> = { open: 0, inProgress: 0, done: 0 };
  for (const e of entries) counts[bucketOf(scope.ticketByKey.get(e.key)?.state)]++;
  return counts;
}

/** One row per KR that passes the filters, uncovered first (what a PM must act on). */
function krRows(
  scope: CoverageScope,
  filters: CoverageFilters,
  limits: CoverageLimits,
): KrCoverageView[] {
  const q = filters.search?.trim().toLowerCase() ?? '';
  const rows: KrCoverageView[] = [];
  for (const kr of scope.krs) {
    if (limits.keyResultId !== undefined && kr.id !== limits.keyResultId) continue;
    const objective = scope.objectiveById.get(kr.objectiveId)!;
    if (filters.objectiveId && objective.id !== filters.objectiveId) continue;
    if (filters.team && (objective.team ?? objective.owner) !== filters.team) continue;
    const all = scope.entriesByKr.get(kr.id) ?? [];
    const entries = filters.tracker
      ? all.filter((e) => trackerOfKey(e.key) === filters.tracker)
      : all;
    if (q && !searchText(scope, kr, objective, entries).includes(q)) continue;
    const counts = filters.tracker ? countsOf(scope, entries) : { ...scope.countsByKr.get(kr.id)! };
    const value = scope.currentValues.get(kr.id);
    const moved = value !== undefined && value !== (kr.start ?? 0);
    const shown = entries.slice(0, limits.ticketsPerKr ?? entries.length);
    rows.push({
      kr,
      objective,
      tickets: shown.map((e) => coverageTicket(scope, e.key, e.link, e.via)),
      total: entries.length,
      counts,
      covered: entries.length > 0,
      workWithoutOutcome:
        entries.length > 0 && counts.done === entries.length && !moved && kr.kind !== 'milestone',
    });
  }
  return rows.sort((a, b) => Number(a.covered) - Number(b.covered));
}

/** Coverage of `scope` under `filters` on `today`, its lists cut to `limits`. */
export function coverageView(
  scope: CoverageScope,
  filters: CoverageFilters,
  today: string,
  limits: CoverageLimits = {},
): CoverageView {
  const q = filters.search?.trim().toLowerCase() ?? '';
  const orphanKeys = scope.orphanKeys.filter(
    (key) =>
      (!filters.tracker || trackerOfKey(key) === filters.tracker) &&
      (!q || `${key}\n${scope.ticketByKey.get(key)?.title ?? ''}`.toLowerCase().includes(q)),
  );
  const from = limits.orphanOffset ?? 0;
  const page = orphanKeys.slice(from, from + (limits.orphans ?? orphanKeys.length));
  const started = dayNumber(today) - dayNumber(scope.cycle.start) >= IDLE_AFTER_DAYS;
  return {
    keyResults: krRows(scope, filters, limits),
    orphans: page.map((key) => coverageTicket(scope, key)),
    orphanTotal: orphanKeys.length,
    alignment: scope.alignment,
    idleObjectives: started ? scope.objectives.filter((o) => !scope.withWork.has(o.id)) : [],
  };
}

/** The whole Coverage (every list in full). */
export function computeCoverage(input: CoverageInput): Coverage {
  const view = coverageView(coverageScope(input), input.filters ?? {}, input.today);
  return {
    keyResults: view.keyResults.map(({ total: _total, ...k }) => k),
    orphans: view.orphans,
    alignment: view.alignment,
    idleObjectives: view.idleObjectives,
  };
}

/** The KR a typed choice names: its "code title" label, or its code alone (any case). */
export function resolveKrChoice<K extends Pick<KeyResult, 'code' | 'title'>>(
  text: string,
  keyResults: readonly K[],
): K | undefined {
  const t = text.trim().toLowerCase();
  if (!t) return undefined;
  return (
    keyResults.find((k) => `${k.code} ${k.title}`.toLowerCase() === t) ??
    keyResults.find((k) => k.code.toLowerCase() === t) ??
    keyResults.find((k) => k.code.toLowerCase() === t.split(/\s+/)[0])
  );
}
