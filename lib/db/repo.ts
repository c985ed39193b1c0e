/**
 * Repository: every read and write of the OKR data. Each function takes the database first,
 * validates its input with the model's zod schemas and does every multi-record write in ONE
 * `db.transaction('rw', …)`, so a failure half-way leaves nothing half-written.
 *
 * Bad input throws `UserError` (a field name and a message the UI shows next to that field);
 * a bad interchange file throws `ImportError` (every issue, each with the path of the field).
 * The clock is a parameter with a default (`now`, `today`) so tests pin it.
 *
 * Imported by the background (through lib/messages.ts `dispatch`) and tests only.
 */
import type { z } from 'zod';
import { isCodeTaken, naturalCompare } from '../okr/codes';
import { currentCycle, todayIso } from '../okr/dates';
import {
  INTERCHANGE_FORMAT,
  INTERCHANGE_VERSION,
  formatPath,
  describeIssues,
  validateInterchange,
} from '../okr/interchange';
import type { InterchangeFile, KnownIds, ValidationIssue } from '../okr/interchange';
import {
  checkInSchema,
  cycleSchema,
  defaultSettings,
  keyResultSchema,
  linkSchema,
  objectiveSchema,
  settingsSchema,
  ticketKey,
  ticketSchema,
} from '../okr/model';
import type {
  CheckIn,
  Confidence,
  Cycle,
  KeyResult,
  KrKind,
  Link,
  Objective,
  Settings,
  StoredCheckIn,
  Ticket,
  TicketState,
} from '../okr/model';
import { evaluateKr, latestCheckIn } from '../okr/progress';
import type { KrEvaluation } from '../okr/progress';
import { sampleOkrs } from '../okr/samples';
import type { OkrDb } from './db';

// ---------------------------------------------------------------------------------------------
// Errors

/** Bad input from the user: `field` names the form field (`code`, `parentId`, …) when known. */
export class UserError extends Error {
  override name = 'UserError';
  readonly field: string | undefined;
  readonly issues: ValidationIssue[] | undefined;
  constructor(message: string, field?: string, issues?: ValidationIssue[]) {
    super(message);
    this.field = field;
    this.issues = issues;
  }
}

