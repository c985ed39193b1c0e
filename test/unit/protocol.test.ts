import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import * as store from '@/lib/db';
import type { OkrDb } from '@/lib/db';
import type { State } from '@/lib/okr/dto';
import {
  MessageError,
  REVISION_KEY,
  SEEN_KEY,
  handleTabRequests,
  onDataChanged,
  POSTED_BEAT,
  send,
  sendLarge,
} from '@/lib/protocol';
import type { Envelope, RequestInput, Revision } from '@/lib/protocol';
import { announced, dispatch, handle, handlePosted } from '@/lib/background/server';
import type { Backend, PostTarget, PostedMessageEvent } from '@/lib/background/server';
import { DESTRUCTIVE_TYPES, requestTypes, requests } from '@/lib/background/requests';
import { TICKET_A, TICKET_C, closeDbs, freshDb, fullFile } from './helpers/db';

const BASE = `chrome-extension://${fakeBrowser.runtime.id}/`;
const OPTIONS = { id: fakeBrowser.runtime.id, url: `${BASE}options.html` };
/** An options page open in a tab: it has `tab` like a content script, but an extension URL. */
const OPTIONS_IN_TAB = { ...OPTIONS, tab: { id: 3 } };
const CONTENT = {
  id: fakeBrowser.runtime.id,
  url: 'https://github.com/acme/web/issues/12',
  tab: { id: 7 },
};

let db: OkrDb;
let backend: Backend;
let stop: () => void;

beforeEach(async () => {
  fakeBrowser.reset();
  db = freshDb();
  const domains: { origin: string; tracker: 'github' | 'jira'; granted: boolean }[] = [];
  backend = {
    db,
    domains: {
      list: () => Promise.resolve([...domains]),
      add: (origin, tracker) => {
        domains.push({ origin, tracker, granted: true });
        return Promise.resolve([...domains]);
      },
      remove: (origin) => {
        domains.splice(
          domains.findIndex((d) => d.origin === origin),
          1,
        );
        return Promise.resolve([...domains]);
      },
    },
  };
  await store.importFile(db, fullFile());
  stop = handle(backend);
});
afterEach(async () => {
  stop();
  await closeDbs();
});

/** Deliver a message the way the browser does; the listener's answer (undefined = dropped). */
async function deliver(message: unknown, sender: object): Promise<Envelope | undefined> {
  const answers = await fakeBrowser.runtime.onMessage.trigger(message, sender, () => {});
  expect(answers).toHaveLength(1);
  return answers[0] as Envelope | undefined;
}

/** The revision once every answered write has been announced (answers do not wait for it). */
async function revision(): Promise<Revision | undefined> {
  await announced();
  return (await fakeBrowser.storage.local.get(REVISION_KEY))[REVISION_KEY] as Revision | undefined;
}

