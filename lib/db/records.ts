/**
 * How the store keeps records: parsed with the model's schemas, given an id when new, with keys
 * in schema order and no `undefined` values (so exports are deterministic and two records
 * compare equal by their JSON text), and sorted the same way everywhere.
 */
import type { z } from 'zod';
import { naturalCompare } from '../okr/codes';
import { UserError } from '../okr/errors';
import { newId } from '../okr/ids';
import { formatPath } from '../okr/interchange';
import { byString } from '../okr/objects';
import {
  checkInSchema,
  cycleSchema,
  keyResultSchema,
  linkSchema,
  objectiveSchema,
  ticketSchema,
} from '../okr/model';
import type { CheckIn, Cycle, KeyResult, Link, Objective, Ticket } from '../okr/model';
import type { Removed } from '../okr/dto';
import type { OkrDb } from './db';
import { allLinks, linkTables } from './link-rows';

/** A record to create (no id: one is generated) or to replace (with its id). */
export type Draft<T extends { id: string }> = Omit<T, 'id'> & { id?: string };

/** Parse with a model schema; the first issue becomes the UserError's field and message. */
export function parseRecord<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
  const first = issues[0] ?? { path: '(file)', message: 'invalid input' };
  throw new UserError(first.message, first.path === '(file)' ? undefined : first.path, issues);
}

/** Give a record without an id a fresh one (new records from the UI carry none). */
export function withId<T extends object>(input: T): T & { id: string } {
  const current = (input as { id?: unknown }).id;
  return { ...input, id: typeof current === 'string' && current !== '' ? current : newId() };
}

/** The record with its keys in `keys` order and no `undefined` values. */
function clean<T extends object>(keys: readonly string[], record: T): T {
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = (record as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = v;
  }
  return out as T;
}
const keysOf = (schema: { shape: object }) => Object.keys(schema.shape);
const KEYS = {
  cycles: keysOf(cycleSchema),
  objectives: keysOf(objectiveSchema),
  keyResults: keysOf(keyResultSchema),
  checkIns: keysOf(checkInSchema),
  links: keysOf(linkSchema),
  tickets: keysOf(ticketSchema),
} as const;
export const cleanCycle = (c: Cycle) => clean(KEYS.cycles, c);
export const cleanObjective = (o: Objective) => clean(KEYS.objectives, o);
export const cleanKr = (k: KeyResult) => clean(KEYS.keyResults, k);
export const cleanCheckIn = <C extends CheckIn>(c: C) => clean(KEYS.checkIns, c);
export const cleanLink = (l: Link) => clean(KEYS.links, l);
export const cleanTicket = (t: Ticket) => clean(KEYS.tickets, t);

export { byString };
/** KRs (and anything with a code) by code, naturally: KR1.2 before KR1.10. */
export const byCode = (a: { code: string }, b: { code: string }) =>
  naturalCompare(a.code, b.code) || byString(a.code, b.code);
export const cycleOrder = (a: Cycle, b: Cycle) =>
  byString(a.start, b.start) || byString(a.id, b.id);
export const checkInOrder = (a: CheckIn, b: CheckIn) =>
  byString(a.keyResultId, b.keyResultId) ||
  byString(a.at, b.at) ||
  byString(a.id ?? '', b.id ?? '');
export const linkOrder = (a: Link, b: Link) =>
  byString(a.ticket, b.ticket) || byString(a.keyResultId, b.keyResultId);

export const noneRemoved = (): Removed => ({
  cycles: 0,
  objectives: 0,
  keyResults: 0,
  checkIns: 0,
  links: 0,
});

/** The tables an interchange file covers. */
export const fileTables = (db: OkrDb) => [
  db.cycles,
  db.objectives,
  db.keyResults,
  db.checkIns,
  ...linkTables(db),
  db.tickets,
];

/** The tables an import or a clear writes: the file's and the aggregates kept from them. */
export const writeTables = (db: OkrDb) => [...fileTables(db), db.krStats];

/** Every record of those tables (inside the caller's transaction). */
export async function readFileTables(db: OkrDb) {
  const [cycles, objectives, keyResults, checkIns, links, tickets] = await Promise.all([
    db.cycles.toArray(),
    db.objectives.toArray(),
    db.keyResults.toArray(),
    db.checkIns.toArray(),
    allLinks(db),
    db.tickets.toArray(),
  ]);
  return { cycles, objectives, keyResults, checkIns, links, tickets };
}
