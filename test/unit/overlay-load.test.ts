// @vitest-environment happy-dom
/**
 * What a page load asks of the background: a single ticket's page asks for its rows by key,
 * not for its repository's linked tickets, until the tab moves to another URL; the GitHub
 * URL parsers answer the same for the same URL however often asked.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startOverlay } from '@/lib/overlay/controller';
import type { Overlay, OverlayBackend, OverlayContext } from '@/lib/overlay/controller';
import type { LinkedKr } from '@/lib/okr/dto';
import { pageKind, refFromUrl } from '@/lib/trackers/github/urls';
import { KEY, adapter, kr } from './helpers/overlay';

function fakeBackend(store: Record<string, LinkedKr[]>) {
  const answer = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, store[k] ?? []]));
  const backend = {
    ticketsByKeys: vi.fn((tickets: { key: string }[]) =>
      Promise.resolve(answer(tickets.map((t) => t.key))),
    ),
    linkedInScopes: vi.fn((scopes: string[]) =>
      Promise.resolve(
        answer(Object.keys(store).filter((k) => scopes.some((s) => k.startsWith(s)))),
      ),
    ),
    link: vi.fn(() => Promise.resolve([])),
    unlink: vi.fn(() => Promise.resolve([])),
    syncLabelLinks: vi.fn(() => Promise.resolve({})),
    keyResults: () => Promise.resolve([]),
    labelPatterns: () => Promise.resolve([]),
    onDataChanged: () => () => undefined,
  };
  return backend satisfies OverlayBackend;
}

const ctx: OverlayContext = {
  isValid: true,
  onInvalidated: () => undefined,
  requestAnimationFrame: (cb) => window.requestAnimationFrame(cb),
  setTimeout: (cb, ms) => window.setTimeout(cb, ms),
  addEventListener: (t, type, h, o) => t.addEventListener(type, h, o),
};

const frames = () => new Promise((r) => setTimeout(r, 50));
const codesOf = (n: number) =>
  [
    ...(document
      .querySelector(`[data-ticket="${KEY(n)}"]`)
      ?.shadowRoot?.querySelectorAll('[data-kr]') ?? []),
  ].map((e) => e.getAttribute('data-kr'));

let overlay: Overlay | undefined;
beforeEach(() => {
  document.body.innerHTML = '';
  history.replaceState(null, '', '/');
});
afterEach(() => {
  overlay?.stop();
  overlay = undefined;
});

describe('a single ticket page at load', () => {
  it('asks for its title and rows by key, not for the whole repository, until it navigates', async () => {
    history.replaceState(null, '', '/issues/12');
    document.body.innerHTML = '<h1 data-n="12">Twelve</h1><ul><li data-n="13">child</li></ul>';
    const backend = fakeBackend({
      [KEY(12)]: [kr('KR1.2')],
      [KEY(13)]: [kr('KR2.1')],
      [KEY(14)]: [kr('KR3.1')],
    });
    overlay = startOverlay(ctx, adapter, backend);
    await frames();
    expect(backend.linkedInScopes).not.toHaveBeenCalled();
    expect(backend.ticketsByKeys.mock.calls.flatMap(([t]) => t.map((x) => x.key))).toEqual([
      KEY(12),
      KEY(13),
    ]);
    expect(codesOf(12)).toEqual(['KR1.2']);
    expect(codesOf(13)).toEqual(['KR2.1']); // the sub-issue row, badged from its own answer

    // An SPA navigation to another issue: from now on the repository's links are asked once.
    history.pushState(null, '', '/issues/14');
    document.body.innerHTML = '<h1 data-n="14">Fourteen</h1><ul><li data-n="13">x</li></ul>';
    await frames();
    expect(backend.linkedInScopes).toHaveBeenCalledTimes(1);
    expect(backend.linkedInScopes).toHaveBeenCalledWith([KEY(0).replace(/0$/, '')]);
    expect(codesOf(14)).toEqual(['KR3.1']);
  });

  it('a list page asks for its repository at once', async () => {
    history.replaceState(null, '', '/acme/web/issues');
    document.body.innerHTML = '<ul><li data-n="13">a</li></ul>';
    const backend = fakeBackend({ [KEY(13)]: [kr('KR2.1')] });
    overlay = startOverlay(ctx, adapter, backend);
    await frames();
    expect(backend.linkedInScopes).toHaveBeenCalledTimes(1);
  });
});

describe('GitHub URL parsers, asked again for the same URL', () => {
  it('answer as the first time, and other URLs their own', () => {
    const issue = new URL('https://github.com/Acme/Web/issues/12');
    const list = new URL('https://github.com/acme/web/issues?q=is%3Aopen');
    for (let i = 0; i < 3; i++) {
      expect(pageKind(issue)).toBe('issue');
      expect(pageKind(list)).toBe('list');
      expect(refFromUrl(issue)?.key).toBe('github:github.com/acme/web#12');
      expect(refFromUrl(list)).toBeUndefined();
    }
    expect(pageKind(new URL('https://github.com/acme/web/pull/7'))).toBe('pull');
  });
});
