/**
 * The picker is loaded when first used (README "Speed"): its code, fuzzy search and CSS are a
 * module of their own (entrypoints/picker.ts), so an issue page's load evaluates none of it.
 * Keys typed while it loads are held from the page and replayed into the picker in order, so
 * Alt+Shift+K, then typing and Enter, works as if it had always been there.
 */
import type { PickerHandle, PickerOptions } from './picker';

/** What the picker module gives. */
export interface PickerModule {
  openPicker(opts: PickerOptions): PickerHandle;
}

/** Loads the picker module (the extension's chunk in the product, the source in tests). */
export type PickerLoader = () => PickerModule | Promise<PickerModule>;

/** An open picker, or one on its way: closing it before it opens cancels it. */
export interface LazyPickerHandle {
  close(): void;
}

/** The loaded module per loader (one loader per content script). */
const loaded = new WeakMap<PickerLoader, PickerModule>();
const loading = new WeakMap<PickerLoader, Promise<PickerModule>>();

/** Start loading the picker (a hint: the user is about to use it); resolves to the module. */
export function preloadPicker(load: PickerLoader): Promise<PickerModule> {
  const have = loaded.get(load);
  if (have) return Promise.resolve(have);
  let p = loading.get(load);
  if (!p) {
    p = Promise.resolve()
      .then(load)
      .then((mod) => {
        loaded.set(load, mod);
        return mod;
      });
    p.catch(() => loading.delete(load));
    loading.set(load, p);
  }
  return p;
}

/** Keys worth replaying: text and the picker's own keys, not shortcuts. */
const held = (e: KeyboardEvent) => !e.ctrlKey && !e.metaKey && !e.altKey && e.key !== 'Shift';

/**
 * Open the picker: at once when its module is loaded (a synchronous loader counts), else when
 * it arrives, with the keys typed meanwhile replayed (Escape meanwhile cancels).
 */
export function openPickerLazily(load: PickerLoader, opts: PickerOptions): LazyPickerHandle {
  const have = loaded.get(load);
  if (have) return have.openPicker(opts);
  const first = load();
  if (!(first instanceof Promise)) {
    loaded.set(load, first);
    return first.openPicker(opts);
  }
  loading.set(load, loading.get(load) ?? first);
  return new PendingPicker(preloadPicker(load), opts);
}

class PendingPicker implements LazyPickerHandle {
  private readonly keys: string[] = [];
  private readonly hold = new AbortController();
  private handle: PickerHandle | undefined;
  private closed = false;

  constructor(
    module: Promise<PickerModule>,
    private readonly opts: PickerOptions,
  ) {
    const signal = this.hold.signal;
    const onKey = (e: KeyboardEvent) => {
      if (e.type === 'keydown' && held(e)) {
        if (e.key === 'Escape') this.close();
        else this.keys.push(e.key);
      }
      e.preventDefault();
      e.stopImmediatePropagation();
    };
    for (const type of ['keydown', 'keypress', 'keyup'] as const)
      window.addEventListener(type, onKey, { capture: true, signal });
    module.then(
      (mod) => this.open(mod),
      (e: unknown) => {
        console.debug('OKR Lens: could not load the picker', e);
        this.close();
      },
    );
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.hold.abort();
    if (this.handle) this.handle.close();
    else this.opts.onClose?.();
  }

  private open(mod: PickerModule): void {
    if (this.closed) return;
    this.hold.abort();
    this.handle = mod.openPicker(this.opts);
    void replay(this.handle, this.keys);
  }
}

/**
 * Type the held keys into the picker: text at once (the search box filters when the key
 * results arrive); from the first other key (Enter, arrows) on, once they are listed.
 */
async function replay(picker: PickerHandle, keys: readonly string[]): Promise<void> {
  const input = picker.host.shadowRoot?.querySelector('input');
  if (!input || keys.length === 0) return;
  let waited = false;
  for (const key of keys) {
    if (key.length === 1 || key === 'Backspace') {
      input.value = key === 'Backspace' ? input.value.slice(0, -1) : input.value + key;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      continue;
    }
    if (!waited) {
      await picker.ready;
      waited = true;
    }
    if (!picker.host.isConnected) return;
    input.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  }
}
