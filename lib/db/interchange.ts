/**
 * The store as an interchange file: export, import (all or nothing, merged by id), clear, and
 * the example OKRs. The file's own rules are checked by lib/okr/interchange.ts; what needs the
 * stored records too (codes, parents across stored and imported objectives) is checked here
 * with the same rules (lib/okr/integrity.ts).
 */
import { todayIso } from '../okr/dates';
import type { ImportCount, ImportCounts } from '../okr/dto';
import { newId } from '../okr/ids';
import { codeClashes, codeTakenMessage, parentLoop, parentLoopMessage } from '../okr/integrity';
import { INTERCHANGE_FORMAT, INTERCHANGE_VERSION, validateInterchange } from '../okr/interchange';
import type { InterchangeFile, KnownIds, ValidationIssue } from '../okr/interchange';
import type {
  CheckIn,
  Cycle,
  KeyResult,
  Link,
  Objective,
  StoredCheckIn,
  Ticket,
} from '../okr/model';
import { sampleOkrs } from '../okr/samples';
import type { OkrDb } from './db';
import { ImportError } from './errors';
import { recountAll, recountKrs } from './kr-stats';
import { rowOf, rowsOf, storeRows } from './link-rows';
import type { RowChange } from './link-rows';
import type { LinkRow } from './tables';
import {
  byString,
  checkInOrder,
  cleanCheckIn,
  cleanCycle,
  cleanKr,
  cleanLink,
  cleanObjective,
  cleanTicket,
  cycleOrder,
  fileTables,
  writeTables,
  linkOrder,
  readFileTables,
} from './records';

const byId = (a: { id: string }, b: { id: string }) => byString(a.id, b.id);

/**
 * Everything as an interchange file. Arrays are sorted (cycles by start then id, check-ins by
 * KR then time, links by ticket then KR, the rest by id/key) and records carry their keys in
 * schema order without undefined values, so two exports of the same data are byte-identical
 * apart from `exportedAt`.
 */
export async function exportAll(db: OkrDb, now: Date = new Date()): Promise<InterchangeFile> {
  return db.transaction('r', fileTables(db), async () => {
    const { cycles, objectives, keyResults, checkIns, links, tickets } = await readFileTables(db);
    return {
      format: INTERCHANGE_FORMAT,
      version: INTERCHANGE_VERSION,
      exportedAt: now.toISOString(),
      cycles: cycles.map(cleanCycle).sort(cycleOrder),
      objectives: objectives.map(cleanObjective).sort(byId),
      keyResults: keyResults.map(cleanKr).sort(byId),
      checkIns: checkIns.map(cleanCheckIn).sort(checkInOrder),
      links: links.map(cleanLink).sort(linkOrder),
      tickets: tickets.map(cleanTicket).sort((a, b) => byString(a.key, b.key)),
    };
  });
}

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
    const path = `objectives[${i}].parentId`;
    const parent = objectives.get(o.parentId);
    if (parent && parent.cycleId !== o.cycleId)
      issues.push({ path, message: 'the parent objective is in another cycle' });
    else {
      const loop = parentLoop(o.id, (id) => objectives.get(id)?.parentId);
      if (loop) issues.push({ path, message: parentLoopMessage(loop) });
    }
  });

  // Stored KRs first, so a clash is reported on the file's record.
  const fileKrIds = new Set(file.keyResults.map((k) => k.id));
  const fileObjectiveIndex = new Map(file.objectives.map((o, i) => [o.id, i]));
  const krs: { code: string; kr: KeyResult; path?: string }[] = [
    ...storedKrs.filter((k) => !fileKrIds.has(k.id)).map((kr) => ({ code: kr.code, kr })),
    ...file.keyResults.map((kr, i) => ({ code: kr.code, kr, path: `keyResults[${i}].code` })),
  ];
  for (const { item, holder } of codeClashes(
    krs,
    (x) => objectives.get(x.kr.objectiveId)?.cycleId,
  )) {
    // A stored KR can clash only because the file moved its objective to another cycle.
    const movedBy = fileObjectiveIndex.get(item.kr.objectiveId);
    const path =
      item.path ?? (movedBy === undefined ? undefined : `objectives[${movedBy}].cycleId`);
    if (path)
      issues.push({
        path,
        message: codeTakenMessage(item.kr.code, `key result "${holder.kr.title}"`),
      });
  }
  return issues;
}

