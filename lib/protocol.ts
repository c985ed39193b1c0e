/**
 * The message protocol between content scripts, extension pages and the background, as the
 * senders see it: the answer envelope, `send()`, the change broadcast (`onDataChanged`) and
 * the two requests a content script answers (`tab.*`). The requests themselves are declared
 * once, in the background's request table (lib/background/requests.ts): their types reach
 * this module through `import type`, so nothing here carries zod or the database. Content
 * scripts and the popup load this module; the background parses every request it receives.
 *
 * Data flow: a page calls `send({ type: 'link', … })`; the background's one listener
 * (lib/background/server.ts) checks the sender, parses the request, runs it, answers with an
 * `Envelope`, and after a write bumps `storage.local[REVISION_KEY]`, which every page and tab
 * hears through `onDataChanged`.
 */
import { browser } from 'wxt/browser';
import type { Browser } from 'wxt/browser';
import { FieldError } from './okr/errors';
import type { Issue } from './okr/errors';
import type { TicketLinks } from './okr/dto';
import type { RequestInput, RequestType, ResponseFor } from './background/requests';

export type { RequestInput, RequestType, ResponseFor };

export interface WireError {
  message: string;
  /** The form field the error belongs to (`code`, `parentId`, `atRiskGap`, …). */
  field?: string;
  /** Every problem with its path, e.g. `keyResults[3].target` (imports, invalid requests). */
  issues?: Issue[];
}
export type Envelope<T = unknown> = { ok: true; value: T } | { ok: false; error: WireError };

/** A request the background refused or failed; `field` and `issues` as in `WireError`. */
export class MessageError extends FieldError {
  override name = 'MessageError';
}

// ---------------------------------------------------------------------------------------------
// Client side (content scripts, popup, options)

export function isEnvelope(value: unknown): value is Envelope {
  return (
    typeof value === 'object' &&
    value !== null &&
    'ok' in value &&
    (value.ok === true || ('error' in value && typeof value.error === 'object'))
  );
}

/**
 * Send a request to the background and return its typed answer.
 * Throws `MessageError` when the background refuses or fails, or cannot be reached (the
 * extension was reloaded or updated under this page: reload the page).
 */
export async function send<R extends RequestInput>(req: R): Promise<ResponseFor<R['type']>> {
  let answer: unknown;
  try {
    answer = await browser.runtime.sendMessage(req);
  } catch (e) {
    throw new MessageError(`OKR Lens could not reach its background: ${(e as Error).message}`);
  }
  return valueOf<R>(answer);
}

function valueOf<R extends RequestInput>(answer: unknown): ResponseFor<R['type']> {
  if (!isEnvelope(answer))
    throw new MessageError('OKR Lens got no answer from its background (reload the page).');
  if (!answer.ok)
    throw new MessageError(answer.error.message, answer.error.field, answer.error.issues);
  return answer.value as ResponseFor<R['type']>;
}

/** What the background posts on a posted request's port while it works (`handlePosted`). */
export const POSTED_BEAT = 'okrLens.working';
/** How often it does, and how long a page waits without hearing anything before giving up. */
export const POSTED_BEAT_MS = 1_000;
export const POSTED_SILENCE_MS = 10_000;

/** The service worker's side of `sendLarge`: what it is posted to. */
export interface PostReceiver {
  postMessage(message: unknown, transfer: Transferable[]): void;
}

/** The extension's service worker, from one of its own pages; none where there is none. */
async function extensionWorker(): Promise<PostReceiver | undefined> {
  try {
    const registration = await globalThis.navigator?.serviceWorker?.getRegistration();
    return registration?.active ?? undefined;
  } catch {
    return undefined; // a page that may not use service workers (Firefox's private windows)
  }
}

/**
 * `send` for a request or answer of megabytes, from the extension's own pages (import,
 * export). In Chromium the request is posted to the service worker with a port for the
 * answer: both cross as structured clones, where `runtime.sendMessage` serializes to JSON
 * through the browser process (the big store's 3.4 MB took 260–300 ms that way, 80–110 ms
 * posted; README "Speed"). Same request table, checks and answers (lib/background/server.ts
 * `handlePosted`). Where the background is no service worker (Firefox's event page) it is
 * `send`. The worker beats while it works; a page that hears nothing for `silenceMs` throws
 * like `send` does when the background cannot be reached (the worker was stopped
 * mid-request: Chromium 150 has no `onclose` on MessagePort, so the port never says so).
 */
