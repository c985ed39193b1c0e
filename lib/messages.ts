/**
 * THE contract between content scripts / extension pages and the background, which owns the
 * database (a content script's IndexedDB belongs to the page's origin: Dexie issue #233).
 *
 * - `requestSchema`: a zod discriminated union on `type`, one member per operation.
 * - `send(request)`: typed by `ResponseFor<type>`; a failure rethrows as `MessageError` with the
 *   `field` to show it next to and, for imports, every `issue`.
 * - `handle(backend)`: the background's ONE `runtime.onMessage` listener. It drops messages
 *   from other senders, zod-parses every request, accepts destructive requests only from the
 *   extension's own pages, and answers with a Promise (webextension semantics; Chrome ≥ 144
 *   too). The work is `dispatch()`, a plain async function tests call directly.
 * - `onDataChanged(cb)`: live updates. After each successful write the background bumps
 *   `storage.local['okrLens.revision']`; `storage.onChanged` reaches every page and content
 *   script and needs no running service worker to keep listeners alive.
 *
 * This module is imported by content scripts: it must not import Dexie or lib/db at runtime
 * (Dexie's module entry is not tree-shakable). The repository reaches it as an argument
 * (`Backend`), and its types through `import type`.
 */
import { z } from 'zod';
import { browser } from 'wxt/browser';
import { todayIso } from './okr/dates';
import { formatPath } from './okr/interchange';
import type { InterchangeFile, ValidationIssue } from './okr/interchange';
import {
  checkInSchema,
  cycleSchema,
  id,
  isoDate,
  keyResultSchema,
  objectiveSchema,
  settingsSchema,
  ticketKey,
  ticketSchema,
} from './okr/model';
import type { Cycle, KeyResult, Link, Objective, Settings, StoredCheckIn } from './okr/model';
import type { OkrDb } from './db/db';
import type * as Repo from './db/repo';
import type * as Summary from './db/summary';
import type * as Review from './db/review';
import { REVISION_KEY, SEEN_KEY } from './wire';
import type { Envelope, MessageEvent, PromiseListener, WireError } from './wire';
// The sending half (send, onDataChanged, tab requests) lives zod-free in ./wire.
export * from './wire';
export type { CarryOverResult } from './db/review';
export type { Evidence, KrSummary, ObjectiveSummary, QuarterSummary } from './db/summary';

export type {
  ImportCount,
  ImportCounts,
  KrSearchHit,
  LinkedKr,
  Removed,
  State,
  TicketLinks,
} from './db/repo';

// ---------------------------------------------------------------------------------------------
// Requests

const request = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), ...shape });

/** What a content script saw of a ticket: its key plus optional title, state and URL. */
export const ticketSeenSchema = ticketSchema.omit({ seenAt: true });
export const ticketMetaSchema = ticketSchema.omit({ key: true, seenAt: true });

export const requestSchema = z.discriminatedUnion('type', [
  request('ping', {}),
  request('getState', {}),
  request('getSettings', {}),
  request('saveSettings', { settings: settingsSchema.partial() }),
  /** Without `id` a new record is created (the id is generated); with it, replaced. */
  request('upsertCycle', { cycle: cycleSchema.partial({ id: true }) }),
  request('deleteCycle', { id }),
  request('upsertObjective', { objective: objectiveSchema.partial({ id: true }) }),
  request('deleteObjective', { id }),
  request('upsertKeyResult', { keyResult: keyResultSchema.partial({ id: true }) }),
  request('deleteKeyResult', { id }),
  /** The id is generated; `at` defaults to now. */
  request('addCheckIn', { checkIn: checkInSchema.omit({ id: true }).partial({ at: true }) }),
  request('deleteCheckIn', { id }),
  request('exportAll', {}),
  /** `file` is the parsed JSON; the background validates it (issues name each bad path). */
  request('importFile', { file: z.unknown() }),
  request('clearAll', {}),
  /** `today` places the sample in its quarter; defaults to the background's today. */
  request('loadSample', { today: isoDate.optional() }),
  request('ticketsByKeys', { tickets: z.array(ticketSeenSchema).max(1_000) }),
  /** Linked tickets of whole repositories / projects (key prefixes such as `jira:h/KEY-`). */
  request('linkedInScopes', {
    scopes: z
      .array(
        z
          .string()
          .max(300)
          .regex(/^(github|jira|linear):\S+$/, 'not a ticket key prefix'),
      )
      .max(20),
  }),
  request('link', {
    ticket: ticketKey,
    keyResultIds: z.union([id, z.array(id).min(1).max(100)]),
    source: z.enum(['user', 'label']).optional(),
    meta: ticketMetaSchema.optional(),
  }),
  request('unlink', { ticket: ticketKey, keyResultId: id }),
  /** Substring filter over code, title and objective title; the current cycle by default. */
  request('searchKeyResults', { query: z.string().max(200), cycleId: id.optional() }),
  /** Self-hosted trackers (GitHub Enterprise, Jira Data Center) on the user's own domains. */
  /** The popup's glance at a cycle (the current one by default). */
  request('quarterSummary', {
    cycleId: id.optional(),
    today: isoDate.optional(),
    /** false: skip initiative counts (fast first paint); they follow in a second request. */
    withCounts: z.boolean().optional(),
  }),
  /** What moved since a KR's last check-in (the popup drafts the next one from it). */
  request('krEvidence', { keyResultId: id }),
  /** End-of-cycle review: copy chosen objectives/KRs (fresh check-ins) into the next cycle. */
  request('carryOver', {
    fromCycleId: id,
    to: z.strictObject({ name: z.string().max(120), start: isoDate, end: isoDate }),
    objectiveIds: z.array(id).max(500),
    keyResultIds: z.array(id).max(5000),
    withLinks: z.boolean(),
  }),
  request('listDomains', {}),
  request('addDomain', { origin: z.string().max(300), tracker: z.enum(['github', 'jira']) }),
  request('removeDomain', { origin: z.string().max(300) }),
]);