/** An interchange file that failed validation; nothing was written. */
export class ImportError extends UserError {
  override name = 'ImportError';
  declare readonly issues: ValidationIssue[];
  constructor(issues: ValidationIssue[]) {
    super(`The file was not imported: ${describeIssues(issues)}`, issues[0]?.path, issues);
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** Parse with a model schema; the first issue becomes the UserError's field and message. */
function parseRecord<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
  const first = issues[0] ?? { path: '(file)', message: 'invalid input' };
  throw new UserError(first.message, first.path === '(file)' ? undefined : first.path, issues);
}

const newId = (): string => crypto.randomUUID();

/** Give a record without an id a fresh one (new records from the UI carry none). */
function withId<T extends object>(input: T): T & { id: string } {
  const current = (input as { id?: unknown }).id;
  return { ...input, id: typeof current === 'string' && current !== '' ? current : newId() };
}

/**
 * A record with its keys in schema order and no `undefined` values: what we store and export,
 * so exports are deterministic and two records compare equal by their JSON text.
 */
function clean<T extends object>(keys: readonly string[], record: T): T {
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = (record as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = v;
  }
  return out as T;
}
const KEYS = {
  cycles: Object.keys(cycleSchema.shape),
  objectives: Object.keys(objectiveSchema.shape),
  keyResults: Object.keys(keyResultSchema.shape),
  checkIns: Object.keys(checkInSchema.shape),
  links: Object.keys(linkSchema.shape),
  tickets: Object.keys(ticketSchema.shape),
} as const;
const cleanCycle = (c: Cycle) => clean(KEYS.cycles, c);
const cleanObjective = (o: Objective) => clean(KEYS.objectives, o);
const cleanKr = (k: KeyResult) => clean(KEYS.keyResults, k);
const cleanCheckIn = <C extends CheckIn>(c: C) => clean(KEYS.checkIns, c);
const cleanLink = (l: Link) => clean(KEYS.links, l);
const cleanTicket = (t: Ticket) => clean(KEYS.tickets, t);

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byCode = (a: { code: string }, b: { code: string }) =>
  naturalCompare(a.code, b.code) || byString(a.code, b.code);

function assertNumericRange(kr: KeyResult): void {
  if (
    (kr.kind === 'increase' || kr.kind === 'decrease') &&
    kr.start !== undefined &&
    kr.target !== undefined &&
    kr.start === kr.target
  )
    throw new UserError('target must differ from start', 'target');
}

/** Counts of records a delete removed, per table (zero when there was nothing). */
export interface Removed {
  cycles: number;
  objectives: number;
  keyResults: number;
  checkIns: number;
  links: number;
}
const noneRemoved = (): Removed => ({
  cycles: 0,
  objectives: 0,
  keyResults: 0,
  checkIns: 0,
  links: 0,
});

// ---------------------------------------------------------------------------------------------
// Settings

const SETTINGS_KEY = 'settings';

/**
 * Stored settings over the defaults, field by field: a field that is missing or no longer
 * valid (a newer or older build wrote it) falls back to its default instead of failing.
 */
function mergeSettings(stored: unknown): Settings {
  const out: Record<string, unknown> = { ...defaultSettings };
  if (stored !== null && typeof stored === 'object') {
    for (const [k, schema] of Object.entries(settingsSchema.shape)) {
      const v = (stored as Record<string, unknown>)[k];
      if (v !== undefined && schema.safeParse(v).success) out[k] = v;
    }
  }
  return out as Settings;
}

export async function getSettings(db: OkrDb): Promise<Settings> {
  return mergeSettings((await db.settings.get(SETTINGS_KEY))?.value);
}

/** Save some settings (the rest keep their values). Returns the settings now in force. */
export async function saveSettings(db: OkrDb, patch: Partial<Settings>): Promise<Settings> {
  return db.transaction('rw', db.settings, async () => {
    const current = await getSettings(db);
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const next = parseRecord(settingsSchema, { ...current, ...defined });
    if (next.atRiskGap < next.onTrackGap)
      throw new UserError('must be at least the on-track gap', 'atRiskGap');
    if (next.scoreGreenFrom < next.scoreRedBelow)
      throw new UserError('must be at least the red threshold', 'scoreGreenFrom');
    await db.settings.put({ key: SETTINGS_KEY, value: next });
    return next;
  });
}

// ---------------------------------------------------------------------------------------------
// Cycles

/** A record to create (no id: one is generated) or to replace (with its id). */
export type Draft<T extends { id: string }> = Omit<T, 'id'> & { id?: string };

export async function upsertCycle(db: OkrDb, input: Draft<Cycle>): Promise<Cycle> {
  const cycle = cleanCycle(parseRecord(cycleSchema, withId(input)));
  if (cycle.end < cycle.start) throw new UserError('a cycle cannot end before it starts', 'end');
  await db.cycles.put(cycle);
  return cycle;
}

/**
 * Remove objectives and everything that hangs off them (KRs, their check-ins and links).
 * Surviving objectives whose parent was removed lose their `parentId`. Call inside a
 * transaction over objectives, keyResults, checkIns and links.
 */
async function removeObjectives(db: OkrDb, ids: readonly string[]): Promise<Removed> {
  const removed = noneRemoved();
  if (ids.length === 0) return removed;
  const krIds = await db.keyResults.where('objectiveId').anyOf(ids).primaryKeys();
  removed.checkIns = await db.checkIns.where('keyResultId').anyOf(krIds).delete();
  removed.links = await db.links.where('keyResultId').anyOf(krIds).delete();
  await db.keyResults.bulkDelete(krIds);
  removed.keyResults = krIds.length;
  removed.objectives = (await db.objectives.bulkGet([...ids])).filter(Boolean).length;
  await db.objectives.bulkDelete([...ids]);
  await db.objectives
    .where('parentId')
    .anyOf(ids)
    .modify((o: Objective) => {
      delete o.parentId;
    });
  return removed;
}

/** Delete a cycle with its objectives, their KRs, check-ins and links. */
export async function deleteCycle(db: OkrDb, id: string): Promise<Removed> {
  return db.transaction(
    'rw',
    [db.cycles, db.objectives, db.keyResults, db.checkIns, db.links],
    async () => {
      const objectiveIds = await db.objectives.where('cycleId').equals(id).primaryKeys();
      const removed = await removeObjectives(db, objectiveIds);
      removed.cycles = (await db.cycles.get(id)) ? 1 : 0;
      await db.cycles.delete(id);
      return removed;
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Objectives

/**
 * Create or replace an objective. The cycle must exist; a parent must exist, be in the same
 * cycle and not be the objective itself or one of its descendants. Moving an objective to
 * another cycle is refused while it has sub-objectives (they would point across cycles) or
 * while one of its KR codes is taken in the target cycle.
 */
export async function upsertObjective(db: OkrDb, input: Draft<Objective>): Promise<Objective> {
  const objective = cleanObjective(parseRecord(objectiveSchema, withId(input)));
  return db.transaction('rw', [db.cycles, db.objectives, db.keyResults], async () => {
    if (!(await db.cycles.get(objective.cycleId)))
      throw new UserError(`no cycle with id "${objective.cycleId}"`, 'cycleId');

    if (objective.parentId !== undefined) {
      if (objective.parentId === objective.id)
        throw new UserError('an objective cannot be its own parent', 'parentId');
      const parent = await db.objectives.get(objective.parentId);
      if (!parent) throw new UserError(`no objective with id "${objective.parentId}"`, 'parentId');
      if (parent.cycleId !== objective.cycleId)
        throw new UserError('the parent objective must be in the same cycle', 'parentId');
      // Walk up from the parent: meeting this objective means the parent is a descendant.
      const visited = new Set<string>();
      for (let p: Objective | undefined = parent; p;) {
        if (p.id === objective.id)
          throw new UserError('the parent cannot be one of its own sub-objectives', 'parentId');
        if (visited.has(p.id)) break; // a loop stored before (cannot be created here)
        visited.add(p.id);
        p = p.parentId === undefined ? undefined : await db.objectives.get(p.parentId);
      }
    }

    const existing = await db.objectives.get(objective.id);
    if (existing && existing.cycleId !== objective.cycleId) {
      const children = await db.objectives.where('parentId').equals(objective.id).count();
      if (children > 0)
        throw new UserError(
          `it has ${children} sub-objective(s) in its cycle: move or detach them first`,
          'cycleId',
        );
      const own = await db.keyResults.where('objectiveId').equals(objective.id).toArray();
      const taken = (await keyResultsOfCycle(db, objective.cycleId)).map((k) => k.code);
      const clash = own.find((k) => isCodeTaken(k.code, taken));
      if (clash)
        throw new UserError(
          `key result code "${clash.code}" is already used in that cycle`,
          'cycleId',
        );
    }
    await db.objectives.put(objective);
    return objective;
  });
}

/** Delete an objective with its KRs, their check-ins and links; sub-objectives are detached. */
export async function deleteObjective(db: OkrDb, id: string): Promise<Removed> {
  return db.transaction('rw', [db.objectives, db.keyResults, db.checkIns, db.links], () =>
    removeObjectives(db, [id]),
  );
}

// ---------------------------------------------------------------------------------------------
// Key results and check-ins

async function keyResultsOfCycle(db: OkrDb, cycleId: string): Promise<KeyResult[]> {
  const objectiveIds = await db.objectives.where('cycleId').equals(cycleId).primaryKeys();
  return db.keyResults.where('objectiveId').anyOf(objectiveIds).toArray();
}

/**
 * Make `kr.current` mirror the latest check-in (removed when none is left). `added`, a check-in
 * just written, wins a tie on `at` (same day or same instant): it is the newest reading.
 */
async function syncCurrent(
  db: OkrDb,
  keyResultId: string,
  added?: StoredCheckIn,
): Promise<KeyResult | undefined> {
  const kr = await db.keyResults.get(keyResultId);
  if (!kr) return undefined;
  const checkIns = (await db.checkIns.where('keyResultId').equals(keyResultId).sortBy('at')).filter(
    (c) => c.id !== added?.id,
  );
  const latest = latestCheckIn(added ? [...checkIns, added] : checkIns);
  const next = cleanKr({ ...kr, current: latest?.value });
  await db.keyResults.put(next);
  return next;
}

/**
 * Create or replace a key result. Its code must be unique in the objective's cycle (compared
 * case-insensitively), else `UserError` on field `code`.
 *
 * `current` is a reading, not a field to overwrite: history lives in check-ins. When `current`
 * differs from the stored value (or a new KR comes with one), a check-in with that value is
 * recorded at `now`, and `current` then mirrors the latest check-in. Leaving `current` out keeps
 * the stored value; to take a reading back, delete its check-in.
 */
export async function upsertKeyResult(
  db: OkrDb,
  input: Draft<KeyResult>,
  now: Date = new Date(),
): Promise<KeyResult> {
  const kr = cleanKr(parseRecord(keyResultSchema, withId(input)));
  assertNumericRange(kr);
  return db.transaction('rw', [db.objectives, db.keyResults, db.checkIns], async () => {
    const objective = await db.objectives.get(kr.objectiveId);
    if (!objective) throw new UserError(`no objective with id "${kr.objectiveId}"`, 'objectiveId');
    const others = (await keyResultsOfCycle(db, objective.cycleId)).filter((k) => k.id !== kr.id);
    const clash = others.find((k) => isCodeTaken(kr.code, [k.code]));
    if (clash)
      throw new UserError(
        `"${kr.code}" is already the code of "${clash.title}" in this cycle`,
        'code',
      );

    const existing = await db.keyResults.get(kr.id);
    if (kr.current === undefined) {
      await db.keyResults.put(cleanKr({ ...kr, current: existing?.current }));
    } else {
      await db.keyResults.put(kr);
      if (kr.current !== existing?.current) {
        const reading = {
          id: newId(),
          keyResultId: kr.id,
          at: now.toISOString(),
          value: kr.current,
        };
        await db.checkIns.add(reading);
        await syncCurrent(db, kr.id, reading);
      }
    }
    return (await db.keyResults.get(kr.id))!;
  });
}

/** Delete a key result with its check-ins and links. */
export async function deleteKeyResult(db: OkrDb, id: string): Promise<Removed> {
  return db.transaction('rw', [db.keyResults, db.checkIns, db.links], async () => {
    const removed = noneRemoved();
    removed.keyResults = (await db.keyResults.get(id)) ? 1 : 0;
    removed.checkIns = await db.checkIns.where('keyResultId').equals(id).delete();
    removed.links = await db.links.where('keyResultId').equals(id).delete();
    await db.keyResults.delete(id);
    return removed;
  });
}

/** A check-in to add: the id is always generated; `at` defaults to `now`. */
export interface CheckInDraft {
  keyResultId: string;
  value: number;
  at?: string;
  confidence?: Confidence;
  note?: string;
}

/** Record a check-in; the KR's `current` becomes the latest check-in's value. */
export async function addCheckIn(
  db: OkrDb,
  input: CheckInDraft,
  now: Date = new Date(),
): Promise<StoredCheckIn> {
  const checkIn = cleanCheckIn(
    parseRecord(checkInSchema, { ...input, id: newId(), at: input.at ?? now.toISOString() }),
  ) as StoredCheckIn;
  return db.transaction('rw', [db.keyResults, db.checkIns], async () => {
    if (!(await db.keyResults.get(checkIn.keyResultId)))
      throw new UserError(`no key result with id "${checkIn.keyResultId}"`, 'keyResultId');
    await db.checkIns.add(checkIn);
    await syncCurrent(db, checkIn.keyResultId, checkIn);
    return checkIn;
  });
}

/** Delete a check-in; the KR's `current` becomes the value of the latest one left. */
export async function deleteCheckIn(db: OkrDb, id: string): Promise<Removed> {
  return db.transaction('rw', [db.keyResults, db.checkIns], async () => {
    const removed = noneRemoved();
    const checkIn = await db.checkIns.get(id);
    if (!checkIn) return removed;
    await db.checkIns.delete(id);
    removed.checkIns = 1;
    await syncCurrent(db, checkIn.keyResultId);
    return removed;
  });
}

// ---------------------------------------------------------------------------------------------
// Import / export

const checkInOrder = (a: CheckIn, b: CheckIn) =>
  byString(a.keyResultId, b.keyResultId) ||
  byString(a.at, b.at) ||
  byString(a.id ?? '', b.id ?? '');

/**
 * Everything as an interchange file. Arrays are sorted (cycles by start then id, check-ins by
 * KR then time, links by ticket then KR, the rest by id/key) and records carry their keys in
 * schema order without undefined values, so two exports of the same data are byte-identical
 * apart from `exportedAt`.
 */
export async function exportAll(db: OkrDb, now: Date = new Date()): Promise<InterchangeFile> {
  return db.transaction(
    'r',
    [db.cycles, db.objectives, db.keyResults, db.checkIns, db.links, db.tickets],
    async () => {
      const [cycles, objectives, keyResults, checkIns, links, tickets] = await Promise.all([
        db.cycles.toArray(),
        db.objectives.toArray(),
        db.keyResults.toArray(),
        db.checkIns.toArray(),
        db.links.toArray(),
        db.tickets.toArray(),
      ]);
      return {
        format: INTERCHANGE_FORMAT,
        version: INTERCHANGE_VERSION,
        exportedAt: now.toISOString(),
        cycles: cycles
          .map(cleanCycle)
          .sort((a, b) => byString(a.start, b.start) || byString(a.id, b.id)),
        objectives: objectives.map(cleanObjective).sort((a, b) => byString(a.id, b.id)),
        keyResults: keyResults.map(cleanKr).sort((a, b) => byString(a.id, b.id)),
        checkIns: checkIns.map(cleanCheckIn).sort(checkInOrder),
        links: links
          .map(cleanLink)
          .sort((a, b) => byString(a.ticket, b.ticket) || byString(a.keyResultId, b.keyResultId)),
        tickets: tickets.map(cleanTicket).sort((a, b) => byString(a.key, b.key)),
      };
    },
  );
}

export interface ImportCount {
  added: number;
  updated: number;
  unchanged: number;
}
export type ImportCounts = Record<
  'cycles' | 'objectives' | 'keyResults' | 'checkIns' | 'links' | 'tickets',
  ImportCount
>;

/**
 * What `validateInterchange` cannot see because it needs the stored records too: KR codes
 * unique per cycle across stored and imported KRs, parents in the same cycle, no parent loops.
 * Checked on the merged state (the file's records replace stored ones with the same id).
 */
function mergedIssues(
  file: InterchangeFile,
  storedObjectives: readonly Objective[],
  storedKrs: readonly KeyResult[],
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const objectives = new Map(storedObjectives.map((o) => [o.id, o]));
  for (const o of file.objectives) objectives.set(o.id, o);

  file.objectives.forEach((o, i) => {
    if (o.parentId === undefined) return;
    const parent = objectives.get(o.parentId);
    if (parent && parent.cycleId !== o.cycleId) {
      issues.push({
        path: `objectives[${i}].parentId`,
        message: 'the parent objective is in another cycle',
      });
      return;
    }
    const visited = new Set<string>();
    for (let p = parent; p; p = p.parentId === undefined ? undefined : objectives.get(p.parentId)) {
      if (p.id === o.id) {
        issues.push({
          path: `objectives[${i}].parentId`,
          message: 'the chain of parents loops back to this objective',
        });
        break;
      }
      if (visited.has(p.id)) break;
      visited.add(p.id);
    }
  });

  // Stored KRs first, so a clash is reported on the file's record.
  const fileKrIds = new Set(file.keyResults.map((k) => k.id));
  const fileObjectiveIndex = new Map(file.objectives.map((o, i) => [o.id, i]));
  const krs: { kr: KeyResult; path?: string }[] = [
    ...storedKrs.filter((k) => !fileKrIds.has(k.id)).map((kr) => ({ kr })),
    ...file.keyResults.map((kr, i) => ({ kr, path: `keyResults[${i}].code` })),
  ];
  const seen = new Map<string, KeyResult>();
  for (const { kr, path } of krs) {
    const cycleId = objectives.get(kr.objectiveId)?.cycleId;
    if (cycleId === undefined) continue;
    const key = `${cycleId}\u0000${kr.code.toUpperCase()}`;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, kr);
      continue;
    }
    // A stored KR can clash only because the file moved its objective to another cycle.
    const movedBy = fileObjectiveIndex.get(kr.objectiveId);
    const where = path ?? (movedBy === undefined ? undefined : `objectives[${movedBy}].cycleId`);
    if (where)
      issues.push({
        path: where,
        message: `code "${kr.code}" is already used by key result "${first.title}" in the same cycle`,
      });
  }
  return issues;
}

/**
 * Import an interchange file: all or nothing. The file is validated (shape, references to
 * records in the file or already stored, codes, parents); on failure an `ImportError` carries
 * every issue and nothing is written. On success records are merged by id (a record with a
 * stored id replaces it whole; others are added) in one transaction. Check-ins without an id
 * are matched to a stored check-in of the same KR with the same `at` and value, so importing
 * a file twice adds nothing. Imported KRs keep their `current` as written in the file.
 */
export async function importFile(db: OkrDb, input: unknown): Promise<ImportCounts> {
  return db.transaction(
    'rw',
    [db.cycles, db.objectives, db.keyResults, db.checkIns, db.links, db.tickets],
    async () => {
      const [storedObjectives, storedKrs, cycleIds] = await Promise.all([
        db.objectives.toArray(),
        db.keyResults.toArray(),
        db.cycles.toCollection().primaryKeys(),
      ]);
      const known: KnownIds = {
        cycles: new Set(cycleIds),
        objectives: new Set(storedObjectives.map((o) => o.id)),
        keyResults: new Set(storedKrs.map((k) => k.id)),
      };
      const result = validateInterchange(input, known);
      if (!result.ok) throw new ImportError(result.issues);
      const file = result.data;
      const issues = mergedIssues(file, storedObjectives, storedKrs);
      if (issues.length > 0) throw new ImportError(issues);

      const same = (a: object | undefined, b: object) =>
        a !== undefined && JSON.stringify(a) === JSON.stringify(b);
      const merge = async <T extends object, K>(
        table: {
          bulkGet(keys: K[]): Promise<(T | undefined)[]>;
          bulkPut(items: T[]): Promise<unknown>;
        },
        records: T[],
        keyOf: (t: T) => K,
        tidy: (t: T) => T,
      ): Promise<ImportCount> => {
        const count: ImportCount = { added: 0, updated: 0, unchanged: 0 };
        const incoming = records.map(tidy);
        const stored = await table.bulkGet(incoming.map(keyOf));
        const writes: T[] = [];
        incoming.forEach((rec, i) => {
          const old = stored[i];
          if (old === undefined) count.added++;
          else if (same(tidy(old), rec)) {
            count.unchanged++;
            return;
          } else count.updated++;
          writes.push(rec);
        });
        if (writes.length > 0) await table.bulkPut(writes);
        return count;
      };

      // Check-ins without an id: find the stored (or earlier in the file) twin by KR, at, value.
      const twinKey = (c: CheckIn) => `${c.keyResultId}\u0000${c.at}\u0000${c.value}`;
      const twins = new Map<string, string>();
      const anonymousKrs = [
        ...new Set(file.checkIns.filter((c) => c.id === undefined).map((c) => c.keyResultId)),
      ];
      for (const c of await db.checkIns.where('keyResultId').anyOf(anonymousKrs).toArray())
        if (!twins.has(twinKey(c))) twins.set(twinKey(c), c.id);
      const checkIns: StoredCheckIn[] = file.checkIns.map((c) => {
        if (c.id !== undefined) return { ...c, id: c.id };
        const id = twins.get(twinKey(c)) ?? newId();
        twins.set(twinKey(c), id);
        return { ...c, id };
      });
      // Two id-less check-ins in one file that are twins collapse into one record.
      const uniqueCheckIns = [...new Map(checkIns.map((c) => [c.id, c])).values()];

      return {
        cycles: await merge(db.cycles, file.cycles, (c) => c.id, cleanCycle),
        objectives: await merge(db.objectives, file.objectives, (o) => o.id, cleanObjective),
        keyResults: await merge(db.keyResults, file.keyResults, (k) => k.id, cleanKr),
        checkIns: await merge(db.checkIns, uniqueCheckIns, (c) => c.id, cleanCheckIn),
        links: await merge(
          db.links,
          file.links,
          (l): [string, string] => [l.ticket, l.keyResultId],
          cleanLink,
        ),
        tickets: await merge(db.tickets, file.tickets, (t) => t.key, cleanTicket),
      };
    },
  );
}

/** Remove all OKR data and recorded tickets. Settings are preferences and stay. */
export async function clearAll(db: OkrDb): Promise<void> {
  await db.transaction(
    'rw',
    [db.cycles, db.objectives, db.keyResults, db.checkIns, db.links, db.tickets],
    async () => {
      await Promise.all([
        db.cycles.clear(),
        db.objectives.clear(),
        db.keyResults.clear(),
        db.checkIns.clear(),
        db.links.clear(),
        db.tickets.clear(),
      ]);
    },
  );
}

/** Import the sample OKRs (dated around `today`), merged like any other file. */
export async function loadSample(db: OkrDb, today: string = todayIso()): Promise<ImportCounts> {
  return importFile(db, sampleOkrs(today));
}

// ---------------------------------------------------------------------------------------------
// Tickets and links

/** What a content script saw of a ticket on the page. */
export interface TicketMeta {
  title?: string;
  state?: TicketState;
  url?: string;
}
export type TicketSeen = TicketMeta & { key: string };

/** A KR a ticket is linked to, with what a badge shows. */
export interface LinkedKr {
  keyResultId: string;
  code: string;
  title: string;
  kind: KrKind;
  unit?: string;
  owner?: string;
  archived?: boolean;
  objectiveId: string;
  objectiveTitle: string;
  cycleId: string;
  source?: 'user' | 'label';
  createdAt?: string;
  evaluation: KrEvaluation;
}

/** Ticket key → its linked KRs (sorted by code); every requested key is present. */
export type TicketLinks = Record<string, LinkedKr[]>;

/**
 * Record what was seen of tickets (merged with what is stored; `seenAt` = now) and put them
 * (a `put` per ticket, in one bulk write). Call inside a transaction over tickets.
 */
/**
 * Record what the page said of each ticket. Returns whether any recorded fact changed (a new
 * ticket, or its title, state or URL; `seenAt` alone does not count): the popup's snapshot and
 * coverage depend on those facts.
 */
async function recordTickets(
  db: OkrDb,
  seen: readonly TicketSeen[],
  now: string,
): Promise<boolean> {
  if (seen.length === 0) return false;
  const stored = await db.tickets.bulkGet(seen.map((t) => t.key));
  const before = new Map<string, Ticket | undefined>();
  const byKey = new Map<string, Ticket>();
  seen.forEach((t, i) => {
    if (!before.has(t.key)) before.set(t.key, stored[i]);
    const base = byKey.get(t.key) ?? stored[i] ?? { key: t.key };
    const defined = Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined));
    byKey.set(t.key, cleanTicket({ ...base, ...defined, key: t.key, seenAt: now }));
  });
  await db.tickets.bulkPut([...byKey.values()]);
  for (const [key, after] of byKey) {
    const old = before.get(key);
    if (!old || old.title !== after.title || old.state !== after.state || old.url !== after.url)
      return true;
  }
  return false;
}

