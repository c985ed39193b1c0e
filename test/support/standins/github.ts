/**
 * A GitHub stand-in: repositories with labels and issues (pull requests too), the REST calls
 * OKR Lens makes and GraphQL issue search, with GitHub's documented behaviour where OKR Lens
 * relies on it: adding a missing label to an issue creates it grey (`ededed`, as the recorded
 * @octokit/fixtures exchange `add-labels-to-issue` shows); creating an existing label is a 422
 * `already_exists`; removing a label the issue lacks is a 404; a token without write access
 * gets 403 with `X-Accepted-GitHub-Permissions`; labels in search are OR-ed by commas.
 * Bodies of `GET /repos`, `GET /orgs` and label objects start from recorded @octokit/fixtures
 * answers. Every exchange is checked against @octokit/openapi (REST) and
 * @octokit/graphql-schema (documents and answers).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { answerProblems, graphqlProblems } from '../github-graphql';
import { checkRest } from '../github-openapi';
import { StandIn, json } from './base';
import type { Exchange, StandInAnswer, StandInRequest } from './base';

const require = createRequire(import.meta.url);
const recorded = (scenario: string, i = 0): Record<string, unknown> =>
  (
    JSON.parse(
      readFileSync(
        require.resolve(
          `@octokit/fixtures/scenarios/api.github.com/${scenario}/normalized-fixture.json`,
        ),
        'utf8',
      ),
    ) as { response: Record<string, unknown> }[]
  )[i]!.response;

export interface GhLabel {
  name: string;
  color: string;
  description: string | null;
  id: number;
}
export interface GhIssue {
  title: string;
  labels: Set<string>;
  updatedAt: string;
  state: 'OPEN' | 'CLOSED' | 'MERGED';
  pr?: boolean;
}
interface Repo {
  labels: Map<string, GhLabel>;
  issues: Map<number, GhIssue>;
}
export interface GhUser {
  login: string;
  /** Per repository (`owner/repo`): what the user may do (default: push). */
  access?: Record<string, 'push' | 'triage' | 'read'>;
}

let ids = 5000;
const DOCS = 'https://docs.github.com/rest';

export class GithubStandIn extends StandIn {
  readonly repos = new Map<string, Repo>();
  readonly users = new Map<string, GhUser>();
  readonly revoked = new Set<string>();
  readonly orgs = new Set<string>();
  /** When search answers were computed (for a test of stale search). */
  now = () => new Date().toISOString();

  constructor(readonly apiBase = 'https://api.github.com') {
    super();
  }

  repo(name: string): Repo {
    const key = name.toLowerCase();
    let r = this.repos.get(key);
    if (!r) this.repos.set(key, (r = { labels: new Map(), issues: new Map() }));
    this.orgs.add(key.split('/')[0]!);
    return r;
  }

  addIssue(repo: string, n: number, issue: Partial<GhIssue> & { title: string }): GhIssue {
    const full: GhIssue = {
      labels: new Set(),
      updatedAt: this.now(),
      state: 'OPEN',
      ...issue,
    };
    const r = this.repo(repo);
    r.issues.set(n, full);
    for (const name of full.labels)
      if (!r.labels.has(name.toLowerCase()))
        r.labels.set(name.toLowerCase(), { name, color: 'ededed', description: null, id: ids++ });
    return full;
  }

  /** Put a label on an issue as someone in GitHub's UI would (creating it when missing). */
  label(repo: string, n: number, name: string): void {
    const r = this.repo(repo);
    if (!r.labels.has(name.toLowerCase()))
      r.labels.set(name.toLowerCase(), { name, color: 'ededed', description: null, id: ids++ });
    const issue = r.issues.get(n)!;
    issue.labels.add(name);
    issue.updatedAt = this.now();
  }

  labelsOf(repo: string, n: number): string[] {
    return [...(this.repo(repo).issues.get(n)?.labels ?? [])];
  }

  protected check(x: Omit<Exchange, 'problems' | 'at'>): string[] {
    const path = x.path.replace(/^\/api\/v3/, '');
    if (path === '/graphql') {
      const body = x.requestBody as { query: string; variables?: Record<string, unknown> };
      const data = (x.responseBody as { data?: Record<string, unknown> } | undefined)?.data;
      return [
        ...graphqlProblems(body.query),
        ...(data && x.status === 200 ? answerProblems(body.query, body.variables ?? {}, data) : []),
      ];
    }
    return checkRest({ ...x, path });
  }

