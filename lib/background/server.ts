/**
 * The background's side of the protocol (lib/protocol.ts): its ONE `runtime.onMessage`
 * listener (and, for the extension's pages only, the same requests posted to the service
 * worker: `handlePosted`). It drops messages from other senders, parses every request
 * against the request table (lib/background/requests.ts), accepts destructive requests only
 * from the extension's own pages, runs the request and answers with a Promise of an
 * `Envelope` (webextension semantics; Chrome ≥ 144 too). After a successful write it tells
 * the tracker tabs that show what changed and bumps the revision every extension page
 * listens to. `dispatch()` is the work without the listener, for tests.
 */
import type { z } from 'zod';
import { browser } from 'wxt/browser';
import { describeDbFailure } from '../db/errors';
import { descendantsOf } from '../db/hierarchy';
import { linkReadTables, shownLinks } from '../db/links';
import type { OkrDb } from '../db';
import type { TicketLinks } from '../okr/dto';
import { FieldError } from '../okr/errors';
import { formatPath } from '../okr/interchange';
import { POSTED_BEAT, POSTED_BEAT_MS, REVISION_KEY, SEEN_KEY } from '../protocol';
import type { Envelope, MessageEvent, PromiseListener, Revision, WireError } from '../protocol';
import {
  DESTRUCTIVE_TYPES,
  WRITE_TYPES,
  isRequestType,
  requestSchemaOf,
  requests,
  scopesShownBy,
  touchedBy,
} from './requests';
import { noteShown, tellTabs } from './tab-changes';
import type { RequestContext, RequestType } from './requests';

/** What the background serves requests with: the context of `run` minus what it adds. */
export type Backend = Omit<RequestContext, 'seenChanged'>;

/** What `dispatch` needs to know of the sender (from `runtime.MessageSender`). */
export interface SenderInfo {
  /** The URL of the page or frame that sent the message. */
  url?: string;
  /** The tab it runs in, if any (a content script's, or an extension page open in a tab). */
  tabId?: number;
}

/** Payload keys that wrap one record: their zod paths map to that record's field names. */
const RECORD_KEYS = new Set(['settings', 'cycle', 'objective', 'keyResult', 'checkIn', 'meta']);

