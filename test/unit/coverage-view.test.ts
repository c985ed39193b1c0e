/**
 * Coverage cut to what the tab lists (lib/okr/coverage.ts `coverageView`) and computed in the
 * background (lib/db/coverage.ts, the `coverage` request): every count, flag and the alignment
 * equal the whole computation's (the one-pass oracle in ./helpers/coverage-reference.ts), and
 * the lists are its first items.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as store from '@/lib/db';
import { coverage } from '@/lib/db/coverage';
import type { OkrDb } from '@/lib/db/db';
import { requestSchemaOf, requests } from '@/lib/background/requests';
import { computeCoverage, coverageScope, coverageView } from '@/lib/okr/coverage';
import type {
  Coverage,
  CoverageFilters,
  CoverageInput,
  CoverageLimits,
  CoverageView,
} from '@/lib/okr/coverage';
import type { KeyResult, Link, Objective, Ticket } from '@/lib/okr/model';
import { currentValue } from '@/lib/okr/progress';
import { bigStore } from '../bench/generate.mjs';
import { closeDbs, freshDb } from './helpers/db';
import { referenceCoverage } from './helpers/coverage-reference';

afterEach(closeDbs);

const cycle = { id: 'c', name: 'Q4 2026', start: '2026-10-01', end: '2026-12-31' };
// Keys of every tracker; two Jira keys differ only in case (the collator ties them: the
// listed order then depends on the order the records come in, which both sides must keep).
const KEYS = [
  'github:github.com/acme/web#2',
  'github:github.com/acme/web#10',
  'github:github.com/acme/api#7',
  'jira:acme.atlassian.net/GRW-9',
  'jira:acme.atlassian.net/grw-9',
  'jira:acme.atlassian.net/GRW-100',
  'linear:acme/ENG-3',
  'linear:acme/ENG-12',
];
const TITLES = ['Signup form', 'CSS fix', 'Churn alerts', undefined];
const STATES = ['open', 'in-progress', 'done', 'closed', 'merged', undefined] as const;
const SEEN = ['2026-09-30T10:00:00Z', '2026-10-01T00:00:00Z', '2026-11-20T00:00:00Z', undefined];
const KRS = ['k1', 'k2', 'k3', 'k4', 'k5'];

const objectives: Objective[] = [
  { id: 'oa', cycleId: 'c', title: 'Grow', team: 'Growth' },
  { id: 'ob', cycleId: 'c', title: 'Platform', owner: 'Platform' },
  { id: 'oc', cycleId: 'c', title: 'Old', archived: true },
  { id: 'od', cycleId: 'other', title: 'Elsewhere' },
];

const arbInput = fc
  .record({
    krs: fc.tuple(
      ...KRS.map((id, i) =>
        fc.record({
          objectiveId: fc.constantFrom('oa', 'ob', 'oc', 'od'),
          archived: fc.boolean(),
          kind: fc.constantFrom('increase', 'milestone'),
          value: fc.option(fc.constantFrom(0, 5), { nil: undefined }),
          code: fc.constant(`KR${(i % 3) + 1}.${i}`),
        }),
      ),
    ),
    tickets: fc.uniqueArray(
      fc.record({
        key: fc.constantFrom(...KEYS),
        title: fc.constantFrom(...TITLES),
        state: fc.constantFrom(...STATES),
        seenAt: fc.constantFrom(...SEEN),
        parent: fc.option(fc.constantFrom(...KEYS), { nil: undefined }),
      }),
      { selector: (t) => t.key, maxLength: KEYS.length },
    ),
    links: fc.uniqueArray(
      fc.record({
        ticket: fc.constantFrom(...KEYS),
        keyResultId: fc.constantFrom(...KRS, 'gone'),
        source: fc.constantFrom('user', 'label', 'tracker'),
      }),
      { selector: (l) => `${l.ticket} ${l.keyResultId}`, maxLength: 20 },
    ),
    today: fc.constantFrom('2026-10-05', '2026-11-23'),
  })
  .map(({ krs, tickets, links, today }): CoverageInput => {
    const keyResults: KeyResult[] = krs.map((k, i) => ({
      id: KRS[i]!,
      objectiveId: k.objectiveId,
      code: k.code,
      title: `Result ${i}`,
      kind: k.kind,
      start: 0,
      target: 10,
      ...(k.archived ? { archived: true } : {}),
    }));
    return {
      cycle,
      objectives,
      keyResults,
      links: links.map((l, i) => ({ ...l, createdAt: `2026-10-0${(i % 9) + 1}T00:00:00Z` })),
      tickets: tickets.map((t) => JSON.parse(JSON.stringify(t)) as Ticket),
      currentValues: new Map(krs.map((k, i) => [KRS[i]!, k.value])),
      today,
    };
  });

const arbFilters: fc.Arbitrary<CoverageFilters> = fc.record(
  {
    objectiveId: fc.constantFrom('oa', 'ob'),
    team: fc.constantFrom('Growth', 'Platform'),
    tracker: fc.constantFrom('github', 'jira', 'linear'),
    search: fc.constantFrom('', 'css', 'kr1', 'grw-9', 'platform', ' signup '),
  },
  { requiredKeys: [] },
);

const arbLimits: fc.Arbitrary<CoverageLimits> = fc.record(
  {
    ticketsPerKr: fc.nat(4),
    orphans: fc.nat(4),
    orphanOffset: fc.nat(4),
    keyResultId: fc.constantFrom(...KRS),
  },
  { requiredKeys: [] },
);

/** The view the whole Coverage cuts to `limits`. */
function cut(whole: Coverage, limits: CoverageLimits): CoverageView {
  const from = limits.orphanOffset ?? 0;
  return {
    keyResults: whole.keyResults
      .filter((k) => limits.keyResultId === undefined || k.kr.id === limits.keyResultId)
      .map((k) => ({
        ...k,
        tickets: k.tickets.slice(0, limits.ticketsPerKr ?? k.tickets.length),
        total: k.tickets.length,
      })),
    orphans: whole.orphans.slice(from, from + (limits.orphans ?? whole.orphans.length)),
    orphanTotal: whole.orphans.length,
    alignment: whole.alignment,
    idleObjectives: whole.idleObjectives,
  };
}

