/**
 * GitHub's API, the pure half (README "Team links"): the search strings and GraphQL document
 * of a team sync, and what its answer means as ticket records. The requests themselves are
 * made by lib/background/github/api.ts. Checked against GitHub's GraphQL schema
 * (@octokit/graphql-schema) in test/unit/team-github.test.ts. Sub-issue parents are not read:
 * the published schema OKR Lens checks against (@octokit/graphql-schema 15.26, introspection)
 * has no `Issue.parent`.
 */
import type { TicketState } from '../../okr/model';
import type { FoundTicket } from './sync-plan';

/** The `owner/repo#n` of a GitHub ticket key, or undefined for another key. */
export function githubIssueOf(
  key: string,
): { host: string; owner: string; repo: string; number: number } | undefined {
  const m = /^github:([^/]+)\/([^/]+)\/([^/#]+)#(\d+)$/.exec(key);
  if (!m) return undefined;
  return { host: m[1]!, owner: m[2]!, repo: m[3]!, number: Number(m[4]) };
}

/** The key prefix of a scope (`acme` → `github:h/acme/`, `acme/web` → `github:h/acme/web#`). */
export function githubScopePrefix(host: string, scope: string): string {
  const s = scope.trim().toLowerCase();
  return s.includes('/') ? `github:${host}/${s}#` : `github:${host}/${s}/`;
}

/** GitHub allows 256 characters in a search string (qualifiers included, to be safe). */
export const SEARCH_MAX_CHARS = 256;

const quote = (label: string) => `"${label.replace(/["\\]/g, '')}"`;

/**
 * Search strings for every labelled issue and pull request of `scopes` updated since `since`
 * (`YYYY-MM-DD`): `org:acme label:"okr:KR1.1","okr:KR1.2" updated:>=2026-10-01`. Labels in
 * one `label:` qualifier separated by commas are OR-ed; they are split over as many strings
 * as the length limit needs.
 */
export function githubSearchStrings(
  scopes: readonly string[],
  labels: readonly string[],
  since: string,
): string[] {
  const out: string[] = [];
  for (const scope of scopes) {
    const s = scope.trim();
    const head = `${s.includes('/') ? 'repo' : 'org'}:${s} updated:>=${since} label:`;
    let chunk: string[] = [];
    const flush = () => {
      if (chunk.length) out.push(head + chunk.join(','));
      chunk = [];
    };
    for (const label of labels) {
      const q = quote(label);
      if (chunk.length && (head + [...chunk, q].join(',')).length > SEARCH_MAX_CHARS) flush();
      chunk.push(q);
    }
    flush();
  }
  return out;
}

/** Aliases per GraphQL request: each is one search of up to 100 results. */
export const SEARCHES_PER_REQUEST = 8;
/** Labels read per ticket (a ticket with more KR labels than this is rare). */
export const LABELS_PER_TICKET = 50;

const TICKET_FIELDS = `
      __typename
      ... on Issue {
        number title url issueState: state updatedAt
        repository { nameWithOwner }
        labels(first: ${LABELS_PER_TICKET}) { nodes { name } }
      }
      ... on PullRequest {
        number title url prState: state updatedAt
        repository { nameWithOwner }
        labels(first: ${LABELS_PER_TICKET}) { nodes { name } }
      }`;

/** One GraphQL document searching `count` strings at once (`$q0`, `$a0` cursor, …). */
export function githubSearchDocument(count: number): string {
  const vars: string[] = [];
  const fields: string[] = [];
  for (let i = 0; i < count; i++) {
    vars.push(`$q${i}: String!`, `$a${i}: String`);
    fields.push(`  s${i}: search(query: $q${i}, type: ISSUE, first: 100, after: $a${i}) {
    issueCount
    pageInfo { hasNextPage endCursor }
    nodes {${TICKET_FIELDS}
    }
  }`);
  }
  return `query OkrLensSearch(${vars.join(', ')}) {\n${fields.join('\n')}\n  rateLimit { cost remaining resetAt }\n}`;
}

interface RepoRef {
  nameWithOwner: string;
}
/** One node of a search answer, as the document above selects it. */
export interface GithubSearchNode {
  __typename: string;
  number?: number;
  title?: string;
  url?: string;
  /** Aliased apart: an issue's and a pull request's `state` are different enums. */
  issueState?: 'OPEN' | 'CLOSED';
  prState?: 'OPEN' | 'CLOSED' | 'MERGED';
  updatedAt?: string;
  repository?: RepoRef;
  labels?: { nodes: ({ name: string } | null)[] | null } | null;
}

export interface GithubSearchPage {
  issueCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: (GithubSearchNode | null)[] | null;
}

function stateOf(n: GithubSearchNode): TicketState | undefined {
  const state = n.issueState ?? n.prState;
  if (state === 'MERGED') return 'merged';
  if (state === 'OPEN') return 'open';
  // Closed, whatever the reason: as the page adapter reads it (lib/trackers/github/state.ts),
  // so a ticket seen on its page and found by a sync has one state.
  if (state === 'CLOSED') return 'closed';
  return undefined;
}

const keyOf = (host: string, repo: RepoRef, n: number) =>
  `github:${host}/${repo.nameWithOwner.toLowerCase()}#${n}`;

/** A search node as a ticket record (undefined for what is not an issue or pull request). */
export function githubTicket(host: string, n: GithubSearchNode | null): FoundTicket | undefined {
  if (!n || (n.__typename !== 'Issue' && n.__typename !== 'PullRequest')) return undefined;
  if (n.number === undefined || !n.repository) return undefined;
  const ticket: FoundTicket['ticket'] = { key: keyOf(host, n.repository, n.number) };
  if (n.title) ticket.title = n.title;
  if (n.url) ticket.url = n.url;
  const state = stateOf(n);
  if (state) ticket.state = state;
  if (n.updatedAt) ticket.updatedAt = n.updatedAt;
  const labels = (n.labels?.nodes ?? []).flatMap((l) => (l ? [l.name] : []));
  return { ticket, labels };
}