function parseTickets(tickets: readonly TicketSeen[], now: string): TicketSeen[] {
  return tickets.map((t, i) => {
    const r = ticketSchema.safeParse({ ...t, seenAt: now });
    if (!r.success) {
      const issue = r.error.issues[0];
      const path = `tickets[${i}]${issue?.path.length ? `.${formatPath(issue.path)}` : ''}`;
      throw new UserError(`${path}: ${issue?.message ?? 'invalid'}`, 'tickets');
    }
    return t;
  });
}

/** Evaluate `links` into `out` (ticket → linked KRs sorted by code); inside a transaction. */
async function fillLinks(
  db: OkrDb,
  links: readonly Link[],
  out: TicketLinks,
  today: string,
): Promise<void> {
  if (links.length === 0) return;

  const krIds = [...new Set(links.map((l) => l.keyResultId))];
  const krs = new Map(
    (await db.keyResults.bulkGet(krIds)).filter((k) => k !== undefined).map((k) => [k.id, k]),
  );
  const objectiveIds = [...new Set([...krs.values()].map((k) => k.objectiveId))];
  const objectives = new Map(
    (await db.objectives.bulkGet(objectiveIds))
      .filter((o) => o !== undefined)
      .map((o) => [o.id, o]),
  );
  const cycleIds = [...new Set([...objectives.values()].map((o) => o.cycleId))];
  const cycles = new Map(
    (await db.cycles.bulkGet(cycleIds)).filter((c) => c !== undefined).map((c) => [c.id, c]),
  );
  const checkIns = new Map<string, StoredCheckIn[]>();
  for (const c of await db.checkIns.where('keyResultId').anyOf(krIds).toArray()) {
    const list = checkIns.get(c.keyResultId);
    if (list) list.push(c);
    else checkIns.set(c.keyResultId, [c]);
  }
  const settings = await getSettings(db);

  const evaluations = new Map<string, KrEvaluation>();
  for (const link of links) {
    const kr = krs.get(link.keyResultId);
    const objective = kr && objectives.get(kr.objectiveId);
    const cycle = objective && cycles.get(objective.cycleId);
    if (!kr || !objective || !cycle) continue; // dangling (cannot happen through this repo)
    let evaluation = evaluations.get(kr.id);
    if (!evaluation) {
      evaluation = evaluateKr(kr, checkIns.get(kr.id) ?? [], cycle, today, settings);
      evaluations.set(kr.id, evaluation);
    }
    const item: LinkedKr = {
      keyResultId: kr.id,
      code: kr.code,
      title: kr.title,
      kind: kr.kind,
      objectiveId: objective.id,
      objectiveTitle: objective.title,
      cycleId: cycle.id,
      evaluation,
    };
    if (kr.unit !== undefined) item.unit = kr.unit;
    if (kr.owner !== undefined) item.owner = kr.owner;
    if (kr.archived !== undefined) item.archived = kr.archived;
    if (link.source !== undefined) item.source = link.source;
    if (link.createdAt !== undefined) item.createdAt = link.createdAt;
    (out[link.ticket] ??= []).push(item);
  }
  for (const list of Object.values(out)) list.sort(byCode);
}

