/**
 * The key-result picker: a modal listbox in its own shadow root. Type to filter (fuzzy),
 * ↑/↓ to move, Enter (or click) to link/unlink the active KR right away, Escape to close;
 * focus returns where it was. Several KRs per ticket: the picker stays open after a toggle.
 */
import type { KrSearchHit } from '../okr/dto';
import { shortKey } from '../okr/ticket-key';
import { rankKeyResults } from './search';
import { pickerCss } from './picker-styles';
import { adoptStyles } from './styles';
import { el, important } from './render';
import type { Theme } from './render';

export const PICKER_TAG = 'okr-lens-picker';

export interface PickerOptions {
  ticketKey: string;
  ticketTitle?: string;
  theme: Theme;
  /** The current cycle's KRs (the background's `searchKeyResults` with an empty query). */
  loadKeyResults: () => Promise<KrSearchHit[]>;
  /** Ids of the KRs linked to the ticket now. */
  linkedIds: () => ReadonlySet<string>;
  /**
   * The KRs the ticket serves through a parent only (id → the ancestor's key): shown "via
   * KEY", not as linked; Enter links the ticket itself (the parent's link is unlinked there).
   */
  inherited?: () => ReadonlyMap<string, string>;
  /** Link or unlink; resolves to the ids linked afterwards. */
  toggle: (kr: KrSearchHit, link: boolean) => Promise<ReadonlySet<string>>;
  onClose?: () => void;
}

export interface PickerHandle {
  /** Close as Escape does: remove the picker and its listeners, give focus back. */
  close(): void;
  readonly host: HTMLElement;
  /** Settles once the key results are listed (or could not be loaded). */
  readonly ready: Promise<void>;
}

/** Open a picker; the caller keeps the handle (one picker at a time is the caller's rule). */
export function openPicker(opts: PickerOptions): PickerHandle {
  return new Picker(opts);
}

/** The picker's elements. */
interface PickerView {
  host: HTMLElement;
  backdrop: HTMLElement;
  input: HTMLInputElement;
  list: HTMLUListElement;
  error: HTMLElement;
}

class Picker implements PickerHandle {
  readonly host: HTMLElement;
  private readonly view: PickerView;
  /** Aborted on close: removes every listener the picker added. */
  private readonly listeners = new AbortController();
  private readonly returnFocus = document.activeElement as HTMLElement | null;
  private all: KrSearchHit[] = [];
  private shown: KrSearchHit[] = [];
  private active = 0;
  private linked: ReadonlySet<string>;
  private inherited: ReadonlyMap<string, string>;
  private busy = false;
  private closed = false;
  readonly ready: Promise<void>;

  constructor(private readonly opts: PickerOptions) {
    this.view = buildView(opts);
    this.host = this.view.host;
    document.documentElement.append(this.host);
    this.linked = opts.linkedIds();
    this.inherited = opts.inherited?.() ?? new Map();
    this.listen();
    this.view.input.focus();
    this.render();
    this.ready = opts
      .loadKeyResults()
      .then((krs) => {
        this.all = krs;
        // Linked KRs first, then those served through a parent, then the rest of the cycle.
        const rank = (id: string) => (this.linked.has(id) ? 2 : this.inherited.has(id) ? 1 : 0);
        this.all.sort((a, b) => rank(b.id) - rank(a.id));
        this.filter();
      })
      .catch((e: Error) => this.showError(`Could not load key results: ${e.message}`));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.listeners.abort();
    this.host.remove();
    this.returnFocus?.focus?.({ preventScroll: true });
    this.opts.onClose?.();
  }

  private listen(): void {
    const { host, input, backdrop } = this.view;
    const signal = this.listeners.signal;
    // Keep keyboard focus inside the picker while it is open (it is modal).
    document.addEventListener(
      'focusin',
      (e) => {
        if (e.target !== host) input.focus();
      },
      { capture: true, signal },
    );
    input.addEventListener(
      'input',
      () => {
        this.active = 0;
        this.filter();
      },
      { signal },
    );
    input.addEventListener('keydown', (e) => this.onKey(e), { signal });
    for (const type of ['keyup', 'keypress'] as const)
      input.addEventListener(type, (e) => e.stopPropagation(), { signal });
    backdrop.addEventListener(
      'mousedown',
      (e) => {
        if (e.target === backdrop) this.close();
      },
      { signal },
    );
  }

