/**
 * GitHub's side of team links: who the token is, KR labels written on issues and pull
 * requests (a label is a repository object: created with a colour and a description naming
 * the KR when missing), and the GraphQL search of a team sync, many label lists per request.
 */
import { labelColor, labelDescription } from '../../trackers/api/labels';
import {
  SEARCHES_PER_REQUEST,
  githubIssueOf,
  githubSearchDocument,
  githubSearchStrings,
  githubTicket,
} from '../../trackers/api/github';
import type { GithubSearchPage } from '../../trackers/api/github';
import type { FoundTicket } from '../../trackers/api/sync-plan';
import type { GithubConnection } from '../connections';
import { ApiError } from '../http';
import type { Identity, SyncQuery, TrackerApi } from '../tracker-types';
import { SERVICE, gh, githubError, githubKit } from './client';
import type { GithubKit } from './client';
import type { ClientOptions } from '../tracker-types';

/** Search results GitHub returns at most per search string. */
export const SEARCH_CAP = 1_000;

function issueOf(ticket: string) {
  const ref = githubIssueOf(ticket);
  if (!ref) throw new ApiError('invalid', `${ticket} is not a GitHub ticket.`);
  return ref;
}

async function test(kit: GithubKit, scopes: readonly string[]): Promise<Identity> {
  const me = await gh(() => kit.request('GET /user'));
  const login = (me.data as { login?: string }).login ?? 'unknown';
  const notes: string[] = [];
  for (const scope of scopes) {
    try {
      if (scope.includes('/')) {
        const [owner, repo] = scope.split('/') as [string, string];
        const r = await gh(() => kit.request('GET /repos/{owner}/{repo}', { owner, repo }));
        const p = (r.data as { permissions?: { push?: boolean; triage?: boolean } }).permissions;
        notes.push(
          p?.push
            ? `${scope}: can add labels and create missing ones`
            : p?.triage
              ? `${scope}: can add existing labels only (create the KR labels with someone who has write access)`
              : `${scope}: read only — labels cannot be written`,
        );
      } else {
        await gh(() => kit.request('GET /orgs/{org}', { org: scope }));
        notes.push(`${scope}: reachable`);
      }
    } catch (e) {
      notes.push(`${scope}: ${(e as Error).message}`);
    }
  }
  if (scopes.length === 0)
    notes.push('No organisation or repository listed: the team sync has nothing to search.');
  return { who: `@${login}`, notes };
}

/** Whether an octokit failure is GitHub's 422 "already_exists" for a label. */
const alreadyExists = (e: unknown): boolean => {
  const data = (e as { status?: number; response?: { data?: { errors?: { code?: string }[] } } })
    .response?.data;
  return (
    (e as { status?: number }).status === 422 &&
    !!data?.errors?.some((x) => x.code === 'already_exists')
  );
};

async function addLabel(
  kit: GithubKit,
  ticket: string,
  label: string,
  kr: { code: string; title: string },
) {
  const { owner, repo, number } = issueOf(ticket);
  try {
    await kit.request('POST /repos/{owner}/{repo}/labels', {
      owner,
      repo,
      name: label,
      color: labelColor(kr.code),
      description: labelDescription(kr.code, kr.title),
    });
  } catch (e) {
    // It exists already; or 403: no write access to the repository, where a triager may
    // still add an existing label, so the add below decides.
    const err = githubError(e);
    if (!alreadyExists(e) && err.kind !== 'forbidden') {
      if (err.status === 422)
        throw new ApiError('refused', `GitHub refused the label "${label}": ${err.message}`, 422);
      throw err;
    }
  }
  await gh(() =>
    kit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', {
      owner,
      repo,
      issue_number: number,
      labels: [label],
    }),
  );
}

async function removeLabel(kit: GithubKit, ticket: string, label: string) {
  const { owner, repo, number } = issueOf(ticket);
  try {
    await gh(() =>
      kit.request('DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}', {
        owner,
        repo,
        issue_number: number,
        name: label,
      }),
    );
  } catch (e) {
    // 404/410: the label is not on the issue (or the issue is gone): nothing left to remove.
    if (e instanceof ApiError && e.kind === 'not-found') return;
    if (e instanceof ApiError && e.status === 410) return;
    throw e;
  }
}

interface Pending {
  query: string;
  after: string | null;
}

/** Run the searches, up to SEARCHES_PER_REQUEST per GraphQL request, following each cursor. */
async function search(
  kit: GithubKit,
  host: string,
  strings: readonly string[],
  progress?: (found: number) => void,
): Promise<FoundTicket[]> {
  const found = new Map<string, FoundTicket>();
  let queue: Pending[] = strings.map((query) => ({ query, after: null }));
  while (queue.length > 0) {
    const batch = queue.slice(0, SEARCHES_PER_REQUEST);
    queue = queue.slice(SEARCHES_PER_REQUEST);
    const vars: Record<string, string | null> = {};
    batch.forEach((p, i) => ((vars[`q${i}`] = p.query), (vars[`a${i}`] = p.after)));
    const data = await gh(() =>
      kit.graphql<Record<string, GithubSearchPage>>(githubSearchDocument(batch.length), vars),
    );
    batch.forEach((p, i) => {
      const page = data[`s${i}`];
      if (!page) throw new ApiError('invalid', 'GitHub answered a search without its results.');
      if (page.issueCount > SEARCH_CAP)
        throw new ApiError(
          'refused',
          `GitHub finds more than ${SEARCH_CAP} tickets for "${p.query}" and returns only ${SEARCH_CAP}: list repositories instead of the organisation.`,
        );
      for (const node of page.nodes ?? []) {
        const f = githubTicket(host, node);
        if (f) found.set(f.ticket.key, f);
      }
      if (page.pageInfo.hasNextPage && page.pageInfo.endCursor)
        queue.push({ query: p.query, after: page.pageInfo.endCursor });
    });
    progress?.(found.size);
  }
  return [...found.values()];
}

export function githubApi(c: GithubConnection, opts: ClientOptions = {}): TrackerApi {
  const kit = githubKit(c, opts);
  return {
    test: () => test(kit, c.scopes),
    addLabel: (ticket, label, kr) => addLabel(kit, ticket, label, kr),
    removeLabel: (ticket, label) => removeLabel(kit, ticket, label),
    async search(q: SyncQuery, progress) {
      if (c.scopes.length === 0)
        throw new ApiError(
          'refused',
          `${SERVICE}: list the organisations or repositories to sync in Settings → Connections.`,
        );
      const strings = githubSearchStrings(c.scopes, q.labels, q.cycleStart);
      return { found: await search(kit, c.host, strings, progress), complete: true };
    },
  };
}