export type Request = z.output<typeof requestSchema>;
/** What callers write (identical to `Request` today: no defaults or transforms). */
export type RequestInput = z.input<typeof requestSchema>;
export type RequestType = Request['type'];
export type RequestOf<T extends RequestType> = Extract<Request, { type: T }>;

/**
 * Requests that delete or replace data in bulk: accepted only from the extension's own pages
 * (options, popup), never from content scripts, which run inside pages we do not control.
 */
export const DESTRUCTIVE_TYPES: ReadonlySet<RequestType> = new Set<RequestType>([
  'deleteCycle',
  'deleteObjective',
  'deleteKeyResult',
  'deleteCheckIn',
  'importFile',
  'clearAll',
  'loadSample',
  'addDomain',
  'removeDomain',
]);

/**
 * Requests that change data: each success bumps the revision. `ticketsByKeys` records ticket
 * metadata too, but it is what every tab sends on every change: bumping there would make open
 * tabs wake each other forever, so it does not count. When it changes a recorded fact it bumps
 * `SEEN_KEY` instead, which only extension pages read (the popup's snapshot).
 */
export const WRITE_TYPES: ReadonlySet<RequestType> = new Set<RequestType>([
  'saveSettings',
  'upsertCycle',
  'deleteCycle',
  'upsertObjective',
  'deleteObjective',
  'upsertKeyResult',
  'deleteKeyResult',
  'addCheckIn',
  'deleteCheckIn',
  'importFile',
  'clearAll',
  'loadSample',
  'link',
  'unlink',
  'carryOver',
]);

// ---------------------------------------------------------------------------------------------
// Responses

export interface ResponseMap {
  ping: { pong: true; at: string };
  getState: Repo.State;
  getSettings: Settings;
  saveSettings: Settings;
  upsertCycle: Cycle;
  deleteCycle: Repo.Removed;
  upsertObjective: Objective;
  deleteObjective: Repo.Removed;
  upsertKeyResult: KeyResult;
  deleteKeyResult: Repo.Removed;
  addCheckIn: StoredCheckIn;
  deleteCheckIn: Repo.Removed;
  exportAll: InterchangeFile;
  importFile: Repo.ImportCounts;
  clearAll: null;
  loadSample: Repo.ImportCounts;
  ticketsByKeys: Repo.TicketLinks;
  linkedInScopes: Repo.TicketLinks;
  link: Link[];
  unlink: Link[];
  searchKeyResults: Repo.KrSearchHit[];
  quarterSummary: Summary.QuarterSummary;
  krEvidence: Summary.Evidence;
  carryOver: Review.CarryOverResult;
  listDomains: CustomDomain[];
  addDomain: CustomDomain[];
  removeDomain: CustomDomain[];
}

/** A self-hosted tracker the user added (options page → Self-hosted trackers). */
export interface CustomDomain {
  /** `https://git.example.com` (scheme and host, lowercased; a port if given). */
  origin: string;
  tracker: 'github' | 'jira';
  /** Whether the browser still grants the origin (the user can revoke it in Chrome). */
  granted: boolean;
}