interface Table<T, K> {
  count(): Promise<number>;
  toArray(): Promise<T[]>;
  bulkGet(keys: K[]): Promise<(T | undefined)[]>;
  bulkPut(items: T[]): Promise<unknown>;
}

/** How a table's records are keyed: for reads (`key`) and as one string (`id`, for maps). */
interface Keying<T, K> {
  key: (t: T) => K;
  id: (t: T) => string;
}

/**
 * Read the whole table rather than key by key when the file holds at least this share of it:
 * one `getAll` costs far less per record than a request per key.
 */
const WHOLE_TABLE_SHARE = 4;

/**
 * The stored twin of each of `records` (or undefined), and every stored record by id when the
 * read saw the whole table (`all`: an empty table, or one read whole).
 */
interface Stored<T> {
  twins: (T | undefined)[];
  all?: Map<string, T>;
}

/**
 * Read the twins in as few requests as the store allows: none from an empty table, one read
 * of the whole table when the file carries a good share of it, else one `get` per key.
 */
async function readTwins<T, K>(
  table: Table<T, K>,
  records: readonly T[],
  keying: Keying<T, K>,
): Promise<Stored<T>> {
  if (records.length === 0) return { twins: [] };
  const stored = await table.count();
  if (stored === 0) return { twins: records.map(() => undefined), all: new Map() };
  if (stored > records.length * WHOLE_TABLE_SHARE)
    return { twins: await table.bulkGet(records.map(keying.key)) };
  const all = new Map((await table.toArray()).map((t) => [keying.id(t), t]));
  return { twins: records.map((r) => all.get(keying.id(r))), all };
}

/** The stored twin of each of `records` (or undefined), read as `readTwins` does. */
export async function storedTwins<T, K>(
  table: Table<T, K>,
  records: readonly T[],
  keying: Keying<T, K>,
): Promise<(T | undefined)[]> {
  return (await readTwins(table, records, keying)).twins;
}

/**
 * What a merge did, and the table as it is after it (`after`, by id) when the merge read all
 * of it: an import then counts the KR aggregates from memory instead of reading 10,000 records
 * back (≈ 0.25–0.3 s of the big store's import in Chromium 150).
 */
interface Merged<T> {
  count: ImportCount;
  after?: Map<string, T>;
}

/** Put the records whose stored twin differs (or is missing); count what happened. */
async function merge<T extends object, K>(
  table: Table<T, K>,
  records: readonly T[],
  keying: Keying<T, K>,
  tidy: (t: T) => T,
): Promise<Merged<T>> {
  const count: ImportCount = { added: 0, updated: 0, unchanged: 0 };
  const incoming = records.map(tidy);
  const { twins, all } = await readTwins(table, incoming, keying);
  const writes: T[] = [];
  incoming.forEach((rec, i) => {
    const old = twins[i];
    if (old === undefined) count.added++;
    else if (JSON.stringify(tidy(old)) === JSON.stringify(rec)) {
      count.unchanged++;
      return;
    } else count.updated++;
    writes.push(rec);
  });
  if (writes.length > 0) await table.bulkPut(writes);
  if (all) for (const rec of writes) all.set(keying.id(rec), rec);
  return { count, after: all };
}

const byIdKey = <T extends { id: string }>(): Keying<T, string> => ({
  key: (t) => t.id,
  id: (t) => t.id,
});
const rowKeying: Keying<LinkRow, string> = { key: (r) => r.ticket, id: (r) => r.ticket };
const ticketKeying: Keying<Ticket, string> = { key: (t) => t.key, id: (t) => t.key };

/**
 * Links are merged like the other records, by `[ticket, keyResultId]`, and counted one by
 * one; they are stored per ticket (./link-rows.ts), so a ticket's row is written once with
 * its stored links and the file's, when any of them is new or changed.
 */
async function mergeLinks(db: OkrDb, links: readonly Link[]): Promise<Merged<LinkRow>> {
  const count: ImportCount = { added: 0, updated: 0, unchanged: 0 };
  const incoming = rowsOf(links.map(cleanLink));
  const { twins: stored, all } = await readTwins(db.ticketLinks, incoming, rowKeying);
  const writes: RowChange[] = [];
  incoming.forEach((row, i) => {
    const old = new Map((stored[i]?.links ?? []).map((l) => [l.keyResultId, l]));
    let changed = false;
    for (const link of row.links) {
      const was = old.get(link.keyResultId);
      if (was === undefined) count.added++;
      else if (JSON.stringify(cleanLink(was)) === JSON.stringify(link)) {
        count.unchanged++;
        continue;
      } else count.updated++;
      old.set(link.keyResultId, link);
      changed = true;
    }
    if (changed)
      writes.push({
        ticket: row.ticket,
        before: stored[i],
        after: rowOf(row.ticket, [...old.values()]),
      });
  });
  if (writes.length > 0) await storeRows(db, writes);
  if (all)
    for (const w of writes) {
      if (w.after) all.set(w.ticket, w.after);
      else all.delete(w.ticket);
    }
  return { count, after: all };
}

