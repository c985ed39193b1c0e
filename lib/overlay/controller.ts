/**
 * The content-script side: watch the page, ask the adapter where tickets are, put one badge
 * host on each, fetch what they serve in batched requests, and keep all of it right through
 * SPA navigation, re-renders and virtualized lists. This file wires the parts together:
 * - `scanner.ts`: passes over the page, read in slices, ending in reconciliation;
 * - `hosts.ts` (+ `placement.ts`): the badge hosts, created, placed, re-rendered, removed;
 * - `links.ts`: what the background said per ticket, and the batched requests that ask it;
 * - `labels.ts`: label → KR links; `picker.ts`: the key-result picker.
 *
 * How it stays correct (the bugs Toggl Button and Refined GitHub users report most):
 * - One MutationObserver on the whole document; its callback only schedules a pass, at most
 *   one per animation frame. Mutations that only add or remove our own hosts are ignored.
 * - A pass reconciles: it computes the hosts that should exist now (from the URL and DOM as
 *   they are) and removes every other host in the document. So a badge never outlives its
 *   ticket, never duplicates, and a re-rendered header gets its badge back in the next frame.
 * - The URL is read on every pass, so pushState, popstate, Turbo and React soft navigation
 *   need no special events (we still listen to them to schedule a pass promptly).
 * - When the adapter finds no anchor for the page's own ticket (a selector rotted), a floating
 *   badge built from URL + document.title takes its place after a short grace period.
 * - Everything started here stops when the WXT context is invalidated (extension updated).
 */
import type { KrSearchHit, LinkedKr } from '../okr/dto';
import type { TicketRef, TrackerAdapter } from '../trackers/types';
import { HostTable, themeOf } from './hosts';
import { LabelSync } from './labels';
import { LinkCache, ownLinks } from './links';
import { openPickerLazily } from './lazy-picker';
import type { LazyPickerHandle, PickerLoader } from './lazy-picker';
import type { OverlayBackend, OverlayContext } from './ports';
import { Scanner } from './scanner';

export { recordable } from './links';
export type { OverlayBackend, OverlayContext } from './ports';

export interface OverlayOptions {
  /** How long the page's ticket may lack a DOM anchor before a floating badge stands in. */
  fallbackDelayMs?: number;
  /** How long one slice of a scan may run before the rest goes to a new task (8 ms). */
  sliceMs?: number;
  /** Loads the picker module on first use (lazy-picker.ts); without it, no picker opens. */
  loadPicker?: PickerLoader;
}

export interface Overlay {
  /** The ticket of the page (or its open side panel), if any. */
  currentTicket(): TicketRef | undefined;
  /** Open the picker for the page's ticket; false when the page shows no single ticket. */
  openPicker(): boolean;
  /** Run a pass now (tests, benchmarks). */
  flush(): void;
  stop(): void;
}

/** The parts of one overlay. */
interface Parts {
  ctx: OverlayContext;
  adapter: TrackerAdapter;
  backend: OverlayBackend;
  cache: LinkCache;
  hosts: HostTable;
  labels: LabelSync;
  scanner: Scanner;
  live(): boolean;
  loadPicker: PickerLoader;
}

export function startOverlay(
  ctx: OverlayContext,
  adapter: TrackerAdapter,
  backend: OverlayBackend,
  options: OverlayOptions = {},
): Overlay {
  let stopped = false;
  const live = () => !stopped;
  let picker: LazyPickerHandle | undefined;
  const cache = new LinkCache(backend, {
    live,
    later: (cb) => ctx.setTimeout(cb, 0),
    changed: (keys) => {
      hosts.renderKeys(keys);
      scanner.badgeRows(keys);
    },
    answered: (tickets) => labels.sync(tickets),
  });
  const labels = new LabelSync(backend, {
    linksOf: (key) => cache.get(key),
    took: (answer) => cache.put(answer),
  });
  const hosts = new HostTable({
    linksOf: (key) => cache.get(key),
    openPicker: (key) => void pick(cache.ticket(key)),
  });
  const scanner = new Scanner({
    ...{ ctx, adapter, hosts, cache, labels, live },
    sliceMs: options.sliceMs ?? 8,
    fallbackDelayMs: options.fallbackDelayMs ?? 1500,
  });
  const loadPicker: PickerLoader =
    options.loadPicker ?? (() => Promise.reject(new Error('no picker')));
  const parts: Parts = { ctx, adapter, backend, cache, hosts, labels, scanner, live, loadPicker };
  const pick = (ticket: TicketRef): boolean => {
    picker ??= openPickerFor(parts, ticket, () => (picker = undefined));
    return true;
  };
  const unwatchPage = watchPage(parts);
  const unwatchData = backend.onDataChanged((change) => {
    // Only these tickets' links changed (a link or unlink anywhere, label links, the tickets
    // below them): take or ask again for those this tab shows; KRs and label patterns stand.
    if (change.tickets) return cache.refreshOnly(change.tickets, scanner.keysShown(), change.links);
    // Something else changed somewhere (another tab, the popup, the options page): ask again
    // for every ticket on the page, in one batch.
    labels.forget();
    cache.refresh(scanner.keysShown(), scanner.anchorsShown());
  });
  const stop = () => {
    if (stopped) return;
    stopped = true;
    scanner.stop();
    unwatchPage();
    unwatchData();
    hosts.clear();
    picker?.close();
  };
  ctx.onInvalidated(stop);
  // The first pass in a task of its own: the script's evaluation (≈ 30 ms on a slow machine)
  // and a slice together came close to a long task.
  ctx.setTimeout(() => {
    if (!scanner.scanning()) scanner.pass();
  }, 0);

  return {
    currentTicket: () => (scanner.pageTicket ? cache.known(scanner.pageTicket) : undefined),
    openPicker: () => {
      scanner.pass(Infinity);
      const key = hosts.ticketKey();
      const ticket = scanner.pageTicket ?? (key ? { key } : undefined);
      return ticket ? pick(cache.known(ticket)) : false;
    },
    flush: () => scanner.pass(Infinity),
    stop,
  };
}

