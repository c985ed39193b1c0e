/**
 * Linear's GraphQL API, the pure half (README "Team links"): the documents OKR Lens sends and
 * what their answers mean as ticket records. Requests are made by
 * lib/background/linear/client.ts. Linear publishes no schema file in an npm package; the
 * documents are checked against the types @linear/sdk generates from its schema
 * (test/support/linear-schema.ts) in test/unit/team-linear.test.ts.
 */
import type { TicketState } from '../../okr/model';
import { linearState } from '../linear';
import type { FoundTicket } from './sync-plan';

export const LINEAR_VIEWER = `query OkrLensViewer {
  viewer { id name email }
  organization { name urlKey }
}`;

/** The issue (by its identifier, `ENG-42`), its team, and labels named like `$name`. */
export const LINEAR_ISSUE_AND_LABELS = `query OkrLensIssueLabels($id: String!, $name: String!) {
  issue(id: $id) {
    id
    team { id }
    labels(first: 100) { nodes { id name } }
  }
  issueLabels(filter: { name: { eqIgnoreCase: $name } }, first: 50) {
    nodes { id name team { id } }
  }
}`;

export const LINEAR_LABEL_CREATE = `mutation OkrLensLabelCreate($input: IssueLabelCreateInput!) {
  issueLabelCreate(input: $input) { success issueLabel { id name } }
}`;

export const LINEAR_ISSUE_UPDATE = `mutation OkrLensIssueUpdate($id: String!, $input: IssueUpdateInput!) {
  issueUpdate(id: $id, input: $input) { success }
}`;

export const LINEAR_SEARCH = `query OkrLensSearch($filter: IssueFilter!, $after: String) {
  issues(filter: $filter, first: 100, after: $after) {
    nodes {
      identifier title url updatedAt
      state { name type }
      labels(first: 50) { nodes { name } }
      parent { identifier }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** The `IssueFilter` of a sync: labelled with one of `labels`, updated since the start. */
export function linearSyncFilter(labels: readonly string[], cycleStart: string) {
  return {
    labels: { some: { name: { in: [...labels] } } },
    updatedAt: { gte: `${cycleStart}T00:00:00.000Z` },
  };
}

export interface LinearIssueNode {
  identifier: string;
  title?: string | null;
  url?: string | null;
  updatedAt?: string | null;
  state?: { name?: string | null; type?: string | null } | null;
  labels?: { nodes: { name: string }[] } | null;
  parent?: { identifier: string } | null;
}

/** Workflow state types (Linear's fixed set) → state, when the name says nothing known. */
const TYPES: Record<string, TicketState> = {
  triage: 'open',
  backlog: 'open',
  unstarted: 'open',
  started: 'in-progress',
  completed: 'done',
  canceled: 'closed',
  duplicate: 'closed',
};

export function linearTicket(workspace: string, n: LinearIssueNode): FoundTicket {
  const ticket: FoundTicket['ticket'] = {
    key: `linear:${workspace}/${n.identifier.toUpperCase()}`,
  };
  if (n.title) ticket.title = n.title;
  if (n.url) ticket.url = n.url;
  const state = linearState(n.state?.name) ?? TYPES[n.state?.type ?? ''];
  if (state) ticket.state = state;
  if (n.updatedAt) ticket.updatedAt = n.updatedAt;
  if (n.parent) ticket.parent = `linear:${workspace}/${n.parent.identifier.toUpperCase()}`;
  return { ticket, labels: (n.labels?.nodes ?? []).map((l) => l.name) };
}

/** The `ENG-42` of a Linear ticket key, or undefined. */
export function linearIdentifierOf(key: string): string | undefined {
  return /^linear:[^/]+\/([A-Z][A-Z0-9_]*-\d+)$/.exec(key)?.[1];
}