/** The background's side of custom domains (permissions + scripting, in the background). */
export interface DomainService {
  list(): Promise<CustomDomain[]>;
  add(origin: string, tracker: 'github' | 'jira'): Promise<CustomDomain[]>;
  remove(origin: string): Promise<CustomDomain[]>;
}
export type ResponseFor<T extends RequestType> = ResponseMap[T];

// ---------------------------------------------------------------------------------------------
// Background side

/** The database and the repository functions (lib/db/repo.ts), passed in by the background. */
export interface Backend {
  db: OkrDb;
  repo: typeof Repo;
  summary: typeof Summary;
  review: typeof Review;
  /** Absent in unit tests of the store; requests for domains then fail clearly. */
  domains?: DomainService;
}

function domainsOf(backend: Backend): DomainService {
  if (!backend.domains) throw new Error('custom domains are not available here');
  return backend.domains;
}

/** What `dispatch` needs to know of the sender (from `runtime.MessageSender`). */
export interface SenderInfo {
  /** The URL of the page or frame that sent the message. */
  url?: string;
}

type Handlers = {
  [T in RequestType]: (backend: Backend, req: RequestOf<T>) => Promise<ResponseFor<T>>;
};

const handlers: Handlers = {
  ping: () => Promise.resolve({ pong: true, at: new Date().toISOString() }),
  getState: ({ db, repo }) => repo.getState(db),
  getSettings: ({ db, repo }) => repo.getSettings(db),
  saveSettings: ({ db, repo }, r) => repo.saveSettings(db, r.settings),
  upsertCycle: ({ db, repo }, r) => repo.upsertCycle(db, r.cycle),
  deleteCycle: ({ db, repo }, r) => repo.deleteCycle(db, r.id),
  upsertObjective: ({ db, repo }, r) => repo.upsertObjective(db, r.objective),
  deleteObjective: ({ db, repo }, r) => repo.deleteObjective(db, r.id),
  upsertKeyResult: ({ db, repo }, r) => repo.upsertKeyResult(db, r.keyResult),
  deleteKeyResult: ({ db, repo }, r) => repo.deleteKeyResult(db, r.id),
  addCheckIn: ({ db, repo }, r) => repo.addCheckIn(db, r.checkIn),
  deleteCheckIn: ({ db, repo }, r) => repo.deleteCheckIn(db, r.id),
  exportAll: ({ db, repo }) => repo.exportAll(db),
  importFile: ({ db, repo }, r) => repo.importFile(db, r.file),
  clearAll: async ({ db, repo }) => {
    await repo.clearAll(db);
    return null;
  },
  loadSample: ({ db, repo }, r) => repo.loadSample(db, r.today ?? todayIso()),
  linkedInScopes: ({ db, repo }, r) => repo.linkedInScopes(db, r.scopes),
  ticketsByKeys: async ({ db, repo }, r) => {
    let recorded = false;
    const links = await repo.ticketsByKeys(db, r.tickets, undefined, undefined, () => {
      recorded = true;
    });
    if (recorded) void bumpSeen(); // not awaited: badges do not wait for it
    return links;
  },
  link: ({ db, repo }, r) => repo.link(db, r.ticket, r.keyResultIds, r.source, r.meta),
  unlink: ({ db, repo }, r) => repo.unlink(db, r.ticket, r.keyResultId),
  searchKeyResults: ({ db, repo }, r) => repo.searchKeyResults(db, r.query, r.cycleId),
  quarterSummary: ({ db, summary }, r) =>
    summary.quarterSummary(db, r.cycleId, r.today, r.withCounts ?? true),
  krEvidence: ({ db, summary }, r) => summary.krEvidence(db, r.keyResultId),
  carryOver: ({ db, review }, r) => review.carryOver(db, r),
  listDomains: (b) => domainsOf(b).list(),
  addDomain: (b, r) => domainsOf(b).add(r.origin, r.tracker),
  removeDomain: (b, r) => domainsOf(b).remove(r.origin),
};

/** Payload keys that wrap one record: their zod paths map to that record's field names. */
const RECORD_KEYS = new Set(['settings', 'cycle', 'objective', 'keyResult', 'checkIn', 'meta']);

