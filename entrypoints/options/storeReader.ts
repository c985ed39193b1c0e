/**
 * Reads the store once per change. Every successful write makes the background broadcast a
 * change (lib/wire.ts `onDataChanged`), so writers never read the store themselves: a read
 * starts on each broadcast, and broadcasts that arrive while a read is running are covered by
 * one more read after it. A writer that must see its result (close a dialog, then switch to
 * the new cycle) awaits `commit`, which resolves when a read that started after the write's
 * broadcast has landed. No imports: the hook (./useStore.ts) passes the request in.
 */
export interface StoreReaderDeps<S> {
  /** One read of the whole store (`getState`). */
  read: () => Promise<S>;
  /** Every read's result, in order. */
  publish: (result: { state: S } | { error: string }) => void;
  /**
   * How long a committed write waits for its broadcast before reading anyway (the background
   * logs, and does not report, a broadcast it failed to publish).
   */
  missedBroadcastMs?: number;
}

export interface StoreReader {
  /** Read now (the first load), or once more after the running read. */
  refresh: () => Promise<void>;
  /** A change was broadcast: read (once for any number of broadcasts during a read). */
  changed: () => void;
  /**
   * Run a write and resolve with its answer once the store has been read after it (after the
   * change broadcast of each of its `writes` requests).
   */
  commit: <T>(write: () => Promise<T>, opts?: CommitOptions<T>) => Promise<T>;
}

export interface CommitOptions<T> {
  /** Runs as soon as the write succeeded, before the read that shows it lands. */
  then?: (answer: T) => void;
  /** How many write requests `write` sends (each is broadcast); default 1. */
  writes?: number;
}

interface Waiter {
  /** A read that started once this many broadcasts had been heard resolves the waiter. */
  until: number;
  resolve: () => void;
}

export function storeReader<S>(deps: StoreReaderDeps<S>): StoreReader {
  const missedMs = deps.missedBroadcastMs ?? 3000;
  let heard = 0;
  let running: Promise<void> | null = null;
  let again = false;
  let waiters: Waiter[] = [];

  async function readOnce() {
    const covers = heard;
    try {
      deps.publish({ state: await deps.read() });
    } catch (e) {
      deps.publish({ error: (e as Error).message });
    }
    const done = waiters.filter((w) => w.until <= covers);
    waiters = waiters.filter((w) => w.until > covers);
    for (const w of done) w.resolve();
  }

  async function loop() {
    do {
      again = false;
      await readOnce();
    } while (again);
    running = null;
  }

  function refresh(): Promise<void> {
    if (running) again = true;
    else running = loop();
    return running;
  }

  function changed() {
    heard++;
    void refresh();
  }

  async function commit<T>(write: () => Promise<T>, opts: CommitOptions<T> = {}): Promise<T> {
    const waiter = { until: heard + (opts.writes ?? 1) } as Waiter;
    const landed = new Promise<void>((resolve) => (waiter.resolve = resolve));
    waiters.push(waiter);
    let answer: T;
    try {
      answer = await write();
    } catch (e) {
      waiters = waiters.filter((w) => w !== waiter);
      throw e;
    }
    opts.then?.(answer);
    const timer = setTimeout(() => {
      if (!waiters.includes(waiter)) return;
      heard = Math.max(heard, waiter.until); // count the broadcasts that never came, and read
      void refresh();
    }, missedMs);
    await landed;
    clearTimeout(timer);
    return answer;
  }

  return { refresh, changed, commit };
}
