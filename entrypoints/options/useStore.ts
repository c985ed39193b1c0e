/**
 * The options page's view of the store: read on load and once per change broadcast (any tab,
 * the popup, another options page or this one may have written). See ./storeReader.ts.
 */
import { useEffect, useState } from 'react';
import { onDataChanged, send } from '@/lib/protocol';
import type { OptionsState } from '@/lib/okr/dto';
import { storeReader } from './storeReader';
import type { StoreReader } from './storeReader';

export interface Store {
  /** The whole store, or null until the first read answers. */
  state: OptionsState | null;
  /** Why the last read failed (null after a good one). */
  error: string | null;
  /** Send a write, resolve once `state` shows it (./storeReader.ts `commit`). */
  commit: StoreReader['commit'];
}

/**
 * The first read, asked as this script runs rather than after React's first render (beside
 * Coverage's early request): its answer comes ≈ 40 ms sooner on the big store (README "Speed").
 */
let firstRead: Promise<OptionsState> | undefined =
  typeof document === 'undefined' ? undefined : send({ type: 'optionsState' });
firstRead?.catch(() => undefined); // a failure is published by the read that takes it
/** A change broadcast heard before the hook listens: the first read may predate it. */
let heardEarly = false;
let stopEarly: (() => void) | undefined =
  typeof document === 'undefined' ? undefined : onDataChanged(() => (heardEarly = true));

function readState(): Promise<OptionsState> {
  const read = firstRead ?? send({ type: 'optionsState' });
  firstRead = undefined;
  return read;
}

export function useStore(): Store {
  const [state, setState] = useState<OptionsState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reader] = useState(() =>
    storeReader<OptionsState>({
      read: readState,
      publish: (r) => {
        if ('state' in r) {
          setState(r.state);
          setError(null);
        } else setError(r.error);
      },
    }),
  );
  useEffect(() => {
    void reader.refresh();
    const off = onDataChanged(reader.changed);
    stopEarly?.();
    stopEarly = undefined;
    if (heardEarly) {
      heardEarly = false;
      reader.changed(); // one more read after the first
    }
    return off;
  }, [reader]);
  return { state, error, commit: reader.commit };
}
