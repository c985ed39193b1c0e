/**
 * What the background said of the page's tickets, and the requests that ask it: per ticket in
 * batches (the first slice's tickets at once, big batches in tasks of their own), and once per
 * repository/project for all its linked tickets. A change to some tickets' links asks again for
 * those the page shows; any other data change elsewhere starts over.
 */
import type { LinkedKr, TicketLinks } from '../okr/dto';
import { scopeOf } from '../okr/ticket-key';
import type { Anchor, TicketRef } from '../trackers/types';
import type { OverlayBackend } from './ports';

/**
 * What the background may record of a ticket: the page's text clipped to the schema's limits
 * (a 10 kB title must not cost the page's other tickets their badges), its parent (work
 * hierarchy: `null` clears a recorded one), no labels.
 */
export function recordable(t: TicketRef): TicketRef {
  const out: TicketRef = { key: t.key };
  if (t.title !== undefined)
    out.title = t.title.length > 500 ? `${t.title.slice(0, 499)}…` : t.title;
  if (t.state !== undefined) out.state = t.state;
  if (t.url !== undefined && t.url.length <= 2000 && /^https?:\/\//i.test(t.url)) out.url = t.url;
  if (t.parent === null || (t.parent !== undefined && t.parent !== t.key)) out.parent = t.parent;
  return out;
}

/** A ticket's own links, without those it serves through its parents (`via`). */
export const ownLinks = (krs: readonly LinkedKr[] | undefined): LinkedKr[] =>
  (krs ?? []).filter((l) => l.via === undefined);

/** Tickets per `ticketsByKeys` request (the background accepts up to 1,000). */
export const BATCH = 500;
/** Scopes per `linkedInScopes` request. */
const SCOPE_BATCH = 20;

export interface LinkCacheHooks {
  /** False once the overlay stopped: answers are dropped, nothing more is sent. */
  live(): boolean;
  /** Run `cb` in a task of its own. */
  later(cb: () => void): void;
  /** Links of these tickets came in: re-render their hosts, badge their rows. */
  changed(keys: ReadonlySet<string>): void;
  /** The background answered for these tickets, as the page shows them (labels included). */
  answered(tickets: readonly TicketRef[]): void;
}

export class LinkCache {
  /** What the background said per ticket key (absent = not answered yet). */
  private readonly links = new Map<string, LinkedKr[]>();
  /** Keys asked for (answered or on their way). */
  private readonly requested = new Set<string>();
  /** Scopes (`scopeOf`) whose linked tickets were asked for. */
  private readonly askedScopes = new Set<string>();
  /** Requests sent so far (ticketsByKeys batches and scope requests), numbered from 1. */
  private sent = 0;
  /** Per ticket, how many requests had been sent when a write's word settled its links. */
  private readonly settledAt = new Map<string, number>();
  /** What the page showed of each ticket (title, state, URL, labels), merged over passes. */
  private readonly seen = new Map<string, TicketRef>();

  constructor(
    private readonly backend: Pick<OverlayBackend, 'ticketsByKeys' | 'linkedInScopes'>,
    private readonly hooks: LinkCacheHooks,
  ) {}

  get(key: string): LinkedKr[] | undefined {
    return this.links.get(key);
  }

  has(key: string): boolean {
    return this.links.has(key);
  }

  /** Whether any answer came in yet. */
  isEmpty(): boolean {
    return this.links.size === 0;
  }

  wasAsked(key: string): boolean {
    return this.requested.has(key);
  }

  /** The ticket as the page showed it, or just its key. */
  ticket(key: string): TicketRef {
    return this.seen.get(key) ?? { key };
  }

  /** `t` completed with what the page showed of it (which wins). */
  known(t: TicketRef): TicketRef {
    return { ...t, ...this.seen.get(t.key) };
  }

  /** Take in what the page shows of a ticket now; returns what it showed before. */
  see(t: TicketRef): TicketRef | undefined {
    const before = this.seen.get(t.key);
    const merged: TicketRef = { ...before, ...t };
    // Whole labels (an issue view) after partial ones (a row): no longer partial.
    if (t.labels !== undefined && !t.labelsPartial) delete merged.labelsPartial;
    this.seen.set(t.key, merged);
    return before;
  }

  /** Take in a ticket read from the URL and title alone: what the page showed wins. */
  seeFallback(t: TicketRef): void {
    this.seen.set(t.key, this.known(t));
  }

  /**
   * Ask for these tickets in batches of BATCH. `later`: send in tasks of their own (the keys
   * count as asked at once): serializing 500 tickets costs a slow machine ≈ 10 ms, which made
   * the last slice of a 1,000-row scan the longest task of the page load.
   */
  fetch(keys: string[], later = false): void {
    if (keys.length === 0) return;
    for (const k of keys) this.requested.add(k);
    for (let i = 0; i < keys.length; i += BATCH) {
      const at = i;
      if (later) this.hooks.later(() => this.sendBatch(keys, at));
      else this.sendBatch(keys, at);
    }
  }

  /**
   * Ask once per repository/project on the page for all its linked tickets, so that rows a
   * virtualized list renders later are known before they appear: the mutation callback then
   * badges them in the frame they are inserted.
   */
  fetchScopes(anchors: readonly Anchor[]): void {
    const fresh = [
      ...new Set(anchors.filter((a) => a.mode === 'row').map((a) => scopeOf(a.ticket.key))),
    ].filter((s) => s && !this.askedScopes.has(s));
    for (let i = 0; i < fresh.length; i += SCOPE_BATCH)
      this.sendScopes(fresh.slice(i, i + SCOPE_BATCH));
  }

  /**
   * Something changed somewhere (another tab, the popup, the options page): ask again for
   * every ticket on the page (`keys`) in one batch, and for the scopes of its rows.
   */
  refresh(keys: string[], anchors: readonly Anchor[]): void {
    this.requested.clear();
    // Answers for tickets not on the page came from scopes: ask the scopes again.
    const onPage = new Set(keys);
    for (const k of [...this.links.keys()]) if (!onPage.has(k)) this.links.delete(k);
    this.askedScopes.clear();
    this.fetch(keys, keys.length > 100);
    this.fetchScopes(anchors);
  }

  /**
   * Only the links of `changed` tickets changed (a link, an unlink, label links, in any tab;
   * the tickets below them included). `links`: the new links of some of them, as shown, taken
   * as they are for the tickets this tab shows or keeps; the others the page shows (`shown`)
   * are asked for again in one batch; what a repository/project answer said of the rest is
   * forgotten (a row showing one later asks for it as any new row does).
   */
  refreshOnly(changed: readonly string[], shown: readonly string[], links: TicketLinks = {}): void {
    const onPage = new Set(shown);
    const ask: string[] = [];
    const pushed: TicketLinks = {};
    for (const k of new Set(changed)) {
      const krs = Object.hasOwn(links, k) ? links[k] : undefined;
      const kept = onPage.has(k) || this.links.has(k) || this.askedScopes.has(scopeOf(k));
      if (krs && kept) pushed[k] = krs;
      else if (onPage.has(k)) ask.push(k);
      else {
        this.links.delete(k);
        this.requested.delete(k);
      }
    }
    for (const k of ask) this.requested.delete(k);
    this.put(pushed);
    this.fetch(ask, ask.length > 100);
    const answered = Object.keys(pushed).filter((k) => onPage.has(k));
    if (answered.length > 0) this.hooks.answered(answered.map((k) => this.ticket(k)));
  }

  /**
   * Take the background's word on these tickets' links as shown now (a write's answer or its
   * broadcast): answers to requests sent before it no longer count for them.
   */
  put(answer: TicketLinks): void {
    const keys = Object.keys(answer);
    if (keys.length === 0 || !this.hooks.live()) return;
    for (const k of keys) {
      this.requested.add(k);
      this.settledAt.set(k, this.sent);
    }
    this.take(answer, new Set(keys));
  }

  /** The answer to request number `n` without the tickets a later word settled. */
  private since(n: number, answer: TicketLinks): TicketLinks {
    const out: TicketLinks = {};
    for (const [k, krs] of Object.entries(answer))
      if ((this.settledAt.get(k) ?? 0) < n) out[k] = krs;
    return out;
  }

  private sendBatch(keys: string[], at: number): void {
    const chunk = keys.slice(at, at + BATCH);
    if (!this.hooks.live()) {
      for (const k of chunk) this.requested.delete(k);
      return;
    }
    const tickets = chunk.map((k) => this.ticket(k));
    const n = ++this.sent;
    // The background records title/state/url for coverage; labels stay on this side.
    this.backend
      .ticketsByKeys(tickets.map(recordable))
      .then((answer) => {
        if (!this.hooks.live()) return;
        this.take(this.since(n, answer), new Set(chunk));
        this.hooks.answered(tickets);
      })
      .catch((e: unknown) => {
        for (const k of chunk) this.requested.delete(k);
        console.debug('OKR Lens: could not load links', e);
      });
  }

  private sendScopes(scopes: string[]): void {
    for (const s of scopes) this.askedScopes.add(s);
    const n = ++this.sent;
    this.backend
      .linkedInScopes(scopes)
      .then((answer) => {
        if (!this.hooks.live()) return;
        // Only tickets not answered by ticketsByKeys yet (that answer is per ticket, fresher).
        const news: TicketLinks = {};
        for (const [k, krs] of Object.entries(this.since(n, answer)))
          if (!this.links.has(k)) news[k] = krs;
        this.take(news, new Set(Object.keys(news)));
      })
      .catch((e: unknown) => {
        for (const s of scopes) this.askedScopes.delete(s);
        console.debug('OKR Lens: could not load links of', scopes, e);
      });
  }

  private take(answer: TicketLinks, asked: ReadonlySet<string>): void {
    for (const [k, krs] of Object.entries(answer)) this.links.set(k, krs);
    this.hooks.changed(asked);
  }
}
