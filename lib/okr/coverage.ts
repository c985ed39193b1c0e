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
 */
import { naturalCompare } from './codes';
import type { Cycle, KeyResult, Link, Objective, Ticket, TicketState } from './model';
import { dayNumber } from './dates';
import { trackerOfKey } from './ticket-key';
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
  source: 'user' | 'label';
  linkedAt?: string;
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

export function computeCoverage(input: CoverageInput): Coverage {
  const { cycle, filters = {} } = input;
  const objectives = input.objectives.filter((o) => o.cycleId === cycle.id && !o.archived);
  const objectiveById = new Map(objectives.map((o) => [o.id, o]));
  const krs = input.keyResults
    .filter((k) => objectiveById.has(k.objectiveId) && !k.archived)
    .sort((a, b) => naturalCompare(a.code, b.code));
  const krIds = new Set(krs.map((k) => k.id));
  const ticketByKey = new Map(input.tickets.map((t) => [t.key, t]));
  const q = filters.search?.trim().toLowerCase() ?? '';

  const linksByKr = new Map<string, Link[]>();
  const linkedKeys = new Set<string>();
  for (const l of input.links) {
    if (!krIds.has(l.keyResultId)) continue;
    linkedKeys.add(l.ticket);
    const list = linksByKr.get(l.keyResultId);
    if (list) list.push(l);
    else linksByKr.set(l.keyResultId, [l]);
  }

  const toTicket = (key: string, link?: Link): CoverageTicket => {
    const t = ticketByKey.get(key);
    const out: CoverageTicket = {
      key,
      tracker: trackerOfKey(key),
      bucket: bucketOf(t?.state),
      source: link?.source ?? 'user',
    };
    if (t?.title !== undefined) out.title = t.title;
    if (t?.url !== undefined) out.url = t.url;
    if (t?.state !== undefined) out.state = t.state;
    if (link?.createdAt !== undefined) out.linkedAt = link.createdAt;
    return out;
  };
  const trackerOk = (t: CoverageTicket) => !filters.tracker || t.tracker === filters.tracker;

  const rows: KrCoverage[] = [];
  for (const kr of krs) {
    const objective = objectiveById.get(kr.objectiveId)!;
    if (filters.objectiveId && objective.id !== filters.objectiveId) continue;
    if (filters.team && (objective.team ?? objective.owner) !== filters.team) continue;
    const tickets = (linksByKr.get(kr.id) ?? [])
      .map((l) => toTicket(l.ticket, l))
      .filter(trackerOk)
      .sort((a, b) => naturalCompare(a.key, b.key));
    if (
      q &&
      ![kr.code, kr.title, objective.title, ...tickets.flatMap((t) => [t.key, t.title ?? ''])]
        .join('\n')
        .toLowerCase()
        .includes(q)
    )
      continue;
    const counts: Record<Bucket, number> = { open: 0, inProgress: 0, done: 0 };
    for (const t of tickets) counts[t.bucket]++;
    const value = input.currentValues.get(kr.id);
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
  // Uncovered first (what a PM must act on), then by code.
  rows.sort((a, b) => Number(a.covered) - Number(b.covered));

  const start = dayNumber(cycle.start);
  const end = dayNumber(cycle.end);
  const seenInCycle = (t: Ticket) => {
    if (linkedKeys.has(t.key)) return true;
    if (!t.seenAt) return false;
    const d = dayNumber(t.seenAt);
    return d >= start && d <= end;
  };
  const seen = input.tickets.filter(seenInCycle);
  const alignment = {} as Record<TrackerId | 'total', Alignment>;
  for (const name of ['github', 'jira', 'linear', 'total'] as const) {
    const pool = name === 'total' ? seen : seen.filter((t) => trackerOfKey(t.key) === name);
    const linked = pool.filter((t) => linkedKeys.has(t.key)).length;
    alignment[name] = {
      seen: pool.length,
      linked,
      ratio: pool.length ? linked / pool.length : undefined,
    };
  }
  const orphans = seen
    .filter((t) => !linkedKeys.has(t.key))
    .map((t) => toTicket(t.key))
    .filter(trackerOk)
    .filter((t) => !q || `${t.key}\n${t.title ?? ''}`.toLowerCase().includes(q))
    .sort((a, b) => naturalCompare(a.key, b.key));

  const idleObjectives =
    dayNumber(input.today) - start >= IDLE_AFTER_DAYS
      ? objectives.filter(
          (o) => !krs.some((k) => k.objectiveId === o.id && (linksByKr.get(k.id)?.length ?? 0) > 0),
        )
      : [];

  return { keyResults: rows, orphans, alignment, idleObjectives };
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
        t.source,
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
