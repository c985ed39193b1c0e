/** What the overlay needs of its surroundings: WXT's content-script context and the background. */
import type { KrSearchHit, TicketLinks } from '../okr/dto';
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
  link(ticket: TicketRef, keyResultIds: string[], source: 'user' | 'label'): Promise<void>;
  unlink(ticket: string, keyResultId: string): Promise<void>;
  keyResults(): Promise<KrSearchHit[]>;
  labelPatterns(): Promise<string[]>;
  onDataChanged(cb: () => void): () => void;
}
