/**
 * The options page: OKR editor, import/export and settings. All data comes from the
 * background through lib/messages.ts and is refetched when the background announces a change
 * (any tab, the popup or another options page may have written).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { browser } from 'wxt/browser';
import { onDataChanged, send } from '@/lib/protocol';
import type { CustomDomain, ImportCounts, State } from '@/lib/okr/dto';
import { cycleOverview } from '@/lib/okr/overview';
import type { KrView } from '@/lib/okr/overview';
import { currentCycle, cycleWeek, nextQuarter, quarterOf, todayIso } from '@/lib/okr/dates';
import { suggestKrCode } from '@/lib/okr/codes';
import { qualityHints } from '@/lib/okr/quality';
import type { CheckIn, Cycle, KeyResult, Objective } from '@/lib/okr/model';
import { parseJsonText, describeIssues } from '@/lib/okr/interchange';
import { parseOkrForJiraCsv } from '@/lib/import/csv';
import { decodeImportBytes } from '@/lib/import/decode';
import { ObjectiveCard } from '@/components/ObjectiveCard';
import type { ObjectiveActions } from '@/components/ObjectiveCard';
import { CheckInForm, CycleForm, KeyResultForm, ObjectiveForm } from '@/components/forms';
import { DataPanel } from '@/components/DataPanel';
import type { ImportOutcome } from '@/components/DataPanel';
import { SettingsPanel } from '@/components/SettingsPanel';
import { DomainsPanel } from '@/components/DomainsPanel';
import { CoveragePanel } from '@/components/CoveragePanel';
import { ReviewPanel } from '@/components/ReviewPanel';
import { KrChart } from '@/components/KrChart';
import { computeCoverage, coverageMarkdown, coverageRows } from '@/lib/okr/coverage';
import type { CoverageFilters } from '@/lib/okr/coverage';
import { currentValue } from '@/lib/okr/progress';
import Papa from 'papaparse';
import { BrandMark, ConfirmDialog, ProgressBar, StatusChip, Toast, pct } from '@/components/ui';

type Tab = 'okrs' | 'coverage' | 'review' | 'data' | 'settings';
type Dialog =
  | { kind: 'cycle'; cycle: Cycle }
  | { kind: 'objective'; objective: Objective }
  | { kind: 'keyResult'; keyResult: KeyResult }
  | { kind: 'checkIn'; krId: string }
  | {
      kind: 'confirm';
      title: string;
      message: string;
      confirmLabel: string;
      run: () => Promise<void>;
    };

/** Ids sort by creation time, so objectives keep the order they were written in. */
export function newId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${crypto.randomUUID().slice(0, 8)}`;
}

function tabFromHash(): Tab {
  const h = location.hash.replace('#', '');
  return h === 'data' || h === 'settings' || h === 'coverage' || h === 'review' ? h : 'okrs';
}

export function App() {
  const [state, setState] = useState<State | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>(tabFromHash);
  const [cycleId, setCycleId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [toast, setToast] = useState<{ message: string; undo?: () => Promise<void> } | null>(null);
  const [showArchived, setShowArchived] = useState(false);
  const [domains, setDomains] = useState<CustomDomain[]>([]);
  useEffect(() => {
    send({ type: 'listDomains' }).then(setDomains, () => undefined);
  }, []);
  const today = todayIso();

  const refresh = useCallback(async () => {
    try {
      setState(await send({ type: 'getState' }));
      setLoadError(null);
    } catch (e) {
      setLoadError((e as Error).message);
    }
  }, []);
  useEffect(() => {
    void refresh();
    return onDataChanged(() => void refresh());
  }, [refresh]);
  useEffect(() => {
    const onHash = () => setTab(tabFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const cycle = useMemo(() => {
    if (!state) return undefined;
    return state.cycles.find((c) => c.id === cycleId) ?? currentCycle(state.cycles, today);
  }, [state, cycleId, today]);

  const overview = useMemo(
    () => (state && cycle ? cycleOverview(state, cycle, today, state.settings) : undefined),
    [state, cycle, today],
  );
  const hints = useMemo(() => {
    if (!state || !cycle) return [];
    return qualityHints({
      cycle,
      objectives: state.objectives.filter((o) => o.cycleId === cycle.id),
      keyResults: state.keyResults,
      linkedKrIds: new Set(state.links.map((l) => l.keyResultId)),
      today,
    });
  }, [state, cycle, today]);

  const [coverageFilters, setCoverageFilters] = useState<CoverageFilters>({});
  const coverage = useMemo(() => {
    if (!state || !cycle) return undefined;
    const byKr = new Map<string, (typeof state.checkIns)[number][]>();
    for (const c of state.checkIns)
      byKr.set(c.keyResultId, [...(byKr.get(c.keyResultId) ?? []), c]);
    const currentValues = new Map(
      state.keyResults.map((k) => [k.id, currentValue(k, byKr.get(k.id) ?? [])]),
    );
    return computeCoverage({
      cycle,
      objectives: state.objectives,
      keyResults: state.keyResults,
      links: state.links,
      tickets: state.tickets,
      currentValues,
      today,
      filters: coverageFilters,
    });
  }, [state, cycle, today, coverageFilters]);

  const download = (name: string, type: string, body: string) => {
    const url = URL.createObjectURL(new Blob([body], { type }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const close = () => setDialog(null);
  const saveThen = async (p: Promise<unknown>) => {
    await p;
    close();
    await refresh();
  };

  const actions: ObjectiveActions = {
    editObjective: (v) => setDialog({ kind: 'objective', objective: v.objective }),
    archiveObjective: (v, archived) => void setArchived('objective', v.objective, archived),
    deleteObjective: (v) =>
      setDialog({
        kind: 'confirm',
        title: 'Delete objective?',
        message: `“${v.objective.title}” and its ${v.keyResults.length + v.archivedKeyResults.length} key results, their check-ins and ticket links will be deleted. Archive it instead to keep its history.`,
        confirmLabel: 'Delete objective',
        run: () => send({ type: 'deleteObjective', id: v.objective.id }).then(() => undefined),
      }),
    addKeyResult: (v) => {
      const codes = state!.keyResults
        .filter((k) => state!.objectives.find((o) => o.id === k.objectiveId)?.cycleId === cycle!.id)
        .map((k) => k.code);
      setDialog({
        kind: 'keyResult',
        keyResult: {
          id: newId('kr'),
          objectiveId: v.objective.id,
          code: suggestKrCode(v.number, codes),
          title: '',
          kind: 'increase',
          start: 0,
        },
      });
    },
    editKeyResult: (k) => setDialog({ kind: 'keyResult', keyResult: k.kr }),
    checkIn: (k) => setDialog({ kind: 'checkIn', krId: k.kr.id }),
    archiveKeyResult: (k, archived) => void setArchived('keyResult', k.kr, archived),
    deleteKeyResult: (k: KrView) =>
      setDialog({
        kind: 'confirm',
        title: `Delete ${k.kr.code}?`,
        message: `“${k.kr.title}”, its ${k.history.length} check-ins and ${k.linkCount} ticket links will be deleted. Archive it instead to keep its history.`,
        confirmLabel: 'Delete key result',
        run: () => send({ type: 'deleteKeyResult', id: k.kr.id }).then(() => undefined),
      }),
  };

  async function setArchived(
    kind: 'objective' | 'keyResult',
    record: Objective | KeyResult,
    archived: boolean,
  ) {
    const write = (a: boolean) =>
      kind === 'objective'
        ? send({ type: 'upsertObjective', objective: withArchived(record as Objective, a) })
        : send({ type: 'upsertKeyResult', keyResult: withArchived(record as KeyResult, a) });
    try {
      await write(archived);
      await refresh();
      if (archived)
        setToast({
          message: `Archived “${'code' in record ? record.code : record.title}”.`,
          undo: async () => {
            await write(false);
            await refresh();
          },
        });
    } catch (e) {
      setToast({ message: `Could not archive: ${(e as Error).message}` });
    }
  }

  const onImport = async (file: File): Promise<ImportOutcome> => {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const isCsv = /\.csv$/i.test(file.name) || file.type === 'text/csv';
    let data: unknown;
    const warnings: string[] = [];
    const decoded = decodeImportBytes(bytes, isCsv ? 'csv' : 'json');
    if (!decoded.ok) return { ok: false, message: decoded.message };
    const { text } = decoded;
    warnings.push(...decoded.warnings);
    if (isCsv) {
      const q = quarterOf(today);
      const r = parseOkrForJiraCsv(text, {
        today,
        defaultCycle: q,
        existingCycles: state?.cycles ?? [],
      });
      if (!r.ok)
        return {
          ok: false,
          message: `The CSV has ${r.issues.length} problem(s).`,
          issues: r.issues,
        };
      data = r.data;
      warnings.push(...r.warnings);
    } else {
      const parsed = parseJsonText(text);
      if (!parsed.ok)
        return { ok: false, message: describeIssues(parsed.issues), issues: parsed.issues };
      data = parsed.value;
    }
    try {
      const result = await send({ type: 'importFile', file: data });
      await refresh();
      return { ok: true, summary: `Imported ${file.name}: ${summarize(result)}.`, warnings };
    } catch (e) {
      const err = e as Error & { issues?: { path: string; message: string }[] };
      return {
        ok: false,
        message: err.issues?.length ? `The file has ${err.issues.length} problem(s).` : err.message,
        ...(err.issues ? { issues: err.issues } : {}),
      };
    }
  };

  const onExport = async () => {
    const file = await send({ type: 'exportAll' });
    download(`okr-lens-${today}.json`, 'application/json', JSON.stringify(file, null, 2) + '\n');
  };

  if (loadError && !state)
    return (
      <main className="main">
        <div className="notice notice-error" role="alert">
          Could not reach the OKR Lens background: {loadError}
        </div>
      </main>
    );

  const counts = state
    ? `${state.cycles.length} cycles, ${state.objectives.length} objectives, ${state.keyResults.length} key results, ${state.checkIns.length} check-ins, ${state.links.length} links`
    : '…';
  const dialogKr =
    dialog?.kind === 'checkIn'
      ? overview?.objectives.flatMap((o) => o.keyResults).find((k) => k.kr.id === dialog.krId)
      : undefined;

  return (
    <>
      <header className="app-header">
        <h1 className="brand">
          <BrandMark />
          OKR Lens
        </h1>
        <nav className="tabs" role="tablist" aria-label="Sections">
          {(
            [
              ['okrs', 'OKRs'],
              ['coverage', 'Coverage'],
              ['review', 'Review'],
              ['data', 'Import / Export'],
              ['settings', 'Settings'],
            ] as const
          ).map(([t, label]) => (
            <button
              key={t}
              type="button"
              role="tab"
              className="tab"
              aria-selected={tab === t}
              onClick={() => {
                setTab(t);
                history.replaceState(null, '', `#${t}`);
              }}
            >
              {label}
            </button>
          ))}
        </nav>
      </header>
      <main className="main">
        {!state ? (
          <p className="muted">Loading…</p>
        ) : tab === 'data' ? (
          <DataPanel
            counts={counts}
            onImport={onImport}
            onExport={onExport}
            onClear={async () => {
              await send({ type: 'clearAll' });
              await refresh();
              setToast({ message: 'All data cleared.' });
            }}
          />
        ) : tab === 'review' ? (
          overview && cycle ? (
            <ReviewPanel
              key={cycle.id}
              overview={overview}
              settings={state.settings}
              today={today}
              onSaveScores={async (krs) => {
                for (const k of krs) await send({ type: 'upsertKeyResult', keyResult: k });
                await refresh();
              }}
              onCarryOver={async (draft) => {
                const r = await send({ type: 'carryOver', fromCycleId: cycle.id, ...draft });
                await refresh();
                setCycleId(r.cycle.id);
                setTab('okrs');
                history.replaceState(null, '', '#okrs');
                setToast({
                  message: `Carried ${r.keyResults} key results and ${r.objectives} objectives over to ${r.cycle.name}.`,
                });
              }}
            />
          ) : (
            <p className="muted">No cycle to review yet.</p>
          )
        ) : tab === 'coverage' ? (
          cycle && coverage ? (
            <CoveragePanel
              cycles={[...state.cycles].sort((a, b) => b.start.localeCompare(a.start))}
              cycle={cycle}
              objectives={state.objectives.filter((o) => o.cycleId === cycle.id && !o.archived)}
              keyResults={state.keyResults.filter(
                (k) =>
                  !k.archived &&
                  state.objectives.some(
                    (o) => o.id === k.objectiveId && o.cycleId === cycle.id && !o.archived,
                  ),
              )}
              teams={[
                ...new Set(
                  state.objectives
                    .filter((o) => o.cycleId === cycle.id)
                    .map((o) => o.team ?? o.owner)
                    .filter((t): t is string => !!t),
                ),
              ].sort()}
              coverage={coverage}
              filters={coverageFilters}
              onCycle={setCycleId}
              onFilters={setCoverageFilters}
              onLink={async (ticket, keyResultId) => {
                await send({ type: 'link', ticket, keyResultIds: keyResultId });
                await refresh();
              }}
              onExportCsv={() =>
                download(
                  `okr-coverage-${cycle.name.replace(/\W+/g, '-')}.csv`,
                  'text/csv',
                  Papa.unparse(coverageRows(coverage)),
                )
              }
              onExportMarkdown={async (copy) => {
                const text = coverageMarkdown(coverage, cycle);
                if (copy) await navigator.clipboard.writeText(text);
                else
                  download(
                    `okr-coverage-${cycle.name.replace(/\W+/g, '-')}.md`,
                    'text/markdown',
                    text,
                  );
              }}
            />
          ) : (
            <p className="muted">
              No cycle yet: create one or load the example OKRs on the OKRs tab.
            </p>
          )
        ) : tab === 'settings' ? (
          <>
            <SettingsPanel
              settings={state.settings}
              onSave={async (s) => {
                await send({ type: 'saveSettings', settings: s });
                await refresh();
              }}
            />
            <DomainsPanel
              domains={domains}
              onAdd={(origin, pattern, tracker) =>
                // Asked right here, inside the click: permissions.request needs the gesture.
                browser.permissions.request({ origins: [pattern] }).then(async (granted) => {
                  if (!granted)
                    throw new Error(`Access to ${origin} was not allowed; nothing was added.`);
                  setDomains(await send({ type: 'addDomain', origin, tracker }));
                })
              }
              onRemove={async (origin) => setDomains(await send({ type: 'removeDomain', origin }))}
            />
          </>
        ) : (
          <>
            <div className="toolbar">
              <label className="row">
                <span className="muted">Cycle</span>
                <select
                  className="input"
                  style={{ width: 'auto' }}
                  aria-label="Cycle"
                  value={cycle?.id ?? ''}
                  onChange={(e) => setCycleId(e.target.value)}
                >
                  {state.cycles.length === 0 ? <option value="">No cycles yet</option> : null}
                  {[...state.cycles]
                    .sort((a, b) => b.start.localeCompare(a.start))
                    .map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.name}
                      </option>
                    ))}
                </select>
              </label>
              <button
                type="button"
                className="btn btn-ghost"
                onClick={() => {
                  const q = cycle ? nextQuarter(cycle) : quarterOf(today);
                  setDialog({ kind: 'cycle', cycle: { id: newId('cycle'), ...q } });
                }}
              >
                + New cycle
              </button>
              {cycle ? (
                <button
                  type="button"
                  className="btn btn-ghost"
                  onClick={() => setDialog({ kind: 'cycle', cycle })}
                >
                  Edit cycle
                </button>
              ) : null}
              <span className="spacer" />
              <label className="row small muted">
                <input
                  type="checkbox"
                  checked={showArchived}
                  onChange={(e) => setShowArchived(e.target.checked)}
                />
                Show archived
              </label>
              {cycle ? (
                <button
                  type="button"
                  className="btn btn-primary"
                  onClick={() =>
                    setDialog({
                      kind: 'objective',
                      objective: { id: newId('obj'), cycleId: cycle.id, title: '' },
                    })
                  }
                >
                  + New objective
                </button>
              ) : null}
            </div>
            {overview ? <CycleSummary overview={overview} today={today} /> : null}
            {!overview || overview.objectives.length + overview.archivedObjectives.length === 0 ? (
              <EmptyState
                hasCycle={!!cycle}
                onSample={async () => {
                  await send({ type: 'loadSample', today });
                  setCycleId(null);
                  await refresh();
                }}
                onCreateCycle={() =>
                  setDialog({ kind: 'cycle', cycle: { id: newId('cycle'), ...quarterOf(today) } })
                }
                onCreateObjective={() =>
                  cycle &&
                  setDialog({
                    kind: 'objective',
                    objective: { id: newId('obj'), cycleId: cycle.id, title: '' },
                  })
                }
                onImport={() => {
                  setTab('data');
                  history.replaceState(null, '', '#data');
                }}
              />
            ) : (
              <>
                {overview.objectives.map((v) => (
                  <ObjectiveCard
                    key={v.objective.id}
                    view={showArchived ? v : { ...v, archivedKeyResults: [] }}
                    actions={actions}
                    hints={hints.filter(
                      (h) =>
                        (h.target.kind === 'objective' && h.target.id === v.objective.id) ||
                        (h.target.kind === 'keyResult' &&
                          v.keyResults.some((k) => k.kr.id === h.target.id)),
                    )}
                  />
                ))}
                {showArchived
                  ? overview.archivedObjectives.map((v) => (
                      <ObjectiveCard key={v.objective.id} view={v} actions={actions} hints={[]} />
                    ))
                  : null}
                {!showArchived && overview.archivedObjectives.length > 0 ? (
                  <p className="muted small">
                    {overview.archivedObjectives.length} archived objective(s) hidden.
                  </p>
                ) : null}
              </>
            )}
          </>
        )}
      </main>

      {dialog?.kind === 'cycle' ? (
        <CycleForm
          initial={dialog.cycle}
          onClose={close}
          onSave={async (c) => {
            await saveThen(send({ type: 'upsertCycle', cycle: c }));
            setCycleId(c.id);
          }}
        />
      ) : null}
      {dialog?.kind === 'objective' && state ? (
        <ObjectiveForm
          initial={dialog.objective}
          parents={state.objectives.filter((o) => !o.archived)}
          onClose={close}
          onSave={(o) => saveThen(send({ type: 'upsertObjective', objective: o }))}
        />
      ) : null}
      {dialog?.kind === 'keyResult' ? (
        <KeyResultForm
          initial={dialog.keyResult}
          onClose={close}
          onSave={(k) => saveThen(send({ type: 'upsertKeyResult', keyResult: k }))}
        />
      ) : null}
      {dialog?.kind === 'checkIn' && dialogKr ? (
        <CheckInForm
          kr={dialogKr.kr}
          history={dialogKr.history}
          today={today}
          onClose={close}
          extra={
            cycle ? (
              <KrChart kr={dialogKr.kr} history={dialogKr.history} cycle={cycle} today={today} />
            ) : undefined
          }
          onSave={(c: CheckIn) => saveThen(send({ type: 'addCheckIn', checkIn: c }))}
          onDelete={async (id) => {
            await send({ type: 'deleteCheckIn', id });
            await refresh();
          }}
        />
      ) : null}
      {dialog?.kind === 'confirm' ? (
        <ConfirmDialog
          title={dialog.title}
          message={<p>{dialog.message}</p>}
          confirmLabel={dialog.confirmLabel}
          onClose={close}
          onConfirm={() => {
            const run = dialog.run;
            close();
            void run()
              .then(refresh)
              .catch((e: Error) => setToast({ message: e.message }));
          }}
        />
      ) : null}
      {toast ? (
        <Toast
          message={toast.message}
          {...(toast.undo
            ? {
                actionLabel: 'Undo',
                onAction: () => {
                  void toast.undo!();
                  setToast(null);
                },
              }
            : {})}
          onDismiss={() => setToast(null)}
        />
      ) : null}
    </>
  );
}