/** At most this many tickets are answered by `linkedInScopes` (the rest load as rows show). */
export const SCOPE_TICKET_LIMIT = 2_000;

/**
 * The linked tickets whose key starts with one of `scopes` (a repository `github:host/o/r#`,
 * a Jira project `jira:host/KEY-`, a Linear team `linear:ws/KEY-`), with their KRs as in
 * `ticketsByKeys`; records nothing. A content script asks it once per scope so rows that a
 * virtualized list renders later get their badge in the frame they appear.
 */
export async function linkedInScopes(
  db: OkrDb,
  scopes: readonly string[],
  today: string = todayIso(),
): Promise<TicketLinks> {
  return db.transaction(
    'r',
    [db.links, db.keyResults, db.objectives, db.cycles, db.checkIns, db.settings],
    async () => {
      const out: TicketLinks = {};
      const keys = new Set<string>();
      for (const scope of new Set(scopes)) {
        if (!scope) continue;
        for (const k of (await db.links.where('ticket').startsWith(scope).keys()) as string[]) {
          if (keys.size >= SCOPE_TICKET_LIMIT) break;
          keys.add(k);
        }
      }
      if (keys.size === 0) return out;
      await fillLinks(
        db,
        await db.links
          .where('ticket')
          .anyOf([...keys])
          .toArray(),
        out,
        today,
      );
      return out;
    },
  );
}

