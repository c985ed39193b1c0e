/**
 * A status read from the background on load, after every change of the store and whenever
 * `storageKey` (in storage.local) changes, with a clock that ticks every 30 s for "5 min ago".
 * Shared by the team panels (Team OKRs, Connections / Team sync).
 */
import { useCallback, useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { onDataChanged } from '@/lib/protocol';

export interface LiveStatus<T> {
  status: T | undefined;
  now: Date;
  reload: () => Promise<void>;
}

export function useLiveStatus<T>(read: () => Promise<T>, storageKey?: string): LiveStatus<T> {
  const [status, setStatus] = useState<T>();
  const [now, setNow] = useState(() => new Date());
  const reload = useCallback(async () => {
    try {
      setStatus(await read());
      setNow(new Date());
    } catch {
      // the store read shows its own error; the panel keeps what it showed
    }
  }, [read]);
  useEffect(() => {
    void reload();
    const tick = setInterval(() => setNow(new Date()), 30_000);
    const stop = onDataChanged(() => void reload());
    const onStorage = (changes: Record<string, unknown>, area: string) => {
      if (storageKey && area === 'local' && storageKey in changes) void reload();
    };
    browser.storage.onChanged.addListener(onStorage);
    return () => {
      clearInterval(tick);
      stop();
      browser.storage.onChanged.removeListener(onStorage);
    };
  }, [reload, storageKey]);
  return { status, now, reload };
}
