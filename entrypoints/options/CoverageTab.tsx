/** The Coverage tab: which key results have work, which work serves none; CSV and Markdown. */
import { useEffect, useMemo, useRef, useState } from 'react';
import Papa from 'papaparse';
import { send } from '@/lib/protocol';
import { computeCoverage, coverageMarkdown, coverageRows } from '@/lib/okr/coverage';
import type { Coverage } from '@/lib/okr/coverage';
import type { CoverageRecords } from '@/lib/okr/dto';
import type { Cycle } from '@/lib/okr/model';
import { groupBy } from '@/lib/okr/objects';
import { currentValue } from '@/lib/okr/progress';
import { CoveragePanel } from '@/components/CoveragePanel';
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

/**
 * The cycle's links and the recorded tickets, read from the background when the tab shows and
 * again after every read of the store (a change anywhere); an answer older than the latest
 * request is dropped. Undefined until the first answer.
 */
function useCoverageRecords({ state, cycle }: OptionsPage): CoverageRecords | undefined {
  const [records, setRecords] = useState<CoverageRecords>();
  const latest = useRef(0);
  const cycleId = cycle?.id;
  useEffect(() => {
    if (!cycleId) return;
    const asked = ++latest.current;
    send({ type: 'coverageRecords', cycleId }).then(
      (r) => asked === latest.current && setRecords(r),
      (e: unknown) => console.warn('OKR Lens: could not read coverage', e),
    );
  }, [state, cycleId]);
  return records;
}

function useCoverage(page: OptionsPage): Coverage | undefined {
  const { state, cycle, today, kept } = page;
  const filters = kept.coverageFilters;
  const records = useCoverageRecords(page);
  return useMemo(() => {
    if (!cycle || !records) return undefined;
    const byKr = groupBy(state.checkIns, (c) => c.keyResultId);
    const currentValues = new Map(
      state.keyResults.map((k) => [k.id, currentValue(k, byKr.get(k.id) ?? [])]),
    );
    return computeCoverage({
      cycle,
      objectives: state.objectives,
      keyResults: state.keyResults,
      links: records.links,
      tickets: records.tickets,
      currentValues,
      today,
      filters,
    });
  }, [state, records, cycle, today, filters]);
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
  const coverage = useCoverage(page);
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
        filters={kept.coverageFilters}
        onCycle={page.setCycleId}
        onFilters={kept.setCoverageFilters}
        onLink={async (ticket, keyResultId) => {
          await page.commit(() => send({ type: 'link', ticket, keyResultIds: keyResultId }));
        }}
        onExportCsv={() =>
          download(fileName(cycle, 'csv'), 'text/csv', Papa.unparse(coverageRows(coverage)))
        }
        onExportMarkdown={async (copy) => {
          const text = coverageMarkdown(coverage, cycle);
          if (copy) await navigator.clipboard.writeText(text);
          else download(fileName(cycle, 'md'), 'text/markdown', text);
        }}
      />
    </>
  );
}
