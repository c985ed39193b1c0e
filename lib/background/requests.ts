/**
 * THE request table: every request a page or content script can send the background, declared
 * once. An entry names its payload (a zod shape, parsed in the background before anything
 * runs), whether a success is a write (every page hears of it) and whether it is destructive
 * (accepted only from the extension's own pages, never from a content script running inside a
 * tracker page we do not control), and the function that answers it. The union of requests,
 * the answer types `send()` returns, the dispatch and the write/destructive sets all derive
 * from this table: adding a request is adding an entry (README "Add a request").
 *
 * Background only at run time (it imports the database); senders import its types alone.
 */
import { z } from 'zod';
import * as store from '../db';
import type { OkrDb } from '../db';
import { todayIso } from '../okr/dates';
import type { CustomDomain, LinkedKr, TicketLinks } from '../okr/dto';
import type { SyncState } from '../okr/team-links-dto';
import {
  checkInSchema,
  cycleSchema,
  id,
  isoDate,
  keyResultSchema,
  krCode,
  objectiveSchema,
  settingsSchema,
  ticketKey,
  ticketSchema,
} from '../okr/model';
import { scopeOfKey, scopeRe } from '../okr/ticket-key';
import { selfHostedIds } from '../trackers/registry';
import type { SelfHostedId } from '../trackers/registry';
import { linkThrough, shownOf, syncLabelLinks, unlinkThrough, withDelivery } from './label-writes';
import type { ShownLink } from './label-writes';
import { teamLinkRequests } from './team-links-requests';
import { tracked } from '../db/subscriptions';
import { teamRequests } from './git/requests';
import { coverage, coverageInput } from '../db/coverage';

/** The background's side of self-hosted trackers (permissions + scripting). */
export interface DomainService {
  list(): Promise<CustomDomain[]>;
  add(origin: string, tracker: SelfHostedId): Promise<CustomDomain[]>;
  remove(origin: string): Promise<CustomDomain[]>;
}

/** What a request's `run` gets besides its payload. */
export interface RequestContext {
  db: OkrDb;
  /** Absent in unit tests of the store; requests for domains then fail clearly. */
  domains?: DomainService;
  /** Recorded ticket facts changed (a title, a state): the popup's snapshot is stale. */
  seenChanged: () => void;
  /** Team links: writes were queued for a tracker (deliver them now). */
  outboxChanged?: () => void;
  /** Team OKRs: a team file's records changed locally (deliver the commits now). */
  teamChanged?: () => void;
  /** Team links: run the team sync now ("Sync now"). */
  syncTeam?: () => Promise<Record<string, SyncState>>;
}

type Shape = z.ZodRawShape;
/** A payload with no fields is `{}` (zod types an empty strict object as `Record<string, never>`). */
type Empty = Record<never, never>;
type Payload<S extends Shape> = [keyof S] extends [never]
  ? Empty
  : z.output<ReturnType<typeof z.strictObject<S>>>;
type PayloadInput<S extends Shape> = [keyof S] extends [never]
  ? Empty
  : z.input<ReturnType<typeof z.strictObject<S>>>;

interface RequestDef<S extends Shape, O> {
  /** The payload's fields (besides `type`); unknown fields are refused. */
  input: S;
  /** A success changes data: the background bumps the revision every page listens to. */
  write?: true;
  /** Deletes or replaces data in bulk, or grants access: extension pages only. */
  destructive?: true;
  /**
   * A write that changes only the links of these tickets (and what is recorded of them), with
   * their links as shown now: the change broadcast names them, with their descendants, so a
   * tab takes or asks again for just those it shows. Absent: tabs ask again for everything.
   * Empty: nothing changed, nothing is announced.
   */
  touches?(req: Payload<S>, answer: NoInfer<O>): TicketLinks;
  /**
   * The scopes (repositories/projects, `scopeOfKey`) a tracker tab sending this shows: the tab
   * is then told of changes to their tickets (lib/background/tab-changes.ts).
   */
  shows?(req: Payload<S>): string[];
  run: (ctx: RequestContext, req: Payload<S>) => Promise<O>;
}

const request = <S extends Shape, O>(def: RequestDef<S, O>): RequestDef<S, O> => def;

