/**
 * The content-script side: watch the page, ask the adapter where tickets are, put one badge
 * host on each, fetch what they serve in one batched request, and keep all of it right through
 * SPA navigation, re-renders and virtualized lists.
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
import type { KrSearchHit, LinkedKr, TicketLinks } from '../okr/dto';
import type { Anchor, TicketRef, TrackerAdapter } from '../trackers/types';
import { labelMatcher } from '../okr/codes';
import { scopeOf } from '../okr/ticket-key';
import { HOST_TAG, createHost, renderRowBadge, renderTicketBadge } from './render';
import { isPickerOpen, openPicker } from './picker';

/**
 * What the background may record of a ticket: the page's text clipped to the schema's limits
 * (a 10 kB title must not cost the page's other tickets their badges), no labels.
 */
export function recordable(t: TicketRef): TicketRef {
  const out: TicketRef = { key: t.key };
  if (t.title !== undefined)
    out.title = t.title.length > 500 ? `${t.title.slice(0, 499)}…` : t.title;
  if (t.state !== undefined) out.state = t.state;
  if (t.url !== undefined && t.url.length <= 2000 && /^https?:\/\//i.test(t.url)) out.url = t.url;
  return out;
}

/** What the controller needs of WXT's ContentScriptContext (a fake one in unit tests). */
export interface OverlayContext {
  isValid: boolean;
  onInvalidated(cb: () => void): unknown;
  requestAnimationFrame(cb: FrameRequestCallback): number;
  setTimeout(cb: () => void, ms: number): number;
  addEventListener(
    target: EventTarget,
    type: string,
    handler: (e: Event) => void,
    options?: AddEventListenerOptions,
  ): void;
}

/** The background, as the overlay uses it (lib/messages.ts `send` in the product). */
export interface OverlayBackend {
  ticketsByKeys(tickets: TicketRef[]): Promise<TicketLinks>;
  /** Linked tickets of whole repositories/projects, by key prefix (`scopeOf`). */
  linkedInScopes(scopes: string[]): Promise<TicketLinks>;
  link(ticket: TicketRef, keyResultIds: string[], source: 'user' | 'label'): Promise<void>;
  unlink(ticket: string, keyResultId: string): Promise<void>;
  keyResults(): Promise<KrSearchHit[]>;
  labelPatterns(): Promise<string[]>;
  onDataChanged(cb: () => void): () => void;
}

export interface OverlayOptions {
  /** How long the page's ticket may lack a DOM anchor before a floating badge stands in. */
  fallbackDelayMs?: number;
  /** How long one slice of a scan may run before the rest goes to a new task (8 ms). */
  sliceMs?: number;
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

interface HostRecord {
  host: HTMLElement;
  key: string;
  mode: 'ticket' | 'row';
  floating: boolean;
  /** What the host shows (`signature`), to skip a render that would change nothing. */
  shown?: string;
}

/**
 * What a host's content depends on. Answers repeat themselves (the scopes answer, then the
 * per-ticket answer, then a change elsewhere that left this ticket alone): re-rendering an
 * unchanged badge cost a relayout of the whole list each time.
 */
function signature(key: string, krs: readonly LinkedKr[] | undefined): string {
  return krs === undefined ? `${key}\n?` : `${key}\n${JSON.stringify(krs)}`;
}

const hostSelector = `${HOST_TAG}[data-okr-lens]`;

/** One pass over the page, read in slices. */
interface Scan {
  href: string;
  iterator: Iterator<Anchor>;
  theme: 'light' | 'dark';
  /** Anchors taken so far (ticket views deduplicated). */
  anchors: Anchor[];
  /** Hosts wanted at the end: those of the anchors taken, and any made meanwhile. */
  keep: Set<HTMLElement>;
  ticketKeys: Set<string>;
  pageKeys: Set<string>;
  /** Keys not asked for yet: sent after the first slice, then all at the end. */
  missing: Set<string>;
  slices: number;
  /**
   * Anchors taken by the first slice (the top of the page). Rows found later get a new host
   * only at the end of the scan, all in one frame: on a 1,000-row page every frame that
   * inserts badges relays out the whole list (≈ 20–50 ms here), once per slice otherwise.
   */
  firstSlice: number;
  /** A frame asked for a pass while this one ran. */
  again: boolean;
}

function themeOf(adapter: TrackerAdapter): 'light' | 'dark' {
  const t = adapter.theme?.(document);
  if (t) return t;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function isOwnNode(n: Node): boolean {
  return n.nodeType === 1 && (n as Element).localName.startsWith('okr-lens-');
}

export function startOverlay(
  ctx: OverlayContext,
  adapter: TrackerAdapter,
  backend: OverlayBackend,
  options: OverlayOptions = {},
): Overlay {
  const fallbackDelay = options.fallbackDelayMs ?? 1500;
  const sliceMs = options.sliceMs ?? 8;
  /** Anchor element → its host. */
  const hosts = new Map<Element, HostRecord>();
  let floating: HostRecord | undefined;
  /** What the background said per ticket key (undefined = not asked yet). */
  const links = new Map<string, LinkedKr[]>();
  const requested = new Set<string>();
  const meta = new Map<string, TicketRef>();
  let scheduled = false;
  let stopped = false;
  let lastUrl = '';
  let urlSince = 0;
  /** A pass is due when the page's own ticket's grace period ends. */
  let graceTimer = false;
  let pageTicket: TicketRef | undefined;
  /** Every ticket key on the page at the last pass (rows without hosts included). */
  let pageKeys = new Set<string>();
  /** Anchors of the last pass, to badge rows when an answer arrives without a new pass. */
  let lastAnchors: Anchor[] = [];
  /** The scan in progress, if any. */
  let scan: Scan | undefined;
  /** Scopes (`scopeOf`) whose linked tickets were asked for. */
  const askedScopes = new Set<string>();
  let labelPatternsCache: Promise<string[]> | undefined;
  let krCache: Promise<KrSearchHit[]> | undefined;

  const schedule = () => {
    if (scheduled || stopped) return;
    scheduled = true;
    ctx.requestAnimationFrame(() => {
      scheduled = false;
      framePass();
    });
  };

  const placeHost = (host: HTMLElement, a: Anchor) => {
    const { element } = a;
    switch (a.position) {
      case 'after':
        if (element.nextSibling !== host) element.after(host);
        break;
      case 'before':
        if (element.previousSibling !== host) element.before(host);
        break;
      case 'append':
        if (element.lastChild !== host) element.append(host);
        break;
      case 'prepend':
        if (element.firstChild !== host) element.prepend(host);
        break;
    }
  };

  const isPlaced = (host: HTMLElement, a: Anchor): boolean => {
    switch (a.position) {
      case 'after':
        return a.element.nextSibling === host;
      case 'before':
        return a.element.previousSibling === host;
      case 'append':
        return a.element.lastChild === host;
      case 'prepend':
        return a.element.firstChild === host;
    }
  };

  const render = (rec: HostRecord) => {
    const krs = links.get(rec.key);
    const sig = signature(rec.key, krs);
    if (rec.shown === sig) return;
    rec.shown = sig;
    if (rec.mode === 'row') renderRowBadge(rec.host, krs);
    else
      renderTicketBadge(
        rec.host,
        krs,
        () => void openPickerFor(meta.get(rec.key) ?? { key: rec.key }),
        rec.floating ? 'OKR Lens' : undefined,
      );
  };

  /** The background takes at most this many tickets per request (lib/messages.ts). */
  const BATCH = 500;
  /**
   * Ask for these tickets in batches of BATCH. `later`: send in tasks of their own (the keys
   * count as asked at once): serializing 500 tickets costs a slow machine ≈ 10 ms, which made
   * the last slice of a 1,000-row scan the longest task of the page load.
   */
  const fetchLinks = (keys: string[], later = false) => {
    if (keys.length === 0) return;
    for (const k of keys) requested.add(k);
    const sendBatch = (i: number) => {
      const chunk = keys.slice(i, i + BATCH);
      if (stopped) {
        for (const k of chunk) requested.delete(k);
        return;
      }
      const tickets = chunk.map((k) => meta.get(k) ?? { key: k });
      // The background records title/state/url for coverage; labels stay on this side.
      const seen = tickets.map(recordable);
      backend
        .ticketsByKeys(seen)
        .then((answer) => {
          if (stopped) return;
          applyAnswer(answer, new Set(chunk));
          syncLabels(tickets).catch((e: unknown) => {
            // The worker stopped mid-way, say: forget the cached answers, retry on next change.
            labelPatternsCache = undefined;
            krCache = undefined;
            console.debug('OKR Lens: could not sync label links', e);
          });
        })
        .catch((e: unknown) => {
          for (const k of chunk) requested.delete(k);
          console.debug('OKR Lens: could not load links', e);
        });
    };
    for (let i = 0; i < keys.length; i += BATCH) {
      const at = i;
      if (later) ctx.setTimeout(() => sendBatch(at), 0);
      else sendBatch(at);
    }
  };

  /**
   * Take in an answer: re-render the hosts of its tickets and give the rows of the last pass
   * that turned out linked their host now, without a new pass over the page (on a 1,000-row
   * list that second pass cost as much as the first). Any DOM change since schedules a pass.
   */
  const applyAnswer = (answer: TicketLinks, asked: ReadonlySet<string>) => {
    for (const [k, krs] of Object.entries(answer)) links.set(k, krs);
    for (const rec of allRecords()) if (asked.has(rec.key)) render(rec);
    const theme = themeOf(adapter);
    // Rows of a scan in progress past its first slice wait for its end (Scan.firstSlice).
    for (const list of scan ? [lastAnchors, scan.anchors.slice(0, scan.firstSlice)] : [lastAnchors])
      for (const a of list)
        if (a.mode === 'row' && asked.has(a.ticket.key) && a.element.isConnected)
          ensureHost(a, theme);
  };

  /**
   * Ask once per repository/project on the page for all its linked tickets, so that rows a
   * virtualized list renders later are known before they appear: the mutation callback then
   * badges them in the frame they are inserted.
   */
  const fetchScopes = (anchors: readonly Anchor[]) => {
    const fresh = [
      ...new Set(anchors.filter((a) => a.mode === 'row').map((a) => scopeOf(a.ticket.key))),
    ].filter((s) => s && !askedScopes.has(s));
    if (fresh.length === 0) return;
    for (let i = 0; i < fresh.length; i += 20) {
      const scopes = fresh.slice(i, i + 20);
      for (const s of scopes) askedScopes.add(s);
      backend
        .linkedInScopes(scopes)
        .then((answer) => {
          if (stopped) return;
          // Only tickets not answered by ticketsByKeys yet (that answer is per ticket, fresher).
          const news: TicketLinks = {};
          for (const [k, krs] of Object.entries(answer)) if (!links.has(k)) news[k] = krs;
          applyAnswer(news, new Set(Object.keys(news)));
        })
        .catch((e: unknown) => {
          for (const s of scopes) askedScopes.delete(s);
          console.debug('OKR Lens: could not load links of', scopes, e);
        });
    }
  };

  /**
   * Labels carrying a KR code link the ticket (source "label"); when the label goes, so does
   * that link. Links the user made by hand are never touched here.
   */
  const syncLabels = async (tickets: readonly TicketRef[]) => {
    // Nothing to do for a ticket without labels and without label links (most rows of a list).
    const withLabels = tickets.filter(
      (t) =>
        t.labels !== undefined &&
        (t.labels.length > 0 || (links.get(t.key) ?? []).some((l) => l.source === 'label')),
    );
    if (withLabels.length === 0) return;
    labelPatternsCache ??= backend.labelPatterns();
    krCache ??= backend.keyResults();
    const [patterns, krs] = await Promise.all([labelPatternsCache, krCache]);
    const byCode = new Map(krs.map((k) => [k.code.toUpperCase(), k]));
    const codesOf = labelMatcher(
      patterns,
      krs.map((k) => k.code),
    );
    for (const t of withLabels) {
      const codes = codesOf(t.labels!);
      const current = links.get(t.key) ?? [];
      const wanted = codes.map((c) => byCode.get(c.toUpperCase())!).filter(Boolean);
      const toLink = wanted.filter((k) => !current.some((l) => l.keyResultId === k.id));
      const toUnlink = t.labelsPartial
        ? []
        : current.filter(
            (l) => l.source === 'label' && !wanted.some((k) => k.id === l.keyResultId),
          );
      if (toLink.length)
        await backend.link(
          t,
          toLink.map((k) => k.id),
          'label',
        );
      for (const l of toUnlink) await backend.unlink(t.key, l.keyResultId);
    }
  };

  /** Our own removals: the observer must not take them for a page change (a pass each). */
  const dropped = new WeakSet<Node>();
  const drop = (host: HTMLElement) => {
    dropped.add(host);
    host.remove();
  };

  const allRecords = (): HostRecord[] => [...hosts.values(), ...(floating ? [floating] : [])];

  /**
   * The host for an anchor, created or updated and put in place. Rows stay quiet: an unlinked
   * row (or one not answered yet) gets no host at all, which keeps a 1,000-row list cheap.
   */
  const ensureHost = (a: Anchor, theme: 'light' | 'dark'): HostRecord | undefined => {
    let rec = hosts.get(a.element);
    if (a.mode === 'row' && !(links.get(a.ticket.key)?.length ?? 0)) {
      if (rec) {
        drop(rec.host);
        hosts.delete(a.element);
      }
      return undefined;
    }
    if (rec && rec.mode !== a.mode) {
      drop(rec.host);
      rec = undefined;
    }
    if (!rec) {
      rec = {
        host: createHost({ mode: a.mode, key: a.ticket.key, theme, block: a.block === true }),
        key: a.ticket.key,
        mode: a.mode,
        floating: false,
      };
      hosts.set(a.element, rec);
      render(rec);
    } else if (rec.key !== a.ticket.key) {
      // The tracker reused the element for another ticket (React keeps nodes across routes).
      rec.key = a.ticket.key;
      rec.host.setAttribute('data-ticket', a.ticket.key);
      render(rec);
    }
    if (rec.host.getAttribute('data-theme') !== theme) rec.host.setAttribute('data-theme', theme);
    if (!isPlaced(rec.host, a)) placeHost(rec.host, a);
    // A host made while a scan runs (by the scan, an answer or the mutation fast path) is
    // wanted as of now, even for a row the scan already passed.
    scan?.keep.add(rec.host);
    return rec;
  };

  /**
   * A pass reads the page in slices (`scan`): anchors are taken from the adapter's iterator
   * until the slice's time is up, then the rest continues in a new task. The first slice runs
   * in the frame that asked for the pass, so the top of the page (document order) is badged
   * at once. Reconciliation (removing hosts no anchor claims) waits for the end of the scan.
   */
  const step = (sc: Scan, budgetMs: number) => {
    if (scan !== sc || stopped || !ctx.isValid) return;
    // The page moved to another URL between slices: the rest of this scan is of no use.
    if (sc.slices > 0 && location.href !== sc.href) return pass();
    const until = performance.now() + budgetMs;
    sc.slices++;
    const labelChanged: TicketRef[] = [];
    const fresh: Anchor[] = [];
    let done = false;
    try {
      for (;;) {
        const next = sc.iterator.next();
        if (next.done) {
          done = true;
          break;
        }
        const a = next.value;
        // A row removed since the scan began (a slice ago) needs no host.
        if (!a.element.isConnected) continue;
        if (a.mode === 'ticket') {
          if (sc.ticketKeys.has(a.ticket.key)) continue; // exactly one ticket badge per key
          sc.ticketKeys.add(a.ticket.key);
        }
        sc.anchors.push(a);
        fresh.push(a);
        sc.pageKeys.add(a.ticket.key);
        const before = meta.get(a.ticket.key);
        const merged: TicketRef = { ...before, ...a.ticket };
        // Whole labels (an issue view) after partial ones (a row): no longer partial.
        if (a.ticket.labels !== undefined && !a.ticket.labelsPartial) delete merged.labelsPartial;
        meta.set(a.ticket.key, merged);
        // Labels edited on a ticket already loaded: re-derive its label links.
        if (
          a.ticket.labels !== undefined &&
          links.has(a.ticket.key) &&
          (before?.labels?.join('\n') !== a.ticket.labels.join('\n') ||
            (before?.labelsPartial && !a.ticket.labelsPartial))
        )
          labelChanged.push(meta.get(a.ticket.key)!);
        if (a.mode === 'ticket' || sc.slices === 1 || hosts.has(a.element)) ensureHost(a, sc.theme);
        if (!requested.has(a.ticket.key)) sc.missing.add(a.ticket.key);
        if (performance.now() >= until) break;
      }
    } catch (e) {
      // A tracker DOM we do not understand must never break the page.
      console.debug('OKR Lens: adapter failed', e);
      done = true;
    }
    // The first slice's rows (the top of the page) are asked for at once, the rest in one
    // batch at the end: a request per slice cost the background a transaction each.
    if (sc.slices === 1) sc.firstSlice = sc.anchors.length;
    fetchScopes(fresh);
    if (sc.slices === 1 || done) {
      // A big batch goes in tasks of its own, after this slice.
      fetchLinks([...sc.missing], sc.missing.size > 100);
      sc.missing.clear();
    }
    if (labelChanged.length)
      syncLabels(labelChanged).catch((e: unknown) => {
        labelPatternsCache = undefined;
        krCache = undefined;
        console.debug('OKR Lens: could not sync label links', e);
      });
    if (done) finish(sc);
    else ctx.setTimeout(() => step(sc, sliceMs), 0);
  };

  const finish = (sc: Scan) => {
    // The rows found after the first slice that are linked: their hosts, all in this task.
    for (const a of sc.anchors.slice(sc.firstSlice))
      if (a.mode === 'row' && !hosts.has(a.element) && a.element.isConnected)
        ensureHost(a, sc.theme);
    scan = undefined;
    const keep = sc.keep;
    // The page's own ticket without a DOM anchor: a floating badge after the grace period.
    const unanchored = pageTicket !== undefined && !sc.ticketKeys.has(pageTicket.key);
    const waited = performance.now() - urlSince;
    const needFloat = unanchored && waited >= fallbackDelay;
    // Not yet: look again when the grace period is over, in case no mutation comes. (Only
    // then: an unconditional re-check re-read every 1,000-row list 1.5 s after it loaded.)
    if (unanchored && !needFloat && !graceTimer) {
      graceTimer = true;
      ctx.setTimeout(
        () => {
          graceTimer = false;
          schedule();
        },
        fallbackDelay - waited + 50,
      );
    }
    if (needFloat && pageTicket) {
      meta.set(pageTicket.key, { ...pageTicket, ...meta.get(pageTicket.key) });
      if (!floating || floating.key !== pageTicket.key || !floating.host.isConnected) {
        if (floating) drop(floating.host);
        floating = {
          host: createHost({
            mode: 'ticket',
            key: pageTicket.key,
            theme: sc.theme,
            floating: true,
          }),
          key: pageTicket.key,
          mode: 'ticket',
          floating: true,
        };
        document.body?.append(floating.host);
        render(floating);
      }
      keep.add(floating.host);
      if (!requested.has(pageTicket.key)) fetchLinks([pageTicket.key]);
    } else if (floating) {
      drop(floating.host);
      floating = undefined;
    }

    // Reconcile: every host not wanted now goes (left pages, replaced headers, old tickets).
    for (const [element, rec] of hosts) {
      if (!keep.has(rec.host)) {
        drop(rec.host);
        hosts.delete(element);
      }
    }
    for (const stray of document.querySelectorAll<HTMLElement>(hostSelector)) {
      if (!keep.has(stray)) drop(stray);
    }
    pageKeys = sc.pageKeys;
    lastAnchors = sc.anchors;
    // The page changed while this scan ran: read it again (the next frame at the earliest).
    if (sc.again) schedule();
  };

  /** Start a pass: a new scan of the page as it is now (one in progress is dropped). */
  const pass = (budgetMs = sliceMs) => {
    if (stopped || !ctx.isValid) return;
    const href = location.href;
    if (href !== lastUrl) {
      lastUrl = href;
      urlSince = performance.now();
    }
    const url = new URL(href);
    let iterable: Iterable<Anchor> = [];
    try {
      pageTicket = adapter.page(url, document).ticket;
      iterable = adapter.scan?.(url, document) ?? adapter.anchors(url, document);
    } catch (e) {
      console.debug('OKR Lens: adapter failed', e);
      pageTicket = undefined;
    }
    const sc: Scan = {
      href,
      iterator: iterable[Symbol.iterator](),
      theme: themeOf(adapter),
      anchors: [],
      keep: new Set(),
      ticketKeys: new Set(),
      pageKeys: new Set(pageTicket ? [pageTicket.key] : []),
      missing: new Set(),
      slices: 0,
      firstSlice: Infinity,
      again: false,
    };
    scan = sc;
    step(sc, budgetMs);
  };

  /** A frame's pass: continue the scan in progress unless the page moved to another URL. */
  const framePass = () => {
    if (scan && scan.href === location.href) scan.again = true;
    else pass();
  };

  const openPickerFor = (ticket: TicketRef): boolean => {
    if (isPickerOpen()) return true;
    krCache = undefined; // always the latest KRs when the picker opens
    openPicker({
      ticketKey: ticket.key,
      ...(ticket.title ? { ticketTitle: ticket.title } : {}),
      theme: themeOf(adapter),
      loadKeyResults: () => (krCache ??= backend.keyResults()),
      linkedIds: () => new Set((links.get(ticket.key) ?? []).map((l) => l.keyResultId)),
      toggle: async (kr, link) => {
        const current = links.get(ticket.key) ?? [];
        if (!link) {
          const fromLabel = current.find((l) => l.keyResultId === kr.id && l.source === 'label');
          if (fromLabel)
            throw new Error(
              `${kr.code} comes from a label on this ticket; remove the label in the tracker to unlink it.`,
            );
          await backend.unlink(ticket.key, kr.id);
        } else {
          await backend.link(ticket, [kr.id], 'user');
        }
        const answer = await backend.ticketsByKeys([{ key: ticket.key }]);
        links.set(ticket.key, answer[ticket.key] ?? []);
        for (const rec of allRecords()) if (rec.key === ticket.key) render(rec);
        return new Set((links.get(ticket.key) ?? []).map((l) => l.keyResultId));
      },
    });
    return true;
  };

  // Our own insertions are the only mutations that need no pass; anything else (including a
  // page re-render removing one of our hosts) schedules one, at most once per frame.
  const observer = new MutationObserver((records) => {
    let changed = false;
    const added: Element[] = [];
    for (const r of records) {
      for (const n of r.removedNodes) if (!dropped.has(n)) changed = true;
      for (const n of r.addedNodes) {
        if (isOwnNode(n)) continue;
        changed = true;
        if (n.nodeType === 1) added.push(n as Element);
      }
    }
    if (!changed) return;
    // Fast path: rows of tickets already known get their badge in this very callback (before
    // the next paint), instead of waiting for the frame's full pass.
    if (added.length > 0 && added.length <= 50 && links.size > 0 && ctx.isValid && !stopped) {
      try {
        const url = new URL(location.href);
        const theme = themeOf(adapter);
        for (const el of added)
          for (const a of adapter.anchors(url, el))
            if (a.mode === 'row' && links.has(a.ticket.key)) ensureHost(a, theme);
      } catch (e) {
        console.debug('OKR Lens: adapter failed', e);
      }
    }
    schedule();
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
  ctx.addEventListener(window, 'popstate', schedule);
  ctx.addEventListener(window, 'wxt:locationchange', schedule);
  // Titles change on SPA navigation; cheap to catch.
  const titleObserver = new MutationObserver(schedule);
  const titleEl = document.querySelector('head > title');
  if (titleEl)
    titleObserver.observe(titleEl, { childList: true, characterData: true, subtree: true });

  const unwatch = backend.onDataChanged(() => {
    // Something changed somewhere (another tab, the popup, the options page): ask again for
    // every ticket on the page, in one batch.
    krCache = undefined;
    labelPatternsCache = undefined;
    const keys = [...new Set([...pageKeys, ...allRecords().map((r) => r.key)])];
    requested.clear();
    // Answers for tickets not on the page came from scopes: ask the scopes again.
    const onPage = new Set(keys);
    for (const k of [...links.keys()]) if (!onPage.has(k)) links.delete(k);
    askedScopes.clear();
    fetchLinks(keys, keys.length > 100);
    fetchScopes(lastAnchors);
  });

  const stop = () => {
    if (stopped) return;
    stopped = true;
    scan = undefined;
    observer.disconnect();
    titleObserver.disconnect();
    unwatch();
    for (const rec of allRecords()) rec.host.remove();
    hosts.clear();
    floating = undefined;
    document.querySelectorAll('okr-lens-picker').forEach((p) => p.remove());
  };
  ctx.onInvalidated(stop);
  // The first pass in a task of its own: the script's evaluation (≈ 30 ms on a slow machine)
  // and a slice together came close to a long task.
  ctx.setTimeout(() => {
    if (!scan) pass();
  }, 0);

  return {
    currentTicket: () => (pageTicket ? { ...pageTicket, ...meta.get(pageTicket.key) } : undefined),
    openPicker: () => {
      pass(Infinity);
      const t = pageTicket ?? [...hosts.values()].find((h) => h.mode === 'ticket')?.key;
      if (!t) return false;
      const ticket = typeof t === 'string' ? { key: t } : t;
      return openPickerFor({ ...ticket, ...meta.get(ticket.key) });
    },
    flush: () => pass(Infinity),
    stop,
  };
}
