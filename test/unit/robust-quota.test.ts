/**
 * Storage pressure (README "Reliability"). When IndexedDB refuses a write (quota exceeded), the
 * operation fails with an error the user can read, no partial write remains (the export is
 * byte-for-byte what it was), reading and exporting still work, and the same operation
 * succeeds once there is room again.
 *
 * fake-indexeddb has no quota, so writes are refused by patching IDBObjectStore.prototype.put
 * and .add: from the Nth call on, every write is refused, in one of two ways:
 *   - `throw`:   put()/add() throws a DOMException named QuotaExceededError synchronously;
 *   - `request`: the write is queued, then its request fails with QuotaExceededError, which
 *                (not handled) aborts the transaction with that error — what browsers do.
 * N runs over the first, second, a middle and the LAST write of each operation, so a failure
 * after everything but one record was written is covered too.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { OkrDb } from '@/lib/db/db';
import * as store from '@/lib/db';
import { REVISION_KEY } from '@/lib/protocol';
import type { Envelope, RequestInput } from '@/lib/protocol';
import { announced, dispatch, handle } from '@/lib/background/server';
import type { Backend } from '@/lib/background/server';
import type { InterchangeFile } from '@/lib/okr/interchange';
import { TICKET_C, closeDbs, freshDb, fullFile } from './helpers/db';

type Mode = 'throw' | 'request';
const NOW = new Date('2026-11-23T12:00:00.000Z');
const BASE = `chrome-extension://${fakeBrowser.runtime.id}/`;
const OPTIONS = { id: fakeBrowser.runtime.id, url: `${BASE}options.html` };
const CONTENT = {
  id: fakeBrowser.runtime.id,
  url: 'https://github.com/acme/web/issues/12',
  tab: { id: 7 },
};

// ---------------------------------------------------------------------------------------------
// A disk that fills up

interface FakeRequestEntry {
  request: IDBRequest;
  operation: () => unknown;
}
const proto = globalThis.IDBObjectStore.prototype;
// eslint-disable-next-line @typescript-eslint/unbound-method -- called as .apply(store, …) below
const original = { put: proto.put, add: proto.add };

const quota = {
  /** Writes (put/add calls) seen since `reset`. */
  writes: 0,
  /** The first refused write (1-based); Infinity: none. */
  failFrom: Infinity,
  mode: 'throw' as Mode,
  refused: 0,
  reset(failFrom = Infinity, mode: Mode = 'throw') {
    this.writes = 0;
    this.refused = 0;
    this.failFrom = failFrom;
    this.mode = mode;
  },
};

const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

function patched(kind: 'put' | 'add') {
  return function (this: IDBObjectStore, ...args: [unknown, IDBValidKey?]): IDBRequest {
    quota.writes++;
    if (quota.writes < quota.failFrom) return original[kind].apply(this, args);
    quota.refused++;
    if (quota.mode === 'throw') throw quotaError();
    const req = original[kind].apply(this, args);
    // fake-indexeddb internals: the queued operation of this request. Fail loudly if they
    // change, rather than silently not refusing anything.
    const queue = (this.transaction as unknown as { _requests?: FakeRequestEntry[] })._requests;
    const entry = queue?.find((r) => r.request === req);
    if (!entry) throw new Error('fake-indexeddb changed: cannot find the queued write to fail it');
    entry.operation = () => {
      throw quotaError();
    };
    return req;
  };
}

beforeAll(() => {
  proto.put = patched('put') as typeof proto.put;
  proto.add = patched('add') as typeof proto.add;
});
afterAll(() => {
  proto.put = original.put;
  proto.add = original.add;
});

// ---------------------------------------------------------------------------------------------

let db: OkrDb;
let before: string;
const exported = async () => JSON.stringify(await store.exportAll(db, new Date(0)));

beforeEach(async () => {
  fakeBrowser.reset();
  quota.reset();
  db = freshDb();
  await store.loadSample(db, '2026-11-23');
  await store.importFile(db, fullFile());
  before = await exported();
});
afterEach(async () => {
  quota.reset();
  await closeDbs();
});

/** A large file of new records: a cycle, 40 objectives, 200 KRs, 1 000 check-ins, links, tickets. */
function largeFile(): InterchangeFile {
  const file: InterchangeFile = {
    format: 'okr-lens',
    version: 1,
    cycles: [{ id: 'big', name: 'Big quarter', start: '2027-01-01', end: '2027-03-31' }],
    objectives: [],
    keyResults: [],
    checkIns: [],
    links: [],
    tickets: [],
  };
  for (let o = 0; o < 40; o++) {
    file.objectives.push({
      id: `big-o${o}`,
      cycleId: 'big',
      title: `Objective ${o} ${'x'.repeat(200)}`,
    });
    for (let k = 0; k < 5; k++) {
      const id = `big-o${o}-k${k}`;
      file.keyResults.push({
        id,
        objectiveId: `big-o${o}`,
        code: `KR${o}.${k}`,
        title: `KR ${o}.${k}`,
        kind: 'increase',
        start: 0,
        target: 100,
      });
      for (let c = 0; c < 5; c++)
        file.checkIns.push({
          id: `${id}-c${c}`,
          keyResultId: id,
          at: `2027-01-${String(c + 10)}`,
          value: c * 10,
          note: 'n'.repeat(500),
        });
      const ticket = `github:github.com/acme/big#${o * 5 + k}`;
      file.links.push({ ticket, keyResultId: id });
      file.tickets.push({ key: ticket, title: `Ticket ${o}.${k}`, state: 'open' });
    }
  }
  return file;
}