/**
 * After a write-through of `ticket`'s links: when it queued label writes, the runner hears of
 * it; the answer is the ticket's links as the overlay shows them (`ShownLink`).
 */
async function shownAfter(ctx: RequestContext, ticket: string, r: { queued: number }) {
  if (r.queued > 0) ctx.outboxChanged?.();
  return shownOf(ctx.db, ticket);
}

/**
 * An OKR write that may touch a team file's records: committed to the file through the
 * outbox, or refused for a read-only one (lib/db/subscriptions.ts `tracked`).
 */
async function shared<T>(ctx: RequestContext, run: () => Promise<T>): Promise<T> {
  const result = await tracked(ctx.db, run);
  ctx.teamChanged?.();
  return result;
}

/** Links as a badge keeps them: a `ShownLink` without its ticket's key. */
const withoutKeys = (links: readonly ShownLink[]): LinkedKr[] =>
  links.map(({ ticket: _ticket, ...l }) => l);

function domainsOf(ctx: RequestContext): DomainService {
  if (!ctx.domains) throw new Error('custom domains are not available here');
  return ctx.domains;
}

/**
 * What a content script saw of a ticket: its key plus optional title, state, URL and parent
 * (`null`: the page shows it has none, which clears a recorded parent).
 */
const ticketSeen = ticketSchema
  .omit({ seenAt: true })
  .extend({ parent: ticketKey.nullable().optional() });
const ticketMeta = ticketSchema.omit({ key: true, seenAt: true });
const origin = z.string().max(300);

