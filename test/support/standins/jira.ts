/**
 * A Jira stand-in (Cloud REST v3, or Data Center REST v2): issues with labels, the calls OKR
 * Lens makes (`/myself`, `PUT /issue/{key}` with a labels update, search), the JQL forms it
 * sends (`labels in (…)`, `key in (…)`, `updated >= "date"` and `"-Nm"`), paging by
 * `nextPageToken` (Cloud) or `startAt` (Data Center), Basic auth (e-mail + token) or Bearer,
 * the documented XSRF refusal of a write without `X-Atlassian-Token: no-check`, labels with
 * spaces refused, a JQL naming a deleted issue refused (400), and Cloud's eventually
 * consistent search (`staleSearch`: answers from a snapshot). Every exchange is checked
 * against jira.js 6's schemas of Jira's published REST description (test/support/jira-schema.ts).
 */
import { checkJira } from '../jira-schema';
import { StandIn, json } from './base';
import type { Exchange, StandInAnswer, StandInRequest } from './base';

export interface JiraIssueState {
  summary: string;
  labels: Set<string>;
  status: { name: string; category: 'new' | 'indeterminate' | 'done' };
  updated: string;
  parent?: string;
}

const CATEGORY_IDS = { new: 2, indeterminate: 4, done: 3 } as const;

export class JiraStandIn extends StandIn {
  readonly issues = new Map<string, JiraIssueState>();
  /** Token → user (Cloud: e-mail + token; Data Center: the token). */
  readonly users = new Map<string, { name: string; email: string }>();
  readonly revoked = new Set<string>();
  /** Search answers from this snapshot of labels (Cloud search is eventually consistent). */
  staleSearch: Map<string, Set<string>> | undefined;
  now = () => new Date().toISOString();

  constructor(
    readonly site = 'https://acme.atlassian.net',
    readonly deployment: 'cloud' | 'datacenter' = 'cloud',
  ) {
    super();
  }

  get v(): string {
    return this.deployment === 'cloud' ? '3' : '2';
  }

  addIssue(key: string, i: Partial<JiraIssueState> & { summary: string }): JiraIssueState {
    const full: JiraIssueState = {
      labels: new Set(),
      status: { name: 'To Do', category: 'new' },
      updated: this.now(),
      ...i,
    };
    this.issues.set(key, full);
    return full;
  }

  /** Freeze what search sees (labels now) until `staleSearch` is cleared. */
  freezeSearch(): void {
    this.staleSearch = new Map([...this.issues].map(([k, i]) => [k, new Set(i.labels)]));
  }

  protected check(x: Omit<Exchange, 'problems' | 'at'>): string[] {
    return checkJira({
      ...x,
      path: x.path.replace(new URL(this.site).pathname.replace(/\/$/, ''), ''),
    });
  }

