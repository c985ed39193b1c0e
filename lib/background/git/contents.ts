/**
 * The GitHub contents API, the few calls Team OKRs needs (README "Team OKRs"), over `fetch`
 * and lib/background/http.ts: read a file with its blob `sha` (and `If-None-Match`), write it
 * with the `sha` it was read at (optimistic concurrency: a stale `sha` is refused with 409),
 * create it (no `sha`; 422 when it exists), and whether the token may push. Also a plain
 * HTTPS read with ETag for read-only subscriptions. Background only: tokens never leave it.
 *
 * Operations (GitHub's OpenAPI description, checked in test/unit/team-contents.test.ts):
 * `repos/get-content`, `repos/create-or-update-file-contents`, `repos/get`.
 */
import { ApiError, errorFromStatus, fetchWithTimeout } from '../http';

export interface RepoFile {
  owner: string;
  repo: string;
  branch: string;
  path: string;
}

/** What a read needs of a GitHub connection: where its API is and its token. */
export interface GithubAccess {
  apiBase: string;
  token: string;
}

export type ReadResult =
  { status: 304 } | { status: 200; text: string; etag?: string; sha?: string };

const SERVICE = 'GitHub';
const MAX_BYTES = 1_000_000;

/** base64 (as the contents API sends it, with line breaks) → UTF-8 text. */
export function fromBase64(b64: string): string {
  const bin = atob(b64.replace(/\s+/g, ''));
  const bytes = Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** UTF-8 text → base64 (the contents API's `content`). */
export function toBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

const enc = (s: string) => encodeURIComponent(s);
const pathOf = (f: RepoFile) => f.path.split('/').filter(Boolean).map(enc).join('/');
export const contentsUrl = (a: GithubAccess, f: RepoFile) =>
  `${a.apiBase}/repos/${enc(f.owner)}/${enc(f.repo)}/contents/${pathOf(f)}`;

function headers(a: GithubAccess, extra: Record<string, string> = {}): Record<string, string> {
  return {
    Accept: 'application/vnd.github+json',
    Authorization: `Bearer ${a.token}`,
    'X-GitHub-Api-Version': '2022-11-28',
    ...extra,
  };
}

/**
 * Conditional-read headers. `Cache-Control: max-age=0` is set by hand: with a manual
 * `If-None-Match` the Fetch standard switches the request to "no-store" and adds
 * `Cache-Control: no-cache` unless one is present, and servers such as express then answer
 * 200 instead of 304. Node's fetch does so (test/unit/team-etag.test.ts); Chromium's, from the
 * extension's service worker, sent no Cache-Control (test/e2e/team-okrs.spec.ts), so the
 * header only makes every setup behave alike.
 */
const conditional = (etag?: string): Record<string, string> =>
  etag ? { 'If-None-Match': etag, 'Cache-Control': 'max-age=0' } : {};

async function failure(res: Response): Promise<ApiError> {
  let detail = '';
  try {
    const body = (await res.json()) as { message?: unknown };
    if (typeof body.message === 'string') detail = body.message;
  } catch {
    // no JSON body: the status says enough
  }
  return errorFromStatus(SERVICE, res.status, res.headers, detail);
}

async function json<T>(res: Response): Promise<T> {
  try {
    return (await res.json()) as T;
  } catch {
    throw new ApiError('invalid', `${SERVICE} sent an answer OKR Lens could not read.`, res.status);
  }
}

/** Read a file: its text and blob sha, or 304 when `etag` still matches. */
export async function getFile(a: GithubAccess, f: RepoFile, etag?: string): Promise<ReadResult> {
  const url = `${contentsUrl(a, f)}?ref=${enc(f.branch)}`;
  const res = await fetchWithTimeout(SERVICE, url, { headers: headers(a, conditional(etag)) });
  if (res.status === 304) return { status: 304 };
  if (!res.ok) throw await failure(res);
  const body = await json<{
    type?: string;
    encoding?: string;
    content?: string;
    sha?: string;
    size?: number;
  }>(res);
  if (body.type !== 'file')
    throw new ApiError('invalid', `${f.path} is not a file in ${f.owner}/${f.repo}.`, 200);
  if (
    body.encoding !== 'base64' ||
    typeof body.content !== 'string' ||
    (body.size ?? 0) > MAX_BYTES
  )
    throw new ApiError(
      'invalid',
      `${f.path} is larger than 1 MB: Team OKRs reads files up to 1 MB.`,
      200,
    );
  const etagOut = res.headers.get('etag') ?? undefined;
  let text: string;
  try {
    text = fromBase64(body.content);
  } catch {
    throw new ApiError('invalid', `${f.path} is not UTF-8 text.`, 200);
  }
  return {
    status: 200,
    text,
    ...(etagOut ? { etag: etagOut } : {}),
    ...(body.sha ? { sha: body.sha } : {}),
  };
}

/** The request body of a write (`repos/create-or-update-file-contents`). */
export function putBody(f: RepoFile, text: string, message: string, sha?: string) {
  return { message, content: toBase64(text), branch: f.branch, ...(sha ? { sha } : {}) };
}

/**
 * Write a file as one commit. With `sha` the write succeeds only if the file is still at that
 * blob (else 409: `ApiError` kind `conflict`); without, it creates the file (422 if it exists).
 * Returns the new blob sha.
 */
export async function putFile(
  a: GithubAccess,
  f: RepoFile,
  text: string,
  message: string,
  sha?: string,
): Promise<{ sha: string; commit?: string }> {
  const res = await fetchWithTimeout(SERVICE, contentsUrl(a, f), {
    method: 'PUT',
    headers: headers(a, { 'Content-Type': 'application/json' }),
    body: JSON.stringify(putBody(f, text, message, sha)),
  });
  if (!res.ok) throw await failure(res);
  const body = await json<{ content?: { sha?: string }; commit?: { sha?: string } }>(res);
  if (typeof body.content?.sha !== 'string')
    throw new ApiError('invalid', `${SERVICE} did not say which version it wrote.`, res.status);
  return { sha: body.content.sha, ...(body.commit?.sha ? { commit: body.commit.sha } : {}) };
}

/** Whether the token may push to the repository (`repos/get` → `permissions.push`). */
export async function canPush(a: GithubAccess, owner: string, repo: string): Promise<boolean> {
  const res = await fetchWithTimeout(SERVICE, `${a.apiBase}/repos/${enc(owner)}/${enc(repo)}`, {
    headers: headers(a),
  });
  if (!res.ok) throw await failure(res);
  const body = await json<{ permissions?: { push?: boolean } }>(res);
  return body.permissions?.push === true;
}

/** A plain HTTPS read (read-only subscriptions), conditional on the last ETag. */
export async function getUrl(url: string, etag?: string): Promise<ReadResult> {
  const host = new URL(url).host;
  const res = await fetchWithTimeout(host, url, {
    headers: { Accept: 'application/json, text/plain;q=0.9', ...conditional(etag) },
    credentials: 'omit',
  });
  if (res.status === 304) return { status: 304 };
  if (!res.ok) throw errorFromStatus(host, res.status, res.headers);
  const etagOut = res.headers.get('etag') ?? undefined;
  return { status: 200, text: await res.text(), ...(etagOut ? { etag: etagOut } : {}) };
}
