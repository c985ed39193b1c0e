/**
 * The interchange file (README "Interchange format"): what export writes and import reads.
 * Validation is all-or-nothing and every error names the path of the bad field, e.g.
 * `keyResults[3].target: expected number`.
 */
import { z } from 'zod';
import {
  checkInSchema,
  cycleSchema,
  keyResultSchema,
  linkSchema,
  objectiveSchema,
  ticketSchema,
} from './model';

export const INTERCHANGE_FORMAT = 'okr-lens';
export const INTERCHANGE_VERSION = 1;

export const interchangeSchema = z.strictObject({
  $schema: z.string().optional(),
  format: z.literal(INTERCHANGE_FORMAT, {
    error: (iss) =>
      iss.input === undefined
        ? `missing; an OKR Lens file says "format": "${INTERCHANGE_FORMAT}"`
        : `expected "${INTERCHANGE_FORMAT}" (is this an OKR Lens file?)`,
  }),
  version: z.literal(INTERCHANGE_VERSION, {
    error: (iss) =>
      iss.input === undefined
        ? `missing; this build reads version ${INTERCHANGE_VERSION}`
        : typeof iss.input === 'number' && iss.input > INTERCHANGE_VERSION
          ? `version ${iss.input} comes from a newer OKR Lens; this build reads version ${INTERCHANGE_VERSION}`
          : `unsupported version; this build reads version ${INTERCHANGE_VERSION}`,
  }),
  exportedAt: z.string().optional(),
  cycles: z.array(cycleSchema).default([]),
  objectives: z.array(objectiveSchema).default([]),
  keyResults: z.array(keyResultSchema).default([]),
  checkIns: z.array(checkInSchema).default([]),
  links: z.array(linkSchema).default([]),
  tickets: z.array(ticketSchema).default([]),
});

const NOT_A_FILE = `expected an OKR Lens file: a JSON object with "format": "${INTERCHANGE_FORMAT}"`;

export type InterchangeFile = z.infer<typeof interchangeSchema>;
export type InterchangeInput = z.input<typeof interchangeSchema>;

/** Ids already in the store: a file may refer to them without carrying them. */
export interface KnownIds {
  cycles: ReadonlySet<string>;
  objectives: ReadonlySet<string>;
  keyResults: ReadonlySet<string>;
}

export interface ValidationIssue {
  path: string;
  message: string;
}

export type ValidationResult =
  { ok: true; data: InterchangeFile } | { ok: false; issues: ValidationIssue[] };

/** `['keyResults', 3, 'target']` → `keyResults[3].target`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'string' && /^[A-Za-z_$][\w$]*$/.test(part))
      out += out === '' ? part : `.${part}`;
    // Keys that are not plain names (spaces, dots, empty) are quoted: `cycles[0][" "]`.
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out || '(file)';
}

export function describeIssues(issues: readonly ValidationIssue[], max = 5): string {
  const shown = issues.slice(0, max).map((i) => `${i.path}: ${i.message}`);
  const more = issues.length > max ? ` (and ${issues.length - max} more)` : '';
  return shown.join('; ') + more;
}

/** Parse JSON text; the error says where the syntax broke. A UTF-8 BOM is accepted. */
export function parseJsonText(
  text: string,
): { ok: true; value: unknown } | { ok: false; issues: ValidationIssue[] } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '')
    return { ok: false, issues: [{ path: '(file)', message: 'the file is empty' }] };
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (e) {
    return {
      ok: false,
      issues: [{ path: '(file)', message: `not valid JSON: ${(e as Error).message}` }],
    };
  }
}

/**
 * Validate an interchange file: its shape (zod), then what zod cannot see: duplicate ids,
 * references to records that are neither in the file nor already stored, cycles that end
 * before they start, KR codes repeated within a cycle, numeric KRs with target = start,
 * objective parents that loop (A → B → A), date-times on days that don't exist.
 */
