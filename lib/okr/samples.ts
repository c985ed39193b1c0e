/**
 * The example OKRs of a product organisation for one quarter (three objectives, nine KRs), placed
 * in the quarter containing `today`, for the demo and the first-run "load an example" button.
 *
 * Check-ins are dated relative to today, inside the cycle and never after today, and their
 * values follow a pace curve per KR so that, from a few weeks into the quarter on, the demo
 * shows every status: done/on track (KR1.1, KR2.2, KR3.3, KR3.2 maintain), at risk (KR1.2),
 * off track (KR2.3), no data (KR1.3: no check-in, no current value), stale (KR2.1: one check-in
 * 20 days ago) and a KR running on an imported `current` value without check-ins (KR3.1).
 * In the first days of a quarter everything is necessarily on track (nothing was expected yet).
 * Pure: zod-only deps.
 */
import { addDays, expectedProgress, quarterOf } from './dates';
import { INTERCHANGE_FORMAT, INTERCHANGE_VERSION, type InterchangeFile } from './interchange';
import {
  defaultSettings,
  type CheckIn,
  type Cycle,
  type Confidence,
  type KeyResult,
  type Link,
  type Objective,
  type Ticket,
} from './model';
import { statusFor } from './progress';

interface SampleKr {
  code: string;
  title: string;
  kind: KeyResult['kind'];
  start?: number;
  target: number;
  unit: string;
  owner: string;
  /** Progress fraction the KR had reached when the expected progress was `e`. */
  pace?: (e: number) => number;
  /** Values are rounded to a multiple of this. */
  step?: number;
  /** Days before today of each check-in (clamped into the cycle, same days merged). */
  checkInsDaysAgo?: readonly number[];
  /** Fixed values for `maintain`, oldest first; the last ones are used. */
  values?: readonly number[];
  /** No check-ins, a `current` value taken from `pace` on today (as if imported). */
  currentOnly?: boolean;
  note?: string;
}

interface SampleObjective {
  title: string;
  description: string;
  team: string;
  krs: readonly SampleKr[];
}

const weekly = [22, 15, 8, 1] as const;

const objectives: readonly SampleObjective[] = [
  {
    title: 'Accelerate Product Innovation',
    description: 'Ship what users love, faster.',
    team: 'Product',
    krs: [
      {
        code: 'KR1.1',
        title: 'Launch two new flagship features driving a 40% increase in user engagement',
        kind: 'increase',
        start: 0,
        target: 40,
        unit: '%',
        owner: 'Web squad',
        pace: (e) => e,
        checkInsDaysAgo: weekly,
        note: 'Saved views are live; engagement up in the beta cohort.',
      },
      {
        code: 'KR1.2',
        title: 'Cut feature development lifecycle by 20%',
        kind: 'decrease',
        start: 30,
        target: 24,
        unit: 'days',
        owner: 'Platform team',
        pace: (e) => e - 0.22,
        step: 0.1,
        checkInsDaysAgo: [21, 14, 7],
        note: 'Review queue is the bottleneck; trying smaller pull requests.',
      },
      {
        code: 'KR1.3',
        title: 'Product-market-fit score over 8.0 for new releases',
        kind: 'increase',
        start: 6.5,
        target: 8,
        unit: 'points',
        owner: 'Product research',
      },
    ],
  },
  {
    title: 'Maximize Product-Led Growth',
    description: 'Let the product bring in and keep its users.',
    team: 'Growth',
    krs: [
      {
        code: 'KR2.1',
        title: '30% more user acquisition through in-product referrals',
        kind: 'increase',
        start: 0,
        target: 30,
        unit: '%',
        owner: 'Growth squad',
        pace: (e) => e,
        checkInsDaysAgo: [20],
      },
      {
        code: 'KR2.2',
        title: 'Net promoter score over 50',
        kind: 'increase',
        start: 38,
        target: 50,
        unit: 'NPS',
        owner: 'Customer success',
        pace: (e) => e + 0.02,
        checkInsDaysAgo: [16, 9, 2],
      },
      {
        code: 'KR2.3',
        title: 'Grow MAU by 50,000',
        kind: 'increase',
        start: 120_000,
        target: 170_000,
        unit: 'users',
        owner: 'Growth squad',
        pace: (e) => e - 0.4,
        step: 100,
        checkInsDaysAgo: weekly,
        note: 'Paid campaign paused; sign-ups below plan.',
      },
    ],
  },
  {
    title: 'Optimize Operational Excellence',
    description: 'A calmer, more predictable path from idea to launch.',
    team: 'Engineering',
    krs: [
      {
        code: 'KR3.1',
        title: 'Cut go-to-market time by 15%',
        kind: 'decrease',
        start: 60,
        target: 51,
        unit: 'days',
        owner: 'Product ops',
        pace: (e) => 0.9 * e,
        currentOnly: true,
      },
      {
        code: 'KR3.2',
        title: '90% sprint completion rate',
        kind: 'maintain',
        target: 90,
        unit: '%',
        owner: 'Engineering managers',
        values: [91, 88, 93],
        checkInsDaysAgo: [15, 8, 1],
      },
      {
        code: 'KR3.3',
        title: 'Decrease critical bugs at launch by 50%',
        kind: 'decrease',
        start: 40,
        target: 20,
        unit: 'critical bugs',
        owner: 'QA guild',
        pace: (e) => e + 0.1,
        checkInsDaysAgo: [21, 14, 7],
        note: 'Release checklist adopted by all squads.',
      },
    ],
  },
];

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));
const roundTo = (v: number, step: number) => Number((Math.round(v / step) * step).toFixed(6));
const krId = (cycleId: string, code: string) => `${cycleId}-${code.toLowerCase()}`;

