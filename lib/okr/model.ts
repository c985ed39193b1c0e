/**
 * The OKR model: zod schemas are the single source of truth; TypeScript types are inferred.
 * These shapes are also the records of the interchange file (README "Interchange format")
 * and of the database, so a record read from a file, the database or a message is the same
 * object. Pure: imports only zod.
 */
import { z } from 'zod';
import { ticketKeyRe } from './ticket-key';
import { instantOf } from './dates';

/** A `YYYY-MM-DD` that names a real day (Date.parse would roll 2026-02-30 into March). */
function isRealDay(s: string): boolean {
  const d = new Date(`${s.slice(0, 10)}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s.slice(0, 10);
}

/** ISO calendar date, `YYYY-MM-DD`, validated as a real day (no 2026-02-30). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date as YYYY-MM-DD', abort: true })
  .refine(isRealDay, 'not a real calendar date');

/** A date or a date-time (ISO 8601). Check-ins and links carry instants. */
export const isoDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/, {
    error: 'expected an ISO date or date-time',
    abort: true,
  })
  .refine((s) => isRealDay(s) && !Number.isNaN(instantOf(s)), 'not a real calendar date');

export const id = z.string().min(1, 'must not be empty').max(200, 'at most 200 characters');
const text = (max: number) => z.string().max(max, `at most ${max} characters`);
/** A finite number: JSON cannot hold NaN or Infinity, and neither may we. */
export const finite = z.number().refine(Number.isFinite, 'expected a finite number');

export const cycleSchema = z.strictObject({
  id,
  name: text(120).min(1, 'a cycle needs a name'),
  start: isoDate,
  end: isoDate,
});

export const objectiveSchema = z.strictObject({
  id,
  cycleId: id,
  title: text(500).min(1, 'an objective needs a title'),
  description: text(10_000).optional(),
  owner: text(200).optional(),
  team: text(200).optional(),
  parentId: id.optional(),
  archived: z.boolean().optional(),
});

export const krKinds = ['increase', 'decrease', 'maintain', 'milestone'] as const;
export const krKindSchema = z.enum(krKinds);

/** `KR1.2`-style short codes: letters, digits, dot, dash, underscore; used in labels too. */
export const krCode = z
  .string()
  .min(1, 'a key result needs a code')
  .max(32, 'at most 32 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, dash or underscore only');

export const keyResultSchema = z.strictObject({
  id,
  objectiveId: id,
  code: krCode,
  title: text(500).min(1, 'a key result needs a title'),
  kind: krKindSchema,
  start: finite.optional(),
  target: finite.optional(),
  current: finite.optional(),
  unit: text(40).optional(),
  owner: text(200).optional(),
  weight: finite.refine((w) => w >= 0, 'weight must be zero or more').optional(),
  /** For `maintain`: keep the value at least (default) or at most the target. */
  direction: z.enum(['atLeast', 'atMost']).optional(),
  archived: z.boolean().optional(),
  /** End-of-cycle review: the score 0.0–1.0 (prefilled from progress, editable) and a note. */
  score: finite.refine((v) => v >= 0 && v <= 1, 'a score is between 0 and 1').optional(),
  scoreNote: text(10_000).optional(),
});

export const confidenceSchema = z.union([
  z.enum(['on-track', 'at-risk', 'off-track']),
  z.number().int().min(0).max(10),
]);

export const checkInSchema = z.strictObject({
  id: id.optional(),
  keyResultId: id,
  at: isoDateTime,
  value: finite,
  confidence: confidenceSchema.optional(),
  note: text(10_000).optional(),
});

export { ticketKeyRe };
export const ticketKey = z.string().max(400).regex(ticketKeyRe, 'not a canonical ticket key');

export const ticketStates = ['open', 'in-progress', 'closed', 'merged', 'done'] as const;
export const ticketStateSchema = z.enum(ticketStates);

export const linkSources = ['user', 'label', 'tracker'] as const;
export const linkSourceSchema = z.enum(linkSources);

export const linkSchema = z.strictObject({
  ticket: ticketKey,
  keyResultId: id,
  createdAt: isoDateTime.optional(),
  /**
   * Who linked it: `user`, tagged by hand in this browser; `label`, a KR label seen on the
   * ticket's page; `tracker`, a KR label the team sync found through the tracker's API (the
   * team's links, whoever made them). Absent means `user`.
   */
  source: linkSourceSchema.optional(),
});

export const ticketSchema = z.strictObject({
  key: ticketKey,
  title: text(2_000).optional(),
  url: z
    .string()
    .max(2_000)
    .refine((u) => /^https?:\/\//i.test(u), 'expected an http(s) URL')
    .optional(),
  state: ticketStateSchema.optional(),
  /** When OKR Lens last saw the ticket (on a page, or in a team sync). */
  seenAt: isoDateTime.optional(),
  /** When the tracker last changed it (team sync only). */
  updatedAt: isoDateTime.optional(),
  /**
   * The ticket's parent (a Jira epic or parent, a GitHub parent issue, a Linear parent): the
   * child serves the KRs its parent is linked to ("via" links, README "Work hierarchy").
   */
  parent: ticketKey.optional(),
});

export type Cycle = z.infer<typeof cycleSchema>;
export type Objective = z.infer<typeof objectiveSchema>;
export type KeyResult = z.infer<typeof keyResultSchema>;
export type KrKind = z.infer<typeof krKindSchema>;
export type Confidence = z.infer<typeof confidenceSchema>;
export type CheckIn = z.infer<typeof checkInSchema>;
export type Link = z.infer<typeof linkSchema>;
export type Ticket = z.infer<typeof ticketSchema>;
export type TicketState = z.infer<typeof ticketStateSchema>;
export type LinkSource = z.infer<typeof linkSourceSchema>;

/** A check-in as stored: it always has an id once it is in the database. */
export type StoredCheckIn = CheckIn & { id: string };

/** The thresholds of progress, status and score (README "Using it"), all user settings. */
export const settingsSchema = z.strictObject({
  /** gap = expected − progress; gap ≤ this → on track. */
  onTrackGap: finite.refine((v) => v >= 0 && v <= 1, 'between 0 and 1'),
  /** gap ≤ this → at risk; above → off track. */
  atRiskGap: finite.refine((v) => v >= 0 && v <= 1, 'between 0 and 1'),
  /** A KR whose last check-in is older than this many days is stale. */
  staleDays: z.number().int().min(1).max(365),
  /** Score bands (end of cycle): < redBelow red, < greenFrom yellow, else green. */
  scoreRedBelow: finite.refine((v) => v >= 0 && v <= 1, 'between 0 and 1'),
  scoreGreenFrom: finite.refine((v) => v >= 0 && v <= 1, 'between 0 and 1'),
  /** Labels that link a ticket: `{code}` is replaced by a KR code, matched case-insensitively. */
  labelPatterns: z.array(text(80)).max(20),
});
export type Settings = z.infer<typeof settingsSchema>;

export const defaultSettings: Settings = {
  onTrackGap: 0.15,
  atRiskGap: 0.3,
  staleDays: 14,
  scoreRedBelow: 0.4,
  scoreGreenFrom: 0.7,
  // The first pattern is also the label OKR Lens writes when it links through a tracker's API.
  labelPatterns: ['okr:{code}', '{code}'],
};
