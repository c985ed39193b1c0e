/**
 * Malformed imports (README "Reliability"). Thousands of broken interchange files and CSVs are
 * pushed through the same path the options page uses (JSON: `parseJsonText` → `importFile`;
 * CSV: `parseOkrForJiraCsv` → `importFile` when the CSV itself parsed). For each one:
 *
 *   (a) it is refused with issues that each name a place (`path`) and say what is wrong
 *       (`message`); where the generator knows which field it broke, one issue must name it;
 *   (b) the database is byte-for-byte unchanged: `JSON.stringify(exportAll(db, new Date(0)))`
 *       before and after, on a store holding the sample OKRs and `fullFile()`.
 *
 * Broken interchange files are mutations of the store's own export (a valid file: importing it
 * unchanged is a no-op, checked first), so every refusal is caused by the mutation. Broken CSVs
 * are generated valid CSVs (checked valid first) plus one breaking change, random text, random
 * cells with a broken row, and hand-picked files. Failures are collected rather than thrown at
 * the first one: the report shows up to 5 examples and the seed (`FUZZ_SEED=<n>` replays it).
 *
 * The summary test at the end prints "N interchange files, M CSVs fuzzed" for the README.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { OkrDb } from '@/lib/db/db';
import * as store from '@/lib/db';
import { ImportError } from '@/lib/db';
import { decodeImportBytes } from '@/lib/import/decode';
import { parseOkrForJiraCsv } from '@/lib/import/csv';
import type { OkrCsvOptions } from '@/lib/import/csv';
import { formatPath, interchangeSchema, parseJsonText } from '@/lib/okr/interchange';
import type { InterchangeFile, ValidationIssue } from '@/lib/okr/interchange';
import {
  checkInSchema,
  cycleSchema,
  keyResultSchema,
  linkSchema,
  objectiveSchema,
  ticketSchema,
} from '@/lib/okr/model';
import { closeDbs, freshDb, fullFile } from './helpers/db';

const TODAY = '2026-11-23';
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** Runs per generator: sized so the whole file stays well under a minute. */
const RUNS = { mutations: 1_000, texts: 100, jsonValues: 100, truncations: 100 } as const;
const CSV_RUNS = { mutated: 250, garbage: 60, cells: 60, conflicts: 20 } as const;

let db: OkrDb;
let base: InterchangeFile;
let baseText: string;
let before: string;

const counts = { interchange: 0, csv: 0, csvRefusedAtParse: 0, csvRefusedAtImport: 0 };

beforeAll(async () => {
  db = freshDb();
  await store.loadSample(db, TODAY);
  await store.importFile(db, fullFile());
  base = await store.exportAll(db, new Date(0));
  baseText = JSON.stringify(base);
  before = baseText;
});
afterAll(closeDbs);

const snapshot = async () => JSON.stringify(await store.exportAll(db, new Date(0)));

// ---------------------------------------------------------------------------------------------
// Checking one case

interface Failure {
  label: string;
  input: string;
  problem: string;
}

/** Short, printable description of an input (NaN/Infinity/undefined shown, long text cut). */
function describeInput(value: unknown): string {
  if (typeof value === 'string') return cut(JSON.stringify(value));
  let text: string;
  try {
    text = JSON.stringify(value, (_k, v: unknown) =>
      typeof v === 'number' && !Number.isFinite(v)
        ? `<${String(v)}>`
        : v === undefined
          ? '<undefined>'
          : v,
    );
  } catch (e) {
    text = `<unprintable: ${(e as Error).message}>`;
  }
  return cut(text ?? String(value));
}
const cut = (s: string, max = Number(process.env.FUZZ_CUT ?? 400)) =>
  s.length > max ? `${s.slice(0, max)}… (${s.length})` : s;

/** Paths that "name" each other: equal, or one inside the other. */
function related(issuePath: string, expected: string): boolean {
  if (issuePath === expected) return true;
  // `keyResults[3]` contains `keyResults[3].target`; `row 4` contains `row 4 (Order 1.2), Type`.
  const inside = (a: string, b: string) => ['.', '[', ' ', ','].some((c) => a.startsWith(b + c));
  return inside(issuePath, expected) || inside(expected, issuePath);
}

function checkIssues(issues: unknown, expected: readonly string[]): string | undefined {
  if (!Array.isArray(issues) || issues.length === 0) return 'no issues';
  for (const i of issues as ValidationIssue[]) {
    // Non-empty; a path of spaces is a separate, known bug (see "an unknown key of spaces").
    if (typeof i.path !== 'string' || i.path === '')
      return `an issue without a path: ${JSON.stringify(i)}`;
    if (typeof i.message !== 'string' || i.message.trim() === '')
      return `an issue without a message: ${JSON.stringify(i)}`;
  }
  if (expected.length > 0) {
    const paths = (issues as ValidationIssue[]).map((i) => i.path);
    if (!paths.some((p) => expected.some((e) => related(p, e))))
      return `no issue names ${expected.join(' or ')}: ${cut(JSON.stringify(issues))}`;
  }
  return undefined;
}

/** Import a parsed value through the repository; a problem description, or undefined. */
async function refuseValue(
  value: unknown,
  expected: readonly string[],
): Promise<string | undefined> {
  let problem: string | undefined;
  try {
    const result = await store.importFile(db, value);
    problem = `was imported: ${JSON.stringify(result)}`;
  } catch (e) {
    if (!(e instanceof ImportError))
      problem = `threw ${(e as Error)?.name}: ${(e as Error)?.message} (not an ImportError)`;
    else problem = checkIssues(e.issues, expected);
  }
  if ((await snapshot()) !== before) {
    problem = `${problem ?? 'refused'}, but the database changed`;
    // Put the store back so one failure does not spoil every case after it.
    await store.clearAll(db);
    await store.importFile(db, structuredClone(base));
    expect(await snapshot()).toBe(before);
  }
  return problem;
}

/** JSON text as the options page reads it: `parseJsonText`, then the repository. */
async function refuseJsonText(
  text: string,
  expected: readonly string[] = [],
): Promise<string | undefined> {
  const parsed = parseJsonText(text);
  if (!parsed.ok) {
    const problem = checkIssues(parsed.issues, expected);
    const after = await snapshot();
    return after === before ? problem : `${problem ?? 'refused'}, but the database changed`;
  }
  return refuseValue(parsed.value, expected);
}

function report(failures: Failure[], total: number, what: string): void {
  if (failures.length === 0) return;
  const examples = failures
    .slice(0, 5)
    .map((f) => `  - ${f.label}\n    input: ${f.input}\n    ${f.problem}`)
    .join('\n');
  const message = `${failures.length} of ${total} ${what} were not refused cleanly (FUZZ_SEED=${SEED}):\n${examples}`;
  console.error(message);
  expect.fail(message);
}

// ---------------------------------------------------------------------------------------------
// The fields of the interchange file, and values that are wrong for each

type Table = 'cycles' | 'objectives' | 'keyResults' | 'checkIns' | 'links' | 'tickets';
const TABLES: readonly Table[] = [
  'cycles',
  'objectives',
  'keyResults',
  'checkIns',
  'links',
  'tickets',
];
type Kind =
  | 'id'
  | 'text'
  | 'date'
  | 'dateTime'
  | 'number'
  | 'weight'
  | 'score'
  | 'bool'
  | 'code'
  | 'krKind'
  | 'direction'
  | 'confidence'
  | 'ticketKey'
  | 'url'
  | 'state'
  | 'source';
interface Field {
  kind: Kind;
  required: boolean;
  /** Text: the longest valid length, and whether it may be empty. */
  max?: number;
  nonEmpty?: boolean;
}
const f = (kind: Kind, required: boolean, max?: number, nonEmpty?: boolean): Field => ({
  kind,
  required,
  max,
  nonEmpty,
});
const FIELDS: Record<Table, Record<string, Field>> = {
  cycles: {
    id: f('id', true),
    name: f('text', true, 120, true),
    start: f('date', true),
    end: f('date', true),
  },
  objectives: {
    id: f('id', true),
    cycleId: f('id', true),
    title: f('text', true, 500, true),
    description: f('text', false, 10_000),
    owner: f('text', false, 200),
    team: f('text', false, 200),
    parentId: f('id', false),
    archived: f('bool', false),
  },
  keyResults: {
    id: f('id', true),
    objectiveId: f('id', true),
    code: f('code', true),
    title: f('text', true, 500, true),
    kind: f('krKind', true),
    start: f('number', false),
    target: f('number', false),
    current: f('number', false),
    unit: f('text', false, 40),
    owner: f('text', false, 200),
    weight: f('weight', false),
    direction: f('direction', false),
    archived: f('bool', false),
    score: f('score', false),
    scoreNote: f('text', false, 10_000),
  },
  checkIns: {
    id: f('id', false),
    keyResultId: f('id', true),
    at: f('dateTime', true),
    value: f('number', true),
    confidence: f('confidence', false),
    note: f('text', false, 10_000),
  },
  links: {
    ticket: f('ticketKey', true),
    keyResultId: f('id', true),
    createdAt: f('dateTime', false),
    source: f('source', false),
  },
  tickets: {
    key: f('ticketKey', true),
    title: f('text', false, 2_000),
    url: f('url', false),
    state: f('state', false),
    seenAt: f('dateTime', false),
    updatedAt: f('dateTime', false),
    parent: f('ticketKey', false),
  },
};
const SCHEMAS = {
  cycles: cycleSchema,
  objectives: objectiveSchema,
  keyResults: keyResultSchema,
  checkIns: checkInSchema,
  links: linkSchema,
  tickets: ticketSchema,
} as const;
// The field table above must list exactly the schema's fields (a new field needs a row here).
for (const t of TABLES)
  if (Object.keys(FIELDS[t]).sort().join() !== Object.keys(SCHEMAS[t].shape).sort().join())
    throw new Error(`FIELDS.${t} is out of date with the model`);

