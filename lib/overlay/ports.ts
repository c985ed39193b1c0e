/** What the overlay needs of its surroundings: WXT's content-script context and the background. */
import type { KrSearchHit, LinkedKr, TicketLinks } from '../okr/dto';
import type { TicketRef } from '../trackers/types';

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

/** The background, as the overlay uses it (`messageBackend` in boot.ts, in the product). */
export interface OverlayBackend {
  ticketsByKeys(tickets: TicketRef[]): Promise<TicketLinks>;
  /** Linked tickets of whole repositories/projects, by key prefix (`scopeOf`). */
  linkedInScopes(scopes: string[]): Promise<TicketLinks>;
  /** Link; resolves to the ticket's links as its badge shows them ("via" ones included). */
  link(ticket: TicketRef, keyResultIds: string[], source: 'user' | 'label'): Promise<LinkedKr[]>;
  /** Unlink; resolves to the ticket's links as its badge shows them. */
  unlink(ticket: string, keyResultId: string): Promise<LinkedKr[]>;
  /**
   * A page's label links in one request: per ticket, the KR codes its labels name. Resolves
   * to every sent ticket's links as shown.
   */
  syncLabelLinks(tickets: LabelLinks[]): Promise<TicketLinks>;
  keyResults(): Promise<KrSearchHit[]>;
  labelPatterns(): Promise<string[]>;
  onDataChanged(cb: (change: DataChange) => void): () => void;
}

/** A ticket's label links as label sync sends them (`syncLabelLinks`). */
export interface LabelLinks {
  ticket: TicketRef;
  /** The codes of the current cycle's KRs its labels name. */
  codes: string[];
  /** The page may show only some of its labels: links are added, never removed. */
  partial?: boolean;
}

/** What changed: `tickets` names the only tickets whose links changed (absent: anything). */
export interface DataChange {
  tickets?: readonly string[];
  /** The new links of some of `tickets`, as their badges show them. */
  links?: TicketLinks;
}
