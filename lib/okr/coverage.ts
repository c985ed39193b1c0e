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

export interface CoverageInput {
  cycle: Cycle;
  objectives: readonly Objective[];
  keyResults: readonly KeyResult[];
  links: readonly Link[];
  tickets: readonly Ticket[];
  /** KR id → its current value (latest check-in), undefined without data. */
  currentValues: ReadonlyMap<string, number | undefined>;
  today: string;
  filters?: CoverageFilters;
}

export const IDLE_AFTER_DAYS = 14;

/** What every part of the computation shares: the cycle's records, indexed. */
interface Scope {
  input: CoverageInput;
  filters: CoverageFilters;
  objectives: Objective[];
  objectiveById: Map<string, Objective>;
  /** Active KRs of the cycle's active objectives, by code. */
  krs: KeyResult[];
  linksByKr: Map<string, Link[]>;
  /** KR id → ticket → the ancestor it serves the KR through (work hierarchy). */
  viaByKr: Map<string, Map<string, string>>;
  /** Tickets that serve a KR of the cycle, by their own link or through an ancestor. */
  servedKeys: Set<string>;
  ticketByKey: Map<string, Ticket>;
  /** The search text, lowercased ('' = none). */
  q: string;
}

function scopeOfInput(input: CoverageInput): Scope {
  const { cycle, filters = {} } = input;
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
  return {
    input,
    filters,
    objectives,
    objectiveById,
    krs,
    linksByKr: groupBy(links, (l) => l.keyResultId),
    viaByKr,
    servedKeys,
    ticketByKey,
    q: filters.search?.trim().toLowerCase() ?? '',
  };
}

