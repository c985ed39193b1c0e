/**
 * A stand-in for GitHub's contents API, hand-written and schema-checked (README "Team OKRs",
 * "Test stand-ins"): a small stateful model of the three operations Team OKRs uses, with real
 * `sha` semantics: a file's sha is its git blob sha (sha1 of `blob <size>\0<bytes>`, checked
 * against a recorded exchange of @octokit/fixtures), a write with a stale sha is refused
 * (409), a create over an existing file is refused (422), a read with a matching
 * `If-None-Match` answers 304. Response bodies follow the recorded `create-file` and
 * `get-repository` scenarios; every exchange can be checked against GitHub's OpenAPI
 * description (./openapi.ts). Used by unit tests (msw) and the e2e (Playwright routes).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const fixtures = (name: string) =>
  require.resolve(`@octokit/fixtures/scenarios/api.github.com/${name}/normalized-fixture.json`);
const recordedRepo = (
  JSON.parse(readFileSync(fixtures('get-repository'), 'utf8')) as {
    response: Record<string, unknown>;
  }[]
)[0]!.response;

export const gitBlobSha = (text: string) => {
  const bytes = Buffer.from(text, 'utf8');
  return createHash('sha1')
    .update(Buffer.concat([Buffer.from(`blob ${bytes.length}\0`), bytes]))
    .digest('hex');
};

export interface Exchange {
  method: string;
  /** OpenAPI path template, e.g. `/repos/{owner}/{repo}/contents/{path}`. */
  template: string;
  status: number;
  requestBody?: unknown;
  responseBody?: unknown;
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

export interface Commit {
  repo: string;
  path: string;
  message: string;
  sha: string;
  author: string;
}

const API = 'https://api.github.com';
const json = { 'content-type': 'application/json; charset=utf-8' };
const err = (status: number, message: string): Answer => ({
  status,
  headers: json,
  body: {
    message,
    documentation_url: 'https://docs.github.com/rest/repos/contents',
    status: String(status),
  },
});

export class ContentsModel {
  /** `owner/repo@branch:path` → text. */
  readonly files = new Map<string, string>();
  readonly commits: Commit[] = [];
  readonly exchanges: Exchange[] = [];
  /** Tokens allowed to push (all others read only); default: every token may push. */
  pushers?: Set<string>;
  private n = 0;

  key = (repo: string, branch: string, path: string) => `${repo}@${branch}:${path}`;

  /** Answer one request (`url` on api.github.com). */
  handle(method: string, url: URL, headers: Record<string, string>, body?: string): Answer {
    const token = (headers.authorization ?? '').replace(/^(Bearer|token) /, '');
    const m = /^\/repos\/([^/]+)\/([^/]+)(?:\/contents\/(.+))?$/.exec(url.pathname);
    if (!token) return err(401, 'Requires authentication');
    if (!m) return err(404, 'Not Found');
    const repo = `${decodeURIComponent(m[1]!)}/${decodeURIComponent(m[2]!)}`;
    if (m[3] === undefined) {
      const answer = this.repo(repo, token);
      this.record(method, '/repos/{owner}/{repo}', answer);
      return answer;
    }
    const path = m[3].split('/').map(decodeURIComponent).join('/');
    const template = '/repos/{owner}/{repo}/contents/{path}';
    const parsed = body === undefined ? undefined : (JSON.parse(body) as Record<string, unknown>);
    const answer =
      method === 'GET'
        ? this.get(repo, url.searchParams.get('ref') ?? 'main', path, headers['if-none-match'])
        : method === 'PUT'
          ? this.put(repo, path, parsed ?? {}, token)
          : err(404, 'Not Found');
    this.record(method, template, answer, parsed);
    return answer;
  }

  private record(method: string, template: string, a: Answer, requestBody?: unknown) {
    this.exchanges.push({
      method: method.toLowerCase(),
      template,
      status: a.status,
      requestBody,
      responseBody: a.body,
    });
  }