describe('coverage cut to what is listed', () => {
  it('whole: equals the one-pass computation, filters included', () => {
    fc.assert(
      fc.property(arbInput, arbFilters, (input, filters) => {
        const i = { ...input, filters };
        expect(computeCoverage(i)).toEqual(referenceCoverage(i));
      }),
      { numRuns: 300 },
    );
  });

  it('cut: the first tickets and orphans, every count and flag exact, from one kept scope', () => {
    fc.assert(
      fc.property(
        arbInput,
        fc.array(fc.tuple(arbFilters, arbLimits), { maxLength: 4 }),
        (input, asks) => {
          const scope = coverageScope(input);
          for (const [filters, limits] of asks) {
            const whole = referenceCoverage({ ...input, filters });
            expect(coverageView(scope, filters, input.today, limits)).toEqual(cut(whole, limits));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a KR listing five of its seven tickets says seven', () => {
    const keys = Array.from({ length: 7 }, (_, i) => `linear:acme/ENG-${i + 1}`);
    const input: CoverageInput = {
      cycle,
      objectives,
      keyResults: [{ id: 'k1', objectiveId: 'oa', code: 'KR1.1', title: 'T', kind: 'increase' }],
      links: keys.map((ticket): Link => ({ ticket, keyResultId: 'k1' })),
      tickets: keys.map((key, i): Ticket => ({ key, state: i < 2 ? 'done' : 'open' })),
      currentValues: new Map(),
      today: '2026-11-23',
    };
    const view = coverageView(coverageScope(input), {}, input.today, { ticketsPerKr: 5 });
    const [k] = view.keyResults;
    expect(k!.tickets.map((t) => t.key)).toEqual(keys.slice(0, 5));
    expect([k!.total, k!.counts]).toEqual([7, { open: 5, inProgress: 0, done: 2 }]);
  });
});

/** The whole Coverage from the store's records, computed as the page did before. */
async function wholeFromStore(db: OkrDb, cycleId: string, today: string, filters = {}) {
  const s = await store.getState(db);
  const c = s.cycles.find((x) => x.id === cycleId)!;
  const currentValues = new Map(
    s.keyResults.map((k) => [
      k.id,
      currentValue(
        k,
        s.checkIns.filter((x) => x.keyResultId === k.id),
      ),
    ]),
  );
  return referenceCoverage({ ...s, cycle: c, currentValues, today, filters });
}

describe('the coverage request (background)', () => {
  const today = new Date().toISOString().slice(0, 10);
  const file = () => {
    const f = bigStore({ today, objectives: 3, krsPer: 3, tickets: 40, linksPer: 2 });
    // Some work seen and not linked, some states moved, a child served through its parent.
    const tickets = f.tickets as Ticket[];
    tickets.push(
      { key: 'jira:acme.atlassian.net/GRW-900', title: 'Seen only', seenAt: `${today}T08:00:00Z` },
      { key: 'jira:acme.atlassian.net/GRW-901', state: 'done', parent: f.tickets[0]!.key },
    );
    tickets[1]!.state = 'done';
    tickets[2]!.state = 'in-progress';
    return f;
  };

  it('answers the current cycle cut to its limits, equal to the whole computation', async () => {
    const db = freshDb();
    const f = file();
    await store.importFile(db, f);
    const limits = { ticketsPerKr: 5, orphans: 1 };
    const a = await coverage(db, { today, limits });
    expect(a!.cycleId).toBe(f.cycles[0]!.id);
    expect(a!.coverage).toEqual(cut(await wholeFromStore(db, a!.cycleId, today), limits));
    const filters = { tracker: 'jira' as const, search: 'ticket 1' };
    const b = await coverage(db, { cycleId: a!.cycleId, filters, today });
    expect(b!.coverage).toEqual(cut(await wholeFromStore(db, a!.cycleId, today, filters), {}));
    expect(await coverage(db, { cycleId: 'nope', today })).toBeNull();
  });

  it('keeps the scope between requests; a write to what it reads makes it read again', async () => {
    const db = freshDb();
    await store.importFile(db, file());
    const reads = vi.spyOn(db.tickets, 'toArray');
    const first = await coverage(db, { today, limits: { ticketsPerKr: 5 } });
    await coverage(db, { cycleId: first!.cycleId, filters: { search: 'x' }, today });
    expect(reads).toHaveBeenCalledTimes(1);
    await store.saveSettings(db, { staleDays: 9 }); // not read by Coverage
    await coverage(db, { cycleId: first!.cycleId, today });
    expect(reads).toHaveBeenCalledTimes(1);

    const orphan = 'jira:acme.atlassian.net/GRW-900';
    const kr = first!.coverage.keyResults[0]!.kr;
    await store.link(db, orphan, kr.id);
    const after = await coverage(db, { cycleId: first!.cycleId, today, limits: {} });
    expect(reads).toHaveBeenCalledTimes(2);
    expect(after!.coverage.orphans.map((t) => t.key)).not.toContain(orphan);
    expect(after!.coverage).toEqual(cut(await wholeFromStore(db, first!.cycleId, today), {}));
  });

  it('is a request of the table: limits and filters are checked, unknown fields refused', async () => {
    const ok = requestSchemaOf('coverage').safeParse({
      type: 'coverage',
      filters: { tracker: 'jira', search: 'x' },
      limits: { ticketsPerKr: 5, orphans: 50, orphanOffset: 0, keyResultId: 'k1' },
    });
    expect(ok.success).toBe(true);
    for (const bad of [
      { limits: { ticketsPerKr: -1 } },
      { filters: { tracker: 'gitlab' } },
      { limits: { everything: true } },
    ])
      expect(requestSchemaOf('coverage').safeParse({ type: 'coverage', ...bad }).success).toBe(
        false,
      );
    const db = freshDb();
    await store.importFile(db, file());
    const a = await requests.coverage.run({ db, seenChanged: () => undefined }, { today });
    expect(a!.coverage.keyResults.length).toBeGreaterThan(0);
  });
});
