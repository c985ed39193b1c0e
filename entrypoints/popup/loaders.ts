/**
 * What the popup shows, loaded: the quarter summary (from the last opening's snapshot when
 * nothing changed, ./snapshot.ts) and the ticket in the active tab with its key results.
 */
import { useCallback, useState } from 'react';
import { browser } from 'wxt/browser';
import { dataVersion, send, sendToTab } from '@/lib/protocol';
import { todayIso } from '@/lib/okr/dates';
import type { QuarterSummary } from '@/lib/okr/dto';
import type { PageState } from '@/components/Popup';
import { readSnapshot, writeSnapshot } from './snapshot';

/**
 * The tab the popup speaks about: the active tab of its window. When the popup page is open as
 * a tab itself (pinned by a user, or in tests), that is the tab used just before it.
 */
export async function activeTabId(): Promise<number | undefined> {
  const self = await browser.tabs.getCurrent();
  if (!self) {
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    return tab?.id;
  }
  const tabs = await browser.tabs.query({ windowId: self.windowId });
  return tabs
    .filter((t) => t.id !== self.id)
    .sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0))[0]?.id;
}

export function useSummary(cycleId: string | undefined) {
  const [summary, setSummary] = useState<QuarterSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const loadSummary = useCallback(async () => {
    try {
      const which = cycleId ? { cycleId } : {};
      // The last summary, when nothing changed since and the day is the same, is exactly what
      // the background would answer (snapshot.ts): paint it and leave the worker asleep.
      const rev = await dataVersion().catch(() => undefined);
      const snapshot = readSnapshot(localStorage, todayIso(), cycleId);
      if (snapshot && rev !== undefined && snapshot.rev === rev) {
        setSummary(snapshot.summary);
        setError(null);
        return;
      }
      // Otherwise two steps: the glance first (no link counts: cheap even with 20,000 links),
      // then the same summary with initiative counts, which is saved as the next snapshot.
      setSummary(await send({ type: 'quarterSummary', ...which, withCounts: false }));
      setError(null);
      const full = await send({ type: 'quarterSummary', ...which });
      setSummary(full);
      if (rev !== undefined) writeSnapshot(localStorage, rev, cycleId, full);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [cycleId]);
  return { summary, error, loadSummary };
}

export function useThisPage() {
  const [page, setPage] = useState<PageState>({ status: 'loading' });
  const loadPage = useCallback(async () => {
    const tabId = await activeTabId();
    const ticket =
      tabId === undefined ? undefined : await sendToTab(tabId, { type: 'tab.pageTicket' });
    if (!ticket) return setPage({ status: 'none' });
    const { tracker: _t, ...seen } = ticket;
    const links = await send({
      type: 'ticketsByKeys',
      tickets: [
        Object.fromEntries(Object.entries(seen).filter(([, v]) => v !== undefined)) as {
          key: string;
        },
      ],
    });
    setPage({ status: 'ticket', ticket, links: links[ticket.key] ?? [] });
  }, []);
  return { page, loadPage };
}
