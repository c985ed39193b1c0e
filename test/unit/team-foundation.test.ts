/**
 * The pieces every team-scale client shares: what an API failure means (lib/background/http.ts)
 * and the connection store, whose tokens never reach a page (lib/background/connections.ts).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  ApiError,
  errorFromFailure,
  errorFromStatus,
  outcomeOf,
  retryAtFrom,
} from '@/lib/background/http';
import {
  CONNECTIONS_KEY,
  apiBaseOf,
  apiOriginsOf,
  connectionFor,
  loadConnections,
  removeConnection,
  saveConnection,
  viewOf,
} from '@/lib/background/connections';

const NOW = new Date('2026-12-05T12:00:00.000Z');
const h = (o: Record<string, string>) => new Headers(o);

describe('API failures', () => {
  it('reads when to retry from Retry-After (seconds or a date) and rate-limit headers', () => {
    expect(retryAtFrom(h({ 'retry-after': '60' }), NOW)?.toISOString()).toBe(
      '2026-12-05T12:01:00.000Z',
    );
    expect(
      retryAtFrom(h({ 'retry-after': 'Sat, 05 Dec 2026 12:30:00 GMT' }), NOW)?.toISOString(),
    ).toBe('2026-12-05T12:30:00.000Z');
    const reset = String(Date.parse('2026-12-05T13:00:00Z') / 1000);
    expect(
      retryAtFrom(
        h({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }),
        NOW,
      )?.toISOString(),
    ).toBe('2026-12-05T13:00:00.000Z');
    expect(
      retryAtFrom(h({ 'x-ratelimit-remaining': '10', 'x-ratelimit-reset': reset }), NOW),
    ).toBeUndefined();
  });

  it.each([
    [401, {}, '', 'auth', false],
    [403, {}, 'Resource not accessible by personal access token', 'forbidden', false],
    [403, { 'retry-after': '30' }, 'secondary rate limit', 'rate-limited', true],
    [403, {}, 'API rate limit exceeded for user', 'rate-limited', true],
    [404, {}, '', 'not-found', false],
    [409, {}, 'sha does not match', 'conflict', false],
    [422, {}, 'Validation Failed', 'conflict', false],
    [429, { 'retry-after': '5' }, '', 'rate-limited', true],
    [502, {}, '', 'server', true],
    [400, {}, 'bad JQL', 'refused', false],
  ] as const)('%i %j %s → %s (retry: %s)', (status, headers, detail, kind, retry) => {
    const e = errorFromStatus('GitHub', status, h(headers), detail, NOW);
    expect(e.kind).toBe(kind);
    expect(e.retryable).toBe(retry);
    expect(e.message).toMatch(/^GitHub /);
    expect(outcomeOf(e)).toMatchObject({ ok: false, retry });
  });

  it('no answer is offline (retry), a timeout says so', () => {
    expect(errorFromFailure('Jira', new TypeError('Failed to fetch')).kind).toBe('offline');
    expect(errorFromFailure('Jira', new DOMException('t', 'TimeoutError')).kind).toBe('timeout');
    expect(outcomeOf(new ApiError('offline', 'x'))).toMatchObject({ retry: true });
  });
});

describe('connections', () => {
  beforeEach(() => fakeBrowser.reset());

  it('stores the token in the background and shows pages only its last four characters', async () => {
    const c = await saveConnection({
      tracker: 'github',
      token: 'github_pat_1234567890abcd',
      scopes: ['acme', 'acme/web'],
    });
    expect(c).toMatchObject({ tracker: 'github', host: 'github.com', writeLabels: true });
    const view = viewOf(c);
    expect(JSON.stringify(view)).not.toContain('github_pat_1234567890');
    expect(view).toMatchObject({ tokenHint: '…abcd' });
    expect(apiBaseOf(c)).toBe('https://api.github.com');
    expect(apiOriginsOf(c)).toEqual(['https://api.github.com/*']);
    expect((await connectionFor('github:github.com/acme/web#1'))?.id).toBe(c.id);
    expect(await connectionFor('github:git.corp.example/acme/web#1')).toBeUndefined();
  });

  it('keeps the stored token when an edit leaves it out; refuses a second connection for the same tickets', async () => {
    const jira = await saveConnection({
      tracker: 'jira',
      site: 'https://acme.atlassian.net/',
      deployment: 'cloud',
      email: 'pm@acme.example',
      token: 'ATATT3xFfGF0secret',
    });
    expect(jira).toMatchObject({ site: 'https://acme.atlassian.net' });
    const { tokenHint: _hint, ...fields } = viewOf(jira);
    const edited = await saveConnection({ ...fields, writeLabels: false });
    expect(edited.token).toBe('ATATT3xFfGF0secret');
    await expect(
      saveConnection({
        tracker: 'jira',
        site: 'https://acme.atlassian.net',
        deployment: 'cloud',
        token: 'another-token-123',
      }),
    ).rejects.toThrow(/connected already/);
    await expect(saveConnection({ tracker: 'linear', workspace: 'acme' })).rejects.toThrow(/token/);
  });

  it('a GitHub Enterprise host has its API under /api/v3; removing forgets the token', async () => {
    const ghe = await saveConnection({
      tracker: 'github',
      host: 'Git.Corp.Example',
      token: 'ghp_enterprise_token',
    });
    expect(apiBaseOf(ghe)).toBe('https://git.corp.example/api/v3');
    await removeConnection(ghe.id);
    expect(await loadConnections()).toEqual([]);
    expect(JSON.stringify(await fakeBrowser.storage.local.get(CONNECTIONS_KEY))).not.toContain(
      'ghp_',
    );
  });
});