/** Raw material fast-check generates; `apply` turns it into a concrete broken value. */
interface Material {
  pick: number;
  n: number;
  str: string;
  num: number;
}
const material: fc.Arbitrary<Material> = fc.record({
  pick: fc.nat(),
  n: fc.nat(),
  str: fc.string({ maxLength: 12 }),
  num: fc.double(),
});
const choose = <T>(list: readonly T[], k: number): T => list[k % list.length]!;

/** Days that do not exist, and strings that are not `YYYY-MM-DD`. */
const BAD_DAYS = [
  '2026-02-30',
  '2025-02-29',
  '2026-04-31',
  '2026-13-01',
  '2026-00-10',
  '2026-11-00',
  '2026-11-32',
  '2026-1-1',
  '26-01-01',
  '2026/01/01',
  '01.11.2026',
  '2026-11-01 ',
  ' 2026-11-01',
  '2026−11−01', // Unicode minus
  '２０２６-11-01', // full-width digits
  '',
  'yesterday',
  'Q4 2026',
];
const BAD_INSTANTS = [
  '2026-11-01T23:60',
  '2026-11-01T10:00:00+25:00',
  '2026-11-01T10:00:00+99:99',
  '2026-11-01T10:00:00.1234567890Z',
  '2026-11-01T10Z',
  '2026-11-01 10:00',
  '2026-02-30T10:00:00Z',
  '2026-11-01T',
  '1793520000000',
];
function badDay(m: Material): string {
  if (m.pick % 3 === 0) {
    // A generated month with a day past its end (or day 0).
    const year = 1000 + (m.n % 9000);
    const month = 1 + (Math.floor(m.n / 9000) % 12);
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const day = m.n % 2 === 0 ? last + 1 + (m.n % (32 - last)) : 0;
    return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  }
  return choose(BAD_DAYS, m.n);
}

/** A value of the right JSON type but wrong content for a field of `kind`. */
function badValue(field: Field, m: Material): unknown {
  switch (field.kind) {
    case 'id':
      return choose(['', 'x'.repeat(201 + (m.n % 50))], m.pick);
    case 'text': {
      const over = field.max! + 1 + (m.n % 20);
      // zod 4 measures strings in code points: an emoji counts once.
      const tooLong = choose(['t'.repeat(over), '😀'.repeat(over)], m.n);
      return field.nonEmpty ? choose(['', tooLong], m.pick) : tooLong;
    }
    case 'date':
      return badDay(m);
    case 'dateTime':
      return m.pick % 2 === 0 ? badDay(m) : choose(BAD_INSTANTS, m.n);
    case 'number':
      return choose([NaN, Infinity, -Infinity], m.n);
    case 'weight':
      return choose([NaN, Infinity, -Infinity, -1, -Number.MIN_VALUE, -1e308], m.n);
    case 'score':
      return choose([NaN, Infinity, -0.01, 1.01, 2, 100, -1e308], m.n);
    case 'bool':
      return choose(['true', 0, 1, 'false'], m.n);
    case 'code':
      return choose(
        ['', 'has space', '.KR1', '-KR', 'KR'.repeat(17), 'KR1.1!', 'KR\n1', 'ÄR1', 'KR1.1 '],
        m.n,
      );
    case 'krKind':
      return choose(['grow', 'Increase', '', 'milestone ', 'maintain\u200b'], m.n);
    case 'direction':
      return choose(['up', 'atleast', '', 'AtLeast'], m.n);
    case 'confidence':
      return choose([11, -1, 2.5, 1e308, NaN, 'on track', 'ON-TRACK', '', '7'], m.n);
    case 'ticketKey':
      return choose(
        [
          '',
          'javascript:alert(1)',
          'github:github.com/Acme/web#12',
          'github:github.com/acme/web#',
          'github:github.com/acme/web#12 ',
          'jira:acme.atlassian.net/ops-7',
          'jira:acme.atlassian.net/O-7',
          'linear:acme/ENG-',
          'linear:Acme/ENG-1',
          'gitlab:gitlab.com/a/b#1',
          `github:github.com/acme/${'w'.repeat(400)}#1`,
          'https://github.com/acme/web/issues/12',
        ],
        m.n,
      );
    case 'url':
      return choose(
        [
          'javascript:alert(1)',
          'ftp://x.example/a',
          'data:text/html,<b>x</b>',
          '//github.com/acme',
          'github.com/acme/web',
          '',
          `https://${'a'.repeat(2_000)}`,
        ],
        m.n,
      );
    case 'state':
      return choose(['wontfix', 'Open', '', 'closed '], m.n);
    case 'source':
      return choose(['bot', 'User', ''], m.n);
  }
}

const NUMERIC: readonly Kind[] = ['number', 'weight', 'score', 'confidence'];
const STRING_KINDS: readonly Kind[] = [
  'id',
  'text',
  'date',
  'dateTime',
  'code',
  'krKind',
  'direction',
  'ticketKey',
  'url',
  'state',
  'source',
];

/** A value of a JSON type the field does not take at all (never undefined: that is "absent"). */
function wrongType(field: Field, m: Material): unknown {
  const any = [null, {}, [], [m.str], { value: m.str }, { a: { b: [1] } }];
  if (STRING_KINDS.includes(field.kind)) return choose([m.num, 0, true, false, ...any], m.n);
  if (field.kind === 'number' || field.kind === 'weight' || field.kind === 'score')
    return choose([String(m.num), '150', m.str, true, ...any], m.n);
  if (field.kind === 'bool') return choose([m.str, 'true', 0, 1, ...any], m.n);
  // confidence: a string outside the enum, or an object; never an int 0–10.
  return choose([true, ...any, 'on-track '], m.n);
}

// ---------------------------------------------------------------------------------------------
// Mutations of a valid file. Each returns the path(s) an issue should name.

type Doc = Record<string, unknown> & Record<Table, Record<string, unknown>[]>;

const MUTATION_KINDS = [
  'deleteRequired',
  'wrongType',
  'badValue',
  'badNumber',
  'badDate',
  'stringForArray',
  'replaceRecord',
  'duplicate',
  'dangling',
  'formatVersion',
  'extraKey',
  'deepNesting',
  'semantic',
] as const;
type MutationKind = (typeof MUTATION_KINDS)[number];
interface Mutation {
  kind: MutationKind;
  table: number;
  index: number;
  field: number;
  m: Material;
  key: string;
  extra: unknown;
}

const TRICKY_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'ID',
  'Id',
  'Title',
  'title ',
  'cycleID',
  '',
  ' ',
  'id\u0000',
  '$schema',
  'format',
  'exportedAt',
];
const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom(...MUTATION_KINDS),
  table: fc.nat(),
  index: fc.nat(),
  field: fc.nat(),
  m: material,
  key: fc.oneof(fc.constantFrom(...TRICKY_KEYS), fc.string({ maxLength: 10 })),
  extra: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(null)),
});

/** Set a key as an own, enumerable property (plain assignment of `__proto__` would not). */
function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    configurable: true,
    writable: true,
  });
}

