/**
 * Checks exchanges of the contents-API stand-in against GitHub's published OpenAPI
 * description (@octokit/openapi, api.github.com, dereferenced): the status must be one the
 * operation documents, the request body must match its JSON schema, the response body the
 * schema of that status. Ajv 8 with OpenAPI 3.0's `nullable`; formats not checked.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import type { Exchange } from './github-contents';

const require = createRequire(import.meta.url);
interface Operation {
  requestBody?: { content: Record<string, { schema: object }> };
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
}
let spec: { paths: Record<string, Record<string, Operation>> } | undefined;
const load = () =>
  (spec ??= JSON.parse(
    readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.deref.json'), 'utf8'),
  ) as typeof spec & object);

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const compiled = new Map<object, ValidateFunction>();
/**
 * `oneOf` read as `anyOf`: the description's error bodies are a `oneOf` of schemas with no
 * required fields (Basic Error, rule violation), which every real error body matches twice.
 */
const relaxed = (schema: unknown): unknown =>
  Array.isArray(schema)
    ? schema.map(relaxed)
    : schema && typeof schema === 'object'
      ? Object.fromEntries(
          Object.entries(schema).map(([k, v]) => [k === 'oneOf' ? 'anyOf' : k, relaxed(v)]),
        )
      : schema;
const validator = (schema: object) => {
  let v = compiled.get(schema);
  if (!v) compiled.set(schema, (v = ajv.compile(relaxed(schema) as object)));
  return v;
};

/** The problems of one exchange (empty when it matches the description). */
export function checkExchange(x: Exchange): string[] {
  const op = load().paths[x.template]?.[x.method];
  if (!op) return [`${x.method} ${x.template} is not in GitHub's description`];
  const problems: string[] = [];
  const res = op.responses[String(x.status)];
  if (!res) return [`${x.method} ${x.template}: status ${x.status} is not documented`];
  if (x.requestBody !== undefined) {
    const schema = op.requestBody?.content['application/json']?.schema;
    const v = schema && validator(schema);
    if (!v) problems.push('no request body documented');
    else if (!v(x.requestBody)) problems.push(`request: ${ajv.errorsText(v.errors)}`);
  }
  const schema = res.content?.['application/json']?.schema;
  if (schema && x.responseBody !== undefined) {
    const v = validator(schema);
    if (!v(x.responseBody)) problems.push(`response ${x.status}: ${ajv.errorsText(v.errors)}`);
  }
  return problems.map((p) => `${x.method.toUpperCase()} ${x.template} ${x.status}: ${p}`);
}
