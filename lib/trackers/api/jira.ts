/**
 * Jira's REST API, the pure half (README "Team links"): the JQL of a team sync and what its
 * answer means as ticket records. Cloud (REST v3, `/search/jql` paged by `nextPageToken`) and
 * Data Center (REST v2, `/search` paged by `startAt`) answer issues in the same shape. The
 * requests are made by lib/background/jira/client.ts; shapes are checked against jira.js 6's
 * schemas of Jira Cloud's published API in test/unit/team-jira.test.ts.
 */
import type { TicketState } from '../../okr/model';
import { jiraState } from '../jira/state';
import type { FoundTicket } from './sync-plan';

/** The fields a sync asks for. */
export const JIRA_FIELDS = ['summary', 'status', 'labels', 'updated', 'parent'] as const;

/** One issue of a search answer (the fields above). */
export interface JiraIssue {
  key: string;
  fields?: {
    summary?: string | null;
    labels?: string[] | null;
    updated?: string | null;
    status?: { name?: string; statusCategory?: { key?: string } } | null;
    parent?: { key?: string } | null;
  };
}

const jqlString = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/**
 * The JQL of a sync: issues carrying one of `labels`, updated since the cycle's start. JQL
 * dates are in the token owner's time zone, so the day before the start is asked for and the
 * exact rule (updated on or after the start, UTC) is applied to the answer (sync-plan.ts).
 * An incremental run (`changedMinutes`: minutes since the last sync, with a margin) asks only
 * for issues changed since, among the labelled ones and `watch` (issues the last sync linked:
 * one whose label was removed no longer matches the label clause).
 */
export function jiraSyncJql(
  labels: readonly string[],
  cycleStart: string,
  incremental?: { changedMinutes: number; watch: readonly string[] },
): string {
  const day = new Date(Date.parse(`${cycleStart}T00:00:00Z`) - 86_400_000)
    .toISOString()
    .slice(0, 10);
  const byLabel = `labels in (${labels.map(jqlString).join(', ')})`;
  const since = `updated >= "${day}"`;
  if (!incremental) return `${byLabel} AND ${since} ORDER BY key ASC`;
  const which = incremental.watch.length
    ? `(${byLabel} OR key in (${incremental.watch.join(', ')}))`
    : byLabel;
  return `${which} AND ${since} AND updated >= "-${Math.ceil(incremental.changedMinutes)}m" ORDER BY key ASC`;
}

/** Keys per `key in (…)` clause: a JQL of a few thousand characters at most. */
export const WATCH_PER_QUERY = 100;

const CATEGORY: Record<string, TicketState> = {
  new: 'open',
  indeterminate: 'in-progress',
  done: 'done',
};

/** A search answer's issue as a ticket record. `site` is the connection's base URL. */
export function jiraTicket(site: string, issue: JiraIssue): FoundTicket {
  const host = new URL(site).host;
  const f = issue.fields ?? {};
  const key = issue.key.toUpperCase();
  const ticket: FoundTicket['ticket'] = {
    key: `jira:${host}/${key}`,
    url: `${site}/browse/${key}`,
  };
  if (f.summary) ticket.title = f.summary;
  const state =
    jiraState(f.status?.name) ?? CATEGORY[f.status?.statusCategory?.key ?? ''] ?? undefined;
  if (state) ticket.state = state;
  if (f.updated) {
    const t = Date.parse(f.updated);
    if (!Number.isNaN(t)) ticket.updatedAt = new Date(t).toISOString();
  }
  if (f.parent?.key) ticket.parent = `jira:${host}/${f.parent.key.toUpperCase()}`;
  return { ticket, labels: f.labels ?? [] };
}

/** The `KEY-123` of a Jira ticket key on `host`, or undefined. */
export function jiraIssueKeyOf(key: string): string | undefined {
  const m = /^jira:[^/]+\/([A-Z][A-Z0-9_]+-\d+)$/.exec(key);
  return m?.[1];
}