/**
 * The batched call of content scripts: for every ticket on a page, its linked KRs with their
 * evaluation (in the KR's own cycle, on `today`), and record the tickets' metadata for
 * coverage. One transaction and a fixed number of queries whatever the number of tickets:
 * links are read with `where('ticket').anyOf(keys)`, then KRs, objectives, cycles and
 * check-ins in bulk.
 */
export async function ticketsByKeys(
  db: OkrDb,
  tickets: readonly TicketSeen[],
  now: string = new Date().toISOString(),
  today: string = todayIso(new Date(now)),
  /** Called (inside the transaction) when a recorded fact of a ticket changed. */
  onRecordedChange?: () => void,
): Promise<TicketLinks> {
  const seen = parseTickets(tickets, now);
  const keys = [...new Set(seen.map((t) => t.key))];
  return db.transaction(
    'rw',
    [db.tickets, db.links, db.keyResults, db.objectives, db.cycles, db.checkIns, db.settings],
    async () => {
      if ((await recordTickets(db, seen, now)) && onRecordedChange) onRecordedChange();
      const out: TicketLinks = Object.fromEntries(keys.map((k) => [k, []]));
      if (keys.length === 0) return out;
      await fillLinks(db, await db.links.where('ticket').anyOf(keys).toArray(), out, today);
      return out;
    },
  );
}

