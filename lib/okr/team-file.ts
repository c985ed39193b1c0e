/**
 * The team's OKR set as a file in a repository (README "Team OKRs"): the interchange file
 * (version 1, nothing added to it), written so that a diff in the repository shows what
 * changed and nothing else.
 *
 * - Records are sorted by id (links by ticket then KR, tickets by key), keys sorted inside
 *   each record, no `exportedAt` (it would change every commit).
 * - One record per line, with the comma BEFORE a record instead of after it: appending a
 *   record (new check-in ids start with their creation time, so they sort last) adds exactly
 *   one line and changes none. Inserting before the first record changes that record's line
 *   too (it gains the comma); that is the only case where a neighbour's line changes.
 * - A KR's `current` is not written when the KR has check-ins: the store derives it from the
 *   latest check-in (lib/db/key-results.ts), and writing it would make every check-in change
 *   the KR's line too, and two people checking in on one KR would "conflict" on it.
 *
 * Pure: imports only lib/okr.
 */
import type { InterchangeFile } from './interchange';
import { INTERCHANGE_FORMAT, INTERCHANGE_VERSION } from './interchange';
import type { Cycle, KeyResult, Link, Objective, StoredCheckIn, Ticket } from './model';

/** The records a team file shares and the merge works on (check-ins always have ids here). */
export interface OkrSet {
  cycles: Cycle[];
  objectives: Objective[];
  keyResults: KeyResult[];
  checkIns: StoredCheckIn[];
}
export const COLLECTIONS = ['cycles', 'objectives', 'keyResults', 'checkIns'] as const;
export type Collection = (typeof COLLECTIONS)[number];

/** A team file: the set plus what an interchange file may carry besides (kept as read). */
export interface TeamFile extends OkrSet {
  $schema?: string;
  links: Link[];
  tickets: Ticket[];
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byId = (a: { id: string }, b: { id: string }) => cmp(a.id, b.id);

/** The record with its keys sorted and no `undefined` values. */
export function sortedKeys<T extends object>(record: T): T {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(record).sort()) {
    const v = (record as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = v;
  }
  return out as T;
}

/**
 * The canonical form of a set: records sorted by id, keys sorted, `current` dropped from KRs
 * that have check-ins (it is derived). Two sets holding the same records are deep-equal.
 */
export function normalizeSet(set: OkrSet): OkrSet {
  const withCheckIns = new Set(set.checkIns.map((c) => c.keyResultId));
  return {
    cycles: set.cycles.map(sortedKeys).sort(byId),
    objectives: set.objectives.map(sortedKeys).sort(byId),
    keyResults: set.keyResults
      .map((k) => sortedKeys(withCheckIns.has(k.id) ? { ...k, current: undefined } : k))
      .sort(byId),
    checkIns: set.checkIns.map(sortedKeys).sort(byId),
  };
}

/** An interchange file (validated) as a team file: check-ins without an id are refused. */
export function teamFileOf(file: InterchangeFile): TeamFile {
  const checkIns = file.checkIns.map((c, i) => {
    if (c.id === undefined)
      throw new Error(`checkIns[${i}].id: a shared file gives every check-in an id`);
    return { ...c, id: c.id };
  });
  const set = normalizeSet({ ...file, checkIns });
  return {
    ...(file.$schema !== undefined ? { $schema: file.$schema } : {}),
    ...set,
    links: sortLinks(file.links),
    tickets: sortTickets(file.tickets),
  };
}

const sortLinks = (links: readonly Link[]) =>
  links
    .map(sortedKeys)
    .sort((a, b) => cmp(a.ticket, b.ticket) || cmp(a.keyResultId, b.keyResultId));
const sortTickets = (tickets: readonly Ticket[]) =>
  tickets.map(sortedKeys).sort((a, b) => cmp(a.key, b.key));

/** A set as a team file with no links or tickets (what Publish writes). */
export function teamFileFromSet(set: OkrSet): TeamFile {
  return { ...normalizeSet(set), links: [], tickets: [] };
}

function array(name: string, records: readonly object[]): string {
  if (records.length === 0) return `  "${name}": []`;
  const lines = records.map((r, i) => `    ${i === 0 ? ' ' : ','}${JSON.stringify(sortedKeys(r))}`);
  return `  "${name}": [\n${lines.join('\n')}\n  ]`;
}

/** The file's text: stable (same records → same bytes), one record per line, ends in `\n`. */
export function serializeTeamFile(file: TeamFile): string {
  const set = normalizeSet(file);
  const head = [
    ...(file.$schema !== undefined ? [`  "$schema": ${JSON.stringify(file.$schema)}`] : []),
    `  "format": ${JSON.stringify(INTERCHANGE_FORMAT)}`,
    `  "version": ${INTERCHANGE_VERSION}`,
  ];
  const parts = [
    ...head,
    array('cycles', set.cycles),
    array('objectives', set.objectives),
    array('keyResults', set.keyResults),
    array('checkIns', set.checkIns),
    ...(file.links.length > 0 ? [array('links', sortLinks(file.links))] : []),
    ...(file.tickets.length > 0 ? [array('tickets', sortTickets(file.tickets))] : []),
  ];
  return `{\n${parts.join(',\n')}\n}\n`;
}

/** Every id a set holds, per collection (what a subscription remembers of its last file). */
export type SetIds = Record<Collection, string[]>;
export function idsOf(set: OkrSet): SetIds {
  return {
    cycles: set.cycles.map((r) => r.id),
    objectives: set.objectives.map((r) => r.id),
    keyResults: set.keyResults.map((r) => r.id),
    checkIns: set.checkIns.map((r) => r.id),
  };
}