interface Operation {
  name: string;
  run: (db: OkrDb) => Promise<unknown>;
  /** The same operation as a message from its usual sender, to see what the user reads. */
  message: RequestInput;
  sender: { id: string; url: string };
}
const OPERATIONS: Operation[] = [
  {
    name: 'importFile (a large file)',
    run: (d) => store.importFile(d, largeFile()),
    message: { type: 'importFile', file: largeFile() },
    sender: OPTIONS,
  },
  {
    name: 'link (two KRs, with ticket metadata)',
    run: (d) =>
      store.link(d, TICKET_C, ['k1', 'k2'], 'user', { title: 'A ticket', state: 'open' }, NOW),
    message: {
      type: 'link',
      ticket: TICKET_C,
      keyResultIds: ['k1', 'k2'],
      meta: { title: 'A ticket' },
    },
    sender: CONTENT,
  },
  {
    name: 'addCheckIn',
    run: (d) =>
      store.addCheckIn(d, { keyResultId: 'k1', value: 222, at: '2026-11-23', note: 'x' }, NOW),
    message: { type: 'addCheckIn', checkIn: { keyResultId: 'k1', value: 222, at: '2026-11-23' } },
    sender: OPTIONS,
  },
  {
    name: 'upsertKeyResult (a new current value: KR + implicit check-in + current)',
    run: (d) =>
      store.upsertKeyResult(
        d,
        { ...fullFile().keyResults[1]!, title: 'Renamed', current: 250 },
        NOW,
      ),
    message: {
      type: 'upsertKeyResult',
      keyResult: { ...fullFile().keyResults[1]!, title: 'Renamed', current: 250 },
    },
    sender: OPTIONS,
  },
];

/** How many writes `op` makes, measured on a twin store. */
async function writesOf(op: Operation): Promise<number> {
  const twin = freshDb();
  await store.loadSample(twin, '2026-11-23');
  await store.importFile(twin, fullFile());
  quota.reset();
  await op.run(twin);
  const n = quota.writes;
  quota.reset();
  return n;
}

const points = (total: number) =>
  [...new Set([1, 2, Math.ceil(total / 2), total])].filter((n) => n <= total);

/** Deliver a message the way the browser does; the listeners' answers (undefined = dropped). */
async function deliver(message: unknown, sender: object): Promise<(Envelope | undefined)[]> {
  return (await fakeBrowser.runtime.onMessage.trigger(message, sender, () => {})) as unknown as (
    Envelope | undefined
  )[];
}

let refusedOperations = 0;

describe.each(OPERATIONS.map((op) => [op.name, op] as const))(
  'quota exceeded during %s',
  (_name, op) => {
    it.each(['throw', 'request'] as const)(
      'rejects at every point (%s), leaves no partial write, and export still works',
      async (mode) => {
        const total = await writesOf(op);
        expect(total, 'writes the operation makes').toBeGreaterThan(0);
        for (const n of points(total)) {
          quota.reset(n, mode);
          const error = await op.run(db).then(
            () => undefined,
            (e: unknown) => e as Error,
          );
          expect(error, `write ${n} of ${total} refused: the operation must fail`).toBeInstanceOf(
            Error,
          );
          expect(quota.refused, 'the patch refused something').toBeGreaterThan(0);
          expect(`${error?.name} ${error?.message}`).toMatch(/quota|QuotaExceeded|abort/i);
          // Still refusing writes: reading and exporting work, and nothing half-written is there.
          expect(await exported(), `write ${n} of ${total} (${mode})`).toBe(before);
          refusedOperations++;
        }
        // Room again: the same operation goes through.
        quota.reset();
        await op.run(db);
        expect(await exported()).not.toBe(before);
      },
    );

    it('through the background: an error answer, no change announced, nothing written', async () => {
      const stop = handle({ db } satisfies Backend);
      const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      try {
        quota.reset(1, 'request');
        const answers = await deliver(op.message, op.sender);
        const answer = answers[0]!;
        expect(answer.ok).toBe(false);
        console.log(`${op.message.type} under quota → "${answer.ok ? '' : answer.error.message}"`);
        await announced();
        expect((await fakeBrowser.storage.local.get(REVISION_KEY))[REVISION_KEY]).toBeUndefined();
        quota.reset();
        expect(await exported()).toBe(before);
      } finally {
        logged.mockRestore();
        stop();
      }
    });

    // Regression (fixed): lib/background/server.ts toWireError — a quota error reaches the user as "Something went wrong: QuotaExceededError …".
    it('the user reads a plain-language message, not a raw DOMException', async () => {
      const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      quota.reset(1, 'request');
      const answer = await dispatch({ db }, op.message, op.sender, BASE);
      quota.reset();
      logged.mockRestore();
      expect(answer.ok).toBe(false);
      const message = answer.ok ? '' : answer.error.message;
      // Proposed: "Your browser has no room left for OKR Lens's data, so nothing was saved. Free
      // up disk space (or clear other sites' data) and try again; your existing data is intact."
      expect(message).not.toMatch(/^Something went wrong/);
      expect(message).not.toMatch(/DOMException|QuotaExceededError|AbortError|Dexie/);
      expect(message).toMatch(/space|room|storage|full/i);
      expect(message).toMatch(/nothing was saved|not saved/i);
    });
  },
);

// The figure the README quotes; a log, not a test (it asserts nothing).
afterAll(() => {
  console.log(
    `${refusedOperations} refused writes checked (4 operations × 2 ways × first/second/middle/last write)`,
  );
});
