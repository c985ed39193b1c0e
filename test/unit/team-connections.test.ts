/**
 * Connections through the request table (lib/background/team-links-requests.ts): only the
 * extension's own pages may save, remove or test one (they touch a token); no answer carries
 * a token; "Test connection" says exactly what is wrong in the tracker's terms.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { OkrDb } from '@/lib/db/db';
import { dispatch } from '@/lib/background/server';
import { CONNECTIONS_KEY } from '@/lib/background/connections';
import { GithubStandIn } from '../support/standins/github';
import { standInHandlers } from '../support/standins/msw';
import { closeDbs, freshDb } from './helpers/db';

const BASE = `chrome-extension://${fakeBrowser.runtime.id}/`;
const OPTIONS = { url: `${BASE}options.html` };
const CONTENT = { url: 'https://github.com/acme/web/issues/12' };
const TOKEN = 'github_pat_11AAAA_secretsecretsecret';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let db: OkrDb;
let gh: GithubStandIn;
beforeEach(() => {
  fakeBrowser.reset();
  db = freshDb();
  gh = new GithubStandIn();
  gh.users.set(TOKEN, { login: 'pm' });
  gh.repo('acme/web');
  server.use(...standInHandlers('https://api.github.com', gh));
});
afterEach(closeDbs);

const save = {
  type: 'saveConnection',
  connection: { tracker: 'github', scopes: ['acme/web'], token: TOKEN },
};

describe('connection requests', () => {
  it('content scripts cannot save, test or remove a connection', async () => {
    for (const message of [
      save,
      { type: 'testConnection', id: 'x' },
      { type: 'removeConnection', id: 'x' },
    ]) {
      const answer = await dispatch({ db }, message, CONTENT, BASE);
      expect(answer).toMatchObject({
        ok: false,
        error: { message: expect.stringMatching(/only from the OKR Lens options page/) },
      });
    }
    expect(await fakeBrowser.storage.local.get(CONNECTIONS_KEY)).toEqual({});
  });

  it('saves, tests and removes from the options page; no answer carries the token', async () => {
    const saved = await dispatch({ db }, save, OPTIONS, BASE);
    expect(saved).toMatchObject({
      ok: true,
      value: { tracker: 'github', host: 'github.com', tokenHint: '…cret' },
    });
    const id = (saved as { value: { id: string } }).value.id;
    const tested = await dispatch({ db }, { type: 'testConnection', id }, OPTIONS, BASE);
    expect(tested).toEqual({
      ok: true,
      value: { who: '@pm', notes: ['acme/web: can add labels and create missing ones'] },
    });
    const status = await dispatch({ db }, { type: 'teamLinksStatus' }, CONTENT, BASE);
    expect(status).toMatchObject({ ok: true });
    for (const answer of [saved, tested, status])
      expect(JSON.stringify(answer)).not.toContain('secretsecret');
    expect(await dispatch({ db }, { type: 'removeConnection', id }, OPTIONS, BASE)).toEqual({
      ok: true,
      value: null,
    });
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain('secretsecret');
  });

  it('a failed test says what is wrong in words, not as a store failure', async () => {
    const saved = (await dispatch({ db }, save, OPTIONS, BASE)) as { value: { id: string } };
    gh.revoked.add(TOKEN);
    const answer = await dispatch(
      { db },
      { type: 'testConnection', id: saved.value.id },
      OPTIONS,
      BASE,
    );
    expect(answer).toEqual({
      ok: false,
      error: {
        message: 'GitHub refused the token: it is wrong, expired or revoked (Bad credentials).',
      },
    });
    gh.revoked.clear();
    gh.offline = true;
    const offline = await dispatch(
      { db },
      { type: 'testConnection', id: saved.value.id },
      OPTIONS,
      BASE,
    );
    expect(offline).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/^GitHub could not be reached/) },
    });
  });
});
