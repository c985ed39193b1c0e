/**
 * Coverage as it was computed before it could be cut (one pass, every list in full, no kept
 * scope): the oracle the cut views and the background's answers are compared with.
 */
import { naturalCompare } from '@/lib/okr/codes';
import { bucketOf } from '@/lib/okr/coverage';
import type {
  Bucket,
  Coverage,
  CoverageFilters,
  CoverageInput,
  CoverageTicket,
  KrCoverage,
} from '@/lib/okr/coverage';
import { dayNumber } from '@/lib/okr/dates';
import { servedVia } from '@/lib/okr/hierarchy';
import type { KeyResult, Link, Objective, Ticket } from '@/lib/okr/model';
import { compact, groupBy } from '@/lib/okr/objects';
import { trackerIds, trackerOfKey } from '@/lib/okr/ticket-key';

const IDLE_AFTER_DAYS = 14;

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

export function referenceCoverage(input: CoverageInput): Coverage {
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
