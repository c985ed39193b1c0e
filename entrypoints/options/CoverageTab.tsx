/** The Coverage tab: which key results have work, which work serves none; CSV and Markdown. */
import { useCallback, useEffect, useRef, useState } from 'react';
import Papa from 'papaparse';
import { send } from '@/lib/protocol';
import type { ResponseFor } from '@/lib/protocol';
import { coverageMarkdown, coverageRows } from '@/lib/okr/coverage-export';
import type { Coverage, CoverageFilters, CoverageLimits, CoverageView } from '@/lib/okr/coverage';
import { todayIso } from '@/lib/okr/dates';
import type { Cycle } from '@/lib/okr/model';
import { CoveragePanel } from '@/components/CoveragePanel';
import { ORPHAN_PAGE, TICKETS_PER_KR } from '@/components/CoverageTickets';
import { CoverageSyncBar } from '@/components/TeamSyncPanel';
import { download } from './download';
import { newestFirst } from './page';
import type { OptionsPage, PageProps } from './page';
import { useTeamLinks } from './useTeamLinks';

/** When the team's links were last read from the trackers, and Sync now (README "Team links"). */
function TeamSyncLine() {
  const { status, now, reload } = useTeamLinks();
  const sync = async () => {
    await send({ type: 'syncTeamLinks' }).catch(() => undefined); // the bar shows why
    await reload();
  };
  return <CoverageSyncBar status={status} now={now} onSync={sync} />;
}

/** What the tab lists at first (the rest comes on "Show all" / "Show more"). */
const FIRST: CoverageLimits = { ticketsPerKr: TICKETS_PER_KR, orphans: ORPHAN_PAGE };

/**
 * Opened on Coverage: asked as soon as this script runs, beside the page's store read (the
 * current cycle, no filter), and used for the first view if it is for the cycle shown.
 */
let early: Promise<ResponseFor<'coverage'>> | undefined =
  typeof location !== 'undefined' && location.hash === '#coverage'
    ? send({ type: 'coverage', today: todayIso(), limits: FIRST }).catch(() => null)
    : undefined;

/** The early answer once it is in: the tab's first render shows it without a second pass. */
let earlyAnswer: ResponseFor<'coverage'> = null;
void early?.then((a) => {
  if (early) earlyAnswer = a; // not once the tab has taken (or passed on) the early request
});

const noFilter = (f: CoverageFilters) => Object.values(f).every((v) => !v);

/**
 * Coverage of the cycle shown, computed by the background with the page's filters: asked when
 * the tab shows, when a filter or the search changes and after every read of the store (a
 * change anywhere). An answer older than the latest request is dropped, so typing in the
 * search box never shows a stale list. Undefined until the first answer.
 */
function useCoverageView({ state, cycle, today, kept }: OptionsPage) {
  const filters = kept.coverageFilters;
  const cycleId = cycle?.id;
  const [view, setView] = useState<CoverageView | undefined>(() =>
    earlyAnswer && earlyAnswer.cycleId === cycleId && noFilter(filters)
      ? earlyAnswer.coverage
      : undefined,
  );
  const latest = useRef(0);
  useEffect(() => {
    if (!cycleId) return;
    const asked = ++latest.current;
    const ask = () => send({ type: 'coverage', cycleId, filters, today, limits: FIRST });
    const first = early && noFilter(filters) ? early : undefined;
    early = undefined;
    earlyAnswer = null;
    const answer = first ? first.then((a) => (a?.cycleId === cycleId ? a : ask())) : ask();
    answer.then(
      (a) => asked === latest.current && a && setView(a.coverage),
      (e: unknown) => console.warn('OKR Lens: could not read coverage', e),
    );
  }, [state, cycleId, filters, today]);
  /** The same view with other limits (a KR's whole list, more orphans, the exports). */
  const more = useCallback(
    async (limits: CoverageLimits): Promise<Coverage> => {
      const a = await send({ type: 'coverage', cycleId, filters, today, limits });
      if (!a) throw new Error('OKR Lens: the cycle is gone');
      return a.coverage;
    },
    [cycleId, filters, today],
  );
  return { view, more };
}

/** The cycle's active objectives, their active KRs, and the teams that own them. */
function cycleScope({ state }: OptionsPage, cycle: Cycle) {
  const objectives = state.objectives.filter((o) => o.cycleId === cycle.id && !o.archived);
  const keyResults = state.keyResults.filter(
    (k) =>
      !k.archived &&
      state.objectives.some((o) => o.id === k.objectiveId && o.cycleId === cycle.id && !o.archived),
  );
  const teams = [
    ...new Set(
      state.objectives
        .filter((o) => o.cycleId === cycle.id)
        .map((o) => o.team ?? o.owner)
        .filter((t): t is string => !!t),
    ),
  ].sort();
  return { objectives, keyResults, teams };
}

const fileName = (cycle: Cycle, ext: string) =>
  `okr-coverage-${cycle.name.replace(/\W+/g, '-')}.${ext}`;

export function CoverageTab({ page }: PageProps) {
  const { state, cycle, kept } = page;
  const { view: coverage, more } = useCoverageView(page);
  const loadKrTickets = useCallback(
    async (keyResultId: string) =>
      (await more({ keyResultId })).keyResults.find((k) => k.kr.id === keyResultId)?.tickets ?? [],
    [more],
  );
  const loadOrphans = useCallback(
    async (limit: number) => (await more({ ticketsPerKr: 0, orphans: limit })).orphans,
    [more],
  );
  if (!cycle)
    return (
      <p className="muted">No cycle yet: create one or load the example OKRs on the OKRs tab.</p>
    );
  if (!coverage)
    return (
      <p className="muted" role="status">
        Reading coverage…
      </p>
    );
  return (
    <>
      <TeamSyncLine />
      <CoveragePanel
        cycles={newestFirst(state.cycles)}
        cycle={cycle}
        {...cycleScope(page, cycle)}
        coverage={coverage}
        loadKrTickets={loadKrTickets}
        loadOrphans={loadOrphans}
        filters={kept.coverageFilters}
        onCycle={page.setCycleId}
        onFilters={kept.setCoverageFilters}
        onLink={async (ticket, keyResultId) => {
          await page.commit(() => send({ type: 'link', ticket, keyResultIds: keyResultId }));
        }}
        onExportCsv={async () => {
          // Every ticket of every KR: asked of the background when the user exports.
          const all = await more({}).catch((e: unknown) => console.warn('OKR Lens: export', e));
          if (all) download(fileName(cycle, 'csv'), 'text/csv', Papa.unparse(coverageRows(all)));
        }}
        onExportMarkdown={async (copy) => {
          // From the view shown: the summary needs counts only (and the clipboard a fresh click).
          const text = coverageMarkdown(coverage, cycle);
          if (copy) await navigator.clipboard.writeText(text);
          else download(fileName(cycle, 'md'), 'text/markdown', text);
        }}
      />
    </>
  );
}