/** `{a:{a:{…}}}` `depth` levels deep, built without recursion. */
function nested(depth: number, leaf: unknown = 'deep'): unknown {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

const dayBefore = (iso: string) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

function applyMutation(doc: Doc, mu: Mutation): { label: string; paths: string[] } {
  const table = choose(TABLES, mu.table);
  const list = doc[table];
  const i = list.length === 0 ? 0 : mu.index % list.length;
  const record = list[i];
  const fieldNames = Object.keys(FIELDS[table]);
  const at = (field: string) => `${table}[${i}].${field}`;
  const m = mu.m;
  switch (mu.kind) {
    case 'deleteRequired': {
      const required = [
        ...fieldNames.filter((n) => FIELDS[table][n]!.required).map((n) => [table, n] as const),
        ['(top)', 'format'] as const,
        ['(top)', 'version'] as const,
      ];
      const [where, name] = choose(required, mu.field);
      if (where === '(top)') {
        delete doc[name];
        return { label: `delete ${name}`, paths: [name] };
      }
      delete record![name];
      return { label: `delete ${at(name)}`, paths: [at(name)] };
    }
    case 'wrongType':
    case 'badValue':
    case 'badNumber':
    case 'badDate': {
      const wanted =
        mu.kind === 'badNumber'
          ? (n: string) => NUMERIC.includes(FIELDS[table][n]!.kind)
          : mu.kind === 'badDate'
            ? (n: string) => ['date', 'dateTime'].includes(FIELDS[table][n]!.kind)
            : mu.kind === 'badValue'
              ? (n: string) => FIELDS[table][n]!.kind !== 'bool'
              : () => true;
      // Fall back to any table that has such a field.
      const candidates = TABLES.flatMap((t) =>
        Object.keys(FIELDS[t])
          .filter((n) => (t === table ? wanted(n) : false))
          .map((n) => [t, n] as const),
      );
      const pool =
        candidates.length > 0
          ? candidates
          : TABLES.flatMap((t) =>
              Object.keys(FIELDS[t])
                .filter((n) =>
                  mu.kind === 'badNumber'
                    ? NUMERIC.includes(FIELDS[t][n]!.kind)
                    : ['date', 'dateTime'].includes(FIELDS[t][n]!.kind),
                )
                .map((n) => [t, n] as const),
            );
      const [t, name] = choose(pool, mu.field);
      const rows = doc[t];
      const k = mu.index % rows.length;
      const field = FIELDS[t][name]!;
      const value =
        mu.kind === 'wrongType'
          ? wrongType(field, m)
          : mu.kind === 'badNumber'
            ? field.kind === 'confidence'
              ? choose([11, -1, 2.5, 1e308, NaN, Infinity], m.n)
              : badValue(field, m)
            : badValue(field, m);
      rows[k]![name] = value;
      const path = `${t}[${k}].${name}`;
      return { label: `${mu.kind} ${path} = ${describeInput(value)}`, paths: [path] };
    }
    case 'stringForArray': {
      const arr = Array.isArray(list) ? list : base[table];
      const value = choose(
        [JSON.stringify(arr), m.str, '', 'null', arr.length, { ...arr }, null, true],
        m.n,
      );
      doc[table] = value as never;
      return { label: `${table} = ${describeInput(value)}`, paths: [table] };
    }
    case 'replaceRecord': {
      const value = choose([m.str, m.num, null, true, [record], [], nested(3)], m.n);
      if (!Array.isArray(list)) {
        // An earlier mutation replaced the whole array: replace it again, never by an array.
        const v = Array.isArray(value) ? 'not an array' : value;
        doc[table] = v as never;
        return { label: `${table} = ${describeInput(v)}`, paths: [table] };
      }
      list[i] = value as never;
      return { label: `${table}[${i}] = ${describeInput(value)}`, paths: [`${table}[${i}]`] };
    }
    case 'duplicate': {
      const copy = structuredClone(record!);
      // Same key, possibly different content: still a duplicate.
      if (m.pick % 2 === 1 && 'title' in copy) copy.title = `${String(copy.title)} (copy)`;
      list.push(copy);
      return { label: `duplicate ${table}[${i}]`, paths: [`${table}[${list.length - 1}]`] };
    }
    case 'dangling': {
      const refs = [
        ['objectives', 'cycleId'],
        ['objectives', 'parentId'],
        ['keyResults', 'objectiveId'],
        ['checkIns', 'keyResultId'],
        ['links', 'keyResultId'],
      ] as const;
      const [t, name] = choose(refs, mu.field);
      const rows = doc[t];
      const k = mu.index % rows.length;
      const missing = `missing-${m.str}`;
      rows[k]![name] = missing;
      const path = `${t}[${k}].${name}`;
      return { label: `${path} → "${missing}" (no such record)`, paths: [path] };
    }
    case 'formatVersion': {
      const bad = choose(
        [
          ['format', 'OKR-Lens'],
          ['format', 'okr-lens '],
          ['format', 'okrlens'],
          ['format', ''],
          ['format', null],
          ['format', 1],
          ['version', 0],
          ['version', 2],
          ['version', '1'],
          ['version', 1 + Number.EPSILON],
          ['version', -0],
          ['version', 1e308],
          ['version', null],
          ['version', true],
          ['version', [1]],
          ['version', NaN],
          ['version', Infinity],
        ] as const,
        m.n,
      );
      doc[bad[0]] = bad[1];
      return { label: `${bad[0]} = ${describeInput(bad[1])}`, paths: [bad[0]] };
    }
    case 'extraKey': {
      const top = m.pick % 4 === 0;
      const target = top ? doc : record!;
      const allowed = top
        ? Object.keys(interchangeSchema.shape)
        : Object.keys(SCHEMAS[table].shape);
      const key = allowed.includes(mu.key) ? `${mu.key}_x` : mu.key;
      defineOwn(target, key, mu.extra);
      const path = top ? formatPath([key]) : formatPath([table, i, key]);
      return {
        label: `extra key ${JSON.stringify(key)} at ${top ? '(file)' : `${table}[${i}]`}`,
        paths: [path],
      };
    }
    case 'deepNesting': {
      // Rarely 10 000 levels (the hand-picked cases always do); usually a few hundred.
      const depth = m.n % 20 === 0 ? 10_000 : 50 + (m.n % 500);
      const value = m.pick % 2 === 0 ? nested(depth) : nested(depth, [nested(2)]);
      const name = choose(fieldNames, mu.field);
      const asExtra = m.pick % 3 === 0;
      const key = asExtra ? 'nested' : name;
      record![key] = value;
      const path = `${table}[${i}].${key}`;
      return { label: `${path} = {a:{a:…}} ${depth} levels`, paths: [path] };
    }
    case 'semantic':
      return semantic(doc, mu);
  }
}

/** What zod cannot see: loops, clashes, ranges, references across cycles. */
function semantic(doc: Doc, mu: Mutation): { label: string; paths: string[] } {
  const objectives = doc.objectives as { id: string; cycleId: string; parentId?: string }[];
  const krs = doc.keyResults as {
    id: string;
    objectiveId: string;
    code: string;
    kind: string;
    start?: number;
    target?: number;
  }[];
  const cycleOf = (objectiveId: string) => objectives.find((o) => o.id === objectiveId)?.cycleId;
  const which = mu.field % 6;
  const pickOf = <T>(list: T[]) => list[mu.index % list.length]!;
  if (which === 0) {
    const cycles = doc.cycles as { start: string; end: string }[];
    const k = mu.index % cycles.length;
    cycles[k]!.end = dayBefore(cycles[k]!.start);
    return { label: `cycles[${k}] ends the day before it starts`, paths: [`cycles[${k}].end`] };
  }
  if (which === 1) {
    const k = mu.index % objectives.length;
    objectives[k]!.parentId = objectives[k]!.id;
    return { label: `objectives[${k}] is its own parent`, paths: [`objectives[${k}].parentId`] };
  }
  if (which === 2) {
    // A child's parent now has the child as its parent: A → B → A.
    // (Another mutation may have pointed a parentId nowhere: use real parent-child pairs only.)
    const children = objectives.filter((o) => objectives.some((p) => p.id === o.parentId));
    if (children.length === 0) {
      const k = mu.index % objectives.length;
      objectives[k]!.parentId = objectives[k]!.id;
      return { label: `objectives[${k}] is its own parent`, paths: [`objectives[${k}].parentId`] };
    }
    const child = pickOf(children);
    const parentIndex = objectives.findIndex((o) => o.id === child.parentId);
    objectives[parentIndex]!.parentId = child.id;
    const childIndex = objectives.indexOf(child);
    return {
      label: `objectives ${child.id} ⇄ ${objectives[parentIndex]!.id} loop`,
      paths: [`objectives[${parentIndex}].parentId`, `objectives[${childIndex}].parentId`],
    };
  }
  if (which === 3) {
    // Two KRs of one cycle get the same code (differently cased: codes compare case-blind).
    const pairs: [number, number][] = [];
    krs.forEach((a, x) =>
      krs.forEach((b, y) => {
        if (x !== y && cycleOf(a.objectiveId) === cycleOf(b.objectiveId)) pairs.push([x, y]);
      }),
    );
    const [x, y] = pickOf(pairs);
    krs[y]!.code = mu.m.pick % 2 === 0 ? krs[x]!.code.toLowerCase() : krs[x]!.code;
    return {
      label: `keyResults[${y}].code = keyResults[${x}].code (same cycle)`,
      paths: [`keyResults[${x}].code`, `keyResults[${y}].code`],
    };
  }
  if (which === 4) {
    // An increase/decrease KR whose target equals its start (0 and -0 included).
    const k = mu.index % krs.length;
    const kr = krs[k]!;
    kr.kind = mu.m.pick % 2 === 0 ? 'increase' : 'decrease';
    const [start, target] = choose(
      [
        [5, 5],
        [0, -0],
        [-0, 0],
        [1e308, 1e308],
      ] as const,
      mu.m.n,
    );
    kr.start = start;
    kr.target = target;
    return {
      label: `keyResults[${k}] start ${start} = target ${target}`,
      paths: [`keyResults[${k}].target`],
    };
  }
  // A parent in another cycle.
  const pairs: [number, number][] = [];
  objectives.forEach((a, x) =>
    objectives.forEach((b, y) => {
      if (a.cycleId !== b.cycleId) pairs.push([x, y]);
    }),
  );
  const [x, y] = pickOf(pairs);
  objectives[x]!.parentId = objectives[y]!.id;
  return {
    label: `objectives[${x}].parentId → an objective of another cycle`,
    paths: [`objectives[${x}].parentId`],
  };
}

// ---------------------------------------------------------------------------------------------
// Interchange files

describe('malformed interchange files', () => {
  it('the unmutated base (the store’s own export) imports as a no-op', async () => {
    for (const t of TABLES) expect(base[t].length, t).toBeGreaterThan(0);
    const counts = await store.importFile(db, structuredClone(base));
    for (const t of TABLES) expect(counts[t], t).toMatchObject({ added: 0, updated: 0 });
    expect(await snapshot()).toBe(before);
  });

  it(`${RUNS.mutations} mutations of a valid file (1–3 each) are refused, naming the field`, async () => {
    const failures: Failure[] = [];
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(mutationArb, { minLength: 1, maxLength: 3 }), async (mutations) => {
        runs++;
        const doc = structuredClone(base) as unknown as Doc;
        // Mutations that replace whole arrays or records go last: the others need records.
        const last = (mu: Mutation) =>
          ['stringForArray', 'replaceRecord'].includes(mu.kind) ? 1 : 0;
        const ordered = [...mutations].sort((a, b) => last(a) - last(b));
        const applied = ordered.map((mu) => {
          try {
            return applyMutation(doc, mu);
          } catch {
            // The records this mutation needs were replaced by an earlier one: break the
            // version instead (still one more thing wrong with the file).
            doc.version = 0;
            return { label: `(${mu.kind} had nothing to work on) version = 0`, paths: ['version'] };
          }
        });
        const problem = await refuseValue(
          doc,
          applied.flatMap((a) => a.paths),
        );
        if (problem)
          failures.push({
            label: applied.map((a) => a.label).join(' + '),
            input: '(a mutated copy of the export)',
            problem,
          });
      }),
      { numRuns: RUNS.mutations, seed: SEED },
    );
    counts.interchange += runs;
    report(failures, runs, 'mutated files');
  }, 60_000);

  it(`${RUNS.texts} random texts that are not JSON (or not a JSON object) are refused`, async () => {
    const failures: Failure[] = [];
    let runs = 0;
    const text = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.string({ unit: 'grapheme' }),
      fc.constantFrom('{', '}', '[', '"', 'nul', 'tru', '{"format"', "{'format':'okr-lens'}"),
    );
    await fc.assert(
      fc.asyncProperty(text, async (t) => {
        runs++;
        const problem = await refuseJsonText(t);
        if (problem) failures.push({ label: 'random text', input: describeInput(t), problem });
      }),
      { numRuns: RUNS.texts, seed: SEED },
    );
    counts.interchange += runs;
    report(failures, runs, 'random texts');
  });

  it(`${RUNS.jsonValues} random JSON values (not OKR Lens files) are refused`, async () => {
    const failures: Failure[] = [];
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (v) => {
        runs++;
        const problem = await refuseJsonText(JSON.stringify(v));
        if (problem) failures.push({ label: 'random JSON', input: describeInput(v), problem });
      }),
      { numRuns: RUNS.jsonValues, seed: SEED },
    );
    counts.interchange += runs;
    report(failures, runs, 'random JSON values');
  });

  it(`${RUNS.truncations} truncated files (an interrupted download) are refused`, async () => {
    const failures: Failure[] = [];
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: baseText.length - 1 }), async (k) => {
        runs++;
        const problem = await refuseJsonText(baseText.slice(0, k), ['(file)']);
        if (problem)
          failures.push({
            label: `first ${k} characters`,
            input: describeInput(baseText.slice(k - 40, k)),
            problem,
          });
      }),
      { numRuns: RUNS.truncations, seed: SEED },
    );
    counts.interchange += runs;
    report(failures, runs, 'truncated files');
  });

  describe('hand-picked', () => {
    /** `make` returns the broken value and the paths an issue should name. */
    const cases: [label: string, make: () => { value: unknown; paths: string[] }][] = [];
    const withDoc = (
      label: string,
      change: (d: Doc) => void,
      paths: string[] | ((d: Doc) => string[]),
    ) =>
      cases.push([
        label,
        () => {
          const d = structuredClone(base) as unknown as Doc;
          change(d);
          return { value: d, paths: typeof paths === 'function' ? paths(d) : paths };
        },
      ]);
    const plain = (label: string, value: () => unknown, paths: string[]) =>
      cases.push([label, () => ({ value: value(), paths })]);

    for (const v of [0, 2, 99, '1', '1.0', 1.5, -1, -0, 1e308, null, true, [1], { v: 1 }])
      withDoc(`version ${describeInput(v)}`, (d) => (d.version = v), ['version']);
    for (const v of ['OKR-Lens', 'okr-lens ', ' okr-lens', 'okrlens', 'okr_lens', '', null, 1])
      withDoc(`format ${describeInput(v)}`, (d) => (d.format = v), ['format']);
    withDoc('no format', (d) => delete d.format, ['format']);
    withDoc('no version', (d) => delete d.version, ['version']);
    for (const [name, v] of [
      ['null', () => null],
      ['an empty array', () => []],
      ['a string', () => 'okr-lens'],
      ['a number', () => 42],
      ['true', () => true],
      ['an array holding the file', () => [structuredClone(base)]],
    ] as const)
      plain(`the whole file is ${name}`, v, ['(file)']);
    plain('{}', () => ({}), ['format', 'version']);
    plain('the file wrapped in {file: …}', () => ({ file: structuredClone(base) }), ['format']);

    for (const t of TABLES)
      withDoc(
        `a duplicate id in ${t}`,
        (d) => d[t].push(structuredClone(d[t][0]!)),
        (d) => [`${t}[${d[t].length - 1}]`],
      );
    withDoc(
      'a check-in without an id duplicating… nothing (ok) plus a duplicate id',
      (d) => {
        d.checkIns.push({ keyResultId: 'k1', at: '2026-11-02', value: 1 });
        d.checkIns.push({ ...d.checkIns[1]!, value: 999 });
      },
      (d) => [`checkIns[${d.checkIns.length - 1}].id`],
    );
    withDoc(
      'a KR pointing at a missing objective',
      (d) => (d.keyResults[0]!.objectiveId = 'gone'),
      ['keyResults[0].objectiveId'],
    );
    withDoc('a check-in on a missing KR', (d) => (d.checkIns[0]!.keyResultId = 'gone'), [
      'checkIns[0].keyResultId',
    ]);
    withDoc('a link to a missing KR', (d) => (d.links[0]!.keyResultId = 'gone'), [
      'links[0].keyResultId',
    ]);
    withDoc('an objective in a missing cycle', (d) => (d.objectives[0]!.cycleId = 'gone'), [
      'objectives[0].cycleId',
    ]);
    withDoc('an objective with a missing parent', (d) => (d.objectives[0]!.parentId = 'gone'), [
      'objectives[0].parentId',
    ]);
    for (const day of ['2026-02-30', '2025-02-29', '2026-04-31', '2026-13-01', '2026-00-00'])
      withDoc(`cycle start ${day}`, (d) => (d.cycles[0]!.start = day), ['cycles[0].start']);
    for (const at of ['2026-02-30T10:00:00Z', '2026-11-01T23:60', '2026-11-01T10:00+25:00'])
      withDoc(`check-in at ${at}`, (d) => (d.checkIns[0]!.at = at), ['checkIns[0].at']);
    for (const field of ['start', 'target', 'current'])
      for (const v of [NaN, Infinity, -Infinity])
        withDoc(`keyResults[1].${field} = ${v}`, (d) => (d.keyResults[1]![field] = v), [
          `keyResults[1].${field}`,
        ]);
    for (const v of [NaN, Infinity, -Infinity, -1e308, -Number.MIN_VALUE])
      withDoc(`weight ${v}`, (d) => (d.keyResults[1]!.weight = v), ['keyResults[1].weight']);
    for (const v of [NaN, Infinity])
      withDoc(`check-in value ${v}`, (d) => (d.checkIns[0]!.value = v), ['checkIns[0].value']);
    for (const v of [11, 1e308, 2.5, -1, NaN])
      withDoc(`confidence ${v}`, (d) => (d.checkIns[0]!.confidence = v), [
        'checkIns[0].confidence',
      ]);
    withDoc(
      'increase KR with start 0 and target -0',
      (d) => Object.assign(d.keyResults[1]!, { kind: 'increase', start: 0, target: -0 }),
      ['keyResults[1].target'],
    );
    withDoc('numbers as strings', (d) => (d.keyResults[1]!.target = '300'), [
      'keyResults[1].target',
    ]);
    for (const t of TABLES) {
      withDoc(`${t} is a string`, (d) => (d[t] = JSON.stringify(d[t]) as never), [t]);
      withDoc(`${t} is an object`, (d) => (d[t] = { ...d[t] } as never), [t]);
      withDoc(`${t} is null`, (d) => (d[t] = null as never), [t]);
      withDoc(`an unknown key in ${t}[0]`, (d) => (d[t][0]!.colour = 'red'), [`${t}[0].colour`]);
    }
    withDoc('an unknown top-level key', (d) => (d.settings = {}), ['settings']);
    withDoc(
      'a misspelt array',
      (d) => {
        d.keyresults = d.keyResults;
        delete (d as Record<string, unknown>).keyResults;
      },
      ['keyresults'],
    );
    withDoc(
      'a KR code clash with a stored KR (the file does not carry that KR)',
      (d) => {
        // keyResults[1] is k1 (KR1.1 in c-q4); drop it, give k2 the same code.
        const k1 = d.keyResults.findIndex((k) => k.id === 'k1');
        d.keyResults.splice(k1, 1);
        const k2 = d.keyResults.findIndex((k) => k.id === 'k2');
        d.keyResults[k2]!.code = 'kr1.1';
      },
      ['keyResults'],
    );
    withDoc(
      'moving an objective to a cycle where its KR codes are taken',
      (d) => {
        const o1 = d.objectives.find((o) => o.id === 'o1')!;
        o1.cycleId = 'sample-2026-10-01';
      },
      ['keyResults', 'objectives'],
    );
    withDoc(
      'a parent loop A → B → A',
      (d) => {
        d.objectives.find((o) => o.id === 'o1')!.parentId = 'o2';
      },
      ['objectives'],
    );
    withDoc('a cycle that ends before it starts', (d) => (d.cycles[0]!.end = '2026-06-30'), [
      'cycles[0].end',
    ]);
    withDoc('an empty title', (d) => (d.objectives[0]!.title = ''), ['objectives[0].title']);
    withDoc('a 501-character KR title', (d) => (d.keyResults[0]!.title = 'x'.repeat(501)), [
      'keyResults[0].title',
    ]);
    withDoc('a javascript: ticket URL', (d) => (d.tickets[0]!.url = 'javascript:alert(1)'), [
      'tickets[0].url',
    ]);
    withDoc('a ticket key that is not canonical', (d) => (d.tickets[0]!.key = 'GH-12'), [
      'tickets[0].key',
    ]);

    // Deep nesting, 10 000 levels, in several places (objects and arrays).
    withDoc('10 000 levels in a title', (d) => (d.objectives[0]!.title = nested(10_000)), [
      'objectives[0].title',
    ]);
    withDoc('10 000 levels under an unknown key', (d) => (d.keyResults[0]!.a = nested(10_000)), [
      'keyResults[0].a',
    ]);
    withDoc('10 000 levels at the top', (d) => (d.a = nested(10_000)), ['a']);
    withDoc(
      '10 000 nested arrays as a cycle',
      (d) => {
        let v: unknown = [];
        for (let k = 0; k < 10_000; k++) v = [v];
        d.cycles[0] = v as never;
      },
      ['cycles[0]'],
    );

    it.each(cases)('%s', async (label, make) => {
      const { value, paths } = make();
      const problem = await refuseValue(value, paths);
      counts.interchange++;
      expect(problem, label).toBeUndefined();
    });
  });

  describe('hand-picked texts', () => {
    const polluted = () =>
      ({}) as Record<string, unknown> as { polluted?: unknown; hacked?: unknown };
    const BOM = '\uFEFF';
    const texts: [label: string, text: () => string, paths: string[]][] = [
      ['empty', () => '', ['(file)']],
      ['blank', () => ' \n\t\r\n ', ['(file)']],
      ['a BOM and nothing else', () => BOM, ['(file)']],
      ['null', () => 'null', ['(file)']],
      ['undefined', () => 'undefined', ['(file)']],
      ['NaN literal', () => baseText.replace('"version":1', '"version":NaN'), ['(file)']],
      ['Infinity literal', () => baseText.replace(/"value":\d+/, '"value":Infinity'), ['(file)']],
      ['single quotes', () => "{'format':'okr-lens','version':1}", ['(file)']],
      ['a trailing comma', () => baseText.replace(/}$/, ',}'), ['(file)']],
      ['a comment', () => `// export\n${baseText}`, ['(file)']],
      ['two files in one (NDJSON)', () => `${baseText}\n${baseText}`, ['(file)']],
      ['a CSV', () => 'Order,Type,Summary\n1,Objective,Grow\n', ['(file)']],
      ['an HTML error page', () => '<!doctype html><title>404</title><p>Not found', ['(file)']],
      ['a NUL byte', () => `${baseText.slice(0, 20)}\u0000${baseText.slice(20)}`, ['(file)']],
      ['a lone surrogate in a key', () => baseText.replace('"format"', '"\uD800format"'), []],
      [
        'BOM + a wrong version',
        () => BOM + baseText.replace('"version":1', '"version":3'),
        ['version'],
      ],
      ['two BOMs', () => BOM + BOM + baseText, ['(file)']],
      // The bytes EF BB BF read as Latin-1 / Windows-1252.
      ['a UTF-8 BOM decoded as Latin-1', () => 'ï»¿' + baseText, ['(file)']],
      [
        'UTF-16LE bytes decoded as UTF-8',
        () => new TextDecoder().decode(utf16le(`${BOM}${baseText}`)),
        ['(file)'],
      ],
      [
        'UTF-16BE bytes decoded as UTF-8',
        () => new TextDecoder().decode(utf16be(`${BOM}${baseText}`)),
        ['(file)'],
      ],
      [
        '__proto__ at the top (JSON.parse makes it an own key)',
        () => baseText.replace(/^{/, '{"__proto__":{"polluted":true},'),
        ['__proto__'],
      ],
      [
        '__proto__ in a record',
        () => baseText.replace('"cycles":[{', '"cycles":[{"__proto__":{"polluted":true},'),
        ['cycles[0].__proto__'],
      ],
      [
        'constructor.prototype in a record',
        () =>
          baseText.replace(
            '"objectives":[{',
            '"objectives":[{"constructor":{"prototype":{"hacked":true}},',
          ),
        ['objectives[0].constructor'],
      ],
      [
        '__proto__ replacing the keyResults array',
        () => baseText.replace('"keyResults":', '"__proto__":{"polluted":1},"keyResults_":'),
        ['__proto__'],
      ],
      [
        '10 000 levels of JSON text',
        () => baseText.replace(/}$/, `,"deep":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`),
        ['deep'],
      ],
      [
        '1 000 000 levels of JSON text (may overflow the parser’s stack: still a clean error)',
        () => `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`,
        ['(file)'],
      ],
    ];

    it.each(texts)('%s', async (label, make, paths) => {
      const problem = await refuseJsonText(make(), paths);
      counts.interchange++;
      expect(problem, label).toBeUndefined();
      expect(polluted().polluted, 'Object.prototype polluted').toBeUndefined();
      expect(polluted().hacked, 'Object.prototype polluted').toBeUndefined();
    });

    // Regression (fixed): lib/okr/interchange.ts formatPath — an unknown key " " is reported at path " " (blank); quote odd keys: [" "].
    it('an unknown key made of spaces is named readably, not by a blank path', async () => {
      for (const [key, where] of [
        [' ', (d: Doc) => d],
        ['  ', (d: Doc) => d.cycles[0]!],
      ] as const) {
        const d = structuredClone(base) as unknown as Doc;
        where(d)[key] = 1;
        const e = (await store.importFile(db, d).catch((err: unknown) => err)) as ImportError;
        expect(e).toBeInstanceOf(ImportError);
        for (const issue of e.issues) expect(issue.path.trim().endsWith('.')).toBe(false);
        for (const issue of e.issues) expect(issue.path.trim()).not.toBe('');
      }
      expect(await snapshot()).toBe(before);
    });

    it('a BOM before a valid file is accepted (design: "A UTF-8 BOM is accepted")', async () => {
      const parsed = parseJsonText(BOM + baseText);
      expect(parsed.ok).toBe(true);
      await store.importFile(db, parsed.ok ? parsed.value : undefined);
      expect(await snapshot()).toBe(before);
    });

    it('a 50 MB file with one bad record at the end is refused, naming it, within 20 s', async () => {
      const t0 = Date.now();
      // 50 MB of valid tickets, built as one join, then one ticket with a bad key.
      const ticket = (n: number) =>
        `{"key":"github:github.com/acme/web#${n}","title":"${'Lorem ipsum '.repeat(14)}","url":"https://github.com/acme/web/issues/${n}","state":"open"}`;
      const size = ticket(100_000).length + 1;
      const n = Math.ceil((50 * 1024 * 1024) / size);
      const parts = new Array<string>(n + 1);
      for (let k = 0; k < n; k++) parts[k] = ticket(100_000 + k);
      parts[n] = '{"key":"GH-1"}';
      const text = baseText.replace(/"tickets":\[[^\]]*\]/, `"tickets":[${parts.join(',')}]`);
      expect(text.length).toBeGreaterThan(50 * 1024 * 1024);
      const built = Date.now() - t0;
      const problem = await refuseJsonText(text, [`tickets[${n}].key`]);
      counts.interchange++;
      const secs = (Date.now() - t0) / 1000;
      console.log(
        `50 MB file: ${n + 1} tickets, ${(text.length / 2 ** 20).toFixed(1)} MiB, built in ${built} ms, refused in ${secs.toFixed(1)} s`,
      );
      expect(problem).toBeUndefined();
      expect(secs).toBeLessThan(20);
    }, 60_000);
  });
});

