/**
 * Jira's REST API for team links (README "Team links"): a thin `fetch` client with zod-checked
 * answers (jira.js 6 is 125 KB gzipped and Cloud-only; this is a few KB and speaks to Data
 * Center too). Cloud: REST v3, Basic auth (e-mail + API token), search at `/search/jql` paged
 * by `nextPageToken`. Data Center: REST v2, a personal access token as Bearer, search at
 * `/search` paged by `startAt`. Writes send `X-Atlassian-Token: no-check` (Jira refuses
 * browser-originated writes without it: "XSRF check failed"). Background only.
 */
import { z } from 'zod';
import {
  JIRA_FIELDS,
  WATCH_PER_QUERY,
  jiraIssueKeyOf,
  jiraSyncJql,
  jiraTicket,
} from '../../trackers/api/jira';
import { jiraLabelProblem } from '../../trackers/api/labels';
import type { FoundTicket, SearchResult } from '../../trackers/api/sync-plan';
import type { JiraConnection } from '../connections';
import type { ClientOptions } from '../tracker-types';
import { ApiError, errorFromStatus, fetchWithTimeout } from '../http';
import type { SyncQuery, TrackerApi } from '../tracker-types';

const SERVICE = 'Jira';
const PAGE = 100;

const issueSchema = z.looseObject({
  key: z.string(),
  fields: z
    .looseObject({
      summary: z.string().nullish(),
      labels: z.array(z.string()).nullish(),
      updated: z.string().nullish(),
      status: z
        .looseObject({
          name: z.string().optional(),
          statusCategory: z.looseObject({ key: z.string().optional() }).optional(),
        })
        .nullish(),
      parent: z.looseObject({ key: z.string().optional() }).nullish(),
    })
    .optional(),
});
const cloudPageSchema = z.looseObject({
  issues: z.array(issueSchema).default([]),
  nextPageToken: z.string().nullish(),
  isLast: z.boolean().optional(),
});
const dcPageSchema = z.looseObject({
  issues: z.array(issueSchema).default([]),
  startAt: z.number().optional(),
  maxResults: z.number().optional(),
  total: z.number().optional(),
});
const myselfSchema = z.looseObject({
  displayName: z.string().optional(),
  emailAddress: z.string().optional(),
  name: z.string().optional(),
  accountId: z.string().optional(),
});

function authOf(c: JiraConnection): string {
  if (c.deployment === 'datacenter') return `Bearer ${c.token}`;
  const raw = `${c.email ?? ''}:${c.token}`;
  return `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(raw)))}`;
}

/** Jira's own words from an error body (`errorMessages`, `errors`), at most 300 characters. */
async function detailOf(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as {
      errorMessages?: unknown;
      errors?: unknown;
      message?: unknown;
    };
    const parts = [
      ...(Array.isArray(body.errorMessages) ? body.errorMessages.map(String) : []),
      ...(body.errors && typeof body.errors === 'object'
        ? Object.values(body.errors).map(String)
        : []),
      ...(typeof body.message === 'string' ? [body.message] : []),
    ];
    return parts.join('; ');
  } catch {
    return '';
  }
}

type Call = <T>(path: string, init: RequestInit, schema?: z.ZodType<T>) => Promise<T | undefined>;

/** A request to the connection's REST API; the answer checked against `schema`. */
function caller(c: JiraConnection, opts: ClientOptions): Call {
  const base = `${c.site}/rest/api/${c.deployment === 'cloud' ? '3' : '2'}`;
  return async <T>(path: string, init: RequestInit, schema?: z.ZodType<T>) => {
    const res = await fetchWithTimeout(
      SERVICE,
      `${base}${path}`,
      {
        ...init,
        headers: {
          Accept: 'application/json',
          'Content-Type': 'application/json',
          Authorization: authOf(c),
          'X-Atlassian-Token': 'no-check',
        },
      },
      opts.timeoutMs,
    );
    if (!res.ok) throw errorFromStatus(SERVICE, res.status, res.headers, await detailOf(res));
    if (!schema) return undefined;
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      throw new ApiError(
        'invalid',
        `${SERVICE} answered something that is not JSON (is ${c.site} a Jira site?).`,
      );
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success)
      throw new ApiError('invalid', `${SERVICE} answered in an unexpected shape.`);
    return parsed.data;
  };
}

