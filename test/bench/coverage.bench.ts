/**
 * Coverage computation on a big store (20 objectives, 100 KRs, 5,000 tickets, 20,000 links)
 * against an empty one, in the same run: `npm run bench` reports the ratio. Budget: ≤ 50 ms.
 */
import { bench, describe } from 'vitest';
import { computeCoverage } from '@/lib/okr/coverage';
import type { CoverageInput } from '@/lib/okr/coverage';
import type { KeyResult, Link, Objective, Ticket } from '@/lib/okr/model';

const cycle = { id: 'c', name: 'Q4 2026', start: '2026-10-01', end: '2026-12-31' };
const trackers = [
  'github:github.com/acme/web#',
  'jira:acme.atlassian.net/GRW-',
  'linear:acme/ENG-',
];
const states = ['open', 'in-progress', 'done', 'closed', 'merged'] as const;

function bigStore(): CoverageInput {
  const objectives: Objective[] = Array.from({ length: 20 }, (_, i) => ({
    id: `o${i}`,
    cycleId: 'c',
    title: `Objective ${i}`,
    team: `Team ${i % 4}`,
  }));
  const keyResults: KeyResult[] = Array.from({ length: 100 }, (_, i) => ({
    id: `k${i}`,
    objectiveId: `o${i % 20}`,
    code: `KR${(i % 20) + 1}.${Math.floor(i / 20) + 1}`,
    title: `Key result ${i}`,
    kind: 'increase',
    start: 0,
    target: 100,
  }));
  const tickets: Ticket[] = Array.from({ length: 5000 }, (_, i) => ({
    key: `${trackers[i % 3]}${i + 1}`,
    title: `Ticket ${i}`,
    state: states[i % 5],
    seenAt: '2026-11-01T10:00:00Z',
  }));
  // 20,000 distinct links: four KRs per ticket.
  const links: Link[] = [];
  for (let i = 0; i < 20_000; i++)
    links.push({
      ticket: tickets[i % 5000]!.key,
      keyResultId: `k${((i % 5000) % 25) + 25 * Math.floor(i / 5000)}`,
    });
  const unique = [...new Map(links.map((l) => [`${l.ticket}|${l.keyResultId}`, l])).values()];
  return {
    cycle,
    objectives,
    keyResults,
    links: unique,
    tickets,
    currentValues: new Map(keyResults.map((k, i) => [k.id, i % 3 ? i : undefined])),
    today: '2026-11-23',
  };
}

const big = bigStore();
const empty: CoverageInput = { ...big, objectives: [], keyResults: [], links: [], tickets: [] };

describe('coverage computation', () => {
  bench('empty store', () => {
    computeCoverage(empty);
  });
  bench(`big store (20 objectives, 100 KRs, 5,000 tickets, ${big.links.length} links)`, () => {
    computeCoverage(big);
  });
});
