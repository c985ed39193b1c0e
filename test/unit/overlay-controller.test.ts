// @vitest-environment happy-dom
/**
 * The overlay controller over a fake adapter and backend: one host per anchor, reconciliation
 * through re-renders and navigation, batched requests, the floating fallback, label links.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startOverlay } from '@/lib/overlay/controller';
import { scopeOf } from '@/lib/okr/ticket-key';
import { openPicker } from '@/lib/overlay/picker';
import { createHost } from '@/lib/overlay/render';
import type { Overlay, OverlayBackend, OverlayContext } from '@/lib/overlay/controller';
import type { TrackerAdapter } from '@/lib/trackers/types';
import type { KrSearchHit, LinkedKr } from '@/lib/okr/dto';
import { planLabelLinks } from '@/lib/db/label-links';
import type { DataChange, LabelLinks } from '@/lib/overlay/ports';
import { KEY, adapter, kr } from './helpers/overlay';

function fakeBackend(initial: Record<string, LinkedKr[]> = {}) {
  const store = new Map(Object.entries(initial));
  const listeners = new Set<(change: DataChange) => void>();
  const hits: KrSearchHit[] = [
    {
      id: 'kr1.2',
      code: 'KR1.2',
      title: 'Title of KR1.2',
      kind: 'increase',
      objectiveId: 'o1',
      objectiveTitle: 'Objective',
      cycleId: 'c1',
    },
    {
      id: 'kr2.1',
      code: 'KR2.1',
      title: 'Title of KR2.1',
      kind: 'increase',
      objectiveId: 'o1',
      objectiveTitle: 'Objective',
      cycleId: 'c1',
    },
  ];
  const backend = {
    calls: [] as string[][],
    ticketsByKeys: vi.fn((tickets: { key: string }[]) => {
      backend.calls.push(tickets.map((t) => t.key));
      return Promise.resolve(
        Object.fromEntries(tickets.map((t) => [t.key, store.get(t.key) ?? []])),
      );
    }),
    scopeCalls: [] as string[][],
    linkedInScopes: vi.fn((scopes: string[]) => {
      backend.scopeCalls.push(scopes);
      return Promise.resolve(
        Object.fromEntries(
          [...store].filter(([k, l]) => l.length > 0 && scopes.some((s) => k.startsWith(s))),
        ),
      );
    }),
    link: vi.fn((t: { key: string }, ids: string[], source: 'user' | 'label') => {
      const list = store.get(t.key) ?? [];
      for (const id of ids) {
        const hit = hits.find((h) => h.id === id)!;
        if (!list.some((l) => l.keyResultId === id))
          list.push(kr(hit.code, id, source === 'label' ? 'label' : undefined));
      }
      store.set(t.key, list);
      return Promise.resolve(list);
    }),
    unlink: vi.fn((key: string, id: string) => {
      store.set(
        key,
        (store.get(key) ?? []).filter((l) => l.keyResultId !== id),
      );
      return Promise.resolve(store.get(key)!);
    }),
    /** The background's rule (lib/db/label-links.ts), carried out through `link` and `unlink`. */
    syncLabelLinks: vi.fn(async (items: LabelLinks[]) => {
      for (const { ticket, codes, partial } of items) {
        const wanted = new Set(hits.filter((h) => codes.includes(h.code)).map((h) => h.id));
        const own = (store.get(ticket.key) ?? []).filter((l) => l.via === undefined);
        const plan = planLabelLinks(own, wanted, partial === true);
        if (plan.link.length) await backend.link(ticket, plan.link, 'label');
        for (const id of plan.unlink) await backend.unlink(ticket.key, id);
      }
      return Object.fromEntries(items.map((i) => [i.ticket.key, store.get(i.ticket.key) ?? []]));
    }),
    keyResults: () => Promise.resolve(hits),
    labelPatterns: () => Promise.resolve(['{code}', 'okr:{code}']),
    onDataChanged: (cb: (change: DataChange) => void) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    emitChange: (change: DataChange = {}) => listeners.forEach((l) => l(change)),
    store,
  };
  return backend satisfies OverlayBackend & Record<string, unknown>;
}