export async function sendLarge<R extends RequestInput>(
  req: R,
  worker?: PostReceiver,
  silenceMs: number = POSTED_SILENCE_MS,
): Promise<ResponseFor<R['type']>> {
  const to = worker ?? (await extensionWorker());
  if (!to) return send(req);
  const answer = await new Promise<unknown>((resolve, reject) => {
    const channel = new MessageChannel();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = () => {
      clearTimeout(timer);
      channel.port1.close();
    };
    const wait = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        finish();
        reject(
          new MessageError(
            'OKR Lens could not reach its background: it stopped before answering. Try again.',
          ),
        );
      }, silenceMs);
    };
    channel.port1.onmessage = (e: { data: unknown }) => {
      if (e.data === POSTED_BEAT) return wait();
      finish();
      resolve(e.data);
    };
    wait();
    try {
      to.postMessage(req, [channel.port2]);
    } catch (e) {
      finish();
      reject(new MessageError(`OKR Lens could not reach its background: ${(e as Error).message}`));
    }
  });
  return valueOf<R>(answer);
}

export const REVISION_KEY = 'okrLens.revision';

/**
 * The value stored under `REVISION_KEY`: bumped after every successful write, for the
 * extension's pages (tracker tabs are told the same change directly: `TabChange`).
 */
export interface Revision {
  rev: number;
  at: string;
  /** The request types of the write(s) this revision records. */
  types: RequestType[];
  /**
   * Set when the write changed only the links of these tickets (a link, an unlink, a page's
   * label links), the tickets below them included (their "via" links changed too). Absent:
   * anything may have changed.
   */
  tickets?: string[];
  /** The kinds of record the write changed, when known (with `tickets`). */
  records?: RecordKind[];
  /**
   * The links of the tickets the write changed (not those below them) as their badges show
   * them when the change is announced, when they are few.
   */
  links?: TicketLinks;
}

/** Kinds of record a revision may name: links, and what is recorded of tickets. */
export type RecordKind = 'links' | 'tickets';

/**
 * Bumped by the background when recording tickets changed a recorded fact (a ticket's title,
 * state or URL, or a ticket seen for the first time). Separate from `REVISION_KEY` on purpose:
 * a write re-reads every page and tab; were recorded facts a write, two tabs showing the same
 * ticket in different states would wake each other forever. Only extension pages (the popup's
 * snapshot) read it; tracker tabs listen to no storage key (`TabChange`).
 */
export const SEEN_KEY = 'okrLens.seen';

/**
 * A token that changes whenever anything a summary depends on changes: writes (the revision)
 * and recorded ticket facts (`SEEN_KEY`). Read from storage.local, so it answers without
 * waking the service worker.
 */
export async function dataVersion(): Promise<string> {
  const got = await browser.storage.local.get([REVISION_KEY, SEEN_KEY]);
  const num = (v: unknown) =>
    typeof (v as { rev?: unknown } | undefined)?.rev === 'number' ? (v as { rev: number }).rev : 0;
  return `${num(got[REVISION_KEY])}.${num(got[SEEN_KEY])}`;
}

/**
 * Call `cb` after every change to the data (in any tab, page or the background): for the
 * extension's pages. Content scripts use `onTabChanges` (a storage listener would wake their
 * tab for every write anywhere). Returns the function that stops listening.
 */
