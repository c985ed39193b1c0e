/**
 * Checks hand-written GitHub REST exchanges against GitHub's published OpenAPI description
 * (@octokit/openapi, api.github.com, dereferenced), so a stand-in cannot drift from the real
 * API: the operation must exist, the request body must match its schema, and the response
 * body the schema of its status. Statuses GitHub sends on any operation but does not list per
 * operation (401, 403, 429, 5xx) are checked against the description's "Basic Error" schema.
 * Ajv 8; OpenAPI 3.0's `oneOf` read as `anyOf` (its error bodies match several at once);
 * formats not checked.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);

interface Operation {
  operationId: string;
  requestBody?: { content: Record<string, { schema: object }> };
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
}
interface Spec {
  paths: Record<string, Record<string, Operation>>;
}
let spec: Spec | undefined;
const load = (): Spec =>
  (spec ??= JSON.parse(
    readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.deref.json'), 'utf8'),
  ) as Spec);

let basic: object | undefined;
/** The description's "Basic Error" (components of the non-dereferenced file). */
const basicError = (): object =>
  (basic ??= (
    JSON.parse(
      readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8'),
    ) as { components: { schemas: Record<string, object> } }
  ).components.schemas['basic-error']!);

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const compiled = new Map<object, ValidateFunction>();
/** `oneOf` as `anyOf`; OpenAPI 3.0's `nullable` without a `type` (Ajv refuses it) dropped. */
const relaxed = (schema: unknown): unknown => {
  if (Array.isArray(schema)) return schema.map(relaxed);
  if (!schema || typeof schema !== 'object') return schema;
  const entries = Object.entries(schema).filter(([k]) => k !== 'nullable' || 'type' in schema);
  return Object.fromEntries(entries.map(([k, v]) => [k === 'oneOf' ? 'anyOf' : k, relaxed(v)]));
};
function validator(schema: object): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) compiled.set(schema, (v = ajv.compile(relaxed(schema) as object)));
  return v;
}

export interface RestExchange {
  method: string;
  /** The concrete path (`/repos/acme/web/issues/12/labels`), without the API base. */
  path: string;
  status: number;
  requestBody?: unknown;
  responseBody?: unknown;
}

/** The description's path template a concrete path matches (longest literal match first). */
export function templateOf(
  method: string,
  path: string,
): { template: string; op: Operation } | undefined {
  const m = method.toLowerCase();
  const clean = decodeURIComponent(path.split('?')[0]!);
  const candidates = Object.entries(load().paths)
    .filter(([, ops]) => ops[m])
    .filter(([t]) => new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(clean))
    .sort((a, b) => b[0].replace(/\{[^}]+\}/g, '').length - a[0].replace(/\{[^}]+\}/g, '').length);
  const hit = candidates[0];
  return hit ? { template: hit[0], op: hit[1][m]! } : undefined;
}

const GENERIC = new Set([401, 403, 429, 500, 502, 503]);

/** The problems of one exchange; empty when it matches GitHub's description. */
export function checkRest(x: RestExchange): string[] {
  const found = templateOf(x.method, x.path);
  const name = `${x.method.toUpperCase()} ${x.path} ${x.status}`;
  if (!found) return [`${name}: not an operation of GitHub's description`];
  const { op, template } = found;
  const problems: string[] = [];
  if (x.requestBody !== undefined) {
    const schema = op.requestBody?.content['application/json']?.schema;
    if (!schema) problems.push(`${template}: no request body documented`);
    else {
      const v = validator(schema);
      if (!v(x.requestBody)) problems.push(`request: ${ajv.errorsText(v.errors)}`);
    }
  }
  const res = op.responses[String(x.status)];
  let schema = res?.content?.['application/json']?.schema;
  if (!res) {
    if (!GENERIC.has(x.status)) return [`${name}: status not documented for ${op.operationId}`];
    schema = basicError();
  }
  if (schema && x.responseBody !== undefined && x.responseBody !== '') {
    const v = validator(schema);
    if (!v(x.responseBody)) problems.push(`response: ${ajv.errorsText(v.errors)}`);
  }
  return problems.map((p) => `${name} (${op.operationId}): ${p}`);
}

/** The operation id a request is (for asserting which operations a client used). */
export const operationOf = (method: string, path: string): string | undefined =>
  templateOf(method, path)?.op.operationId;
