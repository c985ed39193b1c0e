/**
 * What can go wrong talking to a tracker's or a repository's API, in words a user can act on,
 * and whether a retry can help. Every API client maps its failures to `ApiError`, so the
 * outbox, the team sync and "Test connection" treat a 401 from GitHub and one from Jira alike.
 */
import type { Outcome } from '../db/outbox';

export type ApiErrorKind =
  /** 401: the token is wrong, expired or revoked. */
  | 'auth'
  /** 403 (not a rate limit): the token lacks a scope or the user a permission. */
  | 'forbidden'
  /** 404: the site, repository, file or ticket does not exist (or is hidden from the token). */
  | 'not-found'
  /** 409/412/422 on a write that raced another (a stale `sha`). */
  | 'conflict'
  /** 429, or a 403 that is a rate limit: `retryAt` says when. */
  | 'rate-limited'
  /** 5xx: the service failed; try later. */
  | 'server'
  /** No answer at all: offline, DNS, TLS, CORS, a refused connection. */
  | 'offline'
  /** No answer in time. */
  | 'timeout'
  /** An answer we could not read (not the JSON the API documents). */
  | 'invalid'
  /** Another 4xx: the request itself was refused (its message says why). */
  | 'refused';

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly status?: number,
    /** When a retry may succeed (rate limits). */
    readonly retryAt?: Date,
  ) {
    super(message);
  }

  /** Whether trying the same request again later can succeed. */
  get retryable(): boolean {
    return ['rate-limited', 'server', 'offline', 'timeout'].includes(this.kind);
  }
}

/**
 * When a rate-limited request may be retried, from the headers trackers send: `Retry-After`
 * (seconds or an HTTP date; GitHub, Jira, Linear), `x-ratelimit-reset` (epoch seconds; GitHub)
 * when `x-ratelimit-remaining` is 0, Linear's `x-ratelimit-requests-reset` (epoch ms).
 */
export function retryAtFrom(headers: Headers, now: Date = new Date()): Date | undefined {
  const after = headers.get('retry-after');
  if (after !== null) {
    const seconds = Number(after);
    if (Number.isFinite(seconds) && seconds >= 0) return new Date(now.getTime() + seconds * 1000);
    const date = Date.parse(after);
    if (!Number.isNaN(date)) return new Date(date);
  }
  if (headers.get('x-ratelimit-remaining') === '0') {
    const reset = Number(headers.get('x-ratelimit-reset'));
    if (Number.isFinite(reset) && reset > 0) return new Date(reset * 1000);
  }
  const linearReset = Number(headers.get('x-ratelimit-requests-reset'));
  if (headers.get('x-ratelimit-requests-remaining') === '0' && linearReset > 0)
    return new Date(linearReset);
  return undefined;
}

const when = (d: Date | undefined) =>
  d ? ` Try again after ${d.toISOString().slice(11, 16)} UTC.` : ' Try again later.';

/**
 * The error for an HTTP answer that is not a success. `service` names the API in the message
 * ("GitHub"); `detail` is the API's own message when it sent one.
 */
export function errorFromStatus(
  service: string,
  status: number,
  headers: Headers,
  detail = '',
  now: Date = new Date(),
): ApiError {
  const said = detail ? ` (${detail.slice(0, 300)})` : '';
  const retryAt = retryAtFrom(headers, now);
  const rateLimited =
    status === 429 || (status === 403 && (retryAt !== undefined || /rate limit/i.test(detail)));
  if (rateLimited)
    return new ApiError(
      'rate-limited',
      `${service} is rate limiting OKR Lens.${when(retryAt)}`,
      status,
      retryAt,
    );
  if (status === 401)
    return new ApiError(
      'auth',
      `${service} refused the token: it is wrong, expired or revoked${said}.`,
      status,
    );
  if (status === 403)
    return new ApiError(
      'forbidden',
      `${service} says the token may not do this: it lacks a permission or scope${said}.`,
      status,
    );
  if (status === 404)
    return new ApiError('not-found', `${service} found nothing there${said}.`, status);
  if (status === 409 || status === 412 || status === 422)
    return new ApiError(
      'conflict',
      `${service} refused a write that raced another${said}.`,
      status,
    );
  if (status >= 500)
    return new ApiError(
      'server',
      `${service} failed (${status}).${when(retryAt)}`,
      status,
      retryAt,
    );
  return new ApiError('refused', `${service} refused the request (${status})${said}.`, status);
}

/** A request that got no answer: offline, a timeout (AbortError) or a blocked origin. */
export function errorFromFailure(service: string, e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  const name = (e as { name?: string } | null)?.name;
  if (name === 'AbortError' || name === 'TimeoutError')
    return new ApiError('timeout', `${service} did not answer in time. Try again later.`);
  return new ApiError(
    'offline',
    `${service} could not be reached (offline, or the address is wrong). OKR Lens will try again.`,
  );
}

/** `fetch` with a timeout; any failure is an `ApiError` (HTTP errors are left to the caller). */
export async function fetchWithTimeout(
  service: string,
  url: string,
  init: RequestInit = {},
  timeoutMs = 20_000,
): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    throw errorFromFailure(service, e);
  }
}

/** How a failed delivery counts for the outbox: retry later, or wait for the user. */
export function outcomeOf(e: unknown): Outcome {
  const err = e instanceof ApiError ? e : errorFromFailure('The service', e);
  return err.retryable
    ? {
        ok: false,
        retry: true,
        error: err.message,
        ...(err.retryAt ? { retryAt: err.retryAt } : {}),
      }
    : { ok: false, retry: false, error: err.message };
}