function withArchived<T extends { archived?: boolean }>(r: T, archived: boolean): T {
  const copy = { ...r };
  if (archived) copy.archived = true;
  else delete copy.archived;
  return copy;
}

function CycleSummary({
  overview,
  today,
}: {
  overview: NonNullable<ReturnType<typeof cycleOverview>>;
  today: string;
}) {
  const { cycle } = overview;
  const w = cycleWeek(cycle, today);
  const all = overview.objectives;
  const counts = new Map<string, number>();
  for (const o of all)
    for (const k of o.keyResults)
      counts.set(k.evaluation.status, (counts.get(k.evaluation.status) ?? 0) + 1);
  const before = today < cycle.start;
  const after = today > cycle.end;
  return (
    <section className="card cycle-summary" aria-label="Cycle summary">
      <div>
        <h2>{cycle.name}</h2>
        <div className="muted">
          {cycle.start} – {cycle.end} ·{' '}
          {before ? 'not started yet' : after ? 'ended' : `week ${w.week} of ${w.weeks}`}
        </div>
      </div>
      <div className="chips" aria-label="Key results by status">
        {(['off-track', 'at-risk', 'on-track', 'done', 'no-data'] as const).map((s) =>
          counts.get(s) ? (
            <span key={s} className="row">
              <StatusChip status={s} /> <span className="small">× {counts.get(s)}</span>
            </span>
          ) : null,
        )}
      </div>
      <div style={{ gridColumn: '1 / -1' }}>
        <ProgressBar
          progress={overview.expected}
          expected={overview.expected}
          status="no-data"
          label="Time elapsed"
          caption={`${pct(overview.expected)} of the cycle elapsed`}
        />
      </div>
    </section>
  );
}