export const requests = {
  ping: request({
    input: {},
    run: () => Promise.resolve({ pong: true as const, at: new Date().toISOString() }),
  }),
  getState: request({ input: {}, run: ({ db }) => store.getState(db) }),
  /** The options page: OKR records and settings with link counts, no link or ticket. */
  optionsState: request({ input: {}, run: ({ db }) => store.optionsState(db) }),
  /** Coverage of a cycle computed here, its lists cut to `limits` (lib/db/coverage.ts). */
  coverage: request({ input: coverageInput, run: ({ db }, r) => coverage(db, r) }),
  getSettings: request({ input: {}, run: ({ db }) => store.getSettings(db) }),
  saveSettings: request({
    input: { settings: settingsSchema.partial() },
    write: true,
    run: ({ db }, r) => store.saveSettings(db, r.settings),
  }),
  /** Without `id` a new record is created (the id is generated); with it, replaced. */
  upsertCycle: request({
    input: { cycle: cycleSchema.partial({ id: true }) },
    write: true,
    run: (ctx, r) => shared(ctx, () => store.upsertCycle(ctx.db, r.cycle)),
  }),
  deleteCycle: request({
    input: { id },
    write: true,
    destructive: true,
    run: (ctx, r) => shared(ctx, () => store.deleteCycle(ctx.db, r.id)),
  }),
  upsertObjective: request({
    input: { objective: objectiveSchema.partial({ id: true }) },
    write: true,
    run: (ctx, r) => shared(ctx, () => store.upsertObjective(ctx.db, r.objective)),
  }),
  deleteObjective: request({
    input: { id },
    write: true,
    destructive: true,
    run: (ctx, r) => shared(ctx, () => store.deleteObjective(ctx.db, r.id)),
  }),
  upsertKeyResult: request({
    input: { keyResult: keyResultSchema.partial({ id: true }) },
    write: true,
    run: (ctx, r) => shared(ctx, () => store.upsertKeyResult(ctx.db, r.keyResult)),
  }),
  deleteKeyResult: request({
    input: { id },
    write: true,
    destructive: true,
    run: (ctx, r) => shared(ctx, () => store.deleteKeyResult(ctx.db, r.id)),
  }),
  /** The id is generated; `at` defaults to now. */
  addCheckIn: request({
    input: { checkIn: checkInSchema.omit({ id: true }).partial({ at: true }) },
    write: true,
    run: (ctx, r) => shared(ctx, () => store.addCheckIn(ctx.db, r.checkIn)),
  }),
  deleteCheckIn: request({
    input: { id },
    write: true,
    destructive: true,
    run: (ctx, r) => shared(ctx, () => store.deleteCheckIn(ctx.db, r.id)),
  }),
  exportAll: request({ input: {}, run: ({ db }) => store.exportAll(db) }),
  /** `file` is the parsed JSON; the background validates it (issues name each bad path). */
  importFile: request({
    input: { file: z.unknown() },
    write: true,
    destructive: true,
    // An import that changes a team file's records commits them like an edit (or is refused,
    // all of it, for a read-only file's objectives and KRs).
    run: (ctx, r) => shared(ctx, () => store.importFile(ctx.db, r.file)),
  }),
  clearAll: request({
    input: {},
    write: true,
    destructive: true,
    run: async ({ db }) => {
      await store.clearAll(db);
      return null;
    },
  }),
  /** `today` places the sample in its quarter; defaults to the background's today. */
  loadSample: request({
    input: { today: isoDate.optional() },
    write: true,
    destructive: true,
    run: ({ db }, r) => store.loadSample(db, r.today ?? todayIso()),
  }),
  /**
   * A page's tickets: their links, and what the page said of them (recorded for coverage).
   * Not a write: every tab sends it on every change, and bumping the revision here would make
   * open tabs wake each other forever. A changed recorded fact is published apart
   * (`seenChanged`), which only extension pages read.
   */
  ticketsByKeys: request({
    input: { tickets: z.array(ticketSeen).max(1_000) },
    shows: (r) => r.tickets.map((t) => scopeOfKey(t.key)),
    run: async ({ db, seenChanged }, r) =>
      withDelivery(db, await store.ticketsByKeys(db, r.tickets, undefined, undefined, seenChanged)),
  }),
  /** Linked tickets of whole repositories / projects (key prefixes such as `jira:h/KEY-`). */
  linkedInScopes: request({
    input: {
      scopes: z.array(z.string().max(300).regex(scopeRe, 'not a ticket key prefix')).max(20),
    },
    shows: (r) => r.scopes,
    run: async ({ db }, r) => withDelivery(db, await store.linkedInScopes(db, r.scopes)),
  }),
  /** Answers the ticket's links as its badge shows them (`ShownLink[]`, "via" ones included). */
  link: request({
    input: {
      ticket: ticketKey,
      keyResultIds: z.union([id, z.array(id).min(1).max(100)]),
      source: z.enum(['user', 'label']).optional(),
      meta: ticketMeta.optional(),
    },
    write: true,
    shows: (r) => [scopeOfKey(r.ticket)],
    /** A link made by hand on a connected tracker is also written as a label (outbox). */
    run: async (ctx, r) =>
      shownAfter(
        ctx,
        r.ticket,
        await linkThrough(ctx.db, r.ticket, r.keyResultIds, r.source, r.meta),
      ),
    touches: (r, answer) => ({ [r.ticket]: withoutKeys(answer) }),
  }),
  unlink: request({
    input: { ticket: ticketKey, keyResultId: id },
    write: true,
    shows: (r) => [scopeOfKey(r.ticket)],
    run: async (ctx, r) =>
      shownAfter(ctx, r.ticket, await unlinkThrough(ctx.db, r.ticket, r.keyResultId)),
    touches: (r, answer) => ({ [r.ticket]: withoutKeys(answer) }),
  }),
  /**
   * A page's label links in one request: per ticket, the KR codes its labels name (README
   * "Label links"). Answers every ticket's links as shown, and which ones changed.
   */
  syncLabelLinks: request({
    input: {
      tickets: z
        .array(
          z.strictObject({
            key: ticketKey,
            codes: z.array(krCode).max(100),
            partial: z.boolean().optional(),
            meta: ticketMeta.optional(),
          }),
        )
        .min(1)
        .max(1_000),
    },
    write: true,
    shows: (r) => r.tickets.map((t) => scopeOfKey(t.key)),
    run: ({ db }, r) => syncLabelLinks(db, r.tickets),
    touches: (_r, answer) =>
      Object.fromEntries(answer.changed.map((k) => [k, answer.links[k] ?? []])),
  }),
  /** Substring filter over code, title and objective title; the current cycle by default. */
  searchKeyResults: request({
    input: { query: z.string().max(200), cycleId: id.optional() },
    run: ({ db }, r) => store.searchKeyResults(db, r.query, r.cycleId),
  }),
  /** The popup's glance at a cycle (the current one by default). */
  quarterSummary: request({
    input: {
      cycleId: id.optional(),
      today: isoDate.optional(),
      /** false: skip initiative counts (fast first paint); they follow in a second request. */
      withCounts: z.boolean().optional(),
    },
    run: ({ db }, r) => store.quarterSummary(db, r.cycleId, r.today, r.withCounts ?? true),
  }),
  /** What moved since a KR's last check-in (the popup drafts the next one from it). */
  krEvidence: request({
    input: { keyResultId: id },
    run: ({ db }, r) => store.krEvidence(db, r.keyResultId),
  }),
  /** End-of-cycle review: copy chosen objectives/KRs (fresh check-ins) into the next cycle. */
  carryOver: request({
    input: {
      fromCycleId: id,
      to: z.strictObject({ name: z.string().max(120), start: isoDate, end: isoDate }),
      objectiveIds: z.array(id).max(500),
      keyResultIds: z.array(id).max(5000),
      withLinks: z.boolean(),
    },
    write: true,
    run: ({ db }, r) => store.carryOver(db, r),
  }),
  /** Self-hosted trackers (GitHub Enterprise, Jira Data Center) on the user's own domains. */
  listDomains: request({ input: {}, run: (ctx) => domainsOf(ctx).list() }),
  addDomain: request({
    input: { origin, tracker: z.enum(selfHostedIds) },
    destructive: true,
    run: (ctx, r) => domainsOf(ctx).add(r.origin, r.tracker),
  }),
  removeDomain: request({
    input: { origin },
    destructive: true,
    run: (ctx, r) => domainsOf(ctx).remove(r.origin),
  }),
  /** Team links (lib/background/team-links-requests.ts): connections, sync, label writes. */
  ...teamLinkRequests,
  /** Team OKRs (lib/background/git/requests.ts): subscribe, refresh, publish, conflicts. */
  ...teamRequests,
};

