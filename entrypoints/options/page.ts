/** What every tab panel of the options page gets: the store, the chosen cycle, and page actions. */
import type { CustomDomain, OptionsState } from '@/lib/okr/dto';
import type { CoverageFilters } from '@/lib/okr/coverage';
import type { Cycle, KeyResult, Objective } from '@/lib/okr/model';
import type { CycleOverview } from '@/lib/okr/overview';
import type { Store } from './useStore';

export type Tab = 'okrs' | 'coverage' | 'review' | 'data' | 'settings';

/** The tabs in the order they show, with their labels. */
export const TABS: readonly (readonly [Tab, string])[] = [
  ['okrs', 'OKRs'],
  ['coverage', 'Coverage'],
  ['review', 'Review'],
  ['data', 'Import / Export'],
  ['settings', 'Settings'],
];

/** Cycles as the cycle pickers list them: the latest start first. */
export const newestFirst = (cycles: readonly Cycle[]): Cycle[] =>
  [...cycles].sort((a, b) => b.start.localeCompare(a.start));

/** The one dialog open at a time. */
export type Dialog =
  | { kind: 'cycle'; cycle: Cycle }
  | { kind: 'objective'; objective: Objective }
  | { kind: 'keyResult'; keyResult: KeyResult }
  | { kind: 'checkIn'; krId: string }
  | {
      kind: 'confirm';
      title: string;
      message: string;
      confirmLabel: string;
      run: () => Promise<unknown>;
    };

export interface ToastState {
  message: string;
  undo?: () => Promise<void>;
}

/** Page state a tab keeps while another tab shows (the filters a user set stay set). */
export interface KeptState {
  showArchived: boolean;
  setShowArchived: (v: boolean) => void;
  coverageFilters: CoverageFilters;
  setCoverageFilters: (f: CoverageFilters) => void;
  domains: CustomDomain[];
  setDomains: (d: CustomDomain[]) => void;
}

export interface OptionsPage {
  state: OptionsState;
  today: string;
  /** The cycle picked, else the current one; undefined when there is no cycle at all. */
  cycle: Cycle | undefined;
  overview: CycleOverview | undefined;
  commit: Store['commit'];
  /** null: back to the current cycle. */
  setCycleId: (id: string | null) => void;
  openDialog: (d: Dialog) => void;
  showToast: (t: ToastState) => void;
  goTo: (tab: Tab) => void;
  kept: KeptState;
}

/** Props of a tab panel and of the dialogs. */
export interface PageProps {
  page: OptionsPage;
}
