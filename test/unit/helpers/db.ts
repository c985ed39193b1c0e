/**
 * Test helpers for the database: a fresh database per test (fake-indexeddb, see
 * vitest.config.ts setupFiles) and a small interchange file that uses every optional field.
 */
import { createDb } from '@/lib/db/db';
import type { OkrDb } from '@/lib/db/db';
import type { InterchangeFile } from '@/lib/okr/interchange';

let counter = 0;
const open: OkrDb[] = [];

/** A database nobody else uses; `closeDbs()` deletes them all (call it in afterEach). */
export function freshDb(): OkrDb {
  counter += 1;
  const db = createDb(`okr-lens-test-${counter}-${Date.now()}`);
  open.push(db);
  return db;
}

export async function closeDbs(): Promise<void> {
  await Promise.all(open.splice(0).map((db) => db.delete()));
}

export const TICKET_A = 'github:github.com/acme/web#12';
export const TICKET_B = 'jira:acme.atlassian.net/OPS-7';
export const TICKET_C = 'linear:acme/ENG-3';

/**
 * Two cycles, a parent and a child objective, KRs with every optional field, check-ins with
 * and without optional fields, links and tickets. Arrays are in the order `exportAll` writes
 * (cycles by start, others by id, check-ins by KR then time, links by ticket then KR).
 */
export function fullFile(): InterchangeFile {
  return {
    format: 'okr-lens',
    version: 1,
    exportedAt: '2026-11-23T10:00:00.000Z',
    cycles: [
      { id: 'c-q3', name: 'Q3 2026', start: '2026-07-01', end: '2026-09-30' },
      { id: 'c-q4', name: 'Q4 2026', start: '2026-10-01', end: '2026-12-31' },
    ],
    objectives: [
      { id: 'o-old', cycleId: 'c-q3', title: 'Last quarter' },
      {
        id: 'o1',
        cycleId: 'c-q4',
        title: 'Grow the user base',
        description: 'More people, more often.',
        owner: 'Ann',
        team: 'Growth',
        archived: false,
      },
      { id: 'o2', cycleId: 'c-q4', title: 'Onboarding that works', parentId: 'o1' },
    ],
    keyResults: [
      {
        id: 'k-old',
        objectiveId: 'o-old',
        code: 'KR1.1',
        title: 'Old key result',
        kind: 'milestone',
      },
      {
        id: 'k1',
        objectiveId: 'o1',
        code: 'KR1.1',
        title: 'Weekly signups',
        kind: 'increase',
        start: 100,
        target: 300,
        current: 180,
        unit: 'signups',
        owner: 'Bo',
        weight: 2,
        archived: false,
      },
      {
        id: 'k2',
        objectiveId: 'o1',
        code: 'KR1.2',
        title: 'Uptime',
        kind: 'maintain',
        target: 99.9,
        unit: '%',
        direction: 'atLeast',
      },
      {
        id: 'k3',
        objectiveId: 'o2',
        code: 'KR2.1',
        title: 'Churn',
        kind: 'decrease',
        start: 8,
        target: 4,
        unit: '%',
      },
    ],
    checkIns: [
      {
        id: 'ci1',
        keyResultId: 'k1',
        at: '2026-10-15',
        value: 150,
        confidence: 'on-track',
        note: 'first',
      },
      { id: 'ci2', keyResultId: 'k1', at: '2026-11-01T09:30:00Z', value: 180, confidence: 7 },
      { id: 'ci3', keyResultId: 'k3', at: '2026-11-02', value: 7 },
    ],
    links: [
      {
        ticket: TICKET_A,
        keyResultId: 'k1',
        createdAt: '2026-11-02T10:00:00.000Z',
        source: 'user',
      },
      { ticket: TICKET_A, keyResultId: 'k3', source: 'label' },
      { ticket: TICKET_B, keyResultId: 'k2' },
    ],
    tickets: [
      {
        key: TICKET_A,
        title: 'Add <b>signup</b> button',
        url: 'https://github.com/acme/web/issues/12',
        state: 'open',
        seenAt: '2026-11-20T08:00:00.000Z',
      },
      { key: TICKET_B },
    ],
  };
}
