/**
 * The badge hosts on the page: one per anchor element, plus at most one floating badge. A host
 * is created, moved back in place, re-rendered only when what it shows changes, and removed
 * when the scan that ends does not want it (a "sweep": every host made or placed while a scan
 * runs is wanted, even for a row the scan had already passed).
 */
import type { LinkedKr } from '../okr/dto';
import type { Anchor, TrackerAdapter } from '../trackers/types';
import { putInPlace } from './placement';
import { HOST_TAG, createHost, renderRowBadge, renderTicketBadge } from './render';
import type { Theme } from './render';

export interface HostRecord {
  host: HTMLElement;
  key: string;
  mode: 'ticket' | 'row';
  floating: boolean;
  /**
   * The parent the anchor names (a child row on its parent's view): "via KEY" is not written
   * on such a row, whose list already sits under KEY.
   */
  parent?: string;
  /** What the host shows (`signature`), to skip a render that would change nothing. */
  shown?: string;
}

/**
 * What a host's content depends on. Answers repeat themselves (the scopes answer, then the
 * per-ticket answer, then a change elsewhere that left this ticket alone): re-rendering an
 * unchanged badge cost a relayout of the whole list each time.
 */
export function signature(key: string, krs: readonly LinkedKr[] | undefined): string {
  return krs === undefined ? `${key}\n?` : `${key}\n${JSON.stringify(krs)}`;
}

/** The tracker's theme when its adapter can tell, else the system's. */
export function themeOf(adapter: TrackerAdapter): Theme {
  const t = adapter.theme?.(document);
  if (t) return t;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

const hostSelector = `${HOST_TAG}[data-okr-lens]`;

export interface HostDeps {
  /** What the background said of a ticket (undefined: not answered yet). */
  linksOf(key: string): readonly LinkedKr[] | undefined;
  /** A ticket badge asks for the picker of its ticket. */
  openPicker(key: string): void;
}

export class HostTable {
  /** Anchor element → its host. */
  private readonly byElement = new Map<Element, HostRecord>();
  /** The page's own ticket, badged at the top right when its anchor is missing. */
  private floating: HostRecord | undefined;
  /** Our own removals: the observer must not take them for a page change (a pass each). */
  private readonly dropped = new WeakSet<Node>();
  /** Hosts wanted by the scan in progress (`beginSweep` … `endSweep`). */
  private sweep: Set<HTMLElement> | undefined;

  constructor(private readonly deps: HostDeps) {}

  /** Whether the overlay itself removed this node. */
  wasDropped(n: Node): boolean {
    return this.dropped.has(n);
  }

  has(element: Element): boolean {
    return this.byElement.has(element);
  }

  records(): HostRecord[] {
    return [...this.byElement.values(), ...(this.floating ? [this.floating] : [])];
  }

  /** The key of an anchored ticket badge, if any (the floating one aside). */
  ticketKey(): string | undefined {
    return [...this.byElement.values()].find((h) => h.mode === 'ticket')?.key;
  }

  /** Re-render the hosts of these tickets (unchanged ones are skipped). */
  renderKeys(keys: ReadonlySet<string>): void {
    for (const rec of this.records()) if (keys.has(rec.key)) this.render(rec);
  }

  /**
   * The host for an anchor, created or updated and put in place. Rows stay quiet: an unlinked
   * row (or one not answered yet) gets no host at all, which keeps a 1,000-row list cheap.
   */
  ensure(a: Anchor, theme: Theme): HostRecord | undefined {
    let rec = this.byElement.get(a.element);
    if (a.mode === 'row' && !(this.deps.linksOf(a.ticket.key)?.length ?? 0)) {
      if (rec) {
        this.drop(rec.host);
        this.byElement.delete(a.element);
      }
      return undefined;
    }
    if (rec && rec.mode !== a.mode) {
      this.drop(rec.host);
      rec = undefined;
    }
    if (!rec) {
      rec = {
        host: createHost({ mode: a.mode, key: a.ticket.key, theme, block: a.block === true }),
        key: a.ticket.key,
        mode: a.mode,
        floating: false,
        ...(a.ticket.parent ? { parent: a.ticket.parent } : {}),
      };
      this.byElement.set(a.element, rec);
      this.render(rec);
    } else if (rec.key !== a.ticket.key) {
      // The tracker reused the element for another ticket (React keeps nodes across routes).
      rec.key = a.ticket.key;
      rec.host.setAttribute('data-ticket', a.ticket.key);
      this.render(rec);
    }
    const parent = a.ticket.parent ?? undefined;
    if (rec.parent !== parent) {
      rec.parent = parent;
      this.render(rec);
    }
    if (rec.host.getAttribute('data-theme') !== theme) rec.host.setAttribute('data-theme', theme);
    putInPlace(rec.host, a);
    this.sweep?.add(rec.host);
    return rec;
  }

  /** The floating badge of the page's ticket, made (or remade) when needed, and wanted. */
  float(key: string, theme: Theme): void {
    let rec = this.floating;
    if (!rec || rec.key !== key || !rec.host.isConnected) {
      if (rec) this.drop(rec.host);
      rec = {
        host: createHost({ mode: 'ticket', key, theme, floating: true }),
        key,
        mode: 'ticket',
        floating: true,
      };
      this.floating = rec;
      document.body?.append(rec.host);
      this.render(rec);
    }
    this.sweep?.add(rec.host);
  }

  unfloat(): void {
    if (!this.floating) return;
    this.drop(this.floating.host);
    this.floating = undefined;
  }

  /** A scan begins: from now on, every host made or placed is wanted at its end. */
  beginSweep(): void {
    this.sweep = new Set();
  }

  /** The scan ended: every host not wanted goes (left pages, replaced headers, old tickets). */
  endSweep(): void {
    const keep = this.sweep ?? new Set<HTMLElement>();
    this.sweep = undefined;
    for (const [element, rec] of this.byElement) {
      if (!keep.has(rec.host)) {
        this.drop(rec.host);
        this.byElement.delete(element);
      }
    }
    for (const stray of document.querySelectorAll<HTMLElement>(hostSelector)) {
      if (!keep.has(stray)) this.drop(stray);
    }
  }

  /** Remove every host (the overlay stops). */
  clear(): void {
    for (const rec of this.records()) rec.host.remove();
    this.byElement.clear();
    this.floating = undefined;
    this.sweep = undefined;
  }

  private render(rec: HostRecord): void {
    const krs = this.deps.linksOf(rec.key);
    const sig = `${rec.parent ?? ''}\n${signature(rec.key, krs)}`;
    if (rec.shown === sig) return;
    rec.shown = sig;
    if (rec.mode === 'row') renderRowBadge(rec.host, krs, rec.parent);
    else
      renderTicketBadge(
        rec.host,
        krs,
        () => this.deps.openPicker(rec.key),
        rec.floating ? 'OKR Lens' : undefined,
      );
  }

  private drop(host: HTMLElement): void {
    this.dropped.add(host);
    host.remove();
  }
}
