/**
 * The options page: OKR editor, coverage, review, import/export and settings, one tab panel
 * each (./OkrsTab.tsx …). All data comes from the background through lib/messages.ts and is
 * read again when the background announces a change (./useStore.ts).
 */
import type { ComponentType } from 'react';
import { BrandMark, Toast } from '@/components/ui';
import { CoverageTab } from './CoverageTab';
import { DataTab } from './DataTab';
import { Dialogs } from './Dialogs';
import { OkrsTab } from './OkrsTab';
import { ReviewTab } from './ReviewTab';
import { SettingsTab } from './SettingsTab';
import { TABS } from './page';
import type { PageProps, Tab, ToastState } from './page';
import { useHashTab, usePage } from './usePage';
import { useStore } from './useStore';

const panels: Record<Tab, ComponentType<PageProps>> = {
  okrs: OkrsTab,
  coverage: CoverageTab,
  review: ReviewTab,
  data: DataTab,
  settings: SettingsTab,
};

function Header({ tab, goTo }: { tab: Tab; goTo: (tab: Tab) => void }) {
  return (
    <header className="app-header">
      <h1 className="brand">
        <BrandMark />
        OKR Lens
      </h1>
      <nav className="tabs" role="tablist" aria-label="Sections">
        {TABS.map(([t, label]) => (
          <button
            key={t}
            type="button"
            role="tab"
            className="tab"
            aria-selected={tab === t}
            onClick={() => goTo(t)}
          >
            {label}
          </button>
        ))}
      </nav>
    </header>
  );
}

function ToastSlot({ toast, dismiss }: { toast: ToastState; dismiss: () => void }) {
  const { undo } = toast;
  return (
    <Toast
      message={toast.message}
      {...(undo
        ? {
            actionLabel: 'Undo',
            onAction: () => {
              void undo();
              dismiss();
            },
          }
        : {})}
      onDismiss={dismiss}
    />
  );
}

export function App() {
  const store = useStore();
  const [tab, goTo] = useHashTab();
  const { page, dialog, closeDialog, toast, dismissToast } = usePage(store, goTo);
  if (store.error && !store.state)
    return (
      <main className="main">
        <div className="notice notice-error" role="alert">
          Could not reach the OKR Lens background: {store.error}
        </div>
      </main>
    );
  const Panel = panels[tab];
  return (
    <>
      <Header tab={tab} goTo={goTo} />
      <main className="main">
        {page ? <Panel page={page} /> : <p className="muted">Loading…</p>}
      </main>
      {page && dialog ? <Dialogs page={page} dialog={dialog} close={closeDialog} /> : null}
      {toast ? <ToastSlot toast={toast} dismiss={dismissToast} /> : null}
    </>
  );
}