/**
 * Link a ticket to one or more KRs. Idempotent: an existing link stays as it is (its
 * `createdAt` is kept), except that a `label` link confirmed by the user becomes `user`.
 * Records the ticket's metadata when given. Returns all links of the ticket.
 */
export async function link(
  db: OkrDb,
  ticket: string,
  keyResultIds: string | readonly string[],
  source: 'user' | 'label' = 'user',
  meta?: TicketMeta,
  now: Date = new Date(),
): Promise<Link[]> {
  const key = ticketKey.safeParse(ticket);
  if (!key.success) throw new UserError(key.error.issues[0]?.message ?? 'invalid', 'ticket');
  const ids = [...new Set(typeof keyResultIds === 'string' ? [keyResultIds] : keyResultIds)];
  if (ids.length === 0) throw new UserError('choose at least one key result', 'keyResultId');
  const at = now.toISOString();
  const seen: TicketSeen = { ...meta, key: ticket };
  parseTickets([seen], at);
  return db.transaction('rw', [db.keyResults, db.links, db.tickets], async () => {
    const krs = await db.keyResults.bulkGet(ids);
    const missing = ids.find((_, i) => krs[i] === undefined);
    if (missing !== undefined)
      throw new UserError(`no key result with id "${missing}"`, 'keyResultId');
    const existing = await db.links.bulkGet(ids.map((id): [string, string] => [ticket, id]));
    const writes: Link[] = [];
    ids.forEach((keyResultId, i) => {
      const old = existing[i];
      if (!old) writes.push({ ticket, keyResultId, createdAt: at, source });
      else if (old.source === 'label' && source === 'user')
        writes.push(cleanLink({ ...old, source }));
    });
    if (writes.length > 0) await db.links.bulkPut(writes);
    await recordTickets(db, [seen], at);
    return linksOf(db, ticket);
  });
}