  private user(r: StandInRequest): { name: string; email: string } | StandInAnswer {
    const auth = r.headers.authorization ?? '';
    let token = '';
    if (this.deployment === 'cloud' && auth.startsWith('Basic ')) {
      const [, t] = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':');
      token = t ?? '';
    } else if (this.deployment === 'datacenter' && auth.startsWith('Bearer '))
      token = auth.slice(7);
    const u = this.users.get(token);
    if (!u || this.revoked.has(token))
      return { status: 401, headers: { 'content-type': 'text/plain' }, body: undefined };
    return u;
  }

  protected serve(r: StandInRequest): StandInAnswer {
    const u = this.user(r);
    if ('status' in u) return u;
    const path = r.url.pathname.slice(new URL(this.site).pathname.replace(/\/$/, '').length);
    const api = `/rest/api/${this.v}`;
    const body = r.body ? (JSON.parse(r.body) as Record<string, unknown>) : {};
    if (r.method === 'GET' && path === `${api}/myself`)
      return json(200, {
        self: `${this.site}${api}/user?accountId=1`,
        accountId: `acc-${u.name}`,
        accountType: 'atlassian',
        emailAddress: u.email,
        displayName: u.name,
        active: true,
        timeZone: 'Europe/Berlin',
      });
    const put = /^\/rest\/api\/\d\/issue\/([A-Z][A-Z0-9_]+-\d+)$/.exec(path);
    if (r.method === 'PUT' && put) return this.update(r, put[1]!, body);
    if (r.method === 'POST' && path === `${api}/search/jql` && this.deployment === 'cloud')
      return this.search(body, 'cloud');
    if (r.method === 'POST' && path === `${api}/search` && this.deployment === 'datacenter')
      return this.search(body, 'datacenter');
    if (path === '/rest/api/3/search' || path === '/rest/api/2/search')
      return json(410, {
        errorMessages: [
          'The requested API has been removed. Please migrate to /rest/api/3/search/jql.',
        ],
        errors: {},
      });
    return json(404, { errorMessages: ['Not found'], errors: {} });
  }

  private update(r: StandInRequest, key: string, body: Record<string, unknown>): StandInAnswer {
    if ((r.headers['x-atlassian-token'] ?? '') !== 'no-check')
      return { status: 403, headers: { 'content-type': 'text/plain' }, body: undefined };
    const issue = this.issues.get(key);
    if (!issue)
      return json(404, {
        errorMessages: ['Issue does not exist or you do not have permission to see it.'],
        errors: {},
      });
    const ops = (body.update as { labels?: { add?: string; remove?: string }[] })?.labels ?? [];
    for (const op of ops) {
      const label = op.add ?? op.remove ?? '';
      if (/\s/.test(label))
        return json(400, {
          errorMessages: [],
          errors: { labels: `The label '${label}' contains spaces which is invalid.` },
        });
      if (op.add) issue.labels.add(op.add);
      if (op.remove) issue.labels.delete(op.remove);
    }
    issue.updated = this.now();
    return { status: 204 };
  }

  /** The JQL OKR Lens sends, read back (labels / keys OR-ed; updated since a day or N minutes). */
  private matches(jql: string): { keys: string[] } | StandInAnswer {
    const labels = [
      ...(/labels in \(([^)]*)\)/.exec(jql)?.[1] ?? '').matchAll(/"((?:[^"\\]|\\.)*)"/g),
    ].map((m) => m[1]!);
    const keys = (/key in \(([^)]*)\)/.exec(jql)?.[1] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const gone = keys.find((k) => !this.issues.has(k));
    if (gone)
      return json(400, {
        errorMessages: [`An issue with key '${gone}' does not exist for field 'key'.`],
        errors: {},
      });
    const day = /updated >= "(\d{4}-\d{2}-\d{2})"/.exec(jql)?.[1];
    const minutes = /updated >= "-(\d+)m"/.exec(jql)?.[1];
    const floor = minutes ? Date.now() - Number(minutes) * 60_000 : -Infinity;
    const out: string[] = [];
    for (const [key, issue] of this.issues) {
      const seen = this.staleSearch?.get(key) ?? issue.labels;
      const byLabel = [...seen].some((l) => labels.includes(l));
      if (!byLabel && !keys.includes(key)) continue;
      if (day && issue.updated.slice(0, 10) < day) continue;
      if (Date.parse(issue.updated) < floor) continue;
      out.push(key);
    }
    return { keys: out.sort() };
  }

  private issueBody(key: string) {
    const i = this.issues.get(key)!;
    const labels = [...(this.staleSearch?.get(key) ?? i.labels)];
    return {
      id: String(10_000 + [...this.issues.keys()].indexOf(key)),
      key,
      self: `${this.site}/rest/api/${this.v}/issue/${key}`,
      fields: {
        summary: i.summary,
        labels,
        updated: i.updated.replace('Z', '+0000'),
        status: {
          name: i.status.name,
          statusCategory: { id: CATEGORY_IDS[i.status.category], key: i.status.category },
        },
        ...(i.parent ? { parent: { key: i.parent } } : {}),
      },
    };
  }

  private search(body: Record<string, unknown>, kind: 'cloud' | 'datacenter'): StandInAnswer {
    const found = this.matches(typeof body.jql === 'string' ? body.jql : '');
    if ('status' in found) return found;
    const max = Number(body.maxResults ?? 50);
    const start = kind === 'cloud' ? Number(body.nextPageToken ?? 0) : Number(body.startAt ?? 0);
    const page = found.keys.slice(start, start + max).map((k) => this.issueBody(k));
    const end = start + page.length;
    if (kind === 'datacenter')
      return json(200, { startAt: start, maxResults: max, total: found.keys.length, issues: page });
    const last = end >= found.keys.length;
    return json(200, {
      issues: page,
      isLast: last,
      ...(last ? {} : { nextPageToken: String(end) }),
    });
  }
}
