/**
 * Periods → cycles. A period reuses an existing cycle with the same name (also spelled
 * differently: "2026 Q4" finds "Q4 2026") or else the same start and end, so objectives land in
 * the user's own Q4; a date range matches by dates only. Otherwise a cycle is created with id
 * `q-<start>` for a calendar quarter, `c-<start>-<end>` for anything else (suffixed `-2`, … if
 * an unrelated existing cycle already has that id; named by its dates if one already has its
 * name).
 */
import { parsePeriod, quarterName } from '../../okr/dates';
import type { Cycle } from '../../okr/model';
import type { CsvCycleSpec, OkrCsvOptions } from './types';

/** What makes two cycle names the same: "2026 q4" = "Q4 2026"; otherwise case and spacing. */
const nameKey = (name: string) =>
  parsePeriod(name)?.name.toLowerCase() ?? name.trim().replace(/\s+/g, ' ').toLowerCase();

export interface Cycles {
  /** The cycle of `spec`: found (by name and dates, or by dates only) or created. */
  resolve(spec: CsvCycleSpec, byNameToo: boolean): Cycle;
  /** Existing cycles, then those created, that hold one of `ids`. */
  used(ids: ReadonlySet<string>): Cycle[];
}

export function cycles(existingCycles: OkrCsvOptions['existingCycles']): Cycles {
  const existing: Cycle[] = (existingCycles ?? []).map(({ id, name, start, end }) => ({
    id,
    name,
    start,
    end,
  }));
  const created: Cycle[] = [];
  const resolve = (spec: CsvCycleSpec, byNameToo: boolean): Cycle => {
    const pool = [...existing, ...created];
    const sameDates = (c: Cycle) => c.start === spec.start && c.end === spec.end;
    const sameName = (c: Cycle) => nameKey(c.name) === nameKey(spec.name);
    const found = byNameToo
      ? (pool.find((c) => sameName(c) && sameDates(c)) ??
        pool.find(sameName) ??
        pool.find(sameDates))
      : pool.find(sameDates);
    if (found) return found;
    const base =
      quarterName(spec.start, spec.end) !== undefined
        ? `q-${spec.start}`
        : `c-${spec.start}-${spec.end}`;
    let id = base;
    for (let k = 2; pool.some((c) => c.id === id); k++) id = `${base}-${k}`;
    // Two cycles called "Q4 2026" would confuse: name the new one by its dates then.
    const name = pool.some(sameName) ? `${spec.start} – ${spec.end}` : spec.name.trim();
    const cycle = { id, name, start: spec.start, end: spec.end };
    created.push(cycle);
    return cycle;
  };
  return {
    resolve,
    used: (ids) => [...existing, ...created].filter((c) => ids.has(c.id)),
  };
}