  private onKey(e: KeyboardEvent): void {
    // The host page must not see our keys (GitHub and Jira have single-key shortcuts).
    e.stopPropagation();
    const n = this.shown.length;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (n) this.active = (this.active + 1) % n;
      this.render();
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (n) this.active = (this.active - 1 + n) % n;
      this.render();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      void this.toggleActive();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      this.close();
    }
  }

  private filter(): void {
    this.shown = rankKeyResults(this.all, this.view.input.value);
    this.active = Math.min(this.active, Math.max(0, this.shown.length - 1));
    this.render();
  }

  private async toggleActive(): Promise<void> {
    const kr = this.shown[this.active];
    if (!kr || this.busy) return;
    this.busy = true;
    this.view.error.hidden = true;
    try {
      this.linked = await this.opts.toggle(kr, !this.linked.has(kr.id));
      this.inherited = this.opts.inherited?.() ?? this.inherited;
    } catch (e) {
      this.showError(`Could not save: ${(e as Error).message}`);
    } finally {
      this.busy = false;
      this.render();
    }
  }

  private showError(text: string): void {
    this.view.error.textContent = text;
    this.view.error.hidden = false;
  }

  private render(): void {
    const { list, input } = this.view;
    list.replaceChildren();
    if (this.shown.length === 0) {
      list.append(emptyItem(this.all.length === 0));
      input.removeAttribute('aria-activedescendant');
      return;
    }
    this.shown.forEach((kr, i) => {
      const li = optionItem(kr, i, this.linked.has(kr.id), i === this.active);
      const via = this.linked.has(kr.id) ? undefined : this.inherited.get(kr.id);
      if (via !== undefined) markInherited(li, via);
      const { signal } = this.listeners;
      li.addEventListener('mousedown', (e) => e.preventDefault(), { signal }); // keep focus in the input
      li.addEventListener(
        'click',
        () => {
          this.active = i;
          void this.toggleActive();
        },
        { signal },
      );
      list.append(li);
    });
    input.setAttribute('aria-activedescendant', `okr-lens-opt-${this.active}`);
    list.querySelector('[data-active="true"]')?.scrollIntoView({ block: 'nearest' });
  }
}

const setAttributes = (e: Element, attrs: Record<string, string>) => {
  for (const [name, value] of Object.entries(attrs)) e.setAttribute(name, value);
};

/** The host, its shadow root and the dialog: header with search box, list, error, key hints. */
function buildView(opts: PickerOptions): PickerView {
  const host = document.createElement(PICKER_TAG);
  setAttributes(host, {
    'data-okr-lens': 'picker',
    'data-ticket': opts.ticketKey,
    'data-theme': opts.theme,
  });
  host.style.cssText = important(
    'all: initial; position: fixed; z-index: 2147483600; display: block',
  );
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root, pickerCss);
  const backdrop = el('div', 'backdrop');
  const dialog = el('div', 'picker');
  setAttributes(dialog, {
    role: 'dialog',
    'aria-modal': 'true',
    'aria-labelledby': 'okr-lens-picker-title',
  });
  const input = searchBox();
  const list = el('ul');
  list.id = 'okr-lens-listbox';
  setAttributes(list, {
    role: 'listbox',
    'aria-label': 'Key results',
    'aria-multiselectable': 'true',
  });
  const error = el('div', 'error');
  error.setAttribute('role', 'alert');
  error.hidden = true;
  dialog.append(header(opts, input), list, error, keyHints());
  backdrop.append(dialog);
  root.append(backdrop);
  return { host, backdrop, input, list, error };
}

function header(opts: PickerOptions, input: HTMLInputElement): HTMLElement {
  const h = el('h2', undefined, 'Key results for this ticket');
  h.id = 'okr-lens-picker-title';
  const ticket = el('div', 'ticket', opts.ticketTitle ? `${opts.ticketTitle}` : opts.ticketKey);
  ticket.title = opts.ticketKey;
  const out = el('header');
  out.append(h, ticket, input);
  return out;
}

function searchBox(): HTMLInputElement {
  const input = el('input');
  input.type = 'text';
  input.placeholder = 'Search key results by code, title or objective';
  setAttributes(input, {
    role: 'combobox',
    'aria-label': 'Search key results',
    'aria-expanded': 'true',
    'aria-controls': 'okr-lens-listbox',
    'aria-autocomplete': 'list',
  });
  input.autocomplete = 'off';
  input.spellcheck = false;
  return input;
}

function keyHints(): HTMLElement {
  const footer = el('footer');
  for (const [k, t] of [
    ['↑↓', 'move'],
    ['Enter', 'link / unlink'],
    ['Esc', 'close'],
  ] as const) {
    const span = el('span');
    span.append(el('kbd', undefined, k), ` ${t}`);
    footer.append(span);
  }
  return footer;
}

function emptyItem(noKeyResults: boolean): HTMLLIElement {
  const li = el(
    'li',
    'empty',
    noKeyResults
      ? 'No key results in the current cycle yet. Add them in the OKR Lens options page.'
      : 'No key result matches.',
  );
  li.setAttribute('role', 'presentation');
  return li;
}

/** One KR of the list: check mark, code, title and objective. */
function optionItem(kr: KrSearchHit, i: number, linked: boolean, active: boolean): HTMLLIElement {
  const li = el('li');
  li.id = `okr-lens-opt-${i}`;
  setAttributes(li, {
    role: 'option',
    'aria-selected': linked ? 'true' : 'false',
    'data-kr': kr.code,
  });
  if (active) li.setAttribute('data-active', 'true');
  const text = el('span', undefined, kr.title);
  text.append(el('span', 'objective', kr.objectiveTitle));
  li.append(el('span', 'check', linked ? '✓' : ''), el('span', 'code', kr.code), text);
  return li;
}

/**
 * A KR the ticket serves through a parent: "↳" where the check mark goes and "via KEY"; not
 * selected (the link is the parent's: Enter links this ticket itself).
 */
function markInherited(li: HTMLLIElement, via: string): void {
  li.setAttribute('data-via', via);
  li.title = `Served through ${shortKey(via)}; Enter links this ticket itself`;
  li.querySelector('.check')!.textContent = '↳';
  li.querySelector('.objective')?.before(el('span', 'via', `via ${shortKey(via)}`));
}
