/**
 * Passes over the page. A pass reads the adapter's anchors in slices (8 ms, then the page runs
 * and the rest continues in a new task), badges them, asks for their links, and at its end
 * reconciles the hosts and floats the page ticket's badge when its anchor stays missing.
 */
import type { Anchor, PageKind, TicketRef, TrackerAdapter } from '../trackers/types';
import type { HostTable } from './hosts';
import { themeOf } from './hosts';
import type { LabelSync } from './labels';
import { labelsChanged } from './labels';
import type { LinkCache } from './links';
import type { OverlayContext } from './ports';
import type { Theme } from './render';

/** One pass over the page, read in slices. */
interface Scan {
  href: string;
  iterator: Iterator<Anchor>;
  theme: Theme;
  /** Anchors taken so far (ticket views deduplicated). */
  anchors: Anchor[];
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

export interface ScannerDeps {
  ctx: Pick<OverlayContext, 'isValid' | 'requestAnimationFrame' | 'setTimeout'>;
  adapter: TrackerAdapter;
  hosts: HostTable;
  cache: LinkCache;
  labels: LabelSync;
  /** False once the overlay stopped. */
  live(): boolean;
  /** How long one slice may run before the rest goes to a new task. */
  sliceMs: number;
  /** How long the page's ticket may lack a DOM anchor before a floating badge stands in. */
  fallbackDelayMs: number;
}

export class Scanner {
  /** The scan in progress, if any. */
  private scan: Scan | undefined;
  /** A frame is booked for a pass. */
  private scheduled = false;
  private lastUrl = '';
  /** When the page got its current URL (the floating badge's grace period starts there). */
  private urlSince = 0;
  /** A pass is due when the page's own ticket's grace period ends. */
  private graceTimer = false;
  /** The page's own ticket (from the URL and title) as of the last pass. */
  private page: TicketRef | undefined;
  /** Every ticket key on the page at the last pass (rows without hosts included). */
  private pageKeys = new Set<string>();
  /** Anchors of the last pass, to badge rows when an answer arrives without a new pass. */
  private lastAnchors: Anchor[] = [];
  /** The page's kind as of the last pass. */
  private kind: PageKind | undefined;
  /** The URL the overlay started on. */
  private firstHref: string | undefined;

  constructor(private readonly deps: ScannerDeps) {}

  /** The ticket of the page (or its open side panel), if any, as of the last pass. */
  get pageTicket(): TicketRef | undefined {
    return this.page;
  }

  /** Ask for a pass in the next animation frame (at most one per frame). */
  readonly schedule = (): void => {
    if (this.scheduled || !this.deps.live()) return;
    this.scheduled = true;
    this.deps.ctx.requestAnimationFrame(() => {
      this.scheduled = false;
      this.framePass();
    });
  };

  /** Start a pass: a new scan of the page as it is now (one in progress is dropped). */
  pass(budgetMs = this.deps.sliceMs): void {
    const { ctx, adapter } = this.deps;
    if (!this.deps.live() || !ctx.isValid) return;
    const href = location.href;
    if (href !== this.lastUrl) {
      this.lastUrl = href;
      this.urlSince = performance.now();
    }
    const url = new URL(href);
    let iterable: Iterable<Anchor> = [];
    try {
      const info = adapter.page(url, document);
      this.page = info.ticket;
      this.kind = info.kind;
      iterable = adapter.scan?.(url, document) ?? adapter.anchors(url, document);
    } catch (e) {
      console.debug('OKR Lens: adapter failed', e);
      this.page = undefined;
      this.kind = undefined;
    }
    this.firstHref ??= href;
    const sc: Scan = {
      href,
      iterator: iterable[Symbol.iterator](),
      theme: themeOf(adapter),
      anchors: [],
      ticketKeys: new Set(),
      pageKeys: new Set(this.page ? [this.page.key] : []),
      missing: new Set(),
      slices: 0,
      firstSlice: Infinity,
      again: false,
    };
    this.scan = sc;
    this.deps.hosts.beginSweep();
    this.step(sc, budgetMs);
  }

  /** Whether a scan is in progress. */
  scanning(): boolean {
    return this.scan !== undefined;
  }

  /** Drop the scan in progress (the overlay stops). */
  stop(): void {
    this.scan = undefined;
  }

  /** Every ticket key the page showed at the last pass, and those of the hosts. */
  keysShown(): string[] {
    return [...new Set([...this.pageKeys, ...this.deps.hosts.records().map((r) => r.key)])];
  }

  /** Anchors of the last pass (whose rows and scopes a refresh asks again). */
  anchorsShown(): readonly Anchor[] {
    return this.lastAnchors;
  }

  /**
   * Links of these tickets came in: give the rows of the last pass that turned out linked
   * their host now, without a new pass over the page (on a 1,000-row list that second pass
   * cost as much as the first). Any DOM change since schedules a pass.
   */
  badgeRows(keys: ReadonlySet<string>): void {
    const theme = themeOf(this.deps.adapter);
    const sc = this.scan;
    // Rows of a scan in progress past its first slice wait for its end (Scan.firstSlice).
    for (const list of sc
      ? [this.lastAnchors, sc.anchors.slice(0, sc.firstSlice)]
      : [this.lastAnchors])
      for (const a of list)
        if (a.mode === 'row' && keys.has(a.ticket.key) && a.element.isConnected)
          this.deps.hosts.ensure(a, theme);
  }