describe('dispatch', () => {
  it('answers ping and reads', async () => {
    expect(await dispatch(backend, { type: 'ping' }, {}, BASE)).toMatchObject({
      ok: true,
      value: { pong: true },
    });
    const state = await dispatch(backend, { type: 'getState' }, CONTENT, BASE);
    expect(state.ok && (state.value as State).keyResults).toHaveLength(4);
  });

  it.each([
    ['not an object', 'ping'],
    ['no type', {}],
    ['unknown type', { type: 'dropTables' }],
    ['missing payload', { type: 'deleteCycle' }],
    ['extra keys', { type: 'ping', sneaky: true }],
    ['bad ticket key', { type: 'ticketsByKeys', tickets: [{ key: 'javascript:alert(1)' }] }],
  ])('rejects an invalid request (%s) with an error, never a throw', async (_, message) => {
    const answer = await dispatch(backend, message, OPTIONS, BASE);
    expect(answer.ok).toBe(false);
    expect(!answer.ok && answer.error.message).toMatch(/^Invalid request/);
    expect(!answer.ok && answer.error.issues?.length).toBeGreaterThan(0);
  });

  it('maps a zod issue inside a record to the record field name', async () => {
    const answer = await dispatch(
      backend,
      {
        type: 'upsertKeyResult',
        keyResult: { objectiveId: 'o1', code: 'has space', title: 'T', kind: 'increase' },
      },
      OPTIONS,
      BASE,
    );
    expect(answer).toMatchObject({ ok: false, error: { field: 'code' } });
  });

  it('carries UserError fields and ImportError issues back', async () => {
    const clash = await dispatch(
      backend,
      {
        type: 'upsertKeyResult',
        keyResult: { objectiveId: 'o2', code: 'kr1.1', title: 'T', kind: 'milestone' },
      },
      OPTIONS,
      BASE,
    );
    expect(clash).toMatchObject({ ok: false, error: { field: 'code' } });

    const bad = await dispatch(
      backend,
      { type: 'importFile', file: { format: 'okr-lens', version: 1, cycles: [{ id: 'x' }] } },
      OPTIONS,
      BASE,
    );
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error.issues?.map((i) => i.path)).toContain('cycles[0].name');
  });

  it('rejects destructive requests from content scripts and accepts them from extension pages', async () => {
    const destructive: RequestInput[] = [
      { type: 'deleteCycle', id: 'c-q4' },
      { type: 'deleteObjective', id: 'o1' },
      { type: 'deleteKeyResult', id: 'k1' },
      { type: 'deleteCheckIn', id: 'ci1' },
      { type: 'importFile', file: fullFile() },
      { type: 'clearAll' },
      { type: 'loadSample', today: '2026-11-23' },
      { type: 'addDomain', origin: 'https://git.example.com', tracker: 'github' },
      { type: 'removeDomain', origin: 'https://git.example.com' },
      {
        type: 'saveConnection',
        connection: { tracker: 'linear', workspace: 'acme', token: 'lin_api_12345678' },
      },
      { type: 'testConnection', id: 'no-such-connection' },
      { type: 'removeConnection', id: 'no-such-connection' },
      { type: 'discardLabelWrites', ids: ['no-such-entry'] },
      { type: 'syncTeamLinks' },
      { type: 'setTeamSyncMinutes', minutes: 30 },
      // Team OKRs (lib/background/git/requests.ts): subscribing and publishing use a stored token.
      {
        type: 'subscribeTeam',
        source: { kind: 'url', url: 'https://okrs.example.com/2026-Q4.json' },
      },
      {
        type: 'publishTeam',
        cycleId: 'c-q4',
        target: {
          kind: 'github',
          host: 'github.com',
          owner: 'acme',
          repo: 'okrs',
          branch: 'main',
          path: 'q4.json',
        },
      },
      { type: 'unsubscribeTeam', id: 'sub-1' },
    ];
    expect(new Set(destructive.map((r) => r.type))).toEqual(DESTRUCTIVE_TYPES);
    const before = JSON.stringify(await store.exportAll(db, new Date(0)));
    for (const req of destructive) {
      for (const sender of [CONTENT, {}, { url: `https://evil.example/${BASE}` }]) {
        const answer = await dispatch(backend, req, sender, BASE);
        expect(answer.ok, `${req.type} from ${sender.url}`).toBe(false);
      }
    }
    expect(JSON.stringify(await store.exportAll(db, new Date(0)))).toBe(before);

    // Team OKRs need a reachable repository or URL: from an extension page they run (and
    // fail on the network here), i.e. they are not refused for their sender.
    // The team sync reads the trackers (not available in this test's background).
    const networked = new Set(['subscribeTeam', 'publishTeam', 'syncTeamLinks']);
    for (const req of destructive) {
      const answer = await dispatch(backend, req, OPTIONS_IN_TAB, BASE);
      // Testing a connection that does not exist runs, and fails on that, not on the sender.
      if (req.type === 'testConnection')
        expect(answer).toEqual({
          ok: false,
          error: { message: 'That connection was removed.', field: 'id' },
        });
      else if (networked.has(req.type))
        expect(!answer.ok && answer.error.message, req.type).not.toMatch(/accepted only from/);
      else expect(answer.ok, req.type).toBe(true);
    }
  });

  it('lets content scripts link, unlink and ask for tickets', async () => {
    const linked = await dispatch(
      backend,
      { type: 'link', ticket: TICKET_C, keyResultIds: ['k1'], meta: { title: 'Hi' } },
      CONTENT,
      BASE,
    );
    expect(linked).toMatchObject({ ok: true, value: [{ ticket: TICKET_C, keyResultId: 'k1' }] });
    const tickets = await dispatch(
      backend,
      { type: 'ticketsByKeys', tickets: [{ key: TICKET_C }, { key: TICKET_A }] },
      CONTENT,
      BASE,
    );
    expect(tickets.ok && Object.keys(tickets.value as object)).toEqual([TICKET_C, TICKET_A]);
    expect(
      await dispatch(
        backend,
        { type: 'unlink', ticket: TICKET_C, keyResultId: 'k1' },
        CONTENT,
        BASE,
      ),
    ).toEqual({ ok: true, value: [] });
  });
});

