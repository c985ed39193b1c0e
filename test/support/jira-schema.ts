/**
 * Checks hand-written Jira exchanges against the zod schemas jira.js 6 generates from Jira
 * Cloud's published REST description (a dev dependency only: jira.js declares Node ≥ 22, but
 * its schemas load on Node 20). Requests are checked strictly (no field Jira does not know);
 * answers as Jira describes them. Data Center speaks REST v2: its `/search` body and answer
 * are checked against the Cloud v2 search resource of the same shape (`SearchRequest`,
 * `SearchResults`); no Data Center description is checked.
 */
import {
  ErrorCollectionSchema,
  IssueUpdateDetailsSchema,
  SearchAndReconcileRequestSchema,
  SearchAndReconcileResultsSchema,
  SearchRequestSchema,
  SearchResultsSchema,
  UserDetailsSchema,
} from 'jira.js/cloud';

interface Check {
  safeParse(v: unknown): {
    success: boolean;
    error?: { issues: { path: PropertyKey[]; message: string }[] };
  };
}
interface StrictCheck extends Check {
  strict(): Check;
}

export interface JiraExchange {
  method: string;
  /** The path after the site: `/rest/api/3/search/jql`. */
  path: string;
  status: number;
  requestBody?: unknown;
  responseBody?: unknown;
}

const OPS: {
  method: string;
  path: RegExp;
  request?: StrictCheck;
  response?: Check;
  noBody?: true;
}[] = [
  {
    method: 'POST',
    path: /^\/rest\/api\/3\/search\/jql$/,
    request: SearchAndReconcileRequestSchema,
    response: SearchAndReconcileResultsSchema,
  },
  {
    method: 'POST',
    path: /^\/rest\/api\/2\/search$/,
    request: SearchRequestSchema,
    response: SearchResultsSchema,
  },
  {
    method: 'PUT',
    path: /^\/rest\/api\/[23]\/issue\/[A-Z][A-Z0-9_]+-\d+$/,
    request: IssueUpdateDetailsSchema,
    noBody: true,
  },
  { method: 'GET', path: /^\/rest\/api\/[23]\/myself$/, response: UserDetailsSchema },
];

const problems = (label: string, r: ReturnType<Check['safeParse']>) =>
  r.success ? [] : (r.error?.issues ?? []).map((i) => `${label} ${i.path.join('.')}: ${i.message}`);

/** The problems of one exchange; empty when it matches Jira's description. */
export function checkJira(x: JiraExchange): string[] {
  const name = `${x.method} ${x.path} ${x.status}`;
  const op = OPS.find((o) => o.method === x.method && o.path.test(x.path.split('?')[0]!));
  if (!op) return [`${name}: not an operation OKR Lens uses`];
  const out: string[] = [];
  if (x.requestBody !== undefined) {
    if (!op.request) out.push(`${name}: no request body expected`);
    else out.push(...problems(`${name} request`, op.request.strict().safeParse(x.requestBody)));
  }
  if (x.status >= 400) {
    if (x.responseBody !== undefined && x.responseBody !== '')
      out.push(...problems(`${name} error`, ErrorCollectionSchema.safeParse(x.responseBody)));
  } else if (op.noBody) {
    if (x.status !== 204) out.push(`${name}: Jira answers 204 here`);
  } else if (op.response)
    out.push(...problems(`${name} response`, op.response.safeParse(x.responseBody)));
  return out;
}