async function linksOf(db: OkrDb, ticket: string): Promise<Link[]> {
  const links = await db.links.where('ticket').equals(ticket).toArray();
  return links.map(cleanLink).sort((a, b) => byString(a.keyResultId, b.keyResultId));
}

/** Remove one link (no error when it does not exist). Returns the ticket's remaining links. */
export async function unlink(db: OkrDb, ticket: string, keyResultId: string): Promise<Link[]> {
  return db.transaction('rw', db.links, async () => {
    await db.links.delete([ticket, keyResultId]);
    return linksOf(db, ticket);
  });
}

/** A KR as the picker lists it. */
export interface KrSearchHit {
  id: string;
  code: string;
  title: string;
  kind: KrKind;
  unit?: string;
  objectiveId: string;
  objectiveTitle: string;
  cycleId: string;
}

/**
 * Active (not archived) KRs of the given cycle, else of the current one (`currentCycle`: the
 * cycle containing today, else the next, else the latest), whose code, title or objective title
 * contains `query` (case-insensitive; empty → all). Sorted by code. The UI ranks fuzzily.
 */
export async function searchKeyResults(
  db: OkrDb,
  query: string,
  cycleId?: string,
  today: string = todayIso(),
): Promise<KrSearchHit[]> {
  return db.transaction('r', [db.cycles, db.objectives, db.keyResults], async () => {
    const cycle =
      cycleId !== undefined
        ? await db.cycles.get(cycleId)
        : currentCycle(await db.cycles.toArray(), today);
    if (!cycle) return [];
    const objectives = new Map(
      (await db.objectives.where('cycleId').equals(cycle.id).toArray())
        .filter((o) => !o.archived)
        .map((o) => [o.id, o]),
    );
    const krs = await db.keyResults
      .where('objectiveId')
      .anyOf([...objectives.keys()])
      .toArray();
    const q = query.trim().toLowerCase();
    const hits: KrSearchHit[] = [];
    for (const kr of krs) {
      const objective = objectives.get(kr.objectiveId);
      if (!objective || kr.archived) continue;
      const haystack = `${kr.code}\n${kr.title}\n${objective.title}`.toLowerCase();
      if (q !== '' && !haystack.includes(q)) continue;
      const hit: KrSearchHit = {
        id: kr.id,
        code: kr.code,
        title: kr.title,
        kind: kr.kind,
        objectiveId: objective.id,
        objectiveTitle: objective.title,
        cycleId: cycle.id,
      };
      if (kr.unit !== undefined) hit.unit = kr.unit;
      hits.push(hit);
    }
    return hits.sort(byCode);
  });
}

// ---------------------------------------------------------------------------------------------
// Everything at once

/** All data the options page needs. Check-ins are sorted by KR then time. */
export interface State {
  cycles: Cycle[];
  objectives: Objective[];
  keyResults: KeyResult[];
  checkIns: StoredCheckIn[];
  links: Link[];
  tickets: Ticket[];
  settings: Settings;
}

export async function getState(db: OkrDb): Promise<State> {
  return db.transaction(
    'r',
    [db.cycles, db.objectives, db.keyResults, db.checkIns, db.links, db.tickets, db.settings],
    async () => {
      const [cycles, objectives, keyResults, checkIns, links, tickets, settings] =
        await Promise.all([
          db.cycles.toArray(),
          db.objectives.toArray(),
          db.keyResults.toArray(),
          db.checkIns.toArray(),
          db.links.toArray(),
          db.tickets.toArray(),
          getSettings(db),
        ]);
      return {
        cycles: cycles.sort((a, b) => byString(a.start, b.start) || byString(a.id, b.id)),
        objectives,
        keyResults: keyResults.sort(byCode),
        checkIns: checkIns.sort(checkInOrder),
        links,
        tickets,
        settings,
      };
    },
  );
}