/** Check-in days: `daysAgo` before today, clamped to the cycle start, oldest first, unique. */
function checkInDates(cycleStart: string, today: string, daysAgo: readonly number[]): string[] {
  const dates = daysAgo.map((n) => {
    const d = addDays(today, -Math.max(0, n));
    return d < cycleStart ? cycleStart : d;
  });
  return [...new Set(dates)].sort();
}

/** The example OKRs in the quarter containing `today`; passes `validateInterchange`. */
type SampleCycle = Cycle;

/** One example KR as stored, with its check-ins dated up to `today`. */
function sampleKr(
  s: SampleKr,
  cycle: SampleCycle,
  objectiveId: string,
  today: string,
): { kr: KeyResult; checkIns: CheckIn[] } {
  const id = krId(cycle.id, s.code);
  const startValue = s.start ?? 0;
  const valueAt = (date: string) =>
    roundTo(
      startValue + (s.target - startValue) * clamp01(s.pace?.(expectedProgress(cycle, date)) ?? 0),
      s.step ?? 1,
    );
  const kr: KeyResult = {
    id,
    objectiveId,
    code: s.code,
    title: s.title,
    kind: s.kind,
    ...(s.kind === 'maintain' ? {} : { start: startValue }),
    target: s.target,
    unit: s.unit,
    owner: s.owner,
  };
  if (s.currentOnly) kr.current = valueAt(today);
  const dates = checkInDates(cycle.start, today, s.checkInsDaysAgo ?? []);
  const checkIns = dates.map((at, k): CheckIn => {
    const value = s.values
      ? (s.values[s.values.length - dates.length + k] ?? s.target)
      : valueAt(at);
    const confidence: Confidence =
      s.kind === 'maintain'
        ? value >= s.target
          ? 'on-track'
          : 'at-risk'
        : confidenceAt(s, expectedProgress(cycle, at));
    const last = k === dates.length - 1;
    return {
      id: `${id}-c${k + 1}`,
      keyResultId: id,
      at,
      value,
      confidence,
      ...(last && s.note ? { note: s.note } : {}),
    };
  });
  return { kr, checkIns };
}

/** A few tickets seen lately, linked by hand and by label, so coverage has something to show. */
function sampleWork(cycle: SampleCycle, today: string): { tickets: Ticket[]; links: Link[] } {
  /** n days before today, but not before the cycle starts (today is inside the cycle). */
  const ago = (n: number) => {
    const d = addDays(today, -n);
    return d < cycle.start ? cycle.start : d;
  };
  const ticket = (
    key: string,
    title: string,
    url: string,
    state: Ticket['state'],
    seenAt: string,
  ) => ({ key, title, url, state, seenAt }) satisfies Ticket;
  const link = (t: string, code: string, daysAgo: number, source: Link['source']): Link => ({
    ticket: t,
    keyResultId: krId(cycle.id, code),
    createdAt: ago(daysAgo),
    source,
  });
  const web101 = 'github:github.com/acme/web#101';
  const shop42 = 'jira:acme.atlassian.net/SHOP-42';
  const eng7 = 'linear:acme/ENG-7';
  return {
    tickets: [
      ticket(
        web101,
        'Saved views for the dashboard',
        'https://github.com/acme/web/issues/101',
        'in-progress',
        today,
      ),
      ticket(
        'github:github.com/acme/web#102',
        'Bump build dependencies',
        'https://github.com/acme/web/pull/102',
        'merged',
        today,
      ),
      ticket(
        shop42,
        'Release checklist with a bug bash before each launch',
        'https://acme.atlassian.net/browse/SHOP-42',
        'open',
        ago(2),
      ),
      ticket(
        eng7,
        'Invite teammates from the share menu',
        'https://linear.app/acme/issue/ENG-7',
        'done',
        ago(5),
      ),
    ],
    links: [
      link(web101, 'KR1.1', 18, 'user'),
      link(shop42, 'KR3.3', 12, 'label'),
      link(shop42, 'KR1.2', 12, 'user'),
      link(eng7, 'KR2.3', 9, 'user'),
    ],
  };
}

/** The example OKRs in the quarter containing `today`; passes `validateInterchange`. */
export function sampleOkrs(today: string): InterchangeFile {
  const quarter = quarterOf(today);
  const cycle: SampleCycle = { id: `sample-${quarter.start}`, ...quarter };
  const objectiveRecords: Objective[] = [];
  const keyResults: KeyResult[] = [];
  const checkIns: CheckIn[] = [];
  objectives.forEach((o, i) => {
    const objectiveId = `${cycle.id}-o${i + 1}`;
    objectiveRecords.push({
      id: objectiveId,
      cycleId: cycle.id,
      title: o.title,
      description: o.description,
      owner: 'Product team',
      team: o.team,
    });
    for (const s of o.krs) {
      const made = sampleKr(s, cycle, objectiveId, today);
      keyResults.push(made.kr);
      checkIns.push(...made.checkIns);
    }
  });
  const { tickets, links } = sampleWork(cycle, today);
  return {
    format: INTERCHANGE_FORMAT,
    version: INTERCHANGE_VERSION,
    cycles: [{ id: cycle.id, name: cycle.name, start: cycle.start, end: cycle.end }],
    objectives: objectiveRecords,
    keyResults,
    checkIns,
    links,
    tickets,
  };
}

/** What the KR's owner would have said at that check-in, from its pace vs. expectation. */
function confidenceAt(s: SampleKr, expected: number): Confidence {
  const status = statusFor(clamp01(s.pace?.(expected) ?? 0), expected, defaultSettings);
  return status === 'done' ? 'on-track' : status;
}
