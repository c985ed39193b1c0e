/**
 * Linear's GraphQL API for team links (README "Team links"): a thin `fetch` client with
 * zod-checked answers (@linear/sdk is 145 KB gzipped and imports Node's crypto). A personal
 * API key goes in `Authorization` as it is (no "Bearer"). Labels belong to a team or to the
 * workspace: an existing one is used (the ticket's team's, else a workspace label), else one
 * is created in the ticket's team. Linear asks integrations not to poll: the team sync reads
 * Linear on "Sync now" and at most hourly (lib/background/team-sync.ts). Background only.
 */
import { z } from 'zod';
import { labelColor, labelDescription } from '../../trackers/api/labels';
import {
  LINEAR_ISSUE_AND_LABELS,
  LINEAR_ISSUE_UPDATE,
  LINEAR_LABEL_CREATE,
  LINEAR_SEARCH,
  LINEAR_VIEWER,
  linearIdentifierOf,
  linearSyncFilter,
  linearTicket,
} from '../../trackers/api/linear';
import type { FoundTicket } from '../../trackers/api/sync-plan';
import type { LinearConnection } from '../connections';
import { apiBaseOf } from '../connections';
import type { ClientOptions } from '../tracker-types';
import { ApiError, errorFromStatus, fetchWithTimeout } from '../http';
import type { SyncQuery, TrackerApi } from '../tracker-types';

const SERVICE = 'Linear';

const gqlError = z.looseObject({
  message: z.string().optional(),
  extensions: z
    .looseObject({ code: z.string().optional(), type: z.string().optional() })
    .optional(),
});
const envelope = z.looseObject({
  data: z.unknown().optional(),
  errors: z.array(gqlError).optional(),
});

const viewerSchema = z.looseObject({
  viewer: z.looseObject({ name: z.string(), email: z.string().nullish() }),
  organization: z.looseObject({ name: z.string(), urlKey: z.string() }),
});
const ref = z.looseObject({ id: z.string() });
const issueLabelsSchema = z.looseObject({
  issue: z
    .looseObject({
      id: z.string(),
      team: ref,
      labels: z.looseObject({
        nodes: z.array(z.looseObject({ id: z.string(), name: z.string() })),
      }),
    })
    .nullable(),
  issueLabels: z.looseObject({
    nodes: z.array(z.looseObject({ id: z.string(), name: z.string(), team: ref.nullish() })),
  }),
});
const createSchema = z.looseObject({
  issueLabelCreate: z.looseObject({ success: z.boolean(), issueLabel: ref.nullish() }),
});
const updateSchema = z.looseObject({ issueUpdate: z.looseObject({ success: z.boolean() }) });
const searchSchema = z.looseObject({
  issues: z.looseObject({
    nodes: z.array(
      z.looseObject({
        identifier: z.string(),
        title: z.string().nullish(),
        url: z.string().nullish(),
        updatedAt: z.string().nullish(),
        state: z.looseObject({ name: z.string().nullish(), type: z.string().nullish() }).nullish(),
        labels: z.looseObject({ nodes: z.array(z.looseObject({ name: z.string() })) }).nullish(),
        parent: z.looseObject({ identifier: z.string() }).nullish(),
      }),
    ),
    pageInfo: z.looseObject({ hasNextPage: z.boolean(), endCursor: z.string().nullish() }),
  }),
});

/** A GraphQL error as an ApiError: Linear names the kind in `extensions.code`. */
function fromGraphqlErrors(errors: z.output<typeof gqlError>[], headers: Headers): ApiError {
  const first = errors[0] ?? {};
  const code = (first.extensions?.code ?? '').toUpperCase();
  const message = first.message ?? '';
  const status =
    code === 'RATELIMITED'
      ? 429
      : code === 'AUTHENTICATION_ERROR'
        ? 401
        : code === 'FORBIDDEN'
          ? 403
          : /not found|could not find|entity not found/i.test(message)
            ? 404
            : 400;
  return errorFromStatus(SERVICE, status, headers, message);
}

type Gql = <T>(query: string, variables: object, schema: z.ZodType<T>) => Promise<T>;

function caller(c: LinearConnection, opts: ClientOptions): Gql {
  return async <T>(query: string, variables: object, schema: z.ZodType<T>): Promise<T> => {
    const res = await fetchWithTimeout(
      SERVICE,
      `${apiBaseOf(c)}/graphql`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: c.token },
        body: JSON.stringify({ query, variables }),
      },
      opts.timeoutMs,
    );
    let body: z.output<typeof envelope> | undefined;
    try {
      const parsed = envelope.safeParse(await res.json());
      if (parsed.success) body = parsed.data;
    } catch {
      // not JSON: the status says what went wrong
    }
    // Linear answers rate limits and auth failures with GraphQL errors (often HTTP 400).
    if (body?.errors?.length) throw fromGraphqlErrors(body.errors, res.headers);
    if (!res.ok) throw errorFromStatus(SERVICE, res.status, res.headers);
    const data = schema.safeParse(body?.data);
    if (!data.success) throw new ApiError('invalid', `${SERVICE} answered in an unexpected shape.`);
    return data.data;
  };
}