type Table = typeof requests;
export type RequestType = keyof Table;
type ShapeOf<T extends RequestType> = Table[T] extends RequestDef<infer S, unknown> ? S : never;
/** A parsed request of one type, as `run` receives it. */
export type RequestOf<T extends RequestType> = { type: T } & Payload<ShapeOf<T>>;
/** What a sender writes. */
export type RequestInput = {
  [T in RequestType]: { type: T } & PayloadInput<ShapeOf<T>>;
}[RequestType];
/** What the background answers a request of type `T` with. */
export type ResponseFor<T extends RequestType> = Awaited<ReturnType<Table[T]['run']>>;

export const requestTypes = Object.keys(requests) as RequestType[];
export const isRequestType = (t: unknown): t is RequestType =>
  typeof t === 'string' && Object.hasOwn(requests, t);
const flagged = (flag: 'write' | 'destructive'): ReadonlySet<RequestType> =>
  new Set(requestTypes.filter((t) => (requests[t] as { [k in typeof flag]?: true })[flag]));
/** Requests whose success bumps the revision. */
export const WRITE_TYPES = flagged('write');
/**
 * The tickets whose links alone a successful write of `type` changed, with those links as
 * shown now (`RequestDef.touches`), or undefined when it may have changed anything.
 */
export function touchedBy(
  type: RequestType,
  req: unknown,
  answer: unknown,
): TicketLinks | undefined {
  const def = requests[type] as { touches?: (r: unknown, a: unknown) => TicketLinks };
  return def.touches?.(req, answer);
}
/** The scopes a tracker tab sending this request shows (`RequestDef.shows`); parsed `req`. */
export function scopesShownBy(type: RequestType, req: unknown): string[] {
  const def = requests[type] as { shows?: (r: unknown) => string[] };
  return def.shows?.(req) ?? [];
}
/** Requests accepted only from the extension's own pages. */
export const DESTRUCTIVE_TYPES = flagged('destructive');

const schemas = new Map<RequestType, z.ZodType>();
/** The full schema of one request type: `{ type, ...input }`, strict. */
export function requestSchemaOf(type: RequestType): z.ZodType {
  let schema = schemas.get(type);
  if (!schema) {
    schema = z.strictObject({ type: z.literal(type), ...requests[type].input });
    schemas.set(type, schema);
  }
  return schema;
}
