/** The options page's own state: the tab (kept in the URL hash), cycle, dialog, toast. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { send } from '@/lib/protocol';
import type { CustomDomain } from '@/lib/okr/dto';
import type { CoverageFilters } from '@/lib/okr/coverage';
import { currentCycle, todayIso } from '@/lib/okr/dates';
import { cycleOverview } from '@/lib/okr/overview';
import { TABS } from './page';
import type { Dialog, KeptState, OptionsPage, Tab, ToastState } from './page';
import type { Store } from './useStore';

function tabFromHash(): Tab {
  const h = location.hash.replace('#', '');
  return TABS.find(([t]) => t === h)?.[0] ?? 'okrs';
}

/** The tab shown: from the hash on load and on hash changes; `goTo` writes the hash back. */
export function useHashTab(): [Tab, (tab: Tab) => void] {
  const [tab, setTab] = useState<Tab>(tabFromHash);
  useEffect(() => {
    const onHash = () => setTab(tabFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const goTo = useCallback((t: Tab) => {
    setTab(t);
    history.replaceState(null, '', `#${t}`);
  }, []);
  return [tab, goTo];
}

/** State the tabs keep across tab switches, and the self-hosted trackers (read once). */
function useKeptState(): KeptState {
  const [showArchived, setShowArchived] = useState(false);
  const [coverageFilters, setCoverageFilters] = useState<CoverageFilters>({});
  const [domains, setDomains] = useState<CustomDomain[]>([]);
  useEffect(() => {
    send({ type: 'listDomains' }).then(setDomains, () => undefined);
  }, []);
  return {
    showArchived,
    setShowArchived,
    coverageFilters,
    setCoverageFilters,
    domains,
    setDomains,
  };
}

export interface PageHandle {
  /** null until the store has been read. */
  page: OptionsPage | null;
  dialog: Dialog | null;
  closeDialog: () => void;
  toast: ToastState | null;
  dismissToast: () => void;
}

export function usePage(store: Store, goTo: (tab: Tab) => void): PageHandle {
  const { state, commit } = store;
  const today = todayIso();
  const [cycleId, setCycleId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [toast, setToast] = useState<ToastState | null>(null);
  const kept = useKeptState();
  const cycle = useMemo(() => {
    if (!state) return undefined;
    return state.cycles.find((c) => c.id === cycleId) ?? currentCycle(state.cycles, today);
  }, [state, cycleId, today]);
  const overview = useMemo(
    () => (state && cycle ? cycleOverview(state, cycle, today, state.settings) : undefined),
    [state, cycle, today],
  );
  const page: OptionsPage | null = state && {
    state,
    today,
    cycle,
    overview,
    commit,
    setCycleId,
    openDialog: setDialog,
    showToast: setToast,
    goTo,
    kept,
  };
  return {
    page,
    dialog,
    closeDialog: () => setDialog(null),
    toast,
    dismissToast: () => setToast(null),
  };
}