// A KR title written in Latin-1 (Windows-1252), as other tools and Excel on Windows save text,
// read the way the options page reads a file: `File.text()` decodes UTF-8 without complaint and
// turns every byte it cannot decode into U+FFFD.
describe('a file in the wrong encoding', () => {
  const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
  const asBrowserReads = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

  // Regression (fixed): lib/okr/interchange.ts parseJsonText — Latin-1 text read as UTF-8 imports silently with U+FFFD in titles.
  it('a Latin-1 JSON file is refused (not imported with U+FFFD in place of é)', async () => {
    const scratch = freshDb();
    await store.loadSample(scratch, TODAY);
    const exported = await store.exportAll(scratch, new Date(0));
    exported.objectives[0]!.title = 'Café crème: lancer la bêta';
    const beforeScratch = JSON.stringify(await store.exportAll(scratch, new Date(0)));
    // What the options page does with the file's bytes (lib/import/decode.ts).
    const decoded = decodeImportBytes(latin1(JSON.stringify(exported)), 'json');
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.message).toMatch(/UTF-8/);
    expect(JSON.stringify(await store.exportAll(scratch, new Date(0)))).toBe(beforeScratch);
    // A real U+FFFD in the data (a tracker title with a lone surrogate) still round-trips.
    exported.objectives[0]!.title = 'Broken \uFFFD title';
    const ok = decodeImportBytes(new TextEncoder().encode(JSON.stringify(exported)), 'json');
    expect(ok.ok).toBe(true);
    if (ok.ok) expect(parseJsonText(ok.text).ok).toBe(true);
  });

  // Regression (fixed): lib/import/csv.ts parseOkrForJiraCsv — a Windows-1252 CSV (Excel's default) imports "Caf\uFFFD" silently.
  it('a Latin-1 CSV is refused or imported with a warning, never silently garbled', () => {
    const csv =
      'Order,Type,Summary\n1,Objective,Améliorer la qualité\n1.1,Key result,Réduire les bugs\n';
    const r = parseOkrForJiraCsv(asBrowserReads(latin1(csv)), csvOpts());
    if (r.ok) {
      expect(JSON.stringify(r.data)).toContain('\uFFFD'); // what the user would get
      expect(r.warnings.join('\n')).toMatch(/encod|UTF-8|Windows-1252|Latin/i);
    } else expect(checkIssues(r.issues, [])).toBeUndefined();
  });
});

