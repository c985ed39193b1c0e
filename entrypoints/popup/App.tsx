/**
 * The popup: asks the background for a computed glance at the cycle (not the whole store) and
 * the active tab's content script for its ticket, in parallel; refreshes on every change.
 * An unchanged store paints from the last opening's snapshot (./snapshot.ts) first.
 */
import { useCallback, useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { dataVersion, onDataChanged, send, sendToTab } from '@/lib/protocol';
import { todayIso } from '@/lib/okr/dates';
import type { QuarterSummary } from '@/lib/okr/dto';
import { Popup } from '@/components/Popup';
import type { PageState, PopupActions } from '@/components/Popup';
import { readSnapshot, writeSnapshot } from './snapshot';

const prefs = {
  get: (k: string) => localStorage.getItem(`okrLens.popup.${k}`),
  set: (k: string, v: string) => localStorage.setItem(`okrLens.popup.${k}`, v),
};

/**
 * The tab the popup speaks about: the active tab of its window. When the popup page is open as
 * a tab itself (pinned by a user, or in tests), that is the tab used just before it.
 */
async function activeTabId(): Promise<number | undefined> {
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

export function App() {
  const [summary, setSummary] = useState<QuarterSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [page, setPage] = useState<PageState>({ status: 'loading' });
  const [cycleId, setCycleId] = useState<string | undefined>(prefs.get('cycle') ?? undefined);
  const [team, setTeam] = useState(prefs.get('team') ?? '');
  const [worstFirst, setWorstFirst] = useState(prefs.get('worstFirst') === '1');
  const [collapsed, setCollapsed] = useState<Set<string>>(
    () => new Set(JSON.parse(prefs.get('collapsed') ?? '[]') as string[]),
  );

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

  useEffect(() => {
    void loadSummary();
    void loadPage();
    return onDataChanged(() => {
      void loadSummary();
      void loadPage();
    });
  }, [loadSummary, loadPage]);

  const actions: PopupActions = {
    openOptions: (hash) => {
      void browser.tabs.create({
        url: browser.runtime.getURL(`/options.html${hash ? `#${hash}` : ''}`),
      });
      window.close();
    },
    loadSample: async () => {
      await send({ type: 'loadSample' });
      await loadSummary();
    },
    setCycle: (id) => {
      prefs.set('cycle', id);
      setCycleId(id);
    },
    setTeam: (t) => {
      prefs.set('team', t);
      setTeam(t);
    },
    setWorstFirst: (v) => {
      prefs.set('worstFirst', v ? '1' : '0');
      setWorstFirst(v);
    },
    toggleObjective: (id) =>
      setCollapsed((prev) => {
        const next = new Set(prev);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        prefs.set('collapsed', JSON.stringify([...next]));
        return next;
      }),
    checkIn: async (c) => {
      await send({ type: 'addCheckIn', checkIn: c });
      await loadSummary();
    },
    loadEvidence: useCallback(
      (krId: string) => send({ type: 'krEvidence', keyResultId: krId }),
      [],
    ),
    unlink: async (ticket, krId) => {
      await send({ type: 'unlink', ticket, keyResultId: krId });
      await loadPage();
    },
    openPicker: () => {
      void activeTabId().then(async (id) => {
        if (id !== undefined) await sendToTab(id, { type: 'tab.openPicker' });
        window.close();
      });
    },
  };

  if (error && !summary)
    return (
      <div className="popup">
        <p className="notice notice-error" role="alert">
          Could not reach OKR Lens: {error}
        </p>
      </div>
    );
  if (!summary) return <div className="popup muted">Loading…</div>;
  return (
    <main data-ready="true">
      <Popup
        summary={summary}
        page={page}
        team={team}
        worstFirst={worstFirst}
        collapsed={collapsed}
        actions={actions}
      />
    </main>
  );
}