export function validateInterchange(input: unknown, known?: KnownIds): ValidationResult {
  const parsed = interchangeSchema.safeParse(input);
  if (!parsed.success) {
    // A strict object names every unknown key in one issue; report each at its own path.
    const all = parsed.error.issues.flatMap((i) =>
      i.code === 'unrecognized_keys'
        ? i.keys.map((k) => ({ path: formatPath([...i.path, k]), message: `unknown field "${k}"` }))
        : i.code === 'invalid_type' && i.path.length === 0
          ? [{ path: '(file)', message: NOT_A_FILE }]
          : [{ path: formatPath(i.path), message: i.message }],
    );
    // One message per field, the first: "2026-2-3" fails the pattern and then the calendar
    // refinement too, and the second message only repeats the first less clearly.
    const seen = new Set<string>();
    const issues = all.filter((i) => {
      if (seen.has(i.path)) return false;
      seen.add(i.path);
      return true;
    });
    return { ok: false, issues };
  }
  const data = parsed.data;
  const issues: ValidationIssue[] = [];
  const dupes = <T>(
    list: readonly T[],
    name: string,
    keyOf: (t: T) => string | undefined,
    field: string,
  ) => {
    const seen = new Map<string, number>();
    list.forEach((item, i) => {
      const k = keyOf(item);
      if (k === undefined) return;
      const first = seen.get(k);
      if (first !== undefined)
        issues.push({ path: `${name}[${i}].${field}`, message: `duplicate of ${name}[${first}]` });
      else seen.set(k, i);
    });
  };
  dupes(data.cycles, 'cycles', (c) => c.id, 'id');
  dupes(data.objectives, 'objectives', (o) => o.id, 'id');
  dupes(data.keyResults, 'keyResults', (k) => k.id, 'id');
  // Check-ins without an id get one on import; indices stay those of the file.
  dupes(data.checkIns, 'checkIns', (c) => c.id, 'id');
  dupes(data.links, 'links', (l) => `${l.ticket}\u0000${l.keyResultId}`, 'ticket');
  dupes(data.tickets, 'tickets', (t) => t.key, 'key');

  const cycleIds = new Set([...data.cycles.map((c) => c.id), ...(known?.cycles ?? [])]);
  const objectiveIds = new Set([...data.objectives.map((o) => o.id), ...(known?.objectives ?? [])]);
  const krIds = new Set([...data.keyResults.map((k) => k.id), ...(known?.keyResults ?? [])]);

  data.cycles.forEach((c, i) => {
    if (c.end < c.start)
      issues.push({ path: `cycles[${i}].end`, message: 'ends before it starts' });
  });
  data.objectives.forEach((o, i) => {
    if (!cycleIds.has(o.cycleId))
      issues.push({ path: `objectives[${i}].cycleId`, message: `no cycle with id "${o.cycleId}"` });
    if (o.parentId !== undefined) {
      if (o.parentId === o.id)
        issues.push({
          path: `objectives[${i}].parentId`,
          message: 'an objective cannot be its own parent',
        });
      else if (!objectiveIds.has(o.parentId))
        issues.push({
          path: `objectives[${i}].parentId`,
          message: `no objective with id "${o.parentId}"`,
        });
    }
  });
  // A parent chain must end: A → B → A would make alignment trees loop forever.
  const parentOf = new Map(data.objectives.map((o) => [o.id, o.parentId]));
  data.objectives.forEach((o, i) => {
    if (o.parentId === undefined || o.parentId === o.id) return;
    const chain = [o.id];
    const seen = new Set(chain);
    let next: string | undefined = o.parentId;
    while (next !== undefined && parentOf.has(next) && !seen.has(next)) {
      chain.push(next);
      seen.add(next);
      next = parentOf.get(next);
    }
    if (next === o.id)
      issues.push({
        path: `objectives[${i}].parentId`,
        message: `parents loop back to this objective: ${[...chain, o.id].map((c) => `"${c}"`).join(' → ')}`,
      });
  });
  const objectiveCycle = new Map(data.objectives.map((o) => [o.id, o.cycleId]));
  const codesInCycle = new Map<string, number>();
  data.keyResults.forEach((k, i) => {
    if (!objectiveIds.has(k.objectiveId))
      issues.push({
        path: `keyResults[${i}].objectiveId`,
        message: `no objective with id "${k.objectiveId}"`,
      });
    if (
      (k.kind === 'increase' || k.kind === 'decrease') &&
      k.start !== undefined &&
      k.target !== undefined &&
      k.start === k.target
    )
      issues.push({ path: `keyResults[${i}].target`, message: 'target must differ from start' });
    const cycle = objectiveCycle.get(k.objectiveId);
    if (cycle !== undefined) {
      const key = `${cycle}\u0000${k.code.toUpperCase()}`;
      const first = codesInCycle.get(key);
      if (first !== undefined)
        issues.push({
          path: `keyResults[${i}].code`,
          message: `code "${k.code}" is already used by keyResults[${first}] in the same cycle`,
        });
      else codesInCycle.set(key, i);
    }
  });
  data.checkIns.forEach((c, i) => {
    if (!krIds.has(c.keyResultId))
      issues.push({
        path: `checkIns[${i}].keyResultId`,
        message: `no key result with id "${c.keyResultId}"`,
      });
  });
  data.links.forEach((l, i) => {
    if (!krIds.has(l.keyResultId))
      issues.push({
        path: `links[${i}].keyResultId`,
        message: `no key result with id "${l.keyResultId}"`,
      });
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, data };
}