async function issueAndLabels(gql: Gql, ticket: string, label: string) {
  const id = linearIdentifierOf(ticket);
  if (!id) throw new ApiError('invalid', `${ticket} is not a Linear ticket.`);
  const got = await gql(LINEAR_ISSUE_AND_LABELS, { id, name: label }, issueLabelsSchema);
  if (!got.issue) throw new ApiError('not-found', `${SERVICE} found no issue ${id}.`, 404);
  return { issue: got.issue, labels: got.issueLabels.nodes };
}

async function test(gql: Gql, c: LinearConnection) {
  const v = await gql(LINEAR_VIEWER, {}, viewerSchema);
  if (v.organization.urlKey.toLowerCase() !== c.workspace)
    throw new ApiError(
      'refused',
      `This key belongs to the workspace "${v.organization.urlKey}", not "${c.workspace}".`,
    );
  return {
    who: v.viewer.email ? `${v.viewer.name} (${v.viewer.email})` : v.viewer.name,
    notes: [`Workspace ${v.organization.name} (linear.app/${v.organization.urlKey})`],
  };
}

/** Add the label: the ticket's team's one, else the workspace's, else a new one in the team. */
async function addLabel(
  gql: Gql,
  ticket: string,
  label: string,
  kr: { code: string; title: string },
) {
  const { issue, labels } = await issueAndLabels(gql, ticket, label);
  if (issue.labels.nodes.some((l) => l.name.toLowerCase() === label.toLowerCase())) return;
  const usable = labels.find((l) => l.team?.id === issue.team.id) ?? labels.find((l) => !l.team);
  let labelId = usable?.id;
  if (!labelId) {
    const input = {
      name: label,
      teamId: issue.team.id,
      color: `#${labelColor(kr.code)}`,
      description: labelDescription(kr.code, kr.title),
    };
    const made = await gql(LINEAR_LABEL_CREATE, { input }, createSchema);
    labelId = made.issueLabelCreate.issueLabel?.id;
    if (!made.issueLabelCreate.success || !labelId)
      throw new ApiError('refused', `${SERVICE} did not create the label ${label}.`);
  }
  const input = { addedLabelIds: [labelId] };
  const done = await gql(LINEAR_ISSUE_UPDATE, { id: issue.id, input }, updateSchema);
  if (!done.issueUpdate.success)
    throw new ApiError('refused', `${SERVICE} did not add the label ${label}.`);
}

async function removeLabel(gql: Gql, ticket: string, label: string) {
  let found;
  try {
    found = await issueAndLabels(gql, ticket, label);
  } catch (e) {
    if (e instanceof ApiError && e.kind === 'not-found') return; // the issue is gone
    throw e;
  }
  const ids = found.issue.labels.nodes
    .filter((l) => l.name.toLowerCase() === label.toLowerCase())
    .map((l) => l.id);
  if (ids.length === 0) return;
  const input = { removedLabelIds: ids };
  await gql(LINEAR_ISSUE_UPDATE, { id: found.issue.id, input }, updateSchema);
}

async function search(gql: Gql, c: LinearConnection, q: SyncQuery, progress?: (n: number) => void) {
  const found = new Map<string, FoundTicket>();
  const filter = linearSyncFilter(q.labels, q.cycleStart);
  let after: string | null = null;
  do {
    const page: z.output<typeof searchSchema> = await gql(
      LINEAR_SEARCH,
      { filter, after },
      searchSchema,
    );
    for (const n of page.issues.nodes) {
      const f = linearTicket(c.workspace, n);
      found.set(f.ticket.key, f);
    }
    progress?.(found.size);
    after = page.issues.pageInfo.hasNextPage ? (page.issues.pageInfo.endCursor ?? null) : null;
  } while (after);
  return { found: [...found.values()], complete: true };
}

export function linearApi(c: LinearConnection, opts: ClientOptions = {}): TrackerApi {
  const gql = caller(c, opts);
  return {
    test: () => test(gql, c),
    addLabel: (ticket, label, kr) => addLabel(gql, ticket, label, kr),
    removeLabel: (ticket, label) => removeLabel(gql, ticket, label),
    search: (q, progress) => search(gql, c, q, progress),
  };
}
