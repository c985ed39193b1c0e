/**
 * The options page reads the store once per change (entrypoints/options/storeReader.ts): a
 * write is followed by its change broadcast only, never by a read of its own, and a caller
 * that awaits `commit` sees the written state.
 */
import { describe, expect, it } from 'vitest';
import { storeReader } from '../../entrypoints/options/storeReader';

/** A fake background: a store value, a read counter, broadcasts after each write. */
function fakeBackend(opts: { broadcast?: 'before-answer' | 'after-answer' | 'never' } = {}) {
  let value = 0;
  let reads = 0;
  const published: number[] = [];
  const tick = () => new Promise((r) => setTimeout(r, 1));
  const reader = storeReader<number>({
    read: async () => {
      reads++;
      const v = value;
      await tick();
      return v;
    },
    publish: (r) => {
      if ('state' in r) published.push(r.state);
    },
    missedBroadcastMs: 50,
  });
  /** The write request: change the store, then announce it as the background does. */
  const write = async (v: number) => {
    await tick();
    value = v;
    const when = opts.broadcast ?? 'after-answer';
    if (when === 'before-answer') reader.changed();
    if (when === 'after-answer') setTimeout(() => reader.changed(), 0);
    return v;
  };
  return { reader, write, reads: () => reads, published, last: () => published.at(-1) };
}

describe('storeReader', () => {
  it('reads once on load and once per write', async () => {
    const b = fakeBackend();
    await b.reader.refresh();
    expect(b.reads()).toBe(1);
    expect(await b.reader.commit(() => b.write(1))).toBe(1);
    expect(b.last()).toBe(1);
    expect(b.reads()).toBe(2);
    await b.reader.commit(() => b.write(2));
    expect(b.reads()).toBe(3);
    expect(b.last()).toBe(2);
  });

  it('sees the write whether its broadcast arrives before or after the answer', async () => {
    const b = fakeBackend({ broadcast: 'before-answer' });
    await b.reader.refresh();
    await b.reader.commit(() => b.write(7));
    expect(b.last()).toBe(7);
    expect(b.reads()).toBe(2);
  });

  it('runs `then` once the write succeeded, before the read lands', async () => {
    const b = fakeBackend();
    await b.reader.refresh();
    const seen: (number | undefined)[] = [];
    await b.reader.commit(() => b.write(3), { then: () => seen.push(b.last()) });
    expect(seen).toEqual([0]);
    expect(b.last()).toBe(3);
  });

  it('waits for the broadcast of every write of a batch', async () => {
    const b = fakeBackend();
    await b.reader.refresh();
    await b.reader.commit(
      async () => {
        for (const v of [1, 2, 3]) await b.write(v);
      },
      { writes: 3 },
    );
    expect(b.last()).toBe(3);
    expect(b.reads()).toBeLessThanOrEqual(4);
  });

  it('covers broadcasts that arrive during a read with one more read', async () => {
    const b = fakeBackend();
    await b.reader.refresh();
    for (let i = 0; i < 5; i++) b.reader.changed();
    await b.reader.refresh();
    expect(b.reads()).toBe(3); // the load, the read started by the first change, one more
  });

  it('reads anyway when a broadcast never comes, and leaves nothing waiting on a failed write', async () => {
    const b = fakeBackend({ broadcast: 'never' });
    await b.reader.refresh();
    await b.reader.commit(() => b.write(9));
    expect(b.last()).toBe(9);
    await expect(b.reader.commit(() => Promise.reject(new Error('refused')))).rejects.toThrow(
      'refused',
    );
    expect(b.reads()).toBe(2);
  });
});