function invalidRequest(error: z.ZodError): WireError {
  const issues = error.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
  const first = error.issues[0];
  const wire: WireError = {
    message: `Invalid request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    issues,
  };
  if (first && first.path.length > 0) {
    const [head, ...rest] = first.path;
    wire.field =
      typeof head === 'string' && RECORD_KEYS.has(head) && rest.length > 0
        ? formatPath(rest)
        : formatPath(first.path);
  }
  return wire;
}

function toWireError(e: unknown): WireError {
  if (e instanceof Error && (e.name === 'UserError' || e.name === 'ImportError')) {
    const { field, issues } = e as Error & { field?: string; issues?: ValidationIssue[] };
    const wire: WireError = { message: e.message };
    if (field !== undefined) wire.field = field;
    if (issues !== undefined) wire.issues = issues;
    return wire;
  }
  console.error('OKR Lens: request failed', e);
  // Dexie wraps the browser's errors: look at the name and at what it wraps.
  const names = new Set<string>();
  for (let x: unknown = e, depth = 0; x && typeof x === 'object' && depth < 4; depth++) {
    const err = x as { name?: unknown; inner?: unknown; failures?: unknown[] };
    if (typeof err.name === 'string') names.add(err.name);
    for (const f of err.failures ?? [])
      if (f && typeof f === 'object') names.add(String((f as Error).name));
    x = err.inner;
  }
  const text = e instanceof Error ? e.message : String(e);
  if (names.has('QuotaExceededError') || /QuotaExceeded/.test(text))
    return {
      message:
        "Your browser has no room left for OKR Lens's data, so nothing was saved. Free up disk space (or clear other sites' data) and try again; your existing data is intact.",
    };
  if (
    names.has('UpgradeError') ||
    names.has('VersionError') ||
    names.has('OpenFailedError') ||
    names.has('DatabaseClosedError')
  )
    return {
      message: `OKR Lens could not open or upgrade its database; nothing was changed and the data already stored is untouched. Reload the extension; if it persists, report the problem (${text}).`,
    };
  return { message: `Something went wrong: ${text}` };
}

/**
 * Handle one message: parse it, check the sender may send it, run it. Never throws: every
 * outcome is an `Envelope`. `extensionBase` is `runtime.getURL('/')`: destructive requests
 * are accepted only from URLs under it. (An options page open in a tab has `sender.tab` like a
 * content script, so the URL is what tells them apart.)
 */
export async function dispatch(
  backend: Backend,
  message: unknown,
  sender: SenderInfo,
  extensionBase: string = browser.runtime.getURL('/'),
): Promise<Envelope> {
  const parsed = requestSchema.safeParse(message);
  if (!parsed.success) return { ok: false, error: invalidRequest(parsed.error) };
  const req = parsed.data;
  if (DESTRUCTIVE_TYPES.has(req.type) && !(sender.url ?? '').startsWith(extensionBase))
    return {
      ok: false,
      error: { message: `"${req.type}" is accepted only from the OKR Lens options page.` },
    };
  try {
    const run = handlers[req.type] as (b: Backend, r: Request) => Promise<unknown>;
    return { ok: true, value: await run(backend, req) };
  } catch (e) {
    return { ok: false, error: toWireError(e) };
  }
}

/** One queue per storage key, so two bumps in flight never read the same number. */
const bumping = new Map<string, Promise<void>>();

/**
 * Add one to the counter stored under `key` (`{ rev, at, ...extra }`). A failure is logged,
 * never surfaced: the write it announces succeeded.
 */
function bumpCounter(key: string, extra: object, what: string): Promise<void> {
  const next = (bumping.get(key) ?? Promise.resolve())
    .then(async () => {
      const stored = (await browser.storage.local.get(key))[key] as { rev?: unknown } | undefined;
      const rev = (typeof stored?.rev === 'number' ? stored.rev : 0) + 1;
      await browser.storage.local.set({ [key]: { rev, at: new Date().toISOString(), ...extra } });
    })
    .catch((e: unknown) => console.error(`OKR Lens: could not publish ${what}`, e));
  bumping.set(key, next);
  return next;
}

/** Bump the revision after a successful write (`Revision`). */
export function bumpRevision(type: RequestType): Promise<void> {
  return bumpCounter(REVISION_KEY, { types: [type] }, 'a change');
}

/** Publish that recorded ticket facts changed (`SEEN_KEY`, see lib/wire.ts). */
export function bumpSeen(): Promise<void> {
  return bumpCounter(SEEN_KEY, {}, 'seen tickets');
}

/**
 * Register the background's one message listener. Returns a function removing it (tests).
 * Messages whose `sender.id` is not this extension are dropped without an answer.
 */
export function handle(backend: Backend): () => void {
  const listener: PromiseListener = (message, sender) => {
    if (sender.id !== browser.runtime.id) return undefined;
    return dispatch(backend, message, { url: sender.url }).then(async (answer) => {
      const type = (message as { type: RequestType }).type;
      if (answer.ok && WRITE_TYPES.has(type)) await bumpRevision(type);
      return answer;
    });
  };
  const onMessage = browser.runtime.onMessage as unknown as MessageEvent;
  onMessage.addListener(listener);
  return () => onMessage.removeListener(listener);
}