function utf16le(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 2);
  for (let k = 0; k < s.length; k++) {
    out[2 * k] = s.charCodeAt(k) & 0xff;
    out[2 * k + 1] = s.charCodeAt(k) >> 8;
  }
  return out;
}
function utf16be(s: string): Uint8Array {
  const le = utf16le(s);
  for (let k = 0; k < le.length; k += 2) [le[k], le[k + 1]] = [le[k + 1]!, le[k]!];
  return le;
}

// ---------------------------------------------------------------------------------------------
// CSVs ("OKR for Jira" exports)

function csvOpts(): OkrCsvOptions {
  return {
    today: TODAY,
    defaultCycle: { name: 'Q4 2026', start: '2026-10-01', end: '2026-12-31' },
    existingCycles: base.cycles,
  };
}

/** Parse a CSV; if it parsed, import it. A problem description, or undefined. */
async function refuseCsv(
  text: string,
  expected: readonly string[] = [],
): Promise<string | undefined> {
  counts.csv++;
  const r = parseOkrForJiraCsv(text, csvOpts());
  if (!r.ok) {
    counts.csvRefusedAtParse++;
    const problem = checkIssues(r.issues, expected);
    const after = await snapshot();
    return after === before ? problem : `${problem ?? 'refused'}, but the database changed`;
  }
  counts.csvRefusedAtImport++;
  // Parsed: the store must refuse it (the expected paths name CSV rows, not file fields).
  return refuseValue(r.data, []);
}

