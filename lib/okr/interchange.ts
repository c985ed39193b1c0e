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
import {
  codeClashes,
  codeTakenMessage,
  parentLoop,
  parentLoopMessage,
  parentProblem,
  rangeProblem,
} from './integrity';

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

/** Zod's issues, one per field (the first), each at its own path. */
function shapeIssues(error: z.ZodError): ValidationIssue[] {
  // A strict object names every unknown key in one issue; report each at its own path.
  const all = error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((k) => ({ path: formatPath([...i.path, k]), message: `unknown field "${k}"` }))
      : i.code === 'invalid_type' && i.path.length === 0
        ? [{ path: '(file)', message: NOT_A_FILE }]
        : [{ path: formatPath(i.path), message: i.message }],
  );
  // One message per field, the first: "2026-2-3" fails the pattern and then the calendar
  // refinement too, and the second message only repeats the first less clearly.
  const seen = new Set<string>();
  return all.filter((i) => {
    if (seen.has(i.path)) return false;
    seen.add(i.path);
    return true;
  });
}

/** Records that repeat an id (or a link that repeats ticket + KR) earlier in the file. */
function duplicateIssues(data: InterchangeFile): ValidationIssue[] {
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
  return issues;
}

/** References to records that are neither in the file nor already stored. */
function referenceIssues(data: InterchangeFile, known?: KnownIds): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const cycleIds = new Set([...data.cycles.map((c) => c.id), ...(known?.cycles ?? [])]);
  const objectiveIds = new Set([...data.objectives.map((o) => o.id), ...(known?.objectives ?? [])]);
  const krIds = new Set([...data.keyResults.map((k) => k.id), ...(known?.keyResults ?? [])]);
  const missing = (path: string, what: string, id: string) =>
    issues.push({ path, message: `no ${what} with id "${id}"` });
  data.objectives.forEach((o, i) => {
    if (!cycleIds.has(o.cycleId)) missing(`objectives[${i}].cycleId`, 'cycle', o.cycleId);
    if (o.parentId === undefined) return;
    // Whether the parent is in the same cycle needs the stored records (the store checks it).
    const problem = parentProblem(
      o,
      objectiveIds.has(o.parentId) ? { cycleId: o.cycleId } : undefined,
    );
    if (problem) issues.push({ path: `objectives[${i}].parentId`, message: problem });
  });
  data.keyResults.forEach((k, i) => {
    if (!objectiveIds.has(k.objectiveId))
      missing(`keyResults[${i}].objectiveId`, 'objective', k.objectiveId);
  });
  data.checkIns.forEach((c, i) => {
    if (!krIds.has(c.keyResultId))
      missing(`checkIns[${i}].keyResultId`, 'key result', c.keyResultId);
  });
  data.links.forEach((l, i) => {
    if (!krIds.has(l.keyResultId)) missing(`links[${i}].keyResultId`, 'key result', l.keyResultId);
  });
  return issues;
}

/** The rules of lib/okr/integrity.ts, within the file: dates, loops, ranges, codes. */
function ruleIssues(data: InterchangeFile): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  data.cycles.forEach((c, i) => {
    if (c.end < c.start)
      issues.push({ path: `cycles[${i}].end`, message: 'ends before it starts' });
  });
  // A parent chain must end: A → B → A would make alignment trees loop forever.
  const parentOf = new Map(data.objectives.map((o) => [o.id, o.parentId]));
  data.objectives.forEach((o, i) => {
    if (o.parentId === undefined || o.parentId === o.id) return;
    const loop = parentLoop(o.id, (id) => parentOf.get(id));
    if (loop) issues.push({ path: `objectives[${i}].parentId`, message: parentLoopMessage(loop) });
  });
  data.keyResults.forEach((k, i) => {
    const problem = rangeProblem(k);
    if (problem) issues.push({ path: `keyResults[${i}].target`, message: problem });
  });
  const objectiveCycle = new Map(data.objectives.map((o) => [o.id, o.cycleId]));
  const indexed = data.keyResults.map((kr, i) => ({ code: kr.code, kr, i }));
  for (const { item, holder } of codeClashes(indexed, (x) => objectiveCycle.get(x.kr.objectiveId)))
    issues.push({
      path: `keyResults[${item.i}].code`,
      message: codeTakenMessage(item.kr.code, `keyResults[${holder.i}]`),
    });
  return issues;
}

/**
 * Validate an interchange file: its shape (zod), then what zod cannot see: duplicate ids,
 * references to records that are neither in the file nor already stored, cycles that end
 * before they start, KR codes repeated within a cycle, numeric KRs with target = start,
 * objective parents that loop (A → B → A), date-times on days that don't exist.
 */
export function validateInterchange(input: unknown, known?: KnownIds): ValidationResult {
  const parsed = interchangeSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: shapeIssues(parsed.error) };
  const data = parsed.data;
  const issues = [...duplicateIssues(data), ...referenceIssues(data, known), ...ruleIssues(data)];
  return issues.length > 0 ? { ok: false, issues } : { ok: true, data };
}
