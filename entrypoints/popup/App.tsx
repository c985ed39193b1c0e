/**
 * The popup: asks the background for a computed glance at the cycle (not the whole store) and
 * the active tab's content script for its ticket, in parallel; refreshes on every change.
 * An unchanged store paints from the last opening's snapshot (./snapshot.ts) first.
 */
import { useCallback, useEffect } from 'react';
import { browser } from 'wxt/browser';
import { onDataChanged, send, sendToTab } from '@/lib/protocol';
import { Popup } from '@/components/Popup';
import type { PopupActions } from '@/components/Popup';
import { activeTabId, useSummary, useThisPage } from './loaders';
import { usePopupPrefs } from './prefs';
import { useTeamMarks } from './team';

export function App() {
  const prefs = usePopupPrefs();
  const { summary, error, loadSummary } = useSummary(prefs.cycleId);
  const { page, loadPage } = useThisPage();
  const { markOf, loadTeam } = useTeamMarks();

  useEffect(() => {
    void loadSummary();
    void loadPage();
    void loadTeam();
    return onDataChanged(() => {
      void loadSummary();
      void loadPage();
      void loadTeam();
    });
  }, [loadSummary, loadPage, loadTeam]);

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
    setCycle: prefs.setCycle,
    setTeam: prefs.setTeam,
    setWorstFirst: prefs.setWorstFirst,
    toggleObjective: prefs.toggleObjective,
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
        team={prefs.team}
        worstFirst={prefs.worstFirst}
        collapsed={prefs.collapsed}
        actions={actions}
        markOf={markOf}
      />
    </main>
  );
}