describe('handle (the runtime.onMessage listener)', () => {
  it('answers messages from this extension with a Promise of an envelope', async () => {
    const answer = await deliver({ type: 'searchKeyResults', query: 'churn' }, CONTENT);
    expect(answer).toMatchObject({ ok: true, value: [{ id: 'k3' }] });
  });

  it('drops messages whose sender is not this extension', async () => {
    expect(await deliver({ type: 'getState' }, { id: 'another-extension', url: OPTIONS.url })).toBe(
      undefined,
    );
    expect(await deliver({ type: 'clearAll' }, { url: OPTIONS.url })).toBeUndefined();
    expect(await db.cycles.count()).toBe(2);
  });

  it('rejects a destructive request from a content-script URL and accepts it from options.html', async () => {
    const refused = await deliver({ type: 'deleteCycle', id: 'c-q4' }, CONTENT);
    expect(refused).toMatchObject({ ok: false });
    expect(await db.cycles.get('c-q4')).toBeDefined();
    expect(await revision()).toBeUndefined();

    const accepted = await deliver({ type: 'deleteCycle', id: 'c-q4' }, OPTIONS_IN_TAB);
    expect(accepted).toMatchObject({ ok: true, value: { cycles: 1, keyResults: 3 } });
    expect(await db.cycles.get('c-q4')).toBeUndefined();
  });

  it('answers an invalid message with an error envelope', async () => {
    expect(await deliver({ type: 'upsertCycle', cycle: { name: 3 } }, OPTIONS)).toMatchObject({
      ok: false,
      error: { field: 'name' },
    });
  });

  it('bumps the revision after each successful write, and only then', async () => {
    const seen: Revision[] = [];
    const unsubscribe = onDataChanged((r) => seen.push(r));

    await deliver(
      { type: 'upsertCycle', cycle: { name: 'Q1', start: '2027-01-01', end: '2027-03-31' } },
      OPTIONS,
    );
    expect(await revision()).toMatchObject({ rev: 1, types: ['upsertCycle'] });
    await deliver({ type: 'link', ticket: TICKET_C, keyResultIds: 'k2' }, CONTENT);
    expect(await revision()).toMatchObject({ rev: 2, types: ['link'] });

    // Reads, failures and ticketsByKeys (sent by every tab on every change) do not bump.
    await deliver({ type: 'getState' }, OPTIONS);
    await deliver({ type: 'ticketsByKeys', tickets: [{ key: TICKET_A }] }, CONTENT);
    await deliver({ type: 'deleteCycle', id: 'c-q4' }, CONTENT);
    await deliver({ type: 'upsertCycle', cycle: { name: 'Q', start: 'x', end: 'y' } }, OPTIONS);
    expect((await revision())?.rev).toBe(2);

    expect(seen.map((r) => r.rev)).toEqual([1, 2]);
    unsubscribe();
    await deliver({ type: 'clearAll' }, OPTIONS);
    expect((await revision())?.rev).toBe(3);
    expect(seen).toHaveLength(2);
  });

  it('publishes recorded ticket changes under SEEN_KEY, never as a revision', async () => {
    const seenRev = async () =>
      ((await fakeBrowser.storage.local.get(SEEN_KEY))[SEEN_KEY] as { rev: number } | undefined)
        ?.rev;
    const heard: Revision[] = [];
    const unsubscribe = onDataChanged((r) => heard.push(r));
    await deliver({ type: 'ticketsByKeys', tickets: [{ key: TICKET_C, title: 'Fix' }] }, CONTENT);
    await vi.waitFor(async () => expect(await seenRev()).toBe(1));
    await deliver({ type: 'ticketsByKeys', tickets: [{ key: TICKET_C, title: 'Fix' }] }, CONTENT);
    await deliver({ type: 'ticketsByKeys', tickets: [{ key: TICKET_C, state: 'done' }] }, CONTENT);
    await vi.waitFor(async () => expect(await seenRev()).toBe(2));
    expect(await revision()).toBeUndefined();
    expect(heard).toEqual([]); // content scripts, which listen to revisions, hear nothing
    unsubscribe();
  });

  it('numbers concurrent writes without gaps or repeats', async () => {
    await Promise.all(
      ['a', 'b', 'c', 'd'].map((n) =>
        deliver(
          { type: 'upsertCycle', cycle: { name: n, start: '2027-01-01', end: '2027-03-31' } },
          OPTIONS,
        ),
      ),
    );
    expect((await revision())?.rev).toBe(4);
  });
});

