// @vitest-environment happy-dom
/**
 * The picker loaded on first use (lib/overlay/lazy-picker.ts): keys typed while its module
 * loads are held from the page and replayed in order (text, then Enter once KRs are listed);
 * Escape meanwhile cancels; a loaded module opens at once; a failed load closes quietly.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openPickerLazily, preloadPicker } from '@/lib/overlay/lazy-picker';
import type { PickerLoader, PickerModule } from '@/lib/overlay/lazy-picker';
import { openPicker } from '@/lib/overlay/picker';
import type { PickerOptions } from '@/lib/overlay/picker';
import type { KrSearchHit } from '@/lib/okr/dto';

const hit = (code: string, title: string): KrSearchHit => ({
  id: code.toLowerCase(),
  code,
  title,
  kind: 'increase',
  objectiveId: 'o1',
  objectiveTitle: 'Objective',
  cycleId: 'c1',
});

function options(over: Partial<PickerOptions> = {}): PickerOptions {
  return {
    ticketKey: 'github:github.com/acme/web#1',
    theme: 'light',
    loadKeyResults: () => Promise.resolve([hit('KR1.1', 'Activation'), hit('KR3.2', 'Latency')]),
    linkedIds: () => new Set(),
    toggle: vi.fn((kr: KrSearchHit) => Promise.resolve(new Set([kr.id]))),
    ...over,
  };
}

/** A loader that resolves when the test says so. */
function gated(): {
  load: PickerLoader;
  release(waitForPicker?: boolean): Promise<void>;
  calls: () => number;
} {
  let open!: (m: PickerModule) => void;
  const gate = new Promise<PickerModule>((r) => (open = r));
  let calls = 0;
  return {
    load: () => {
      calls++;
      return gate;
    },
    release: async (waitForPicker = true) => {
      open({ openPicker });
      await Promise.resolve();
      if (waitForPicker)
        await vi.waitFor(() => expect(document.querySelector('okr-lens-picker')).not.toBeNull());
    },
    calls: () => calls,
  };
}

const key = (k: string) =>
  document.body.dispatchEvent(
    new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }),
  );
const pickers = () => document.querySelectorAll('okr-lens-picker');

afterEach(() => {
  for (const p of pickers()) p.remove();
});

describe('the picker loaded on first use', () => {
  it('holds keys typed while it loads from the page and replays them: text, then Enter', async () => {
    const g = gated();
    const pageKeys = vi.fn();
    document.addEventListener('keydown', pageKeys);
    const opts = options();
    openPickerLazily(g.load, opts);
    for (const k of ['k', 'r', '3', '.', '2', 'Enter']) expect(key(k)).toBe(false); // prevented
    expect(pageKeys).not.toHaveBeenCalled();
    expect(pickers()).toHaveLength(0);
    await g.release();
    await vi.waitFor(() => expect(opts.toggle).toHaveBeenCalledTimes(1));
    expect(vi.mocked(opts.toggle).mock.calls[0]![0].code).toBe('KR3.2');
    const input = pickers()[0]!.shadowRoot!.querySelector('input')!;
    expect(input.value).toBe('kr3.2');
    // Once open, keys reach the picker as usual (not held any more).
    key('x');
    expect(pageKeys).toHaveBeenCalledTimes(1);
    document.removeEventListener('keydown', pageKeys);
  });

  it('Escape while it loads cancels the opening; keys reach the page again', async () => {
    const g = gated();
    const onClose = vi.fn();
    openPickerLazily(g.load, options({ onClose }));
    key('Escape');
    expect(onClose).toHaveBeenCalledTimes(1);
    const pageKeys = vi.fn();
    document.addEventListener('keydown', pageKeys);
    key('a');
    expect(pageKeys).toHaveBeenCalledTimes(1);
    document.removeEventListener('keydown', pageKeys);
    await g.release(false);
    expect(pickers()).toHaveLength(0);
  });

  it('opens at once once loaded (and a preload loads once)', async () => {
    const g = gated();
    const first = preloadPicker(g.load);
    expect(preloadPicker(g.load)).toBe(first);
    await g.release(false);
    await first;
    const handle = openPickerLazily(g.load, options());
    expect(pickers()).toHaveLength(1);
    expect(g.calls()).toBe(1);
    handle.close();
    expect(pickers()).toHaveLength(0);
  });

  it('a loader that fails closes quietly and lets keys through', async () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    const onClose = vi.fn();
    openPickerLazily(() => Promise.reject(new Error('blocked')), options({ onClose }));
    await vi.waitFor(() => expect(onClose).toHaveBeenCalledTimes(1));
    expect(key('a')).toBe(true);
    debug.mockRestore();
  });
});
