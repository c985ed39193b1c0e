/**
 * A Linear stand-in: a workspace with teams, team and workspace labels, issues; the GraphQL
 * operations OKR Lens sends (by operation name), with what Linear documents: `issue(id:)`
 * takes an identifier (`ENG-42`), labels belong to a team or the workspace, `issueUpdate`
 * adds and removes label ids, `issues(filter:)` filters by label names and `updatedAt`, errors
 * come as GraphQL errors with `extensions.code` (AUTHENTICATION_ERROR, FORBIDDEN, RATELIMITED)
 * — written from Linear's public documentation, not recorded. Every document, its variables
 * and every answer are checked against the types @linear/sdk generates from Linear's schema
 * (test/support/linear-schema.ts).
 */
import { parse } from 'graphql';
import { linearAnswerProblems, linearDocumentProblems } from '../linear-schema';
import { StandIn, json } from './base';
import type { Exchange, StandInAnswer, StandInRequest } from './base';

export interface LinLabel {
  id: string;
  name: string;
  teamId: string | null;
}
export interface LinIssue {
  id: string;
  identifier: string;
  teamId: string;
  title: string;
  labelIds: Set<string>;
  updatedAt: string;
  state: { name: string; type: string };
}

let seq = 1;
const uuid = () => `00000000-0000-4000-8000-${String(seq++).padStart(12, '0')}`;

export class LinearStandIn extends StandIn {
  readonly teams = new Map<string, string>(); // key → id
  readonly labels: LinLabel[] = [];
  readonly issues = new Map<string, LinIssue>();
  readonly keys = new Map<string, string>(); // API key → user name
  readonly revoked = new Set<string>();
  now = () => new Date().toISOString();

  constructor(readonly workspace = { name: 'Acme', urlKey: 'acme' }) {
    super();
  }

  team(key: string): string {
    let id = this.teams.get(key);
    if (!id) this.teams.set(key, (id = uuid()));
    return id;
  }

  addLabel(name: string, teamKey?: string): LinLabel {
    const l = { id: uuid(), name, teamId: teamKey ? this.team(teamKey) : null };
    this.labels.push(l);
    return l;
  }

  addIssue(
    identifier: string,
    i: { title: string; labels?: string[]; updatedAt?: string; state?: LinIssue['state'] },
  ): LinIssue {
    const teamId = this.team(identifier.split('-')[0]!);
    const issue: LinIssue = {
      id: uuid(),
      identifier,
      teamId,
      title: i.title,
      labelIds: new Set(
        (i.labels ?? []).map(
          (n) =>
            (
              this.labels.find((l) => l.name === n && (l.teamId === teamId || !l.teamId)) ??
              this.addLabel(n, identifier.split('-')[0])
            ).id,
        ),
      ),
      updatedAt: i.updatedAt ?? this.now(),
      state: i.state ?? { name: 'Todo', type: 'unstarted' },
    };
    this.issues.set(identifier, issue);
    return issue;
  }

  labelNames(identifier: string): string[] {
    const i = this.issues.get(identifier);
    return [...(i?.labelIds ?? [])].map((id) => this.labels.find((l) => l.id === id)!.name);
  }

  protected check(x: Omit<Exchange, 'problems' | 'at'>): string[] {
    const body = x.requestBody as { query?: string; variables?: Record<string, unknown> };
    if (x.method !== 'POST' || x.path !== '/graphql' || !body?.query)
      return [`${x.method} ${x.path}: not Linear's GraphQL endpoint`];
    const problems = linearDocumentProblems(body.query, body.variables ?? {});
    const data = (x.responseBody as { data?: unknown } | undefined)?.data;
    if (data !== undefined && data !== null)
      problems.push(...linearAnswerProblems(body.query, data));
    return problems;
  }

  private error(code: string, message: string, status = 400): StandInAnswer {
    return json(status, { errors: [{ message, extensions: { code, type: code.toLowerCase() } }] });
  }