  /** A frame's pass: continue the scan in progress unless the page moved to another URL. */
  private framePass(): void {
    if (this.scan && this.scan.href === location.href) this.scan.again = true;
    else this.pass();
  }

  /**
   * One slice: anchors are taken from the adapter's iterator until the slice's time is up,
   * then the rest continues in a new task. The first slice runs in the frame that asked for
   * the pass, so the top of the page (document order) is badged at once.
   */
  private step(sc: Scan, budgetMs: number): void {
    const { ctx, cache } = this.deps;
    if (this.scan !== sc || !this.deps.live() || !ctx.isValid) return;
    // The page moved to another URL between slices: the rest of this scan is of no use.
    if (sc.slices > 0 && location.href !== sc.href) return this.pass();
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
        if (!this.wanted(sc, a)) continue;
        fresh.push(a);
        const changed = this.take(sc, a);
        if (changed) labelChanged.push(changed);
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
    if (this.wantsScopes(sc)) cache.fetchScopes(fresh);
    if (sc.slices === 1 || done) {
      // A big batch goes in tasks of its own, after this slice.
      cache.fetch([...sc.missing], sc.missing.size > 100);
      sc.missing.clear();
    }
    if (labelChanged.length) this.deps.labels.sync(labelChanged);
    if (done) this.finish(sc);
    else ctx.setTimeout(() => this.step(sc, this.deps.sliceMs), 0);
  }

  /**
   * Whether the scan asks for the linked tickets of its rows' repositories or projects. A
   * single ticket's page loaded as such does not: its few rows (sub-issues, relations) are
   * asked for by key, and a repository's answer grows with its links (a team that tags its
   * work: hundreds). Once the tab moved to another URL (an SPA), it does, so that the next
   * issue or a virtualized list renders known tickets in the frame they appear.
   */
  private wantsScopes(sc: Scan): boolean {
    return (this.kind !== 'issue' && this.kind !== 'pull') || sc.href !== this.firstHref;
  }

  /** Whether the scan takes this anchor: still in the page, and one ticket view per key. */
  private wanted(sc: Scan, a: Anchor): boolean {
    // A row removed since the scan began (a slice ago) needs no host.
    if (!a.element.isConnected) return false;
    if (a.mode === 'ticket') {
      if (sc.ticketKeys.has(a.ticket.key)) return false; // exactly one ticket badge per key
      sc.ticketKeys.add(a.ticket.key);
    }
    return true;
  }

  /**
   * Take one anchor: note its ticket, badge it when due, and keep its key to ask for. Returns
   * the ticket when its labels were edited since its links were loaded (to re-derive them).
   */
  private take(sc: Scan, a: Anchor): TicketRef | undefined {
    const { cache, hosts } = this.deps;
    const { key } = a.ticket;
    sc.anchors.push(a);
    sc.pageKeys.add(key);
    const before = cache.see(a.ticket);
    const changed = cache.has(key) && labelsChanged(before, a.ticket);
    if (a.mode === 'ticket' || sc.slices === 1 || hosts.has(a.element)) hosts.ensure(a, sc.theme);
    if (!cache.wasAsked(key)) sc.missing.add(key);
    return changed ? cache.ticket(key) : undefined;
  }

  /** The scan's end: late rows badged in one task, the floating badge, reconciliation. */
  private finish(sc: Scan): void {
    const { hosts } = this.deps;
    // The rows found after the first slice that are linked: their hosts, all in this task.
    for (const a of sc.anchors.slice(sc.firstSlice))
      if (a.mode === 'row' && !hosts.has(a.element) && a.element.isConnected)
        hosts.ensure(a, sc.theme);
    this.scan = undefined;
    this.floatIfUnanchored(sc);
    // Reconcile: every host not wanted now goes (left pages, replaced headers, old tickets).
    hosts.endSweep();
    this.pageKeys = sc.pageKeys;
    this.lastAnchors = sc.anchors;
    // The page changed while this scan ran: read it again (the next frame at the earliest).
    if (sc.again) this.schedule();
  }

  /** The page's own ticket without a DOM anchor: a floating badge after the grace period. */
  private floatIfUnanchored(sc: Scan): void {
    const { hosts, cache, fallbackDelayMs } = this.deps;
    const page = this.page;
    const unanchored = page !== undefined && !sc.ticketKeys.has(page.key);
    const waited = performance.now() - this.urlSince;
    const needFloat = unanchored && waited >= fallbackDelayMs;
    // Not yet: look again when the grace period is over, in case no mutation comes. (Only
    // then: an unconditional re-check re-read every 1,000-row list 1.5 s after it loaded.)
    if (unanchored && !needFloat && !this.graceTimer) {
      this.graceTimer = true;
      this.deps.ctx.setTimeout(
        () => {
          this.graceTimer = false;
          this.schedule();
        },
        fallbackDelayMs - waited + 50,
      );
    }
    if (needFloat && page) {
      cache.seeFallback(page);
      hosts.float(page.key, sc.theme);
      if (!cache.wasAsked(page.key)) cache.fetch([page.key]);
    } else hosts.unfloat();
  }
}
