/**
 * GitHub's API for team links (README "Team links"), over `@octokit/core` with GitHub's own
 * throttling (`@octokit/plugin-throttling`: one write at a time a second apart, searches two
 * seconds apart, waits out a short rate limit once) and retries of 5xx
 * (`@octokit/plugin-retry`). A long rate limit is not waited out here (the service worker
 * may be stopped): the error says when to retry and the outbox or the next sync does.
 * Background only: the token never leaves it.
 *
 * REST operations used (checked against @octokit/openapi in test/unit/team-github.test.ts):
 * `users/get-authenticated`, `repos/get`, `orgs/get`, `issues/create-label`,
 * `issues/add-labels`, `issues/remove-label`; GraphQL `search` for the team sync.
 */
import { Octokit } from '@octokit/core';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { GithubConnection } from '../connections';
import { apiBaseOf } from '../connections';
import { ApiError, errorFromFailure, errorFromStatus } from '../http';
import type { ClientOptions } from '../tracker-types';

export const SERVICE = 'GitHub';
const Kit = Octokit.plugin(throttling, retry);
export type GithubKit = InstanceType<typeof Kit>;

/** Waits OKR Lens accepts inside one request (seconds); longer ones go back to the outbox. */
export const MAX_WAIT_SECONDS = 30;

/** `fetch` with a timeout, failing with an ApiError (offline, timeout) when nothing answers. */
function fetchFor(timeoutMs: number): typeof fetch {
  return async (input, init) => {
    try {
      return await fetch(input, {
        ...init,
        signal: init?.signal ?? AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      throw errorFromFailure(SERVICE, e);
    }
  };
}

/** An octokit for a connection: its API base (github.com or an Enterprise host) and token. */
export function githubKit(
  c: Pick<GithubConnection, 'host' | 'token' | 'tracker'>,
  opts: ClientOptions = {},
): GithubKit {
  const unit = opts.waitUnitMs ?? 1000;
  const wantRetry = (after: number, _o: unknown, _k: unknown, count: number) =>
    count < 1 && after <= MAX_WAIT_SECONDS;
  return new Kit({
    auth: c.token,
    baseUrl: apiBaseOf(c as GithubConnection),
    userAgent: 'okr-lens',
    request: { fetch: fetchFor(opts.timeoutMs ?? 20_000) },
    throttle: {
      id: `okr-lens-${c.host}`,
      retryAfterBaseValue: unit,
      onRateLimit: wantRetry,
      onSecondaryRateLimit: wantRetry,
    },
    // 429 is the throttling plugin's or the outbox's (Retry-After), never a blind retry; 500 is
    // also what octokit reports when nothing answered (offline): the outbox retries those later.
    retry: {
      retries: 2,
      retryAfterBaseValue: unit,
      doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451, 500],
    },
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
}

interface OctokitFailure {
  status?: number;
  message?: string;
  cause?: unknown;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
  errors?: { type?: string; message?: string }[];
  headers?: Record<string, string | number | undefined>;
}

const headersOf = (h: Record<string, string | number | undefined> | undefined): Headers => {
  const out = new Headers();
  for (const [k, v] of Object.entries(h ?? {})) if (v !== undefined) out.set(k, String(v));
  return out;
};

/**
 * What an octokit failure means (ApiError): an HTTP status with GitHub's message and, for a
 * fine-grained token, the permission it lacks (`X-Accepted-GitHub-Permissions`); a GraphQL
 * error by its type; no answer at all (offline, timeout).
 */
export function githubError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  const f = (e ?? {}) as OctokitFailure;
  if (f.cause instanceof ApiError) return f.cause;
  if (Array.isArray(f.errors) && f.errors.length > 0) {
    const first = f.errors[0]!;
    const headers = headersOf(f.headers);
    const status =
      first.type === 'RATE_LIMITED'
        ? 429
        : first.type === 'FORBIDDEN'
          ? 403
          : first.type === 'NOT_FOUND'
            ? 404
            : 422;
    const err = errorFromStatus(SERVICE, status, headers, first.message ?? '');
    return err.kind === 'conflict'
      ? new ApiError('refused', `GitHub refused the search: ${first.message ?? ''}`, 422)
      : err;
  }
  if (f.response && typeof f.status === 'number') {
    const headers = headersOf(f.response.headers);
    const data = f.response.data as { message?: unknown } | undefined;
    let detail = typeof data?.message === 'string' ? data.message : '';
    const needs = headers.get('x-accepted-github-permissions');
    if (needs && f.status === 403) detail = `${detail}; it needs ${needs.replace(/=/g, ': ')}`;
    return errorFromStatus(SERVICE, f.status, headers, detail);
  }
  return errorFromFailure(SERVICE, f.cause ?? e);
}

/** Run an octokit call; any failure becomes an ApiError. */
export async function gh<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw githubError(e);
  }
}