  private repo(repo: string, token: string): Answer {
    const [owner, name] = repo.split('/');
    const push = !this.pushers || this.pushers.has(token);
    const body = {
      ...recordedRepo,
      name,
      full_name: repo,
      owner: { ...(recordedRepo.owner as object), login: owner },
      permissions: { admin: false, maintain: false, push, triage: push, pull: true },
      // Required by today's description; the 2017 recording predates the field.
      has_discussions: false,
    };
    return { status: 200, headers: json, body };
  }

  private fileBody(repo: string, branch: string, path: string, sha: string, size: number) {
    const url = `${API}/repos/${repo}/contents/${path}?ref=${branch}`;
    const git = `${API}/repos/${repo}/git/blobs/${sha}`;
    const html = `https://github.com/${repo}/blob/${branch}/${path}`;
    return {
      name: path.split('/').pop()!,
      path,
      sha,
      size,
      url,
      html_url: html,
      git_url: git,
      download_url: `https://raw.githubusercontent.com/${repo}/${branch}/${path}`,
      type: 'file' as const,
      _links: { self: url, git, html },
    };
  }

  private get(repo: string, branch: string, path: string, ifNoneMatch?: string): Answer {
    const text = this.files.get(this.key(repo, branch, path));
    if (text === undefined) return err(404, 'Not Found');
    const sha = gitBlobSha(text);
    const etag = `W/"${sha}"`;
    if (ifNoneMatch === etag) return { status: 304, headers: { etag } };
    const content = Buffer.from(text, 'utf8')
      .toString('base64')
      .replace(/(.{60})/g, '$1\n');
    return {
      status: 200,
      headers: { ...json, etag, 'cache-control': 'private, max-age=60, s-maxage=60' },
      body: {
        ...this.fileBody(repo, branch, path, sha, Buffer.byteLength(text)),
        encoding: 'base64',
        content,
      },
    };
  }

  private put(repo: string, path: string, body: Record<string, unknown>, token: string): Answer {
    // GitHub's description documents 404 (not 403) for a write the token may not make; a
    // real server may also answer 403, which lib/background/http.ts treats alike (no retry).
    if (this.pushers && !this.pushers.has(token)) return err(404, 'Not Found');
    const branch = typeof body.branch === 'string' ? body.branch : 'main';
    const key = this.key(repo, branch, path);
    const old = this.files.get(key);
    if (typeof body.message !== 'string' || typeof body.content !== 'string')
      return err(422, 'Invalid request.\n\n"message" and "content" are required.');
    if (old !== undefined && body.sha === undefined)
      return err(422, 'Invalid request.\n\n"sha" wasn\'t supplied.');
    if (old !== undefined && body.sha !== gitBlobSha(old))
      return err(409, `${path} does not match ${String(body.sha)}`);
    if (old === undefined && body.sha !== undefined) return err(409, `${path} does not exist`);
    const text = Buffer.from(body.content, 'base64').toString('utf8');
    this.files.set(key, text);
    const sha = gitBlobSha(text);
    this.n += 1;
    const commitSha = createHash('sha1').update(`commit ${this.n}`).digest('hex');
    this.commits.push({ repo, path, message: body.message, sha, author: token });
    const person = {
      name: 'okr-lens-user',
      email: 'user@example.com',
      date: '2026-12-05T10:00:00Z',
    };
    return {
      status: old === undefined ? 201 : 200,
      headers: json,
      body: {
        content: this.fileBody(repo, branch, path, sha, Buffer.byteLength(text)),
        commit: {
          sha: commitSha,
          node_id: 'MDA6RW50aXR5MQ==',
          url: `${API}/repos/${repo}/git/commits/${commitSha}`,
          html_url: `https://github.com/${repo}/commit/${commitSha}`,
          author: person,
          committer: person,
          tree: { sha: '0'.repeat(40), url: `${API}/repos/${repo}/git/trees/${'0'.repeat(40)}` },
          message: body.message,
          parents: [],
          verification: { verified: false, reason: 'unsigned', signature: null, payload: null },
        },
      },
    };
  }
}