function fakeCtx() {
  const invalidated: (() => void)[] = [];
  const ctx: OverlayContext & { invalidate(): void } = {
    isValid: true,
    onInvalidated: (cb) => invalidated.push(cb),
    requestAnimationFrame: (cb) => window.requestAnimationFrame(cb),
    setTimeout: (cb, ms) => window.setTimeout(cb, ms),
    addEventListener: (t, type, h, o) => t.addEventListener(type, h, o),
    invalidate() {
      this.isValid = false;
      invalidated.forEach((cb) => cb());
    },
  };
  return ctx;
}

const frames = () => new Promise((r) => setTimeout(r, 50));
const hosts = (mode?: string) => [
  ...document.querySelectorAll<HTMLElement>(mode ? `[data-okr-lens="${mode}"]` : '[data-okr-lens]'),
];
const codes = (host: HTMLElement) =>
  [...host.shadowRoot!.querySelectorAll('[data-kr]')].map((e) => e.getAttribute('data-kr'));

let overlay: Overlay | undefined;
beforeEach(() => {
  document.body.innerHTML = '';
  document.title = 'Test';
  history.replaceState(null, '', '/');
});
afterEach(() => {
  overlay?.stop();
  overlay = undefined;
  vi.restoreAllMocks();
});

describe('overlay controller', () => {
  it('puts one ticket host on an issue view and fills it from one batched request', async () => {
    history.replaceState(null, '', '/issues/7');
    document.body.innerHTML = '<h1 data-n="7">Fix it</h1>';
    const backend = fakeBackend({ [KEY(7)]: [kr('KR1.2')] });
    overlay = startOverlay(fakeCtx(), adapter, backend);
    await frames();
    const [host, ...rest] = hosts('ticket');
    expect(rest).toHaveLength(0);
    expect(host!.getAttribute('data-ticket')).toBe(KEY(7));
    expect(host!.parentElement!.matches('h1')).toBe(true);
    expect(codes(host!)).toEqual(['KR1.2']);
    expect(backend.calls).toEqual([[KEY(7)]]);
  });

  it('shows the "Link to key result" control on an unlinked issue, and nothing on unlinked rows', async () => {
    history.replaceState(null, '', '/issues/8');
    document.body.innerHTML = '<h1 data-n="8">New</h1><ul><li data-n="9">a</li></ul>';
    overlay = startOverlay(fakeCtx(), adapter, fakeBackend());
    await frames();
    const ticket = hosts('ticket')[0]!;
    expect(ticket.shadowRoot!.querySelector('[aria-label="Link to key result"]')).not.toBeNull();
    // Rows stay quiet: no host at all until a row is known to be linked.
    expect(hosts('row')).toHaveLength(0);
  });

  it('badges a 200-row list with one request, and rows added later with one more', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => `<li data-n="${i + 1}">row</li>`).join('');
    document.body.innerHTML = `<ul>${rows}</ul>`;
    const backend = fakeBackend({ [KEY(3)]: [kr('KR1.2')], [KEY(250)]: [kr('KR2.1')] });
    // One slice for the whole list here (slicing has its own tests below).
    overlay = startOverlay(fakeCtx(), adapter, backend, { sliceMs: Infinity });
    await frames();
    expect(backend.calls).toHaveLength(1);
    expect(backend.calls[0]).toHaveLength(200);
    expect(hosts('row').map((h) => h.getAttribute('data-ticket'))).toEqual([KEY(3)]);
    expect(hosts('row')[0]!.getAttribute('data-linked')).toBe('true');

    // A virtualized list scrolls: rows go, new rows come.
    const ul = document.querySelector('ul')!;
    for (let i = 0; i < 50; i++) ul.firstElementChild!.remove();
    for (let i = 201; i <= 260; i++)
      ul.insertAdjacentHTML('beforeend', `<li data-n="${i}">row</li>`);
    await frames();
    expect(backend.calls).toHaveLength(2);
    expect(backend.calls[1]).toHaveLength(60);
    // Row 3 scrolled away with its badge; row 250 scrolled in with one.
    expect(hosts('row').map((h) => h.getAttribute('data-ticket'))).toEqual([KEY(250)]);
  });

  it('survives a re-render that replaces the header: exactly one badge, on the new element', async () => {
    history.replaceState(null, '', '/issues/7');
    document.body.innerHTML = '<div id="app"><h1 data-n="7">Fix it</h1></div>';
    overlay = startOverlay(fakeCtx(), adapter, fakeBackend({ [KEY(7)]: [kr('KR1.2')] }));
    await frames();
    document.getElementById('app')!.innerHTML = '<h1 data-n="7">Fix it (edited)</h1>';
    await frames();
    expect(hosts('ticket')).toHaveLength(1);
    expect(hosts('ticket')[0]!.parentElement).toBe(document.querySelector('h1'));
    // The page removes our host alone (React reconciling its children): it comes back.
    hosts('ticket')[0]!.remove();
    await frames();
    expect(hosts('ticket')).toHaveLength(1);
  });

  it('never keeps a stale badge through SPA navigation, and leaves none on a list', async () => {
    history.replaceState(null, '', '/issues/7');
    document.body.innerHTML = '<div id="app"><h1 data-n="7">Seven</h1></div>';
    const backend = fakeBackend({ [KEY(7)]: [kr('KR1.2')], [KEY(8)]: [kr('KR2.1')] });
    overlay = startOverlay(fakeCtx(), adapter, backend);
    await frames();
    // React keeps the node and swaps its attributes and text.
    history.pushState(null, '', '/issues/8');
    window.dispatchEvent(new Event('wxt:locationchange')); // what WXT's location watcher sends
    const h1 = document.querySelector('h1')!;
    h1.setAttribute('data-n', '8');
    h1.firstChild!.textContent = 'Eight';
    await frames();
    expect(hosts('ticket').map((h) => h.getAttribute('data-ticket'))).toEqual([KEY(8)]);
    expect(codes(hosts('ticket')[0]!)).toEqual(['KR2.1']);
    history.pushState(null, '', '/');
    document.getElementById('app')!.innerHTML = '<ul><li data-n="1">one</li></ul>';
    await frames();
    expect(hosts('ticket')).toHaveLength(0);
  });

  it('splits more than 500 tickets into several requests (the background takes 1,000 at most)', async () => {
    document.body.innerHTML = `<ul>${Array.from({ length: 1200 }, (_, i) => `<li data-n="${i + 1}">r</li>`).join('')}</ul>`;
    const backend = fakeBackend({ [KEY(1150)]: [kr('KR1.2')] });
    overlay = startOverlay(fakeCtx(), adapter, backend, { sliceMs: Infinity });
    await frames();
    await frames();
    expect(backend.calls.map((c) => c.length)).toEqual([500, 500, 200]);
    expect(hosts('row').map((h) => h.getAttribute('data-ticket'))).toEqual([KEY(1150)]);
  });

  it('badges a row of a known linked ticket inside the mutation callback, before the next frame', async () => {
    document.body.innerHTML = '<ul><li data-n="4">a</li></ul>';
    overlay = startOverlay(fakeCtx(), adapter, fakeBackend({ [KEY(4)]: [kr('KR1.2')] }));
    await frames();
    document.querySelector('li')!.remove();
    await frames();
    expect(hosts('row')).toHaveLength(0);
    let seenAt: number | undefined;
    const watch = new MutationObserver(() => {
      if (seenAt === undefined && document.querySelector('[data-okr-lens="row"]'))
        seenAt = performance.now();
    });
    watch.observe(document.body, { childList: true, subtree: true });
    const before = performance.now();
    document.querySelector('ul')!.insertAdjacentHTML('beforeend', '<li data-n="4">again</li>');
    await Promise.resolve();
    await Promise.resolve();
    expect(document.querySelector('[data-okr-lens="row"]')).not.toBeNull();
    watch.disconnect();
    expect(seenAt! - before).toBeLessThan(16);
  });

  it('asks once per repository for its linked tickets, so a never-seen row is badged in its mutation callback', async () => {
    document.body.innerHTML = '<ul><li data-n="1">a</li><li data-n="2">b</li></ul>';
    const backend = fakeBackend({ [KEY(900)]: [kr('KR2.1')], [KEY(2)]: [kr('KR1.2')] });
    overlay = startOverlay(fakeCtx(), adapter, backend);
    await frames();
    expect(backend.scopeCalls).toEqual([['github:github.com/acme/web#']]);
    // Row 900 was never on the page: a virtualized list renders it now.
    document.querySelector('ul')!.insertAdjacentHTML('beforeend', '<li data-n="900">late</li>');
    await Promise.resolve();
    await Promise.resolve();
    const late = document.querySelector('li[data-n="900"] [data-okr-lens="row"]') as HTMLElement;
    expect(late).not.toBeNull();
    expect(codes(late)).toEqual(['KR2.1']);
    await frames();
    expect(backend.scopeCalls).toHaveLength(1); // asked once, not per pass

    // A change elsewhere: the repository is asked again; an unlinked ticket loses its badge.
    backend.store.set(KEY(900), []);
    backend.emitChange();
    await frames();
    expect(backend.scopeCalls).toHaveLength(2);
    expect(hosts('row').map((h) => h.getAttribute('data-ticket'))).toEqual([KEY(2)]);
  });

  it('floats a badge from the URL when the title selector finds nothing', async () => {
    history.replaceState(null, '', '/issues/42');
    document.title = 'Forty-two';
    document.body.innerHTML = '<div>a tracker DOM that changed</div>';
    overlay = startOverlay(fakeCtx(), adapter, fakeBackend({ [KEY(42)]: [kr('KR1.2')] }), {
      fallbackDelayMs: 30,
    });
    await frames();
    await frames();
    const [host] = hosts('ticket');
    expect(host!.getAttribute('data-floating')).toBe('true');
    expect(host!.getAttribute('data-ticket')).toBe(KEY(42));
    // The real anchor shows up late (hydration): the floating badge gives way to it.
    document.body.insertAdjacentHTML('beforeend', '<h1 data-n="42">Forty-two</h1>');
    await frames();
    expect(hosts('ticket')).toHaveLength(1);
    expect(hosts('ticket')[0]!.hasAttribute('data-floating')).toBe(false);
  });

  it('refreshes every badge in one batch when the data changes elsewhere', async () => {
    document.body.innerHTML = '<ul><li data-n="1">a</li><li data-n="2">b</li></ul>';
    const backend = fakeBackend();
    overlay = startOverlay(fakeCtx(), adapter, backend);
    await frames();
    backend.store.set(KEY(2), [kr('KR2.1')]);
    backend.emitChange();
    await frames();
    expect(backend.calls).toHaveLength(2);
    expect(backend.calls[1]!.sort()).toEqual([KEY(1), KEY(2)]);
    expect(
      hosts('row')
        .find((h) => h.getAttribute('data-ticket') === KEY(2))!
        .getAttribute('data-linked'),
    ).toBe('true');
  });

  it('asks again only for the tickets a link change names, and only those it shows', async () => {
    document.body.innerHTML = '<ul><li data-n="1">a</li><li data-n="2">b</li></ul>';
    const backend = fakeBackend({ [KEY(1)]: [kr('KR1.2')], [KEY(900)]: [kr('KR2.1')] });
    overlay = startOverlay(fakeCtx(), adapter, backend);
    await frames();
    const before = backend.calls.length;
    backend.store.set(KEY(2), [kr('KR2.1')]);
    backend.store.set(KEY(900), []);
    backend.emitChange({ tickets: [KEY(2), KEY(900), 'jira:acme.atlassian.net/OPS-1'] });
    await frames();
    expect(backend.calls.slice(before)).toEqual([[KEY(2)]]);
    expect(backend.scopeCalls).toHaveLength(1); // the repository is not asked again
    expect(
      hosts('row')
        .find((h) => h.getAttribute('data-ticket') === KEY(2))!
        .getAttribute('data-linked'),
    ).toBe('true');
    // Row 900 (known from the repository's answer, not on the page) was forgotten: when a
    // virtualized list renders it, it is asked for as a new row, and stays unbadged.
    document.querySelector('ul')!.insertAdjacentHTML('beforeend', '<li data-n="900">late</li>');
    await frames();
    expect(backend.calls.slice(before)).toEqual([[KEY(2)], [KEY(900)]]);
    expect(hosts('row').map((h) => h.getAttribute('data-ticket'))).toEqual([KEY(1), KEY(2)]);
    // A change naming nothing this tab shows asks nothing.
    backend.emitChange({ tickets: ['jira:acme.atlassian.net/OPS-2'] });
    await frames();
    expect(backend.calls.slice(before)).toHaveLength(2);
  });

  it('takes the links a change carries without asking; an answer sent before does not undo them', async () => {
    document.body.innerHTML = '<ul><li data-n="1">a</li><li data-n="2">b</li></ul>';
    const backend = fakeBackend({ [KEY(1)]: [kr('KR1.2')] });
    overlay = startOverlay(fakeCtx(), adapter, backend);
    await frames();
    // A full refresh is on its way when a link of row 2 is announced with its links.
    let answerOld: (() => void) | undefined;
    backend.ticketsByKeys.mockImplementationOnce((tickets) => {
      backend.calls.push(tickets.map((t) => t.key));
      const old = Object.fromEntries(tickets.map((t) => [t.key, backend.store.get(t.key) ?? []]));
      return new Promise((resolve) => (answerOld = () => resolve(old)));
    });
    backend.emitChange();
    await frames();
    const asked = backend.calls.length;
    backend.emitChange({ tickets: [KEY(2)], links: { [KEY(2)]: [kr('KR2.1')] } });
    await frames();
    expect(backend.calls).toHaveLength(asked);
    const row2 = () => hosts('row').find((h) => h.getAttribute('data-ticket') === KEY(2));
    expect(codes(row2()!)).toEqual(['KR2.1']);
    answerOld!();
    await frames();
    expect(codes(row2()!)).toEqual(['KR2.1']);
    expect(codes(hosts('row')[0]!)).toEqual(['KR1.2']);
  });

  it('a child shown without its parent is asked again when the change names it (work hierarchy)', async () => {
    document.body.innerHTML = '<ul><li data-n="11">child</li></ul>';
    const backend = fakeBackend();
    overlay = startOverlay(fakeCtx(), adapter, backend);
    await frames();
    // The parent (#10, not on this page) was linked; the background names its child too.
    backend.store.set(KEY(11), [{ ...kr('KR3.3'), via: KEY(10) }]);
    backend.emitChange({ tickets: [KEY(10), KEY(11)] });
    await frames();
    expect(codes(hosts('row')[0]!)).toEqual(['KR3.3']);
  });

  it('a link made in the picker shows from its answer, with no second request', async () => {
    history.replaceState(null, '', '/issues/7');
    document.body.innerHTML = '<h1 data-n="7">Fix it</h1>';
    const backend = fakeBackend();
    overlay = startOverlay(fakeCtx(), adapter, backend, { loadPicker: () => ({ openPicker }) });
    await frames();
    const asked = backend.calls.length;
    expect(overlay.openPicker()).toBe(true);
    await frames();
    const input = document.querySelector('okr-lens-picker')!.shadowRoot!.querySelector('input')!;
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await frames();
    expect(backend.link).toHaveBeenCalledWith(
      expect.objectContaining({ key: KEY(7) }),
      ['kr1.2'],
      'user',
    );
    expect(codes(hosts('ticket')[0]!)).toEqual(['KR1.2']);
    expect(backend.calls).toHaveLength(asked);
  });

  it('sends the label links of a page’s rows in one request and shows its answer', async () => {
    const rows = [1, 2, 3].map((n) => `<li data-n="${n}" data-labels="okr:KR1.2,okr:kr2.1">r</li>`);
    document.body.innerHTML = `<ul>${rows.join('')}<li data-n="4" data-labels="bug">r</li></ul>`;
    const backend = fakeBackend();
    overlay = startOverlay(fakeCtx(), adapter, backend);
    await frames();
    await frames();
    expect(backend.syncLabelLinks).toHaveBeenCalledTimes(1);
    const [sent] = backend.syncLabelLinks.mock.calls[0]!;
    expect(sent.map((t) => [t.ticket.key, t.codes])).toEqual(
      [1, 2, 3].map((n) => [KEY(n), ['KR1.2', 'KR2.1']]),
    );
    const asked = backend.calls.length;
    expect(hosts('row').map((h) => codes(h))).toEqual([1, 2, 3].map(() => ['KR1.2', 'KR2.1']));
    expect(backend.calls).toHaveLength(asked); // shown from the answer
  });

  const labelCases = [
    {
      name: 'links tickets whose labels carry a KR code, and unlinks when the label goes',
      labels: 'bug,okr:kr2.1',
      partial: false,
    },
    {
      name: 'lets rows that may show only some labels add label links, never remove them',
      labels: 'okr:kr2.1',
      partial: true,
    },
  ];
  for (const { name, labels, partial } of labelCases)
    it(name, async () => {
      document.body.innerHTML = `<ul><li data-n="5" data-labels="${labels}"${partial ? ' data-partial' : ''}>a</li></ul>`;
      const backend = fakeBackend();
      overlay = startOverlay(fakeCtx(), adapter, backend);
      await frames();
      await frames();
      expect(backend.link).toHaveBeenCalledWith(
        expect.objectContaining({ key: KEY(5) }),
        ['kr2.1'],
        'label',
      );
      backend.emitChange();
      await frames();
      const li = document.querySelector('li')!;
      /** The row shows other labels, or the same ones in full; a DOM change, as a re-render makes. */
      const rerender = async (edit: () => void) => {
        edit();
        li.append(' ');
        await frames();
        await frames();
      };
      await rerender(() => li.setAttribute('data-labels', 'bug'));
      if (partial) {
        // The row now shows another label only: KR2.1 may just be folded away, so it stays.
        expect(backend.unlink).not.toHaveBeenCalled();
        expect(codes(hosts('row')[0]!)).toEqual(['KR2.1']);
        // The same ticket with all its labels (no longer partial) and without KR2.1: unlinked.
        await rerender(() => li.removeAttribute('data-partial'));
      }
      expect(backend.unlink).toHaveBeenCalledWith(KEY(5), 'kr2.1');
    });

  it('renders hostile page text as text', async () => {
    history.replaceState(null, '', '/issues/9');
    document.title = '<img src=x onerror="window.__pwned=1">';
    document.body.innerHTML = '<h1 data-n="9"></h1>';
    document.querySelector('h1')!.textContent = '<img src=x onerror="window.__pwned=1">';
    const evil = kr('KR1.2');
    evil.title = '<script>window.__pwned=2</script>';
    overlay = startOverlay(fakeCtx(), adapter, fakeBackend({ [KEY(9)]: [evil] }));
    await frames();
    const root = hosts('ticket')[0]!.shadowRoot!;
    expect(root.querySelector('script, img')).toBeNull();
    expect(root.textContent).toContain('<script>');
  });

  it('removes everything it added when the extension context goes away', async () => {
    history.replaceState(null, '', '/issues/7');
    document.body.innerHTML = '<h1 data-n="7">Fix it</h1><ul><li data-n="2">b</li></ul>';
    const ctx = fakeCtx();
    overlay = startOverlay(ctx, adapter, fakeBackend({ [KEY(2)]: [kr('KR1.2')] }));
    await frames();
    expect(hosts()).toHaveLength(2);
    ctx.invalidate();
    expect(hosts()).toHaveLength(0);
    document.body.insertAdjacentHTML('beforeend', '<h1 data-n="3">late</h1>');
    await frames();
    expect(hosts()).toHaveLength(0);
  });

  it('closes its open picker when the extension context goes away, giving focus back', async () => {
    history.replaceState(null, '', '/issues/7');
    document.body.innerHTML = '<button id="b">b</button><h1 data-n="7">Fix it</h1>';
    document.getElementById('b')!.focus();
    const ctx = fakeCtx();
    // The picker's module, loaded (the product imports it on first use: overlay-lazy tests).
    overlay = startOverlay(ctx, adapter, fakeBackend(), { loadPicker: () => ({ openPicker }) });
    await frames();
    expect(overlay.openPicker()).toBe(true);
    expect(overlay.openPicker()).toBe(true); // opening again keeps the one picker
    expect(document.querySelectorAll('okr-lens-picker')).toHaveLength(1);
    ctx.invalidate();
    expect(document.querySelectorAll('okr-lens-picker')).toHaveLength(0);
    expect(document.activeElement).toBe(document.getElementById('b'));
  });
});