function isOwnNode(n: Node): boolean {
  return n.nodeType === 1 && (n as Element).localName.startsWith('okr-lens-');
}

/**
 * Schedule a pass on every change of the page but our own insertions and removals, at most
 * once per frame (a page re-render removing one of our hosts counts). Returns the unwatcher.
 */
function watchPage(p: Parts): () => void {
  const { ctx, hosts, scanner } = p;
  const observer = new MutationObserver((records) => {
    let changed = false;
    const added: Element[] = [];
    for (const r of records) {
      for (const n of r.removedNodes) if (!hosts.wasDropped(n)) changed = true;
      for (const n of r.addedNodes) {
        if (isOwnNode(n)) continue;
        changed = true;
        if (n.nodeType === 1) added.push(n as Element);
      }
    }
    if (!changed) return;
    badgeKnownRows(p, added);
    scanner.schedule();
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
  ctx.addEventListener(window, 'popstate', scanner.schedule);
  ctx.addEventListener(window, 'wxt:locationchange', scanner.schedule);
  // Titles change on SPA navigation; cheap to catch.
  const titleObserver = new MutationObserver(scanner.schedule);
  const titleEl = document.querySelector('head > title');
  if (titleEl)
    titleObserver.observe(titleEl, { childList: true, characterData: true, subtree: true });
  return () => {
    observer.disconnect();
    titleObserver.disconnect();
  };
}

/**
 * The mutation fast path: rows of tickets already known get their badge in the mutation
 * callback itself (before the next paint), instead of waiting for the frame's full pass.
 */
function badgeKnownRows(p: Parts, added: readonly Element[]): void {
  const { ctx, adapter, cache, hosts } = p;
  if (added.length === 0 || added.length > 50 || cache.isEmpty() || !ctx.isValid || !p.live())
    return;
  try {
    const url = new URL(location.href);
    const theme = themeOf(adapter);
    for (const el of added)
      for (const a of adapter.anchors(url, el))
        if (a.mode === 'row' && cache.has(a.ticket.key)) hosts.ensure(a, theme);
  } catch (e) {
    console.debug('OKR Lens: adapter failed', e);
  }
}

/** The KRs linked to the ticket itself (what the picker may unlink). */
const linkedIds = (krs: readonly LinkedKr[] | undefined): Set<string> =>
  new Set(ownLinks(krs).map((l) => l.keyResultId));

/** The KRs the ticket serves through a parent only: KR id → the ancestor's key. */
const inheritedIds = (krs: readonly LinkedKr[] | undefined): Map<string, string> =>
  new Map((krs ?? []).flatMap((l) => (l.via === undefined ? [] : [[l.keyResultId, l.via]])));

/** The picker for one ticket: always the latest KRs; a toggle re-renders the ticket's hosts. */
function openPickerFor(p: Parts, ticket: TicketRef, onClose: () => void): LazyPickerHandle {
  p.labels.forgetKeyResults();
  // Asked now, while the picker's module may still be loading.
  p.labels.keyResults().catch(() => undefined);
  return openPickerLazily(p.loadPicker, {
    ticketKey: ticket.key,
    ...(ticket.title ? { ticketTitle: ticket.title } : {}),
    theme: themeOf(p.adapter),
    loadKeyResults: () => p.labels.keyResults(),
    linkedIds: () => linkedIds(p.cache.get(ticket.key)),
    inherited: () => inheritedIds(p.cache.get(ticket.key)),
    toggle: (kr, link) => toggleLink(p, ticket, kr, link),
    onClose,
  });
}

/** Link or unlink a KR by hand; resolves to the ids linked afterwards. */
async function toggleLink(
  p: Parts,
  ticket: TicketRef,
  kr: KrSearchHit,
  link: boolean,
): Promise<ReadonlySet<string>> {
  if (!link) {
    const current = ownLinks(p.cache.get(ticket.key));
    if (current.some((l) => l.keyResultId === kr.id && l.source === 'label'))
      throw new Error(
        `${kr.code} comes from a label on this ticket; remove the label in the tracker to unlink it.`,
      );
  }
  // The answer is the ticket's links as its badge shows them: no second request.
  const krs = link
    ? await p.backend.link(ticket, [kr.id], 'user')
    : await p.backend.unlink(ticket.key, kr.id);
  p.cache.put({ [ticket.key]: krs });
  return linkedIds(krs);
}
