/**
 * What every tracker content script runs: the overlay with the real background behind it, and
 * the listener for the keyboard command and the popup. Entry points stay one line.
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { compact } from '../okr/objects';
import { handleTabRequests, onTabChanges, send } from '../protocol';
import type { LinkedKr } from '../okr/dto';
import type { TicketRef, TrackerAdapter } from '../trackers/types';
import { recordable, startOverlay } from './controller';
import type { Overlay, OverlayBackend } from './controller';
import { preloadPicker } from './lazy-picker';
import type { PickerLoader, PickerModule } from './lazy-picker';
import { HOST_TAG } from './render';

/**
 * The picker's module (entrypoints/picker.ts), imported from the extension when first used:
 * web-accessible on tracker pages (wxt.config.ts).
 */
export const loadPicker: PickerLoader = async () =>
  (
    (await import(/* @vite-ignore */ browser.runtime.getURL('/picker.js'))) as {
      default: PickerModule;
    }
  ).default;

/** What the page may record of a ticket with a link: title, state and URL. */
const metaOf = (ticket: TicketRef) => {
  const { title, state, url } = recordable(ticket);
  return compact({ title, state, url });
};

/** A link's or an unlink's answer as the overlay keeps it (without each entry's ticket key). */
const shown = (links: readonly (LinkedKr & { ticket: string })[]): LinkedKr[] =>
  links.map(({ ticket: _ticket, ...kr }) => kr);

export const messageBackend: OverlayBackend = {
  ticketsByKeys: (tickets) => send({ type: 'ticketsByKeys', tickets }),
  linkedInScopes: (scopes) => send({ type: 'linkedInScopes', scopes }),
  link: async (ticket, keyResultIds, source) =>
    shown(
      await send({ type: 'link', ticket: ticket.key, keyResultIds, source, meta: metaOf(ticket) }),
    ),
  unlink: async (ticket, keyResultId) => shown(await send({ type: 'unlink', ticket, keyResultId })),
  syncLabelLinks: async (items) =>
    (
      await send({
        type: 'syncLabelLinks',
        tickets: items.map(({ ticket, codes, partial }) =>
          compact({ key: ticket.key, codes, partial, meta: metaOf(ticket) }),
        ),
      })
    ).links,
  keyResults: () => send({ type: 'searchKeyResults', query: '' }),
  labelPatterns: async () => (await send({ type: 'getSettings' })).labelPatterns,
  // Told by the background to this tab only (lib/background/tab-changes.ts), never through
  // storage.onChanged, which would wake the tab for every write and stored key anywhere.
  onDataChanged: (cb) =>
    onTabChanges(({ tickets, links }) => cb(tickets ? compact({ tickets, links }) : {})),
};

export function bootOverlay(ctx: ContentScriptContext, adapter: TrackerAdapter): Overlay {
  const overlay = startOverlay(
    {
      get isValid() {
        return ctx.isValid;
      },
      onInvalidated: (cb) => ctx.onInvalidated(cb),
      requestAnimationFrame: (cb) => ctx.requestAnimationFrame(cb),
      setTimeout: (cb, ms) => ctx.setTimeout(cb, ms),
      addEventListener: (target, type, handler, options) =>
        ctx.addEventListener(target, type, handler, options),
    },
    adapter,
    messageBackend,
    { loadPicker },
  );
  warmPicker(ctx);
  const stopTab = handleTabRequests({
    'tab.openPicker': () => ({ opened: overlay.openPicker() }),
    'tab.pageTicket': () => {
      const t = overlay.currentTicket();
      if (!t) return null;
      const { labels: _labels, ...rest } = t;
      return { ...rest, tracker: adapter.name };
    },
  });
  ctx.onInvalidated(stopTab);
  // In-page fallback for the shortcut: Chrome may not have the command bound (another
  // extension took Alt+Shift+K, or the user cleared it). Opening is idempotent.
  ctx.addEventListener(
    window,
    'keydown',
    (e: KeyboardEvent) => {
      if (e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyK') {
        if (overlay.openPicker()) e.preventDefault();
      }
    },
    { capture: true },
  );
  return overlay;
}

/**
 * Load the picker when the user is about to use it: the pointer or focus on a ticket badge,
 * or Alt+Shift held (the shortcut's first keys). Loading twice is a no-op.
 */
function warmPicker(ctx: ContentScriptContext): void {
  const warm = () => void preloadPicker(loadPicker).catch(() => undefined);
  const onBadge = (e: Event) => {
    const t = e.target as Element | null;
    if (t?.localName === HOST_TAG && t.getAttribute('data-okr-lens') === 'ticket') warm();
  };
  ctx.addEventListener(window, 'pointerover', onBadge, { capture: true, passive: true });
  ctx.addEventListener(window, 'focusin', onBadge, { capture: true });
  ctx.addEventListener(
    window,
    'keydown',
    (e: KeyboardEvent) => {
      if (e.altKey && e.shiftKey) warm();
    },
    { capture: true, passive: true },
  );
}