/**
 * Check-ins without an id take the id of their stored (or earlier in the file) twin: same KR,
 * `at` and value. Importing a file twice then adds nothing; twins in one file collapse.
 */
async function identifyCheckIns(db: OkrDb, checkIns: readonly CheckIn[]): Promise<StoredCheckIn[]> {
  const twinKey = (c: CheckIn) => `${c.keyResultId}\u0000${c.at}\u0000${c.value}`;
  const twins = new Map<string, string>();
  const anonymousKrs = [
    ...new Set(checkIns.filter((c) => c.id === undefined).map((c) => c.keyResultId)),
  ];
  for (const c of await db.checkIns.where('keyResultId').anyOf(anonymousKrs).toArray())
    if (!twins.has(twinKey(c))) twins.set(twinKey(c), c.id);
  const withIds = checkIns.map((c): StoredCheckIn => {
    if (c.id !== undefined) return { ...c, id: c.id };
    const id = twins.get(twinKey(c)) ?? newId();
    twins.set(twinKey(c), id);
    return { ...c, id };
  });
  return [...new Map(withIds.map((c) => [c.id, c])).values()];
}

/** Validate `input` against itself and the store; throws `ImportError` with every issue. */
async function validated(db: OkrDb, input: unknown): Promise<InterchangeFile> {
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
  const issues = mergedIssues(result.data, storedObjectives, storedKrs);
  if (issues.length > 0) throw new ImportError(issues);
  return result.data;
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
  return db.transaction('rw', writeTables(db), async () => {
    const file = await validated(db, input);
    const checkIns = await identifyCheckIns(db, file.checkIns);
    // The tables are merged side by side: each is its own requests, and while IndexedDB
    // writes one table's records this thread prepares the next table's.
    const [cycles, objectives, keyResults, checkInsMerged, links, tickets] = await Promise.all([
      merge(db.cycles, file.cycles, byIdKey<Cycle>(), cleanCycle),
      merge(db.objectives, file.objectives, byIdKey<Objective>(), cleanObjective),
      merge(db.keyResults, file.keyResults, byIdKey<KeyResult>(), cleanKr),
      merge(db.checkIns, checkIns, byIdKey<StoredCheckIn>(), cleanCheckIn),
      mergeLinks(db, file.links),
      merge(db.tickets, file.tickets, ticketKeying, cleanTicket),
    ]);
    const counts: ImportCounts = {
      cycles: cycles.count,
      objectives: objectives.count,
      keyResults: keyResults.count,
      checkIns: checkInsMerged.count,
      links: links.count,
      tickets: tickets.count,
    };
    // Aggregates: every row counted again when links or tickets came in (an import may move
    // states and parents of tickets many KRs count), else those of the imported KRs. From
    // memory when both merges saw their whole table (an import into an empty store does).
    if (file.links.length > 0 || file.tickets.length > 0)
      await recountAll(
        db,
        links.after && tickets.after
          ? { links: [...links.after.values()].flatMap((r) => r.links), tickets: tickets.after }
          : undefined,
      );
    else
      await recountKrs(
        db,
        file.keyResults.map((k) => k.id),
      );
    return counts;
  });
}

/** Remove all OKR data and recorded tickets. Settings are preferences and stay. */
/**
 * Clear this browser's OKRs, links and tickets. Team files it follows stay followed (they are
 * the team's, not this browser's; Settings → Team OKRs unsubscribes): their ETags are
 * forgotten so the next read brings the file back in full, and queued commits stay queued.
 */
export async function clearAll(db: OkrDb): Promise<void> {
  await db.transaction('rw', [...writeTables(db), db.subscriptions], async () => {
    await Promise.all(writeTables(db).map((t) => t.clear()));
    await db.subscriptions.toCollection().modify((s) => {
      delete s.etag;
    });
  });
}

/** Import the sample OKRs (dated around `today`), merged like any other file. */
export async function loadSample(db: OkrDb, today: string = todayIso()): Promise<ImportCounts> {
  return importFile(db, sampleOkrs(today));
}
