/**
 * Changes told to tracker tabs directly, each tab hearing only of the repositories and
 * projects it shows. A content script used to hear every revision through
 * `storage.onChanged`, which wakes every tab for every write (and for every other key the
 * background stores): with ten tracker tabs open, a link woke ten renderers and its
 * `storage.local.set` took four times as long to resolve. The extension's own pages still
 * hear the revision (lib/protocol.ts `onDataChanged`).
 *
 * Which tab shows what is learnt from the requests the tabs send (`RequestDef.shows`), noted
 * before the request runs, so a write committed after a tab's read is always told to it. The
 * record survives the service worker being stopped (`storage.session`, where the browser has
 * it); a tab that stopped listening (closed, gone to another site) is forgotten when a send
 * to it fails.
 */
import { browser } from 'wxt/browser';
import type { TicketLinks } from '../okr/dto';
import { scopeOfKey } from '../okr/ticket-key';
import { TAB_CHANGE } from '../protocol';
import type { TabChange } from '../protocol';

const SESSION_KEY = 'okrLens.tabScopes';

/** Tab id → the scopes (key prefixes) of the tickets it asked about. */
const shown = new Map<number, Set<string>>();
let loading: Promise<void> | undefined;
/** Writes of the record, one after another; `queued`: one is waiting to take its snapshot. */
let saving: Promise<void> = Promise.resolve();
let queued = false;

type SessionArea = {
  get(k: string): Promise<Record<string, unknown>>;
  set(v: object): Promise<void>;
};
const session = (): SessionArea | undefined =>
  (browser.storage as unknown as { session?: SessionArea }).session;

/** What an earlier life of the service worker noted (merged under what this one noted). */
function load(): Promise<void> {
  loading ??= (async () => {
    try {
      const stored = (await session()?.get(SESSION_KEY))?.[SESSION_KEY];
      if (!stored || typeof stored !== 'object') return;
      for (const [id, scopes] of Object.entries(stored as Record<string, unknown>)) {
        if (!Array.isArray(scopes)) continue;
        const set = shown.get(Number(id)) ?? new Set<string>();
        for (const s of scopes) if (typeof s === 'string') set.add(s);
        shown.set(Number(id), set);
      }
    } catch (e) {
      console.debug('OKR Lens: could not read which tabs show what', e);
    }
  })();
  return loading;
}

/** Store the record (one write for a burst of notes; writes in order, each of the latest). */
function save(): void {
  if (queued) return;
  queued = true;
  saving = saving
    .then(load)
    .then(async () => {
      queued = false;
      const out: Record<string, string[]> = {};
      for (const [id, scopes] of shown) out[id] = [...scopes];
      await session()?.set({ [SESSION_KEY]: out });
    })
    .catch((e: unknown) => {
      queued = false;
      console.debug('OKR Lens: could not store which tabs show what', e);
    });
}

/** Tab `tabId` shows tickets of these scopes (its request asked about them). */
export function noteShown(tabId: number, scopes: Iterable<string>): void {
  void load();
  let set = shown.get(tabId);
  if (!set) shown.set(tabId, (set = new Set()));
  const before = set.size;
  for (const s of scopes) set.add(s);
  if (set.size !== before) save();
}

function forget(tabId: number): void {
  if (shown.delete(tabId)) save();
}

/**
 * Tell the tabs: those showing a scope of `tickets` (the changed tickets and those below them)
 * when given, every known tab otherwise (anything may have changed). Sends are not awaited:
 * they leave in order, and a tab's answer is of no use.
 */
export async function tellTabs(tickets?: readonly string[], links?: TicketLinks): Promise<void> {
  await load();
  const scopes = tickets ? new Set(tickets.map(scopeOfKey)) : undefined;
  const message: TabChange = tickets
    ? { type: TAB_CHANGE, tickets: [...tickets], ...(links ? { links } : {}) }
    : { type: TAB_CHANGE };
  for (const [tabId, set] of [...shown]) {
    if (scopes && ![...set].some((s) => scopes.has(s))) continue;
    // In an async function a send that throws at once fails like one that rejects.
    const send = async (): Promise<unknown> => browser.tabs.sendMessage(tabId, message);
    send().catch(() => forget(tabId));
  }
}

/** Resolves once the record is stored (tests). */
export const tabsSaved = (): Promise<void> => saving;

/** Forget everything this life of the worker noted (tests: a stopped service worker). */
export function resetTabs(): void {
  shown.clear();
  loading = undefined;
}