interface CsvRow {
  order: string;
  type: string;
  summary: string;
  period: string;
  owner: string;
  weight: string;
  start: string;
  current: string;
  target: string;
  description: string;
}
type CsvColumn = keyof CsvRow;
const HEADER_NAMES: Record<CsvColumn, string[]> = {
  order: ['Order', 'order', 'ORDER *', ' Order '],
  type: ['Type', 'type', 'Type*'],
  summary: ['Summary', 'summary', 'Summary *'],
  period: ['Period', 'period'],
  owner: ['Owner'],
  weight: ['Weight'],
  start: ['Start value', 'start value', 'Start'],
  current: ['Current value', 'Current'],
  target: ['Target value', 'target value', 'Target'],
  description: ['Description'],
};

interface CsvModel {
  delimiter: ',' | ';' | '\t';
  eol: '\n' | '\r\n';
  bom: boolean;
  columns: CsvColumn[];
  headerPick: number;
  rows: CsvRow[];
  quoteAll: boolean;
}

const titleArb = fc
  .string({ minLength: 1, maxLength: 40, unit: 'grapheme' })
  .map((s) => s.replace(/\p{Cc}/gu, ' '))
  .filter((s) => s.trim() !== '' && !/^\s*[{[]/.test(s))
  .map((s) => s.replace(/^\uFEFF/, 'x'));

const krArb = fc.record({
  summary: titleArb,
  owner: fc.constantFrom('', 'Ana', 'Ben Ito', 'Chloé, "Ops"'),
  weight: fc.constantFrom('', '1', '2', '0'),
  numbers: fc.oneof(
    fc.constant({ start: '', current: '', target: '' }),
    fc
      .tuple(
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: -1000, max: 1000 }),
        fc.nat(2000),
      )
      .filter(([s, t]) => s !== t)
      .map(([s, t, c]) => ({ start: String(s), current: String(c - 1000), target: String(t) })),
  ),
});
const objectiveArb = fc.record({
  summary: titleArb,
  period: fc.constantFrom('', 'Q4 2026', 'Q1 2027', '2026 Q3', 'H1 2027', '2027'),
  owner: fc.constantFrom('', 'Product', 'Growth'),
  description: fc.constantFrom('', 'Two lines,\nwith "quotes"', 'Plain'),
  krs: fc.array(krArb, { minLength: 0, maxLength: 4 }),
});

const csvModelArb: fc.Arbitrary<CsvModel> = fc
  .record({
    delimiter: fc.constantFrom(',' as const, ';' as const, '\t' as const),
    eol: fc.constantFrom('\n' as const, '\r\n' as const),
    bom: fc.boolean(),
    optional: fc.shuffledSubarray(['period', 'owner', 'weight', 'description'] as CsvColumn[]),
    order: fc.nat(),
    headerPick: fc.nat(),
    objectives: fc.array(objectiveArb, { minLength: 1, maxLength: 4 }),
    quoteAll: fc.boolean(),
  })
  .map(({ delimiter, eol, bom, optional, order, headerPick, objectives, quoteAll }) => {
    const columns: CsvColumn[] = [
      'order',
      'type',
      'summary',
      'start',
      'current',
      'target',
      ...optional,
    ];
    // Rotate the column order: the importer finds columns by name.
    const rotated = columns.map((_, k) => columns[(k + order) % columns.length]!);
    const rows: CsvRow[] = [];
    const blank = {
      period: '',
      owner: '',
      weight: '',
      start: '',
      current: '',
      target: '',
      description: '',
    };
    objectives.forEach((o, k) => {
      const n = String(k + 1);
      rows.push({
        ...blank,
        order: n,
        type: 'Objective',
        summary: o.summary,
        period: o.period,
        owner: o.owner,
        description: o.description,
      });
      o.krs.forEach((kr, j) =>
        rows.push({
          ...blank,
          order: `${n}.${j + 1}`,
          type: choose(['Key result', 'Key Result', 'KR', 'key_result'], j + k),
          summary: kr.summary,
          owner: kr.owner,
          weight: kr.weight,
          ...kr.numbers,
        }),
      );
    });
    return { delimiter, eol, bom, columns: rotated, headerPick, rows, quoteAll };
  });