function coverageTicket(scope: Scope, key: string, link?: Link, via?: string): CoverageTicket {
  const t = scope.ticketByKey.get(key);
  return compact({
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

const trackerOk = (scope: Scope, t: CoverageTicket) =>
  !scope.filters.tracker || t.tracker === scope.filters.tracker;

/** One row per KR that passes the filters, uncovered first (what a PM must act on). */
function krRows(scope: Scope): KrCoverage[] {
  const { filters, q } = scope;
  const rows: KrCoverage[] = [];
  for (const kr of scope.krs) {
    const objective = scope.objectiveById.get(kr.objectiveId)!;
    if (filters.objectiveId && objective.id !== filters.objectiveId) continue;
    if (filters.team && (objective.team ?? objective.owner) !== filters.team) continue;
    const own = (scope.linksByKr.get(kr.id) ?? []).map((l) => coverageTicket(scope, l.ticket, l));
    const via = [...(scope.viaByKr.get(kr.id) ?? [])].map(([k, a]) =>
      coverageTicket(scope, k, undefined, a),
    );
    const tickets = [...own, ...via]
      .filter((t) => trackerOk(scope, t))
      .sort((a, b) => naturalCompare(a.key, b.key));
    const text = [
      kr.code,
      kr.title,
      objective.title,
      ...tickets.flatMap((t) => [t.key, t.title ?? '']),
    ];
    if (q && !text.join('\n').toLowerCase().includes(q)) continue;
    const counts: Record<Bucket, number> = { open: 0, inProgress: 0, done: 0 };
    for (const t of tickets) counts[t.bucket]++;
    const value = scope.input.currentValues.get(kr.id);
    const moved = value !== undefined && value !== (kr.start ?? 0);
    rows.push({
      kr,
      objective,
      tickets,
      counts,
      covered: tickets.length > 0,
      workWithoutOutcome:
        tickets.length > 0 && counts.done === tickets.length && !moved && kr.kind !== 'milestone',
    });
  }
  return rows.sort((a, b) => Number(a.covered) - Number(b.covered));
}

/** Tickets seen during the cycle (edges inclusive), and every linked ticket. */
function seenTickets(scope: Scope): Ticket[] {
  const start = dayNumber(scope.input.cycle.start);
  const end = dayNumber(scope.input.cycle.end);
  return scope.input.tickets.filter((t) => {
    if (scope.servedKeys.has(t.key)) return true;
    if (!t.seenAt) return false;
    const d = dayNumber(t.seenAt);
    return d >= start && d <= end;
  });
}

function alignmentOf(scope: Scope, seen: readonly Ticket[]): Coverage['alignment'] {
  const alignment = {} as Coverage['alignment'];
  for (const name of [...trackerIds, 'total'] as const) {
    const pool = name === 'total' ? seen : seen.filter((t) => trackerOfKey(t.key) === name);
    const linked = pool.filter((t) => scope.servedKeys.has(t.key)).length;
    alignment[name] = {
      seen: pool.length,
      linked,
      ratio: pool.length ? linked / pool.length : undefined,
    };
  }
  return alignment;
}

export function computeCoverage(input: CoverageInput): Coverage {
  const scope = scopeOfInput(input);
  const seen = seenTickets(scope);
  const orphans = seen
    .filter((t) => !scope.servedKeys.has(t.key))
    .map((t) => coverageTicket(scope, t.key))
    .filter((t) => trackerOk(scope, t))
    .filter((t) => !scope.q || `${t.key}\n${t.title ?? ''}`.toLowerCase().includes(scope.q))
    .sort((a, b) => naturalCompare(a.key, b.key));
  const started = dayNumber(input.today) - dayNumber(input.cycle.start) >= IDLE_AFTER_DAYS;
  const hasWork = (o: Objective) =>
    scope.krs.some((k) => k.objectiveId === o.id && (scope.linksByKr.get(k.id)?.length ?? 0) > 0);
  return {
    keyResults: krRows(scope),
    orphans,
    alignment: alignmentOf(scope, seen),
    idleObjectives: started ? scope.objectives.filter((o) => !hasWork(o)) : [],
  };
}

/** The coverage table as CSV rows (one per KR × ticket; a KR without work gets one row). */
export function coverageRows(c: Coverage): string[][] {
  const rows = [
    [
      'KR code',
      'KR title',
      'Objective',
      'Covered',
      'Ticket',
      'Tracker',
      'Title',
      'State',
      'Source',
      'URL',
    ],
  ];
  for (const k of c.keyResults) {
    if (k.tickets.length === 0)
      rows.push([k.kr.code, k.kr.title, k.objective.title, 'no', '', '', '', '', '', '']);
    for (const t of k.tickets)
      rows.push([
        k.kr.code,
        k.kr.title,
        k.objective.title,
        'yes',
        t.key,
        t.tracker ?? '',
        t.title ?? '',
        t.state ?? '',
        t.via ? `via ${t.via}` : t.source,
        t.url ?? '',
      ]);
  }
  return rows;
}

const pct = (r: number | undefined) => (r === undefined ? '—' : `${Math.round(r * 100)} %`);
const md = (s: string) => s.replace(/[\\`*_[\]|<>]/g, (c) => `\\${c}`).replace(/\s+/g, ' ');

/** A Markdown summary a PM can paste into a review. */
export function coverageMarkdown(c: Coverage, cycle: Cycle): string {
  const lines: string[] = [];
  const covered = c.keyResults.filter((k) => k.covered).length;
  lines.push(`## OKR coverage — ${md(cycle.name)}`, '');
  lines.push(
    `- Key results with work: **${covered} of ${c.keyResults.length}**`,
    `- Alignment (linked ÷ seen tickets): **${pct(c.alignment.total.ratio)}** (${c.alignment.total.linked} of ${c.alignment.total.seen}); GitHub ${pct(c.alignment.github.ratio)}, Jira ${pct(c.alignment.jira.ratio)}, Linear ${pct(c.alignment.linear.ratio)}`,
    `- Orphan work (seen, serves no KR): **${c.orphans.length}**`,
  );
  const uncovered = c.keyResults.filter((k) => !k.covered);
  if (uncovered.length) {
    lines.push('', '### Key results with no work', '');
    for (const k of uncovered)
      lines.push(`- ${md(k.kr.code)} ${md(k.kr.title)} (${md(k.objective.title)})`);
  }
  const wwo = c.keyResults.filter((k) => k.workWithoutOutcome);
  if (wwo.length) {
    lines.push('', '### Work done, outcome not moved', '');
    for (const k of wwo)
      lines.push(`- ${md(k.kr.code)} ${md(k.kr.title)}: ${k.tickets.length} done, value unchanged`);
  }
  if (c.idleObjectives.length) {
    lines.push('', '### Objectives with no work two weeks in', '');
    for (const o of c.idleObjectives) lines.push(`- ${md(o.title)}`);
  }
  lines.push(
    '',
    '### Key results',
    '',
    '| KR | Title | Open | In progress | Done |',
    '|---|---|---:|---:|---:|',
  );
  for (const k of c.keyResults)
    lines.push(
      `| ${md(k.kr.code)} | ${md(k.kr.title)} | ${k.counts.open} | ${k.counts.inProgress} | ${k.counts.done} |`,
    );
  return lines.join('\n') + '\n';
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
