/**
 * A Chrome trace of one page load → the page's main-thread tasks: the longest, those over
 * 50 ms, and the extension's share (its top-level script events and the tasks holding them).
 */

const EXT_EVENTS = new Set(['EvaluateScript', 'FunctionCall', 'v8.compile', 'TimerFire']);
const extUrlOf = (e) => {
  const u = e.args?.data?.url ?? e.args?.fileName;
  return typeof u === 'string' && u.startsWith('chrome-extension://') ? u : undefined;
};
const longestOf = (events) => events.reduce((a, t) => (t.dur > (a?.dur ?? -1) ? t : a), undefined);
const over50 = (tasks) => tasks.filter((t) => t.dur > 50_000).length;

/**
 * The page's renderer main thread: CrRendererMain of the process that parsed `url` (else the
 * renderer with the most task time). Returns its pid and tid, and its RunTask events.
 */
function pageMainThread(events, url) {
  const mains = new Map(); // pid → tid of CrRendererMain
  for (const e of events)
    if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      mains.set(e.pid, e.tid);
  const runTasksOf = (p) =>
    events.filter(
      (e) => e.name === 'RunTask' && e.ph === 'X' && e.pid === p && e.tid === mains.get(p),
    );
  let pid = events.find(
    (e) => e.name === 'ParseHTML' && mains.has(e.pid) && e.args?.beginData?.url === url,
  )?.pid;
  if (pid === undefined) {
    let best = 0;
    for (const p of mains.keys()) {
      const total = runTasksOf(p).reduce((a, e) => a + (e.dur ?? 0), 0);
      if (total > best) [best, pid] = [total, p];
    }
  }
  if (pid === undefined) return undefined;
  return { pid, tid: mains.get(pid), tasks: runTasksOf(pid).sort((a, b) => a.ts - b.ts) };
}

/** The extension's top-level script events on the thread (a v8.compile inside EvaluateScript counts once). */
function extensionEvents(events, { pid, tid }) {
  const ext = events
    .filter(
      (e) =>
        e.pid === pid && e.tid === tid && e.ph === 'X' && EXT_EVENTS.has(e.name) && extUrlOf(e),
    )
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const top = [];
  for (const e of ext) {
    const last = top.at(-1);
    if (last && e.ts >= last.ts && e.ts + (e.dur ?? 0) <= last.ts + (last.dur ?? 0)) continue;
    top.push(e);
  }
  return top;
}

/**
 * The bench pages run no script of their own: once the content script started, a task that
 * parses no HTML is ours or rendering work our DOM changes caused (the relayout after badges
 * go in). Its longest is the fair "no task > 50 ms" figure, script or not.
 */
function tasksAfterScript(events, { pid, tid, tasks }, extStart) {
  if (extStart === undefined) return [];
  const parses = events
    .filter((e) => e.pid === pid && e.tid === tid && e.name === 'ParseHTML')
    .map((e) => [e.ts, e.ts + (e.dur ?? 0)]);
  return tasks.filter(
    (t) => t.ts + t.dur >= extStart && !parses.some(([a, b]) => a < t.ts + t.dur && b > t.ts),
  );
}

/**
 * The extension's JavaScript time from the trace's sampled CPU profile (ProfileChunk events of
 * the page's renderer main thread): `selfMs`, samples whose top frame is the extension's code;
 * `inclusiveMs`, samples with an extension frame anywhere on the stack (the DOM work our
 * scripts call included). Undefined when the trace holds no profile.
 */
export function extensionProfile(events, { pid, tid }) {
  // A profile per V8 thread of the process: keep the main thread's (by its Profile event).
  const profiles = events.filter((e) => e.name === 'Profile' && e.pid === pid);
  const main = profiles.filter((e) => e.tid === tid);
  const ids = new Set((main.length ? main : profiles).map((e) => e.id));
  const chunks = events.filter((e) => e.name === 'ProfileChunk' && e.pid === pid && ids.has(e.id));
  if (chunks.length === 0) return undefined;
  const nodes = new Map(); // id → { parent, ext }
  let selfUs = 0;
  let inclusiveUs = 0;
  const extOnStack = (id) => {
    for (let n = nodes.get(id); n; n = nodes.get(n.parent)) if (n.ext) return true;
    return false;
  };
  for (const c of chunks) {
    const cpu = c.args?.data?.cpuProfile ?? {};
    for (const n of cpu.nodes ?? [])
      nodes.set(n.id, {
        parent: n.parent,
        ext: String(n.callFrame?.url ?? '').startsWith('chrome-extension://'),
      });
    const deltas = c.args?.data?.timeDeltas ?? [];
    (cpu.samples ?? []).forEach((id, i) => {
      const d = deltas[i + 1] ?? deltas[i] ?? 0;
      if (nodes.get(id)?.ext) selfUs += d;
      if (extOnStack(id)) inclusiveUs += d;
    });
  }
  return { selfMs: selfUs / 1000, inclusiveMs: inclusiveUs / 1000 };
}

/** The main-thread task figures of one traced load of `url`. */
export function analyzeTrace(events, url) {
  const thread = pageMainThread(events, url);
  if (!thread) return { longestTaskMs: NaN, error: 'renderer main thread not found' };
  const { tasks } = thread;
  const top = extensionEvents(events, thread);
  const containing = (e) => tasks.find((t) => t.ts <= e.ts && t.ts + t.dur >= e.ts + (e.dur ?? 0));
  const extTasks = [...new Set(top.map(containing).filter(Boolean))];
  const after = tasksAfterScript(events, thread, top[0]?.ts);
  const longest = longestOf(tasks);
  const longestExt = longestOf(extTasks);
  const longestExtEvent = longestOf(top);
  const longestAfter = longestOf(after);
  const profile = extensionProfile(events, thread);
  return {
    extProfileSelfMs: profile?.selfMs,
    extProfileMs: profile?.inclusiveMs,
    longestTaskMs: longest ? longest.dur / 1000 : NaN,
    tasksOver50: over50(tasks),
    extScriptMs: top.reduce((a, e) => a + (e.dur ?? 0), 0) / 1000,
    extLongestTaskMs: longestExt ? longestExt.dur / 1000 : 0,
    extTasksOver50: over50(extTasks),
    afterExtLongestTaskMs: longestAfter ? longestAfter.dur / 1000 : 0,
    afterExtTasksOver50: over50(after),
    extLongestEvent: longestExtEvent
      ? `${longestExtEvent.name} ${extUrlOf(longestExtEvent).replace(/^chrome-extension:\/\/[^/]+\//, '')} ${(longestExtEvent.dur / 1000).toFixed(1)} ms`
      : undefined,
  };
}