async function updateLabels(call: Call, ticket: string, op: { add: string } | { remove: string }) {
  const key = jiraIssueKeyOf(ticket);
  if (!key) throw new ApiError('invalid', `${ticket} is not a Jira ticket.`);
  await call(`/issue/${encodeURIComponent(key)}`, {
    method: 'PUT',
    body: JSON.stringify({ update: { labels: [op] } }),
  });
}

/** Every issue `jql` finds, page by page (Cloud: `nextPageToken`; Data Center: `startAt`). */
async function searchJql(
  call: Call,
  c: JiraConnection,
  jql: string,
  found: Map<string, FoundTicket>,
  progress?: (n: number) => void,
): Promise<void> {
  if (c.deployment === 'cloud') {
    let token: string | undefined;
    do {
      const body = {
        jql,
        fields: JIRA_FIELDS,
        maxResults: PAGE,
        ...(token ? { nextPageToken: token } : {}),
      };
      const page = (await call(
        '/search/jql',
        { method: 'POST', body: JSON.stringify(body) },
        cloudPageSchema,
      ))!;
      for (const issue of page.issues) found.set(issue.key, jiraTicket(c.site, issue));
      progress?.(found.size);
      token = page.isLast === true ? undefined : (page.nextPageToken ?? undefined);
    } while (token);
    return;
  }
  for (let startAt = 0; ;) {
    const body = { jql, fields: JIRA_FIELDS, startAt, maxResults: PAGE };
    const page = (await call(
      '/search',
      { method: 'POST', body: JSON.stringify(body) },
      dcPageSchema,
    ))!;
    for (const issue of page.issues) found.set(issue.key, jiraTicket(c.site, issue));
    progress?.(found.size);
    startAt += page.issues.length;
    if (page.issues.length === 0 || startAt >= (page.total ?? 0)) return;
  }
}

async function search(
  call: Call,
  c: JiraConnection,
  q: SyncQuery,
  progress?: (n: number) => void,
): Promise<SearchResult> {
  const found = new Map<string, FoundTicket>();
  if (!q.incremental) {
    await searchJql(call, c, jiraSyncJql(q.labels, q.cycleStart), found, progress);
    return { found: [...found.values()], complete: true };
  }
  const watch = q.incremental.watch.map((k) => jiraIssueKeyOf(k)).filter((k): k is string => !!k);
  const groups: string[][] = [];
  for (let i = 0; i < watch.length; i += WATCH_PER_QUERY)
    groups.push(watch.slice(i, i + WATCH_PER_QUERY));
  if (groups.length === 0) groups.push([]);
  const since = q.incremental.changedMinutes;
  try {
    for (const g of groups)
      await searchJql(
        call,
        c,
        jiraSyncJql(q.labels, q.cycleStart, { changedMinutes: since, watch: g }),
        found,
        progress,
      );
  } catch (e) {
    // A watched issue deleted since makes the whole JQL invalid (400: "An issue with key …
    // does not exist"): read everything instead, which also drops its links.
    if (!(e instanceof ApiError) || e.kind !== 'refused') throw e;
    return search(call, c, { labels: q.labels, cycleStart: q.cycleStart }, progress);
  }
  return { found: [...found.values()], complete: false };
}

async function test(call: Call, c: JiraConnection) {
  let me: z.output<typeof myselfSchema>;
  try {
    me = (await call('/myself', { method: 'GET' }, myselfSchema))!;
  } catch (e) {
    if (e instanceof ApiError && e.kind === 'not-found')
      throw new ApiError('not-found', `No Jira site answers at ${c.site}: check the address.`, 404);
    throw e;
  }
  const who = me.displayName ?? me.name ?? me.emailAddress ?? 'unknown';
  const kind = c.deployment === 'cloud' ? 'Jira Cloud, REST v3' : 'Jira Data Center, REST v2';
  return {
    who: me.emailAddress && me.emailAddress !== who ? `${who} (${me.emailAddress})` : who,
    notes: [`${kind} at ${c.site}`],
  };
}

export function jiraApi(c: JiraConnection, opts: ClientOptions = {}): TrackerApi {
  const call = caller(c, opts);
  return {
    test: () => test(call, c),
    async addLabel(ticket, label) {
      const problem = jiraLabelProblem(label);
      if (problem) throw new ApiError('refused', problem);
      await updateLabels(call, ticket, { add: label });
    },
    async removeLabel(ticket, label) {
      try {
        await updateLabels(call, ticket, { remove: label });
      } catch (e) {
        if (e instanceof ApiError && e.kind === 'not-found') return; // the issue is gone
        throw e;
      }
    },
    search: (q, progress) => search(call, c, q, progress),
  };
}
