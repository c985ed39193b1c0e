/**
 * The key-result picker: a modal listbox in its own shadow root. Type to filter (fuzzy),
 * ↑/↓ to move, Enter (or click) to link/unlink the active KR right away, Escape to close;
 * focus returns where it was. Several KRs per ticket: the picker stays open after a toggle.
 */
import type { KrSearchHit } from '../okr/dto';
import { rankKeyResults } from './search';
import { adoptStyles } from './styles';
import { important } from './render';

export const PICKER_TAG = 'okr-lens-picker';

export interface PickerOptions {
  ticketKey: string;
  ticketTitle?: string;
  theme: 'light' | 'dark';
  /** The current cycle's KRs (the background's `searchKeyResults` with an empty query). */
  loadKeyResults: () => Promise<KrSearchHit[]>;
  /** Ids of the KRs linked to the ticket now. */
  linkedIds: () => ReadonlySet<string>;
  /** Link or unlink; resolves to the ids linked afterwards. */
  toggle: (kr: KrSearchHit, link: boolean) => Promise<ReadonlySet<string>>;
  onClose?: () => void;
}

export interface PickerHandle {
  close(): void;
  readonly host: HTMLElement;
}

let open: PickerHandle | undefined;

export function isPickerOpen(): boolean {
  return open !== undefined;
}

export function openPicker(opts: PickerOptions): PickerHandle {
  if (open) {
    open.host.shadowRoot?.querySelector('input')?.focus();
    return open;
  }
  const returnFocus = document.activeElement as HTMLElement | null;
  const host = document.createElement(PICKER_TAG);
  host.setAttribute('data-okr-lens', 'picker');
  host.setAttribute('data-ticket', opts.ticketKey);
  host.setAttribute('data-theme', opts.theme);
  host.style.cssText = important(
    'all: initial; position: fixed; z-index: 2147483600; display: block',
  );
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root);

  const backdrop = document.createElement('div');
  backdrop.className = 'backdrop';
  const dialog = document.createElement('div');
  dialog.className = 'picker';
  dialog.setAttribute('role', 'dialog');
  dialog.setAttribute('aria-modal', 'true');
  dialog.setAttribute('aria-labelledby', 'okr-lens-picker-title');
  const header = document.createElement('header');
  const h = document.createElement('h2');
  h.id = 'okr-lens-picker-title';
  h.textContent = 'Key results for this ticket';
  const ticket = document.createElement('div');
  ticket.className = 'ticket';
  ticket.textContent = opts.ticketTitle ? `${opts.ticketTitle}` : opts.ticketKey;
  ticket.title = opts.ticketKey;
  const input = document.createElement('input');
  input.type = 'text';
  input.placeholder = 'Search key results by code, title or objective';
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-label', 'Search key results');
  input.setAttribute('aria-expanded', 'true');
  input.setAttribute('aria-controls', 'okr-lens-listbox');
  input.setAttribute('aria-autocomplete', 'list');
  input.autocomplete = 'off';
  input.spellcheck = false;
  header.append(h, ticket, input);
  const list = document.createElement('ul');
  list.id = 'okr-lens-listbox';
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', 'Key results');
  list.setAttribute('aria-multiselectable', 'true');
  const error = document.createElement('div');
  error.className = 'error';
  error.setAttribute('role', 'alert');
  error.hidden = true;
  const footer = document.createElement('footer');
  for (const [k, t] of [
    ['↑↓', 'move'],
    ['Enter', 'link / unlink'],
    ['Esc', 'close'],
  ] as const) {
    const span = document.createElement('span');
    const kbd = document.createElement('kbd');
    kbd.textContent = k;
    span.append(kbd, ` ${t}`);
    footer.append(span);
  }
  dialog.append(header, list, error, footer);
  backdrop.append(dialog);
  root.append(backdrop);
  document.documentElement.append(host);

  let all: KrSearchHit[] = [];
  let shown: KrSearchHit[] = [];
  let active = 0;
  let linked = opts.linkedIds();
  let busy = false;

  const render = () => {
    list.replaceChildren();
    if (shown.length === 0) {
      const li = document.createElement('li');
      li.className = 'empty';
      li.setAttribute('role', 'presentation');
      li.textContent =
        all.length === 0
          ? 'No key results in the current cycle yet. Add them in the OKR Lens options page.'
          : 'No key result matches.';
      list.append(li);
      input.removeAttribute('aria-activedescendant');
      return;
    }
    shown.forEach((kr, i) => {
      const li = document.createElement('li');
      li.id = `okr-lens-opt-${i}`;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', linked.has(kr.id) ? 'true' : 'false');
      li.setAttribute('data-kr', kr.code);
      if (i === active) li.setAttribute('data-active', 'true');
      const check = document.createElement('span');
      check.className = 'check';
      check.textContent = linked.has(kr.id) ? '✓' : '';
      const code = document.createElement('span');
      code.className = 'code';
      code.textContent = kr.code;
      const text = document.createElement('span');
      text.textContent = kr.title;
      const obj = document.createElement('span');
      obj.className = 'objective';
      obj.textContent = kr.objectiveTitle;
      text.append(obj);
      li.append(check, code, text);
      li.addEventListener('mousedown', (e) => e.preventDefault()); // keep focus in the input
      li.addEventListener('click', () => {
        active = i;
        void toggleActive();
      });
      list.append(li);
    });
    input.setAttribute('aria-activedescendant', `okr-lens-opt-${active}`);
    list.querySelector('[data-active="true"]')?.scrollIntoView({ block: 'nearest' });
  };

  const filter = () => {
    shown = rankKeyResults(all, input.value);
    active = Math.min(active, Math.max(0, shown.length - 1));
    render();
  };

  const toggleActive = async () => {
    const kr = shown[active];
    if (!kr || busy) return;
    busy = true;
    error.hidden = true;
    try {
      linked = await opts.toggle(kr, !linked.has(kr.id));
    } catch (e) {
      error.textContent = `Could not save: ${(e as Error).message}`;
      error.hidden = false;
    } finally {
      busy = false;
      render();
    }
  };

  const close = () => {
    if (open !== handle) return;
    open = undefined;
    host.remove();
    document.removeEventListener('focusin', trap, true);
    returnFocus?.focus?.({ preventScroll: true });
    opts.onClose?.();
  };

  // Keep keyboard focus inside the picker while it is open (it is modal).
  const trap = (e: FocusEvent) => {
    if (e.target !== host) input.focus();
  };
  document.addEventListener('focusin', trap, true);

  input.addEventListener('input', () => {
    active = 0;
    filter();
  });
  input.addEventListener('keydown', (e) => {
    // The host page must not see our keys (GitHub and Jira have single-key shortcuts).
    e.stopPropagation();
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (shown.length) active = (active + 1) % shown.length;
      render();
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (shown.length) active = (active - 1 + shown.length) % shown.length;
      render();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      void toggleActive();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      close();
    }
  });
  for (const type of ['keyup', 'keypress'] as const)
    input.addEventListener(type, (e) => e.stopPropagation());
  backdrop.addEventListener('mousedown', (e) => {
    if (e.target === backdrop) close();
  });

  const handle: PickerHandle = { close, host };
  open = handle;
  input.focus();
  render();
  opts
    .loadKeyResults()
    .then((krs) => {
      all = krs;
      // Linked KRs first, so a ticket's tags are visible before the rest of the cycle.
      all.sort((a, b) => Number(linked.has(b.id)) - Number(linked.has(a.id)));
      filter();
    })
    .catch((e: Error) => {
      error.textContent = `Could not load key results: ${e.message}`;
      error.hidden = false;
    });
  return handle;
}