function invalidRequest(zodIssues: readonly z.core.$ZodIssue[]): WireError {
  const issues = zodIssues.map((i) => ({ path: formatPath(i.path), message: i.message }));
  const wire: WireError = {
    message: `Invalid request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    issues,
  };
  const first = zodIssues[0];
  if (first && first.path.length > 0) {
    const [head, ...rest] = first.path;
    wire.field =
      typeof head === 'string' && RECORD_KEYS.has(head) && rest.length > 0
        ? formatPath(rest)
        : formatPath(first.path);
  }
  return wire;
}

/** The request in `message`, parsed, or why it is not one. */
function parse(message: unknown): { ok: true; type: RequestType; req: unknown } | Envelope {
  const type = (message as { type?: unknown } | null)?.type;
  if (typeof message !== 'object' || message === null || !isRequestType(type)) {
    const issue = { path: 'type', message: `not a known request: ${JSON.stringify(type) ?? ''}` };
    return {
      ok: false,
      error: { message: `Invalid request: type: ${issue.message}`, issues: [issue] },
    };
  }
  const parsed = requestSchemaOf(type).safeParse(message);
  if (!parsed.success) return { ok: false, error: invalidRequest(parsed.error.issues) };
  return { ok: true, type, req: parsed.data };
}

function toWireError(e: unknown): WireError {
  if (e instanceof FieldError) {
    const wire: WireError = { message: e.message };
    if (e.field !== undefined) wire.field = e.field;
    if (e.issues !== undefined) wire.issues = e.issues;
    return wire;
  }
  console.error('OKR Lens: request failed', e);
  return { message: describeDbFailure(e) };
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
  const parsed = parse(message);
  if (!('type' in parsed)) return parsed;
  const { type, req } = parsed;
  if (DESTRUCTIVE_TYPES.has(type) && !(sender.url ?? '').startsWith(extensionBase))
    return {
      ok: false,
      error: { message: `"${type}" is accepted only from the OKR Lens options page.` },
    };
  // A content script's tab hears of changes to what it asks about, from before its read on.
  const fromTab = sender.tabId !== undefined && !(sender.url ?? '').startsWith(extensionBase);
  if (fromTab) noteShown(sender.tabId!, scopesShownBy(type, req));
  const ctx: RequestContext = { ...backend, seenChanged: () => void bumpSeen() };
  try {
    const run = requests[type].run as (c: RequestContext, r: unknown) => Promise<unknown>;
    return { ok: true, value: await run(ctx, req) };
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

/** What a revision says changed besides its request types (`Revision.tickets`, `records`). */
export type Change = Pick<Revision, 'tickets' | 'records' | 'links'>;

/**
 * Announce a successful write: told to the tracker tabs that show its tickets (every tab when
 * `change` names none, lib/background/tab-changes.ts), and the revision bumped for the
 * extension's pages (`Revision`); `change`: only these tickets.
 */
export function bumpRevision(type: RequestType, change: Change = {}): Promise<void> {
  tellTabs(change.tickets, change.links).catch((e: unknown) =>
    console.error('OKR Lens: could not tell the tabs of a change', e),
  );
  return bumpCounter(REVISION_KEY, { types: [type], ...change }, 'a change');
}

/**
 * At most this many descendants are named in a revision: a change above more of them makes
 * every tab ask again for everything, as any other write does.
 */
export const CHANGED_DESCENDANTS_LIMIT = 500;

/** At most this many tickets' links travel in a revision (`Revision.links`). */
export const CHANGED_LINKS_LIMIT = 50;

/**
 * What a write that changed only the links of the `touched` tickets announces: those tickets
 * and the tickets below them, which show the changed links "via" their ancestor (README "Work
 * hierarchy": a tab may show a child but not its parent), and the touched tickets' links as
 * shown now when they are few. Undefined: too many tickets below to name.
 *
 * The links are read again here rather than taken from the write's answer: announcements run
 * one after another, so each one's read sees every write announced before it. An answer read
 * before a concurrent write (a KR renamed meanwhile) and announced after that write's change
 * would leave tabs with the older links, the later answer winning over their refresh.
 */
export async function changedTickets(db: OkrDb, touched: TicketLinks): Promise<Change | undefined> {
  const keys = Object.keys(touched);
  const { below, links } = await db.transaction('r', linkReadTables(db), async () => ({
    below: await descendantsOf(db, keys, CHANGED_DESCENDANTS_LIMIT + 1),
    links: keys.length <= CHANGED_LINKS_LIMIT ? await shownLinks(db, keys) : undefined,
  }));
  if (below.length > CHANGED_DESCENDANTS_LIMIT) return undefined;
  return {
    tickets: [...new Set([...keys, ...below])],
    records: ['links', 'tickets'],
    ...(links ? { links } : {}),
  };
}

/**
 * Announce a successful write of `type`: to everything (a revision without tickets) unless
 * the request table says it changed only some tickets' links; nothing when it changed nothing.
 */
async function announce(db: OkrDb, type: RequestType, req: unknown, answer: unknown) {
  const touched = touchedBy(type, req, answer);
  if (touched === undefined) return bumpRevision(type);
  if (Object.keys(touched).length === 0) return;
  let change: Change | undefined;
  try {
    change = await changedTickets(db, touched);
  } catch (e) {
    console.error('OKR Lens: could not read the tickets below a change', e);
  }
  return bumpRevision(type, change);
}

/** Publish that recorded ticket facts changed (`SEEN_KEY`, see lib/protocol.ts). */
export function bumpSeen(): Promise<void> {
  return bumpCounter(SEEN_KEY, {}, 'seen tickets');
}

/** The announcements of answered writes, one after another in the order of their answers. */
let announcing: Promise<void> = Promise.resolve();

/**
 * Resolves once every write answered so far has been announced (its revision stored). The
 * answer does not wait for it (tests and callers that read the revision do).
 */
export function announced(): Promise<void> {
  return announcing;
}

/**
 * Answer one message from `sender` (already known to be this extension's) and, after a
 * successful write, queue its announcement behind those of earlier answers.
 */
function answerMessage(backend: Backend, message: unknown, sender: SenderInfo): Promise<Envelope> {
  return dispatch(backend, message, sender).then((answer) => {
    const type = (message as { type: RequestType }).type;
    if (answer.ok && WRITE_TYPES.has(type))
      announcing = announcing
        .then(() => announce(backend.db, type, message, answer.value))
        .catch((e: unknown) => console.error('OKR Lens: could not announce a change', e));
    return answer;
  });
}

/**
 * Register the background's one message listener. Returns a function removing it (tests).
 * Messages whose `sender.id` is not this extension are dropped without an answer.
 *
 * A write is answered as soon as it is stored; its announcement to the other tabs and pages
 * follows (`announced`). Waiting for it cost the writer the change's fan-out: the revision's
 * `storage.local.set` resolves only once every listening context has it, ≈ 2 ms with one
 * tracker tab and ≈ 9 ms with ten. The writer has what it needs in the answer (`link` and
 * `unlink` answer the ticket's links as shown). Announcements keep the order of the answers,
 * so a tab never takes an older write's links after a newer one's.
 */
export function handle(backend: Backend): () => void {
  const listener: PromiseListener = (message, sender) => {
    if (sender.id !== browser.runtime.id) return undefined;
    return answerMessage(backend, message, { url: sender.url, tabId: sender.tab?.id });
  };
  const onMessage = browser.runtime.onMessage as unknown as MessageEvent;
  onMessage.addListener(listener);
  return () => onMessage.removeListener(listener);
}

/** The parts of a service worker's `message` event (`ExtendableMessageEvent`) used here. */
export interface PostedMessageEvent {
  data: unknown;
  origin: string;
  ports: readonly MessagePort[];
  source: { url?: string } | null;
  waitUntil(promise: Promise<unknown>): void;
}

/** Where posted requests arrive: the service worker's global scope. */
export interface PostTarget {
  addEventListener(type: 'message', listener: (e: PostedMessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (e: PostedMessageEvent) => void): void;
}

/**
 * The same requests, posted to the service worker by the extension's own pages with a port
 * for the answer (`sendLarge` in lib/protocol.ts: imports and exports, where runtime
 * messaging's JSON through the browser process cost ≈ 3× structured cloning). Only the
 * extension's origin can post to its worker; anything else, or a message without a port, is
 * ignored. While the request runs the port hears a beat every `POSTED_BEAT_MS`, so the page
 * can tell a worker stopped mid-request (it never answers) from a long one; the event is
 * kept open (`waitUntil`) until the answer is sent. Returns a function removing the listener.
 */
export function handlePosted(
  backend: Backend,
  target: PostTarget,
  extensionBase: string = browser.runtime.getURL('/'),
): () => void {
  // `chrome-extension://<id>/` → `chrome-extension://<id>`, the origin a page's post carries
  // (spelled out: Node's URL gives "null" as the origin of an unknown scheme).
  const origin = extensionBase.replace(/\/+$/, '');
  const listener = (event: PostedMessageEvent) => {
    const port = event.ports[0];
    if (!port || event.origin !== origin) return;
    const beat = setInterval(() => port.postMessage(POSTED_BEAT), POSTED_BEAT_MS);
    event.waitUntil(
      answerMessage(backend, event.data, { url: event.source?.url })
        .then((answer) => port.postMessage(answer))
        // `dispatch` answers every request with an envelope; this is for what it cannot
        // (a message structured cloning carries and JSON would not), so the page is told at
        // once instead of waiting out the silence.
        .catch((e: unknown) =>
          port.postMessage({
            ok: false,
            error: { message: `OKR Lens could not answer this request: ${String(e)}` },
          } satisfies Envelope),
        )
        .finally(() => {
          clearInterval(beat);
          port.close();
        }),
    );
  };
  target.addEventListener('message', listener);
  return () => target.removeEventListener('message', listener);
}
