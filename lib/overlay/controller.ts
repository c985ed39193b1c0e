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
import type { KrSearchHit, LinkedKr, TicketLinks } from '../messages';
import type { Anchor, TicketRef, TrackerAdapter } from '../trackers/types';
import { labelCodes } from '../okr/codes';
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

/**
 * The repository / project / team of a ticket key: the key without its trailing number
 * (`github:github.com/acme/web#`, `jira:acme.atlassian.net/GRW-`, `linear:acme/ENG-`).
 */
export function scopeOf(key: string): string {
  return /\d$/.test(key) ? key.replace(/\d+$/, '') : '';
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
}

const hostSelector = `${HOST_TAG}[data-okr-lens]`;

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
  let pageTicket: TicketRef | undefined;
  /** Every ticket key on the page at the last pass (rows without hosts included). */
  let pageKeys = new Set<string>();
  /** Anchors of the last pass, to badge rows when an answer arrives without a new pass. */
  let lastAnchors: Anchor[] = [];
  /** Scopes (`scopeOf`) whose linked tickets were asked for. */
  const askedScopes = new Set<string>();
  let labelPatternsCache: Promise<string[]> | undefined;
  let krCache: Promise<KrSearchHit[]> | undefined;

  const schedule = () => {
    if (scheduled || stopped) return;
    scheduled = true;
    ctx.requestAnimationFrame(() => {
      scheduled = false;
      pass();
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
  const fetchLinks = (keys: string[]) => {
    if (keys.length === 0) return;
    for (const k of keys) requested.add(k);
    for (let i = 0; i < keys.length; i += BATCH) {
      const chunk = keys.slice(i, i + BATCH);
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
    for (const a of lastAnchors)
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
    const withLabels = tickets.filter((t) => t.labels !== undefined);
    if (withLabels.length === 0) return;
    labelPatternsCache ??= backend.labelPatterns();
    krCache ??= backend.keyResults();
    const [patterns, krs] = await Promise.all([labelPatternsCache, krCache]);
    const byCode = new Map(krs.map((k) => [k.code.toUpperCase(), k]));
    for (const t of withLabels) {
      const codes = labelCodes(
        t.labels!,
        patterns,
        krs.map((k) => k.code),
      );
      const current = links.get(t.key) ?? [];
      const wanted = codes.map((c) => byCode.get(c.toUpperCase())!).filter(Boolean);
      const toLink = wanted.filter((k) => !current.some((l) => l.keyResultId === k.id));
      const toUnlink = current.filter(
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

  const allRecords = (): HostRecord[] => [...hosts.values(), ...(floating ? [floating] : [])];

  /**
   * The host for an anchor, created or updated and put in place. Rows stay quiet: an unlinked
   * row (or one not answered yet) gets no host at all, which keeps a 1,000-row list cheap.
   */
  const ensureHost = (a: Anchor, theme: 'light' | 'dark'): HostRecord | undefined => {
    let rec = hosts.get(a.element);
    if (a.mode === 'row' && !(links.get(a.ticket.key)?.length ?? 0)) {
      if (rec) {
        rec.host.remove();
        hosts.delete(a.element);
      }
      return undefined;
    }
    if (rec && rec.mode !== a.mode) {
      rec.host.remove();
      rec = undefined;
    }
    if (!rec) {
      rec = {
        host: createHost({ mode: a.mode, key: a.ticket.key, theme }),
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
    return rec;
  };

  const pass = () => {
    if (stopped || !ctx.isValid) return;
    const href = location.href;
    if (href !== lastUrl) {
      lastUrl = href;
      urlSince = performance.now();
      // Check again once the grace period is over, in case no mutation comes.
      ctx.setTimeout(schedule, fallbackDelay + 50);
    }
    const url = new URL(href);
    let anchors: Anchor[] = [];
    try {
      const page = adapter.page(url, document);
      pageTicket = page.ticket;
      anchors = adapter.anchors(url, document);
    } catch (e) {
      // A tracker DOM we do not understand must never break the page.
      console.debug('OKR Lens: adapter failed', e);
      pageTicket = undefined;
    }
    const theme = themeOf(adapter);
    const keep = new Set<HTMLElement>();
    const ticketKeys = new Set<string>();
    const missing: string[] = [];
    const labelChanged: TicketRef[] = [];
    pageKeys = new Set(anchors.map((a) => a.ticket.key));
    if (pageTicket) pageKeys.add(pageTicket.key);

    for (const a of anchors) {
      if (a.mode === 'ticket') {
        if (ticketKeys.has(a.ticket.key)) continue; // exactly one ticket badge per key
        ticketKeys.add(a.ticket.key);
      }
      const before = meta.get(a.ticket.key);
      meta.set(a.ticket.key, { ...before, ...a.ticket });
      // Labels edited on a ticket already loaded: re-derive its label links.
      if (
        a.ticket.labels !== undefined &&
        links.has(a.ticket.key) &&
        before?.labels?.join('\n') !== a.ticket.labels.join('\n')
      )
        labelChanged.push(meta.get(a.ticket.key)!);
      const rec = ensureHost(a, theme);
      if (rec) keep.add(rec.host);
      if (!requested.has(a.ticket.key)) missing.push(a.ticket.key);
    }

    // The page's own ticket without a DOM anchor: a floating badge after the grace period.
    const needFloat =
      pageTicket !== undefined &&
      !ticketKeys.has(pageTicket.key) &&
      performance.now() - urlSince >= fallbackDelay;
    if (needFloat && pageTicket) {
      meta.set(pageTicket.key, { ...pageTicket, ...meta.get(pageTicket.key) });
      if (!floating || floating.key !== pageTicket.key || !floating.host.isConnected) {
        floating?.host.remove();
        floating = {
          host: createHost({ mode: 'ticket', key: pageTicket.key, theme, floating: true }),
          key: pageTicket.key,
          mode: 'ticket',
          floating: true,
        };
        document.body?.append(floating.host);
        render(floating);
      }
      keep.add(floating.host);
      if (!requested.has(pageTicket.key)) missing.push(pageTicket.key);
    } else if (floating) {
      floating.host.remove();
      floating = undefined;
    }

    // Reconcile: every host not wanted now goes (left pages, replaced headers, old tickets).
    for (const [element, rec] of hosts) {
      if (!keep.has(rec.host)) {
        rec.host.remove();
        hosts.delete(element);
      }
    }
    for (const stray of document.querySelectorAll<HTMLElement>(hostSelector)) {
      if (!keep.has(stray)) stray.remove();
    }
    lastAnchors = anchors;
    fetchScopes(anchors);
    fetchLinks([...new Set(missing)]);
    if (labelChanged.length)
      syncLabels(labelChanged).catch((e: unknown) => {
        labelPatternsCache = undefined;
        krCache = undefined;
        console.debug('OKR Lens: could not sync label links', e);
      });
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
      if (r.removedNodes.length > 0) changed = true;
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
    fetchLinks(keys);
    fetchScopes(lastAnchors);
  });

  const stop = () => {
    if (stopped) return;
    stopped = true;
    observer.disconnect();
    titleObserver.disconnect();
    unwatch();
    for (const rec of allRecords()) rec.host.remove();
    hosts.clear();
    floating = undefined;
    document.querySelectorAll('okr-lens-picker').forEach((p) => p.remove());
  };
  ctx.onInvalidated(stop);
  pass();

  return {
    currentTicket: () => (pageTicket ? { ...pageTicket, ...meta.get(pageTicket.key) } : undefined),
    openPicker: () => {
      pass();
      const t = pageTicket ?? [...hosts.values()].find((h) => h.mode === 'ticket')?.key;
      if (!t) return false;
      const ticket = typeof t === 'string' ? { key: t } : t;
      return openPickerFor({ ...ticket, ...meta.get(ticket.key) });
    },
    flush: pass,
    stop,
  };
}