  protected serve(r: StandInRequest): StandInAnswer & { operation?: string } {
    const key = r.headers.authorization ?? '';
    const who = this.keys.get(key);
    const body = JSON.parse(r.body ?? '{}') as {
      query: string;
      variables?: Record<string, unknown>;
    };
    const def = parse(body.query).definitions[0] as { name?: { value: string } };
    const operation = def.name?.value ?? '';
    if (!who || this.revoked.has(key))
      return {
        ...this.error('AUTHENTICATION_ERROR', 'Authentication required, not authenticated'),
        operation,
      };
    const v = body.variables ?? {};
    const answer = ((): StandInAnswer => {
      switch (operation) {
        case 'OkrLensViewer':
          return json(200, {
            data: {
              viewer: { id: 'u1', name: who, email: `${who.toLowerCase()}@acme.example` },
              organization: this.workspace,
            },
          });
        case 'OkrLensIssueLabels':
          return this.issueLabels(String(v.id), String(v.name));
        case 'OkrLensLabelCreate':
          return this.createLabel(v.input as { name: string; teamId?: string });
        case 'OkrLensIssueUpdate':
          return this.update(
            String(v.id),
            v.input as { addedLabelIds?: string[]; removedLabelIds?: string[] },
          );
        case 'OkrLensSearch':
          return this.search(v.filter as Filter, v.after as string | null);
        default:
          return this.error('INVALID_INPUT', `unknown operation ${operation}`);
      }
    })();
    return { ...answer, operation };
  }

  private issueLabels(id: string, name: string): StandInAnswer {
    const issue = this.issues.get(id) ?? [...this.issues.values()].find((i) => i.id === id);
    const labelNode = (l: LinLabel) => ({
      id: l.id,
      name: l.name,
      team: l.teamId ? { id: l.teamId } : null,
    });
    // `issue` is non-null in Linear's schema: an unknown one is an error, not a null.
    if (!issue)
      return this.error(
        'INPUT_ERROR',
        'Entity not found: Issue - Could not find referenced Issue.',
      );
    return json(200, {
      data: {
        issue: {
          id: issue.id,
          team: { id: issue.teamId },
          labels: {
            nodes: [...issue.labelIds]
              .map((lid) => this.labels.find((l) => l.id === lid)!)
              .map((l) => ({ id: l.id, name: l.name })),
          },
        },
        issueLabels: {
          nodes: this.labels
            .filter((l) => l.name.toLowerCase() === name.toLowerCase())
            .map(labelNode),
        },
      },
    });
  }

  private createLabel(input: { name: string; teamId?: string }): StandInAnswer {
    const l: LinLabel = { id: uuid(), name: input.name, teamId: input.teamId ?? null };
    this.labels.push(l);
    return json(200, {
      data: { issueLabelCreate: { success: true, issueLabel: { id: l.id, name: l.name } } },
    });
  }

  private update(
    id: string,
    input: { addedLabelIds?: string[]; removedLabelIds?: string[] },
  ): StandInAnswer {
    const issue = [...this.issues.values()].find((i) => i.id === id);
    if (!issue) return this.error('INVALID_INPUT', 'Entity not found: Issue');
    for (const l of input.addedLabelIds ?? []) {
      const label = this.labels.find((x) => x.id === l);
      if (!label || (label.teamId && label.teamId !== issue.teamId))
        return this.error('INVALID_INPUT', "Label does not belong to the issue's team");
      issue.labelIds.add(l);
    }
    for (const l of input.removedLabelIds ?? []) issue.labelIds.delete(l);
    issue.updatedAt = this.now();
    return json(200, { data: { issueUpdate: { success: true } } });
  }

  private search(filter: Filter, after: string | null): StandInAnswer {
    const names = filter.labels?.some?.name?.in ?? [];
    const since = filter.updatedAt?.gte ?? '';
    const hits = [...this.issues.values()]
      .filter((i) => this.labelNames(i.identifier).some((n) => names.includes(n)))
      .filter((i) => i.updatedAt >= since)
      .sort((a, b) => a.identifier.localeCompare(b.identifier));
    const start = after ? Number(after) : 0;
    const page = hits.slice(start, start + 100);
    const end = start + page.length;
    return json(200, {
      data: {
        issues: {
          nodes: page.map((i) => ({
            identifier: i.identifier,
            title: i.title,
            url: `https://linear.app/${this.workspace.urlKey}/issue/${i.identifier}`,
            updatedAt: i.updatedAt,
            state: i.state,
            labels: { nodes: this.labelNames(i.identifier).map((name) => ({ name })) },
            parent: null,
          })),
          pageInfo: { hasNextPage: end < hits.length, endCursor: page.length ? String(end) : null },
        },
      },
    });
  }
}

interface Filter {
  labels?: { some?: { name?: { in?: string[] } } };
  updatedAt?: { gte?: string };
}