describe('send', () => {
  beforeEach(() => {
    // fakeBrowser.runtime.sendMessage ignores Promise-returning listeners: route it through
    // the listener the way the browser does for an extension page.
    const viaListener = (message: unknown): Promise<unknown> =>
      fakeBrowser.runtime.onMessage
        .trigger(message, OPTIONS, () => {})
        .then((answers: unknown[]) => answers[0]);
    // sendMessage's typings include a callback overload returning void; the Promise is meant.
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(viaListener);
  });
  afterEach(() => vi.restoreAllMocks());

  it('returns the typed value', async () => {
    const hits = await send({ type: 'searchKeyResults', query: 'signups' });
    expect(hits.map((h) => h.code)).toEqual(['KR1.1']);
    const saved = await send({ type: 'saveSettings', settings: { staleDays: 5 } });
    expect(saved.staleDays).toBe(5);
  });

  it('rethrows refusals as MessageError with field and issues', async () => {
    const e = await send({ type: 'saveSettings', settings: { onTrackGap: 0.5 } }).catch(
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(MessageError);
    expect(e).toMatchObject({ field: 'atRiskGap' });

    const bad = await send({ type: 'importFile', file: { format: 'nope' } }).catch(
      (err: unknown) => err,
    );
    expect(bad).toBeInstanceOf(MessageError);
    expect((bad as MessageError).issues?.[0]?.path).toBe('format');
  });

  it('throws MessageError when nobody answers', async () => {
    stop();
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue(undefined);
    await expect(send({ type: 'ping' })).rejects.toBeInstanceOf(MessageError);
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockRejectedValue(
      new Error('Extension context invalidated.'),
    );
    await expect(send({ type: 'ping' })).rejects.toThrow(/Extension context invalidated/);
  });
});

describe('sendLarge → handlePosted (requests posted to the service worker)', () => {
  /**
   * A service worker's global scope as far as `handlePosted` uses it, and the worker a page
   * posts to: each post is delivered as a `message` event from `origin` and `url`, the way
   * Chromium delivers a page's `postMessage` (its ports transferred, the data a clone).
   */
  function worker(origin = BASE.slice(0, -1), url = OPTIONS.url) {
    const listeners = new Set<(e: PostedMessageEvent) => void>();
    const kept: Promise<unknown>[] = [];
    /** Everything the worker posted back on the ports, beats included. */
    const posted: unknown[] = [];
    const scope: PostTarget = {
      addEventListener: (_type, l) => void listeners.add(l),
      removeEventListener: (_type, l) => void listeners.delete(l),
    };
    const receiver = {
      postMessage(message: unknown, transfer: Transferable[]) {
        const port = transfer[0] as MessagePort;
        const post = port.postMessage.bind(port);
        port.postMessage = (m: unknown) => {
          posted.push(m);
          post(m);
        };
        const event: PostedMessageEvent = {
          data: structuredClone(message),
          origin,
          ports: [port],
          source: { url },
          waitUntil: (p) => void kept.push(p),
        };
        for (const l of listeners) l(event);
      },
    };
    return { scope, receiver, kept, listeners, posted };
  }

  it('answers a request from an extension page as send does, and announces a write', async () => {
    const w = worker();
    const off = handlePosted(backend, w.scope, BASE);
    try {
      const hits = await sendLarge({ type: 'searchKeyResults', query: 'signups' }, w.receiver);
      expect(hits.map((h) => h.code)).toEqual(['KR1.1']);
      const before = (await revision())?.rev ?? 0;
      const file = await sendLarge({ type: 'exportAll' }, w.receiver);
      const counts = await sendLarge({ type: 'importFile', file }, w.receiver);
      expect(counts.links.unchanged).toBe(file.links.length);
      expect((await revision())?.rev).toBe(before + 1);
      // The event was kept open until the answer went out.
      expect(w.kept).toHaveLength(3);
      await Promise.all(w.kept);
    } finally {
      off();
    }
    expect(w.listeners.size).toBe(0);
  });

  it('refuses what send refuses: a destructive request from a page outside the extension, an invalid import', async () => {
    const w = worker(BASE.slice(0, -1), CONTENT.url);
    const off = handlePosted(backend, w.scope, BASE);
    try {
      await expect(sendLarge({ type: 'clearAll' }, w.receiver)).rejects.toThrow(
        /accepted only from the OKR Lens options page/,
      );
      const ok = worker();
      const off2 = handlePosted(backend, ok.scope, BASE);
      const bad = await sendLarge(
        { type: 'importFile', file: { format: 'nope' } },
        ok.receiver,
      ).catch((e: unknown) => e);
      off2();
      expect(bad).toBeInstanceOf(MessageError);
      expect((bad as MessageError).issues?.[0]?.path).toBe('format');
    } finally {
      off();
    }
    expect((await store.exportAll(db)).links.length).toBeGreaterThan(0);
  });

  it('ignores posts from another origin: the page gives up after the silence, with a clear error', async () => {
    const w = worker('https://evil.example');
    const off = handlePosted(backend, w.scope, BASE);
    try {
      const e = await sendLarge({ type: 'clearAll' }, w.receiver, 300).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(MessageError);
      expect((e as Error).message).toMatch(
        /could not reach its background: it stopped before answering/,
      );
      expect(w.kept).toHaveLength(0);
    } finally {
      off();
    }
    expect((await store.exportAll(db)).links.length).toBeGreaterThan(0);
  });

  it('answers at once, with an error, a message it cannot dispatch (no wait for the silence)', async () => {
    const w = worker();
    const off = handlePosted(backend, w.scope, BASE);
    try {
      // Structured cloning carries a BigInt where runtime messaging's JSON would not.
      const req = { type: 10n } as unknown as Parameters<typeof sendLarge>[0];
      const t0 = Date.now();
      await expect(sendLarge(req, w.receiver, 5_000)).rejects.toThrow(
        /could not answer this request/,
      );
      expect(Date.now() - t0).toBeLessThan(4_000);
    } finally {
      off();
    }
  });

  it('a worker stopped mid-request (no answer, no beat) fails the page after the silence', async () => {
    const silent = { postMessage: () => {} };
    const t0 = Date.now();
    await expect(sendLarge({ type: 'ping' }, silent, 200)).rejects.toThrow(
      /could not reach its background/,
    );
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
  });

  it('a request that outlasts the silence is kept alive by the beats', async () => {
    const slow: Backend = {
      ...backend,
      domains: {
        ...backend.domains!,
        list: () => new Promise((r) => setTimeout(() => r([]), 2_600)),
      },
    };
    const w = worker();
    const off = handlePosted(slow, w.scope, BASE);
    try {
      // Silence 1.5 s, a beat every second, the answer after 2.6 s.
      expect(await sendLarge({ type: 'listDomains' }, w.receiver, 1_500)).toEqual([]);
      expect(w.posted.filter((m) => m === POSTED_BEAT)).toHaveLength(2);
      expect(w.posted.at(-1)).toEqual({ ok: true, value: [] });
    } finally {
      off();
    }
  });

  it("is send where there is no service worker (Firefox's event page, these tests)", async () => {
    const viaListener = (message: unknown): Promise<unknown> =>
      fakeBrowser.runtime.onMessage
        .trigger(message, OPTIONS, () => {})
        .then((answers: unknown[]) => answers[0]);
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    const sent = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(viaListener);
    try {
      const hits = await sendLarge({ type: 'searchKeyResults', query: 'signups' });
      expect(hits.map((h) => h.code)).toEqual(['KR1.1']);
      expect(sent).toHaveBeenCalledTimes(1);
    } finally {
      vi.restoreAllMocks();
    }
  });
});

describe('the contract', () => {
  it('has one table entry per operation, each with a handler and a payload shape', () => {
    expect([...requestTypes].sort()).toEqual(
      [
        'addCheckIn',
        'clearAll',
        'deleteCheckIn',
        'deleteCycle',
        'deleteKeyResult',
        'deleteObjective',
        'exportAll',
        'getState',
        'optionsState',
        'coverage',
        'getSettings',
        'quarterSummary',
        'krEvidence',
        'carryOver',
        'importFile',
        'listDomains',
        'addDomain',
        'removeDomain',
        'teamStatus',
        'subscribeTeam',
        'refreshTeam',
        'publishTeam',
        'resolveTeamConflict',
        'retryTeamCommits',
        'unsubscribeTeam',
        'link',
        'linkedInScopes',
        'loadSample',
        'ping',
        'saveSettings',
        'searchKeyResults',
        'ticketsByKeys',
        'unlink',
        'syncLabelLinks',
        'upsertCycle',
        'upsertKeyResult',
        'upsertObjective',
        'teamLinksStatus',
        'saveConnection',
        'removeConnection',
        'testConnection',
        'retryLabelWrites',
        'discardLabelWrites',
        'syncTeamLinks',
        'setTeamSyncMinutes',
      ].sort(),
    );
    for (const type of requestTypes) {
      const def = requests[type] as { run?: unknown; input?: unknown };
      expect(typeof def.run, `${type} has no handler`).toBe('function');
      expect(typeof def.input, `${type} has no payload shape`).toBe('object');
    }
  });

  it('answers every request type through its handler (a missing one would be an error)', async () => {
    const seen = new Set<string>();
    for (const type of requestTypes) {
      const answer = await dispatch(backend, { type }, OPTIONS, BASE);
      // A payload-less request runs; the others are refused by their schema, not for a
      // missing handler.
      if (answer.ok) seen.add(type);
      else expect(answer.error.message, type).not.toMatch(/not a known request/);
    }
    expect(seen).toContain('ping');
    expect(seen).toContain('getState');
  });

  it('protocol.ts, the half content scripts and the popup load, imports nothing with zod or the database in it', () => {
    const source = readFileSync(new URL('../../lib/protocol.ts', import.meta.url), 'utf8');
    const runtime = (source.match(/^import (?!type )[^;]*;/gm) ?? []).join('\n');
    expect(runtime).toBe(
      "import { browser } from 'wxt/browser';\nimport { FieldError } from './okr/errors';",
    );
    const errors = readFileSync(new URL('../../lib/okr/errors.ts', import.meta.url), 'utf8');
    expect(errors).not.toMatch(/^import /m);
  });
});

describe('handleTabRequests (the content script side)', () => {
  const POPUP = { id: fakeBrowser.runtime.id, url: `${BASE}popup.html` };
  let stopTab: () => void;
  beforeEach(() => {
    stop(); // only the tab listener listens here
    stop = () => {};
    stopTab = handleTabRequests({
      'tab.openPicker': () => ({ opened: true }),
      'tab.pageTicket': () => Promise.resolve({ key: TICKET_A, tracker: 'github' }),
    });
  });
  afterEach(() => stopTab());

  it('answers the two tab requests from this extension', async () => {
    expect(await deliver({ type: 'tab.openPicker' }, POPUP)).toEqual({
      ok: true,
      value: { opened: true },
    });
    expect(await deliver({ type: 'tab.pageTicket' }, POPUP)).toEqual({
      ok: true,
      value: { key: TICKET_A, tracker: 'github' },
    });
  });

  it('ignores anything else: other senders, unknown types, extra fields, non-objects', async () => {
    expect(await deliver({ type: 'tab.openPicker' }, { id: 'other', url: POPUP.url })).toBe(
      undefined,
    );
    for (const message of [
      { type: 'getState' },
      { type: 'tab.openPicker', extra: 1 },
      { type: 'toString' },
      { type: ['tab.openPicker'] },
      'tab.openPicker',
      null,
    ])
      expect(await deliver(message, POPUP)).toBeUndefined();
  });

  it('turns a failing handler into an error envelope', async () => {
    stopTab();
    stopTab = handleTabRequests({
      'tab.openPicker': () => {
        throw new Error('no ticket here');
      },
      'tab.pageTicket': () => null,
    });
    expect(await deliver({ type: 'tab.openPicker' }, POPUP)).toMatchObject({
      ok: false,
      error: { message: 'Error: no ticket here' },
    });
  });
});