function renderCsv(model: CsvModel): string {
  const { delimiter, eol } = model;
  const quote = (v: string) =>
    model.quoteAll || v.includes(delimiter) || /["\r\n]/.test(v) || v !== v.trim()
      ? `"${v.replace(/"/g, '""')}"`
      : v;
  const header = model.columns
    .map((c) => quote(choose(HEADER_NAMES[c], model.headerPick)))
    .join(delimiter);
  const lines = model.rows.map((r) => model.columns.map((c) => quote(r[c])).join(delimiter));
  return (model.bom ? '\uFEFF' : '') + [header, ...lines].join(eol) + eol;
}

/** Render with `raw` (unquoted, unescaped) as the Order cell of data row `r`. */
function withRaw(model: CsvModel, r: number, raw: string): string {
  const MARK = 'MARK7f3a9c';
  model.rows[r]!.order = MARK;
  return renderCsv(model).replace(`"${MARK}"`, MARK).replace(MARK, raw);
}

const CSV_MUTATIONS = [
  'dropColumn',
  'renameColumn',
  'badOrder',
  'badType',
  'emptySummary',
  'badNumber',
  'startWithoutTarget',
  'targetZeroNoStart',
  'negativeWeight',
  'orphanKr',
  'duplicateOrder',
  'badPeriod',
  'unclosedQuote',
  'textAfterQuote',
  'extraFields',
  'longSummary',
] as const;
type CsvMutation = (typeof CSV_MUTATIONS)[number];

/** Break a CSV model; the spreadsheet row (or `(file)`) an issue should name. */
function breakCsv(
  model: CsvModel,
  kind: CsvMutation,
  k: number,
): { text: string; paths: string[] } {
  const rows = model.rows;
  const r = k % rows.length;
  const rowNo = `row ${r + 2}`;
  const objectiveRows = rows
    .map((row, i) => [row, i] as const)
    .filter(([row]) => row.type === 'Objective');
  const krRows = rows
    .map((row, i) => [row, i] as const)
    .filter(([row]) => row.type !== 'Objective');
  const ensure = (c: CsvColumn) => {
    if (!model.columns.includes(c)) model.columns.push(c);
  };
  const at = (i: number) => `row ${i + 2}`;
  switch (kind) {
    case 'dropColumn': {
      const c = choose(['order', 'type', 'summary'] as const, k);
      model.columns = model.columns.filter((x) => x !== c);
      return { text: renderCsv(model), paths: ['(file)'] };
    }
    case 'renameColumn': {
      const c = choose(['order', 'type', 'summary'] as const, k);
      const text = renderCsv(model);
      const name = choose(HEADER_NAMES[c], model.headerPick);
      const [head, ...rest] = text.split(model.eol);
      const renamed = head!.replace(name, choose(['Ordre', 'Kind', 'Sumary', 'Title'], k));
      return { text: [renamed, ...rest].join(model.eol), paths: ['(file)'] };
    }
    case 'badOrder':
      rows[r]!.order = choose(
        ['a', '1..2', '-1', '1.2.3.4.5.6.7', '1234567', '1,2', '#1', 'I', '0x1'],
        k,
      );
      return { text: renderCsv(model), paths: [rowNo] };
    case 'badType':
      rows[r]!.type = choose(['Initiative', 'Epic', 'Objective!', 'Key', 'OKR'], k);
      return { text: renderCsv(model), paths: [rowNo] };
    case 'emptySummary':
      rows[r]!.summary = choose(['', '   ', '\t'], k);
      return { text: renderCsv(model), paths: [rowNo] };
    case 'badNumber':
    case 'startWithoutTarget':
    case 'targetZeroNoStart':
    case 'negativeWeight': {
      if (krRows.length === 0) {
        rows.push({
          ...rows[0]!,
          order: '1.99',
          type: 'Key result',
          summary: 'Added',
          start: '',
          current: '',
          target: '',
          weight: '',
        });
        krRows.push([rows[rows.length - 1]!, rows.length - 1]);
      }
      const [row, i] = krRows[k % krRows.length]!;
      if (kind === 'badNumber') {
        const c = choose(['start', 'current', 'target'] as const, k);
        row[c] = choose(
          ['abc', '1.2.3', '12 34', '--5', 'e5', 'NaN', 'Infinity', '5 5 5', '1e400', '½'],
          k,
        );
        if (c !== 'target' && row.target === '') row.target = '10';
      } else if (kind === 'startWithoutTarget') {
        row.start = '5';
        row.target = '';
      } else if (kind === 'targetZeroNoStart') {
        row.start = '';
        row.target = '0';
      } else {
        ensure('weight');
        row.weight = choose(['-1', '-0.5', '−2'], k);
      }
      return { text: renderCsv(model), paths: [at(i)] };
    }
    case 'orphanKr': {
      const blank = {
        ...rows[0]!,
        period: '',
        description: '',
        start: '',
        current: '',
        target: '',
      };
      const orphan = {
        ...blank,
        order: choose(['99.1', '7', '1.1.1.1'], k),
        type: 'Key result',
        summary: 'Orphan',
      };
      // '1.1.1.1' needs objective 1.1.1, which never exists here.
      rows.splice(rows.length, 0, orphan);
      return { text: renderCsv(model), paths: [at(rows.length - 1)] };
    }
    case 'duplicateOrder': {
      rows.push({ ...rows[r]!, summary: `${rows[r]!.summary} again` });
      return { text: renderCsv(model), paths: [at(rows.length - 1)] };
    }
    case 'badPeriod': {
      ensure('period');
      const [row, i] = objectiveRows[k % objectiveRows.length]!;
      row.period = choose(
        [
          'Q5 2026',
          'someday',
          'Sprint 5',
          '2026-02-30 - 2026-03-31',
          'H3 2026',
          '2026-12-31 - 2026-10-01',
        ],
        k,
      );
      return { text: renderCsv(model), paths: [at(i)] };
    }
    // Raw text goes where a marker cell was rendered (lines do not map to records: quoted
    // cells may span lines).
    case 'unclosedQuote':
      return { text: withRaw(model, r, '"1'), paths: [] };
    case 'textAfterQuote':
      return { text: withRaw(model, r, '"1"x'), paths: [] };
    case 'extraFields': {
      const d = model.delimiter;
      return { text: withRaw(model, r, `1${d}surplus${d}more`), paths: [rowNo] };
    }
    case 'longSummary':
      rows[r]!.summary = choose(['L'.repeat(501), 'word '.repeat(120) + 'end'], k);
      return { text: renderCsv(model), paths: [rowNo] };
  }
}

describe('malformed CSVs', () => {
  it('the generator’s unbroken CSVs parse (so each refusal below is the mutation’s doing)', () => {
    fc.assert(
      fc.property(csvModelArb, (model) => {
        const r = parseOkrForJiraCsv(renderCsv(model), csvOpts());
        if (!r.ok) throw new Error(`${renderCsv(model)}\n→ ${JSON.stringify(r.issues)}`);
      }),
      { numRuns: 200, seed: SEED },
    );
  });

  it(`${CSV_RUNS.mutated} generated CSVs with one breaking change are refused, naming the row`, async () => {
    const failures: Failure[] = [];
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        csvModelArb,
        fc.constantFrom(...CSV_MUTATIONS),
        fc.nat(),
        async (model, kind, k) => {
          runs++;
          const { text, paths } = breakCsv(structuredClone(model), kind, k);
          const problem = await refuseCsv(text, paths);
          if (problem) failures.push({ label: kind, input: describeInput(text), problem });
        },
      ),
      { numRuns: CSV_RUNS.mutated, seed: SEED },
    );
    report(failures, runs, 'broken CSVs');
  }, 30_000);

  it(`${CSV_RUNS.garbage} random texts and byte strings are refused`, async () => {
    // papaparse warns on the console about duplicate headers in random text: expected here.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    onTestFinished(() => warn.mockRestore());
    const failures: Failure[] = [];
    let runs = 0;
    const garbage = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.uint8Array({ maxLength: 400 }).map((b) => new TextDecoder().decode(b)),
      fc.uint8Array({ maxLength: 400 }).map((b) => String.fromCharCode(...b)),
      fc
        .array(fc.array(fc.string({ maxLength: 8 }), { maxLength: 6 }), { maxLength: 6 })
        .map((rows) => rows.map((r) => r.join(',')).join('\n')),
    );
    await fc.assert(
      fc.asyncProperty(garbage, async (text) => {
        runs++;
        const problem = await refuseCsv(text);
        if (problem) failures.push({ label: 'garbage', input: describeInput(text), problem });
      }),
      { numRuns: CSV_RUNS.garbage, seed: SEED },
    );
    report(failures, runs, 'garbage CSVs');
  });

  it(`${CSV_RUNS.cells} CSVs of random cells under a valid header, plus one bad row, are refused`, async () => {
    const failures: Failure[] = [];
    let runs = 0;
    const cell = fc.oneof(
      fc.constantFrom(
        '',
        ' ',
        '"',
        '""',
        ',',
        ';',
        '\t',
        '\n',
        '1',
        '1.1',
        '1.1.1',
        'Objective',
        'Key result',
        'Work item',
        'Q4 2026',
        '40%',
        '$5',
        '1,200',
        '1.200,5',
        'abc',
        '=1+1',
        '@SUM(A1)',
        '-',
        '😀',
        '\u0000',
        '\u202e',
      ),
      fc.string({ maxLength: 12 }),
    );
    const header = [
      'Order',
      'Type',
      'Summary',
      'Period',
      'Start value',
      'Current value',
      'Target value',
      'Weight',
    ];
    const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 8, maxLength: 8 }), { maxLength: 8 }),
        fc.nat(),
        async (rows, k) => {
          runs++;
          const bad = ['x', 'Objective', 'A row with an impossible Order', '', '', '', '', ''];
          const all = [...rows];
          all.splice(k % (rows.length + 1), 0, bad);
          const text = [header, ...all].map((r) => r.map(quote).join(',')).join('\n');
          const problem = await refuseCsv(text);
          if (problem)
            failures.push({ label: 'random cells', input: describeInput(text), problem });
        },
      ),
      { numRuns: CSV_RUNS.cells, seed: SEED },
    );
    report(failures, runs, 'random-cell CSVs');
  });

  it(`${CSV_RUNS.conflicts} valid CSVs whose KR codes clash with stored ones are refused by the store`, async () => {
    // Objectives numbered 1, 2 … with a blank period land in the stored "Q4 2026" cycle c-q4,
    // which holds KR1.1, KR1.2 and KR2.1: the CSV parses, the store refuses it.
    const failures: Failure[] = [];
    let runs = 0;
    const clashing = csvModelArb.map((m) => {
      m.rows.forEach((row) => (row.period = ''));
      const first = m.rows[0]!;
      if (!m.rows.some((row) => row.order === '1.1'))
        m.rows.splice(1, 0, {
          ...first,
          order: '1.1',
          type: 'Key result',
          summary: 'Clash',
          description: '',
          start: '',
          current: '',
          target: '',
        });
      return m;
    });
    await fc.assert(
      fc.asyncProperty(clashing, async (model) => {
        runs++;
        const text = renderCsv(model);
        const parsed = parseOkrForJiraCsv(text, csvOpts());
        const problem = parsed.ok
          ? await refuseCsv(text)
          : `did not parse: ${JSON.stringify(parsed.issues)}`;
        if (problem)
          failures.push({ label: 'clash with stored codes', input: describeInput(text), problem });
      }),
      { numRuns: CSV_RUNS.conflicts, seed: SEED },
    );
    report(failures, runs, 'clashing CSVs');
  });

  describe('hand-picked', () => {
    const fixture = (name: string) =>
      readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url), 'utf8');
    const H = 'Order,Type,Summary,Period,Owner,Start value,Current value,Target value';
    const ok1 = '1,Objective,Grow,Q1 2027,Ana,,,';
    const csvCases: [label: string, text: () => string, paths: string[]][] = [
      ['fixture broken-missing-column.csv', () => fixture('broken-missing-column.csv'), ['(file)']],
      ['fixture broken-quotes.csv', () => fixture('broken-quotes.csv'), []],
      ['fixture broken-values.csv', () => fixture('broken-values.csv'), []],
      ['fixture empty.csv', () => fixture('empty.csv'), ['(file)']],
      ['fixture header-only.csv', () => fixture('header-only.csv'), ['(file)']],
      ['no Order column', () => `Type,Summary\nObjective,Grow\n`, ['(file)']],
      ['no Type column', () => `Order,Summary\n1,Grow\n`, ['(file)']],
      ['no Summary column', () => `Order,Type\n1,Objective\n`, ['(file)']],
      ['no header at all', () => `1,Objective,Grow\n1.1,Key result,More\n`, ['(file)']],
      ['an unclosed quote', () => `${H}\n${ok1}\n1.1,Key result,"More users,,Ana,1,2,3\n`, []],
      ['an unclosed quote on the header', () => `"Order,Type,Summary\n1,Objective,Grow\n`, []],
      ['text after a closing quote', () => `${H}\n"1"x,Objective,Grow,,,,,\n`, []],
      ['a lone quote at the end', () => `${H}\n${ok1}\n"`, []],
      ['NUL bytes', () => '\u0000'.repeat(100), ['(file)']],
      ['a PNG', () => '\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR\u0000\u0000', ['(file)']],
      [
        'a ZIP (an .xlsx renamed .csv)',
        () => 'PK\u0003\u0004\u0014\u0000\u0006\u0000[Content_Types].xml',
        ['(file)'],
      ],
      [
        'random bytes read as UTF-8',
        () => new TextDecoder().decode(seededBytes(4096, 7)),
        ['(file)'],
      ],
      [
        'UTF-16LE read as UTF-8',
        () => new TextDecoder().decode(utf16le(`\uFEFF${H}\n${ok1}\n`)),
        ['(file)'],
      ],
      [
        '10 000 columns, bad Order',
        () => {
          const extra = Array.from({ length: 9_997 }, (_, k) => `c${k}`);
          return `Order,Type,Summary,${extra.join(',')}\nx,Objective,Grow,${extra.map(() => '1').join(',')}\n`;
        },
        ['row 2'],
      ],
      [
        'a row of 10 000 fields under a 3-column header',
        () =>
          `Order,Type,Summary\n1,Objective,${Array.from({ length: 9_998 }, () => 'x').join(',')}\n`,
        ['row 2'],
      ],
      ['one empty line', () => '\n', ['(file)']],
      ['empty lines only', () => '\n\n\n\n', ['(file)']],
      ['CRLF empty lines only', () => '\r\n\r\n\r\n', ['(file)']],
      ['whitespace lines only', () => ' \t \n   \n\t\n', ['(file)']],
      ['a BOM and empty lines', () => '\uFEFF\n\n', ['(file)']],
      ['colon-delimited', () => `Order:Type:Summary\n1:Objective:Grow\n`, ['(file)']],
      ['space-delimited', () => `Order Type Summary\n1 Objective Grow\n`, ['(file)']],
      [
        'comma header, semicolon rows',
        () => `Order,Type,Summary\n1;Objective;Grow\n1.1;Key result;More\n`,
        ['(file)', 'row 2'],
      ],
      [
        '"sep=;" on a comma file',
        () => `sep=;\nOrder,Type,Summary\n1,Objective,Grow\n`,
        ['(file)'],
      ],
      ['a JSON file named .csv', () => baseText, ['(file)']],
      [
        'an HTML page',
        () => '<!doctype html>\n<html><body><table><tr><td>Order</td></tr></table>',
        ['(file)'],
      ],
      ['start without target', () => `${H}\n${ok1}\n1.1,Key result,More,,Ana,5,,\n`, ['row 3']],
      ['1e400 as a target', () => `${H}\n${ok1}\n1.1,Key result,More,,Ana,0,,1e400\n`, ['row 3']],
      [
        'a KR above its objective',
        () => `${H}\n1.1,Key result,More,,Ana,0,1,2\n${ok1}\n`,
        ['row 2'],
      ],
      [
        'a KR with no dot in its Order',
        () => `${H}\n${ok1}\n2,Key result,More,,Ana,0,1,2\n`,
        ['row 3'],
      ],
      [
        'a KR under a KR',
        () => `${H}\n${ok1}\n1.1,Key result,A,,,0,1,2\n1.1.1,Key result,B,,,0,1,2\n`,
        ['row 4'],
      ],
      [
        'Order 0',
        () => `${H}\n0,Objective,Zero,,,,,\n0.1,Key result,A,,,,,\n1,Key result,B,,,,,\n`,
        ['row 4'],
      ],
      ['work items only', () => `${H}\n1,Work item,OPS-1,,,,,\n`, ['(file)']],
      [
        '5 MB of valid rows and one bad row at the end',
        () => {
          const rows = [H, '1,Objective,Big,Q1 2027,,,,'];
          for (let k = 1, size = 0; size < 5 * 2 ** 20 && k < 99_999; k++) {
            const row = `1.${k},Key result,${'Key result text '.repeat(3)}${k},Q1 2027,Ana,0,${k % 50},100`;
            rows.push(row);
            size += row.length + 1;
          }
          rows.push('1.x,Key result,Bad,,,,,');
          return rows.join('\n');
        },
        [],
      ],
    ];

    it.each(csvCases)(
      '%s',
      async (label, make, paths) => {
        const problem = await refuseCsv(make(), paths);
        expect(problem, label).toBeUndefined();
      },
      30_000,
    );
  });
});

/** Deterministic pseudo-random bytes (xorshift). */
function seededBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed || 1;
  for (let k = 0; k < n; k++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[k] = x & 0xff;
  }
  return out;
}

describe('summary', () => {
  it('prints the counts for the README', async () => {
    expect(await snapshot()).toBe(JSON.stringify(base));
    console.log(
      `${counts.interchange} interchange files, ${counts.csv} CSVs fuzzed ` +
        `(CSVs refused by the parser: ${counts.csvRefusedAtParse}, by the store: ${counts.csvRefusedAtImport}; FUZZ_SEED=${SEED})`,
    );
    expect(counts.interchange).toBeGreaterThanOrEqual(1_000);
    expect(counts.csv).toBeGreaterThanOrEqual(300);
  });
});