  private userOf(r: StandInRequest): GhUser | StandInAnswer {
    const token = (r.headers.authorization ?? '').replace(/^(token|bearer)\s+/i, '');
    const user = this.users.get(token);
    if (!user || this.revoked.has(token))
      return json(401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' });
    return user;
  }

  protected serve(r: StandInRequest): StandInAnswer & { operation?: string } {
    const user = this.userOf(r);
    if (!('login' in user)) return user;
    const path = r.url.pathname.replace(/^\/api\/v3/, '');
    const body = r.body ? (JSON.parse(r.body) as Record<string, unknown>) : {};
    const m = (re: RegExp) => re.exec(path);
    let hit: RegExpExecArray | null;
    if (r.method === 'GET' && path === '/user') return json(200, this.userBody(user.login));
    if (r.method === 'POST' && path === '/graphql') return this.graphql(body);
    if (r.method === 'GET' && (hit = m(/^\/orgs\/([^/]+)$/))) return this.org(hit[1]!);
    if (r.method === 'GET' && (hit = m(/^\/repos\/([^/]+)\/([^/]+)$/)))
      return this.getRepo(user, `${hit[1]}/${hit[2]}`);
    if (r.method === 'POST' && (hit = m(/^\/repos\/([^/]+)\/([^/]+)\/labels$/)))
      return this.createLabel(user, `${hit[1]}/${hit[2]}`, body);
    if (r.method === 'POST' && (hit = m(/^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/labels$/)))
      return this.addLabels(user, `${hit[1]}/${hit[2]}`, Number(hit[3]), body);
    if (
      r.method === 'DELETE' &&
      (hit = m(/^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/labels\/(.+)$/))
    )
      return this.removeLabel(
        user,
        `${hit[1]}/${hit[2]}`,
        Number(hit[3]),
        decodeURIComponent(hit[4]!),
      );
    return json(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
  }

  private userBody(login: string) {
    const owner = (recorded('get-repository') as { owner: Record<string, unknown> }).owner;
    return {
      ...owner,
      login,
      type: 'User',
      html_url: `https://github.com/${login}`,
      name: login,
      company: null,
      blog: '',
      location: null,
      email: null,
      hireable: null,
      bio: null,
      public_repos: 1,
      public_gists: 0,
      followers: 0,
      following: 0,
      created_at: '2020-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
    };
  }

  private org(name: string): StandInAnswer {
    if (!this.orgs.has(name.toLowerCase()))
      return json(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
    // The recording predates a field GitHub's description now requires.
    return json(200, { ...recorded('get-organization'), login: name, archived_at: null });
  }

  private accessOf(user: GhUser, repo: string) {
    return user.access?.[repo.toLowerCase()] ?? 'push';
  }

  private getRepo(user: GhUser, name: string): StandInAnswer {
    if (!this.repos.has(name.toLowerCase()))
      return json(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
    const a = this.accessOf(user, name);
    const [owner, repo] = name.split('/') as [string, string];
    const base = recorded('get-repository') as Record<string, unknown> & { owner: object };
    return json(200, {
      ...base,
      name: repo,
      full_name: name,
      has_discussions: false, // required by the description, newer than the recording
      owner: { ...base.owner, login: owner },
      permissions: {
        admin: false,
        maintain: false,
        push: a === 'push',
        triage: a !== 'read',
        pull: true,
      },
    });
  }

  private labelBody(repo: string, l: GhLabel) {
    return {
      id: l.id,
      node_id: 'MDU6TGFiZWwx',
      url: `${this.apiBase}/repos/${repo}/labels/${encodeURIComponent(l.name)}`,
      name: l.name,
      color: l.color,
      default: false,
      description: l.description,
    };
  }

  private forbidden(needs: string): StandInAnswer {
    return json(
      403,
      {
        message: 'Resource not accessible by personal access token',
        documentation_url: DOCS,
        status: '403',
      },
      { 'x-accepted-github-permissions': needs },
    );
  }

  private createLabel(user: GhUser, name: string, body: Record<string, unknown>): StandInAnswer {
    if (!this.repos.has(name.toLowerCase()))
      return json(404, { message: 'Not Found', documentation_url: DOCS });
    if (this.accessOf(user, name) !== 'push') return this.forbidden('issues=write');
    const repo = this.repo(name);
    const label = String(body.name);
    if (repo.labels.has(label.toLowerCase()))
      return json(422, {
        message: 'Validation Failed',
        errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }],
        documentation_url: `${DOCS}/issues/labels#create-a-label`,
      });
    const l: GhLabel = {
      name: label,
      color: typeof body.color === 'string' ? body.color : 'ededed',
      description: typeof body.description === 'string' ? body.description : null,
      id: ids++,
    };
    repo.labels.set(label.toLowerCase(), l);
    return json(201, this.labelBody(name, l));
  }

  private issue(name: string, n: number): GhIssue | StandInAnswer {
    const issue = this.repos.get(name.toLowerCase())?.issues.get(n);
    return issue ?? json(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
  }

  private addLabels(
    user: GhUser,
    name: string,
    n: number,
    body: Record<string, unknown>,
  ): StandInAnswer {
    const issue = this.issue(name, n);
    if ('status' in issue) return issue;
    const repo = this.repo(name);
    const wanted = (body.labels as string[]) ?? [];
    const missing = wanted.some((l) => !repo.labels.has(l.toLowerCase()));
    if (this.accessOf(user, name) === 'read' || (missing && this.accessOf(user, name) !== 'push'))
      return this.forbidden('issues=write');
    for (const l of wanted) {
      if (!repo.labels.has(l.toLowerCase()))
        repo.labels.set(l.toLowerCase(), {
          name: l,
          color: 'ededed',
          description: null,
          id: ids++,
        });
      const stored = repo.labels.get(l.toLowerCase())!.name;
      if (![...issue.labels].some((x) => x.toLowerCase() === stored.toLowerCase()))
        issue.labels.add(stored);
    }
    issue.updatedAt = this.now();
    return json(
      200,
      [...issue.labels].map((l) => this.labelBody(name, repo.labels.get(l.toLowerCase())!)),
    );
  }

  private removeLabel(user: GhUser, name: string, n: number, label: string): StandInAnswer {
    const issue = this.issue(name, n);
    if ('status' in issue) return issue;
    if (this.accessOf(user, name) === 'read') return this.forbidden('issues=write');
    const on = [...issue.labels].find((l) => l.toLowerCase() === label.toLowerCase());
    if (!on)
      return json(404, {
        message: 'Label does not exist',
        documentation_url: `${DOCS}/issues/labels#remove-a-label-from-an-issue`,
      });
    issue.labels.delete(on);
    issue.updatedAt = this.now();
    const repo = this.repo(name);
    return json(
      200,
      [...issue.labels].map((l) => this.labelBody(name, repo.labels.get(l.toLowerCase())!)),
    );
  }

  /** What one search string finds: `org:`/`repo:`, `updated:>=`, `label:"a","b"` (OR). */
  search(query: string): { repo: string; n: number; issue: GhIssue }[] {
    const scope = /\b(org|repo):(\S+)/.exec(query);
    const since = /updated:>=(\d{4}-\d{2}-\d{2})/.exec(query)?.[1];
    const labels = [
      ...(/label:((?:"[^"]*",?)+)/.exec(query)?.[1] ?? '').matchAll(/"([^"]*)"/g),
    ].map((x) => x[1]!.toLowerCase());
    const out: { repo: string; n: number; issue: GhIssue }[] = [];
    for (const [repo, r] of this.repos) {
      if (
        scope &&
        (scope[1] === 'org'
          ? repo.split('/')[0] !== scope[2]!.toLowerCase()
          : repo !== scope[2]!.toLowerCase())
      )
        continue;
      for (const [n, issue] of r.issues) {
        if (since && issue.updatedAt < since) continue;
        if (labels.length && ![...issue.labels].some((l) => labels.includes(l.toLowerCase())))
          continue;
        out.push({ repo, n, issue });
      }
    }
    return out.sort((a, b) => (a.repo + a.n).localeCompare(b.repo + b.n));
  }

  /** GraphQL: the searches of OKR Lens's document (`s0: search(query: $q0, … after: $a0)`). */
  private graphql(body: Record<string, unknown>): StandInAnswer & { operation?: string } {
    const vars = (body.variables ?? {}) as Record<string, string | null>;
    const data: Record<string, unknown> = {};
    const PAGE = 100;
    for (let i = 0; `q${i}` in vars; i++) {
      const hits = this.search(String(vars[`q${i}`]));
      const start = vars[`a${i}`] ? Number(vars[`a${i}`]) : 0;
      const page = hits.slice(start, start + PAGE);
      const end = start + page.length;
      data[`s${i}`] = {
        issueCount: hits.length,
        pageInfo: { hasNextPage: end < hits.length, endCursor: page.length ? String(end) : null },
        nodes: page.map(({ repo, n, issue }) => ({
          __typename: issue.pr ? 'PullRequest' : 'Issue',
          number: n,
          title: issue.title,
          url: `https://github.com/${repo}/${issue.pr ? 'pull' : 'issues'}/${n}`,
          ...(issue.pr
            ? { prState: issue.state }
            : { issueState: issue.state === 'MERGED' ? 'CLOSED' : issue.state }),
          updatedAt: issue.updatedAt,
          repository: { nameWithOwner: repo },
          labels: { nodes: [...issue.labels].map((name) => ({ name })) },
        })),
      };
    }
    data.rateLimit = {
      cost: 1,
      remaining: 4999,
      resetAt: new Date(Date.now() + 3_600_000).toISOString(),
    };
    return { ...json(200, { data }), operation: 'OkrLensSearch' };
  }
}