export function onDataChanged(cb: (revision: Revision) => void): () => void {
  const listener = (changes: Record<string, Browser.storage.StorageChange>, area: string) => {
    if (area !== 'local') return;
    const next = changes[REVISION_KEY]?.newValue as Revision | undefined;
    if (next && typeof next.rev === 'number') cb(next);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

/**
 * A listener answering with a Promise (Firefox, webextension-polyfill, Chrome ≥ 144) or not at
 * all (`undefined`: the message is not for us). Chrome's typings still say listeners return
 * `void` and answer through `sendResponse`, hence this narrower view of the event.
 */
export type PromiseListener = (
  message: unknown,
  sender: Browser.runtime.MessageSender,
) => Promise<Envelope> | undefined;
export interface MessageEvent {
  addListener(listener: PromiseListener): void;
  removeListener(listener: PromiseListener): void;
}

// ---------------------------------------------------------------------------------------------
// Background / popup → content script (one tab). Content scripts receive only these.

/**
 * The two requests a content script answers. Neither carries a field, so the check in
 * `handleTabRequests` (an object whose `type` is one of these and nothing else) is the whole
 * schema; it stays zod-free so content scripts do not ship zod.
 */
export type TabRequest =
  /** The keyboard command (Alt+Shift+K) or the popup's link button: open the picker. */
  | { type: 'tab.openPicker' }
  /** The popup asks which ticket the tab shows. */
  | { type: 'tab.pageTicket' };
const TAB_REQUEST_TYPES: ReadonlySet<string> = new Set<TabRequest['type']>([
  'tab.openPicker',
  'tab.pageTicket',
]);

function isTabRequest(message: unknown): message is TabRequest {
  if (typeof message !== 'object' || message === null) return false;
  const keys = Object.keys(message);
  const type = (message as { type?: unknown }).type;
  return keys.length === 1 && typeof type === 'string' && TAB_REQUEST_TYPES.has(type);
}

/**
 * A change told to one tracker tab by the background (lib/background/tab-changes.ts): only
 * these tickets' links changed (with the new links of some of them), or, without `tickets`,
 * anything may have changed. Content scripts hear changes this way only: a listener on
 * `storage.onChanged` would wake every tab for every write anywhere.
 */
export const TAB_CHANGE = 'tab.dataChanged';
export interface TabChange {
  type: typeof TAB_CHANGE;
  tickets?: string[];
  links?: TicketLinks;
}

const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string');

/** A well-formed `TabChange` (zod-free: content scripts do not ship zod). */
function isTabChange(m: unknown): m is TabChange {
  if (typeof m !== 'object' || m === null) return false;
  const { type, tickets, links, ...rest } = m as Record<string, unknown>;
  if (type !== TAB_CHANGE || Object.keys(rest).length > 0) return false;
  if (tickets !== undefined && !isStringArray(tickets)) return false;
  if (links === undefined) return true;
  return (
    tickets !== undefined &&
    typeof links === 'object' &&
    links !== null &&
    Object.values(links).every(Array.isArray)
  );
}

/** A content script hears the changes the background tells its tab. Returns the unsubscriber. */
export function onTabChanges(cb: (change: Omit<TabChange, 'type'>) => void): () => void {
  const listener: PromiseListener = (message, sender) => {
    if (sender.id !== browser.runtime.id || !isTabChange(message)) return undefined;
    const { type: _type, ...change } = message;
    cb(change);
    // Answered, so the background's send settles at once (and fails only without a listener).
    return Promise.resolve({ ok: true, value: null });
  };
  const onMessage = browser.runtime.onMessage as unknown as MessageEvent;
  onMessage.addListener(listener);
  return () => onMessage.removeListener(listener);
}

/** What a content script says of its page's ticket. */
export interface PageTicket {
  key: string;
  title?: string;
  state?: string;
  url?: string;
  tracker: string;
}
export interface TabResponseMap {
  'tab.openPicker': { opened: boolean };
  'tab.pageTicket': PageTicket | null;
}

/** Ask the content script of a tab; undefined when no OKR Lens script runs there. */
export async function sendToTab<T extends TabRequest>(
  tabId: number,
  req: T,
): Promise<TabResponseMap[T['type']] | undefined> {
  try {
    const answer: unknown = await browser.tabs.sendMessage(tabId, req);
    return isEnvelope(answer) && answer.ok
      ? (answer.value as TabResponseMap[T['type']])
      : undefined;
  } catch {
    return undefined; // no receiver: not a tracker page, or the script is not there yet
  }
}

/** The content script's listener for tab requests. Returns the function removing it. */
export function handleTabRequests(handlers: {
  [K in TabRequest['type']]: () => TabResponseMap[K] | Promise<TabResponseMap[K]>;
}): () => void {
  const listener: PromiseListener = (message, sender) => {
    if (sender.id !== browser.runtime.id) return undefined;
    if (!isTabRequest(message)) return undefined;
    const run = handlers[message.type] as () => unknown;
    return Promise.resolve()
      .then(run)
      .then(
        (value): Envelope => ({ ok: true, value }),
        (e: unknown): Envelope => ({ ok: false, error: { message: String(e) } }),
      );
  };
  const onMessage = browser.runtime.onMessage as unknown as MessageEvent;
  onMessage.addListener(listener);
  return () => onMessage.removeListener(listener);
}