function EmptyState({
  hasCycle,
  onSample,
  onCreateCycle,
  onCreateObjective,
  onImport,
}: {
  hasCycle: boolean;
  onSample: () => Promise<void>;
  onCreateCycle: () => void;
  onCreateObjective: () => void;
  onImport: () => void;
}) {
  return (
    <section className="card empty" aria-label="Getting started">
      <h2>{hasCycle ? 'No objectives in this cycle yet' : 'Welcome to OKR Lens'}</h2>
      <p className="muted">
        Write your quarter’s objectives and key results, then tag tickets on GitHub, Jira and Linear
        to the key results they serve.
      </p>
      <div className="row">
        <button type="button" className="btn btn-primary" onClick={() => void onSample()}>
          Load example OKRs
        </button>
        {hasCycle ? (
          <button type="button" className="btn" onClick={onCreateObjective}>
            + New objective
          </button>
        ) : (
          <button type="button" className="btn" onClick={onCreateCycle}>
            Create this quarter
          </button>
        )}
        <button type="button" className="btn" onClick={onImport}>
          Import a file
        </button>
      </div>
    </section>
  );
}

function summarize(counts: ImportCounts): string {
  const parts = Object.entries(counts)
    .filter(([, c]) => c.added + c.updated > 0)
    .map(([name, c]) => `${c.added} ${name} added${c.updated ? `, ${c.updated} updated` : ''}`);
  return parts.length ? parts.join('; ') : 'nothing new (everything was already here)';
}
