// @vitest-environment happy-dom
/**
 * The options page asks for its store as its script runs (entrypoints/options/useStore.ts),
 * before React mounts and listens for changes. A change broadcast in between must not be lost:
 * the hook reads once more after the early read.
 */
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { REVISION_KEY } from '@/lib/protocol';
import type { OptionsState } from '@/lib/okr/dto';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
afterEach(() => {
  vi.restoreAllMocks();
  vi.resetModules();
  fakeBrowser.reset();
});

/** A background whose store is `version`; each `optionsState` answer says which it read. */
function background() {
  const bg = { version: 1, reads: 0 };
  // sendMessage's typings include a callback overload returning void; the Promise is meant.
  // eslint-disable-next-line @typescript-eslint/no-misused-promises
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(((m: { type: string }) => {
    if (m.type !== 'optionsState') return Promise.resolve({ ok: true, value: null });
    bg.reads++;
    const seen = bg.version;
    return new Promise((r) =>
      setTimeout(() => r({ ok: true, value: { seen } as unknown as OptionsState }), 5),
    );
  }) as unknown as typeof fakeBrowser.runtime.sendMessage);
  return bg;
}

async function mount() {
  const { useStore } = await import('../../entrypoints/options/useStore');
  const shown: unknown[] = [];
  function Probe() {
    const { state } = useStore();
    shown.push(state);
    return null;
  }
  const el = document.createElement('div');
  const root = createRoot(el);
  return { root, shown, render: () => act(() => root.render(<Probe />)) };
}

it('reads again when a change was broadcast between the early read and the mount', async () => {
  const bg = background();
  const page = await mount(); // the module ran: its early read is in flight
  expect(bg.reads).toBe(1);
  // Another writer commits and the background broadcasts it before React listens.
  bg.version = 2;
  await fakeBrowser.storage.local.set({ [REVISION_KEY]: { rev: 1, at: 'now', types: ['link'] } });
  page.render();
  await act(() => new Promise((r) => setTimeout(r, 50)));
  expect(bg.reads).toBe(2);
  expect(page.shown.at(-1)).toEqual({ seen: 2 });
  act(() => page.root.unmount());
});

it('reads once when nothing changed meanwhile', async () => {
  const bg = background();
  const page = await mount();
  page.render();
  await act(() => new Promise((r) => setTimeout(r, 50)));
  expect(bg.reads).toBe(1);
  expect(page.shown.at(-1)).toEqual({ seen: 1 });
  act(() => page.root.unmount());
});