/** The test adapter read lazily, each row costing `perRowMs` of busy main thread. */
/**
 * An adapter whose rows each take `perRowMs` to read, on a clock that only rows advance
 * (`performance.now` is replaced for the test): which rows fall in which slice is then the
 * same on a loaded machine as on an idle one.
 */
function slowAdapter(perRowMs: number) {
  const read = { rows: 0, scans: 0 };
  const start = performance.now();
  let spent = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => start + spent);
  const slow: TrackerAdapter = {
    ...adapter,
    *scan(url, root) {
      read.scans++;
      for (const a of adapter.anchors(url, root)) {
        spent += perRowMs; // a row that is expensive to read
        read.rows++;
        yield a;
      }
    },
  };
  return { adapter: slow, read };
}

const list = (n: number) =>
  `<ul>${Array.from({ length: n }, (_, i) => `<li data-n="${i + 1}">r</li>`).join('')}</ul>`;

describe('overlay controller: long pages are read in slices', () => {
  it('reads a slice, lets the page run, asks for the first rows at once and the rest in one batch', async () => {
    document.body.innerHTML = list(60);
    const backend = fakeBackend({ [KEY(2)]: [kr('KR1.2')], [KEY(55)]: [kr('KR2.1')] });
    const { adapter: slow, read } = slowAdapter(0.5);
    overlay = startOverlay(fakeCtx(), slow, backend, { sliceMs: 2 });
    // The first slice runs in the task after startOverlay: ≤ 2 ms of rows at 0.5 ms each,
    // asked for at once.
    expect(backend.calls).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 0));
    expect(backend.calls).toHaveLength(1);
    expect(backend.calls[0]!.length).toBeGreaterThanOrEqual(1);
    expect(backend.calls[0]!.length).toBeLessThanOrEqual(4);
    // The page's own tasks run between slices.
    const readWhenPageRan = await new Promise<number>((r) => setTimeout(() => r(read.rows), 0));
    expect(readWhenPageRan).toBeLessThan(60);
    await vi.waitFor(() => expect(backend.calls.flat()).toHaveLength(60), { timeout: 3000 });
    expect(backend.calls).toHaveLength(2);
    expect(new Set(backend.calls.flat()).size).toBe(60);
    await frames();
    expect(hosts('row').map((h) => h.getAttribute('data-ticket'))).toEqual([KEY(2), KEY(55)]);
    expect(read.scans).toBe(1); // no second pass: nothing on the page changed
  });

  it('gives rows past the first slice their badges at the end of the scan, all in one task', async () => {
    document.body.innerHTML = list(60);
    const linked = [2, 30, 40, 55];
    const backend = fakeBackend(Object.fromEntries(linked.map((n) => [KEY(n), [kr('KR1.2')]])));
    const { adapter: slow, read } = slowAdapter(0.5);
    const batches: string[][] = [];
    const watch = new MutationObserver((records) => {
      const keys = records.flatMap((r) =>
        [...r.addedNodes].flatMap((n) =>
          n instanceof HTMLElement && n.dataset.okrLens ? [n.dataset.ticket!] : [],
        ),
      );
      if (keys.length) batches.push(keys);
    });
    watch.observe(document.body, { childList: true, subtree: true });
    overlay = startOverlay(fakeCtx(), slow, backend, { sliceMs: 2 });
    await new Promise((r) => setTimeout(r, 0));
    await Promise.resolve();
    await Promise.resolve();
    // The repository's links are in; the first slice's row 2 is badged, the rest wait.
    expect(read.rows).toBeLessThan(30);
    expect(hosts('row').map((h) => h.getAttribute('data-ticket'))).toEqual([KEY(2)]);
    await vi.waitFor(() => expect(hosts('row')).toHaveLength(4), { timeout: 3000 });
    watch.disconnect();
    expect(batches).toEqual([[KEY(2)], [KEY(30), KEY(40), KEY(55)]]);
  });

  it('keeps a badge the mutation fast path made while a scan ran, for a row the scan had passed', async () => {
    document.body.innerHTML = list(60);
    const backend = fakeBackend({ [KEY(150)]: [kr('KR2.1')] });
    const { adapter: slow, read } = slowAdapter(0.5);
    overlay = startOverlay(fakeCtx(), slow, backend, { sliceMs: 2 });
    const removed: string[] = [];
    const watch = new MutationObserver((records) => {
      for (const r of records)
        for (const n of r.removedNodes)
          if (n instanceof HTMLElement && n.dataset.okrLens) removed.push(n.dataset.ticket!);
    });
    watch.observe(document.body, { childList: true, subtree: true });
    // The first slice asks for the repository's links; they arrive; a virtualized list then
    // renders row 150 at the top.
    await new Promise((r) => setTimeout(r, 0));
    await Promise.resolve();
    await Promise.resolve();
    expect(read.rows).toBeLessThan(60);
    document.querySelector('ul')!.insertAdjacentHTML('afterbegin', '<li data-n="150">new</li>');
    await Promise.resolve();
    expect(hosts('row').map((h) => h.getAttribute('data-ticket'))).toEqual([KEY(150)]);
    await vi.waitFor(() => expect(read.scans).toBe(2), { timeout: 3000 });
    await vi.waitFor(() => expect(read.rows).toBe(121), { timeout: 3000 });
    await frames();
    watch.disconnect();
    expect(removed).toEqual([]);
    expect(hosts('row').map((h) => h.getAttribute('data-ticket'))).toEqual([KEY(150)]);
  });

  it('reads a list once when nothing changes (the fallback re-check is for a ticket page only)', async () => {
    document.body.innerHTML = list(30);
    const { adapter: slow, read } = slowAdapter(0);
    overlay = startOverlay(fakeCtx(), slow, fakeBackend({ [KEY(2)]: [kr('KR1.2')] }), {
      fallbackDelayMs: 20,
    });
    await frames();
    await frames();
    expect(hosts('row')).toHaveLength(1);
    expect(read.scans).toBe(1);
  });

  it('drops a scan when the page navigates in its middle: nothing of the old page is left', async () => {
    document.body.innerHTML = list(60);
    const backend = fakeBackend({ [KEY(50)]: [kr('KR1.2')], [KEY(7)]: [kr('KR2.1')] });
    const { adapter: slow, read } = slowAdapter(0.5);
    overlay = startOverlay(fakeCtx(), slow, backend, { sliceMs: 2 });
    history.pushState(null, '', '/issues/7');
    document.body.innerHTML = '<h1 data-n="7">Fix it</h1>';
    await vi.waitFor(() => expect(hosts('ticket')).toHaveLength(1), { timeout: 3000 });
    await frames();
    expect(read.rows).toBeLessThan(60); // the list's scan stopped where it was
    expect(hosts().map((h) => h.getAttribute('data-ticket'))).toEqual([KEY(7)]);
    expect(codes(hosts('ticket')[0]!)).toEqual(['KR2.1']);
  });
});

describe('badge hosts', () => {
  it('sit beside inline text with a left margin, and on a line of their own without one', () => {
    const inline = createHost({ mode: 'row', key: KEY(1), theme: 'light' });
    const block = createHost({ mode: 'ticket', key: KEY(2), theme: 'light', block: true });
    expect(inline.style.getPropertyValue('margin-left')).toBe('4px');
    expect(block.style.getPropertyValue('margin-left')).toBe('0px');
    expect(block.style.getPropertyValue('margin-bottom')).toBe('8px');
    expect(block.style.getPropertyPriority('margin-left')).toBe('important');
  });
});

describe('scopeOf', () => {
  it('is the key without its number: repository, Jira project, Linear team', () => {
    expect(scopeOf('github:github.com/acme/web#12')).toBe('github:github.com/acme/web#');
    expect(scopeOf('jira:acme.atlassian.net/AB2-7')).toBe('jira:acme.atlassian.net/AB2-');
    expect(scopeOf('linear:acme/ENG-123')).toBe('linear:acme/ENG-');
    expect(scopeOf('not-a-key')).toBe('');
  });
});
