/**
 * Settings → Connections (README "Team links"): the API's origin is asked for in the click
 * (a refusal saves nothing), "Test connection" says who you are or exactly what is wrong, the
 * token never shows, removal is one click. GitHub's API is the stand-in of
 * test/support/standins/github.ts at https://api.github.com (its exchanges checked against
 * GitHub's OpenAPI description).
 */
import { expect, test, testWithGrantedHosts } from './fixtures';
import { serveStandIn } from './standins';
import { GithubStandIn } from '../support/standins/github';

test('connecting asks for the API origin in the click; a refusal saves nothing', async ({
  openOptions,
  extensionId,
}) => {
  const options = await openOptions();
  await options.goto(`chrome-extension://${extensionId}/options.html#settings`);
  await options.evaluate(() => {
    const g = globalThis as unknown as {
      chrome: { permissions: { request: (p: unknown) => Promise<boolean> } };
      asked: unknown[];
    };
    g.asked = [];
    g.chrome.permissions.request = (p) => {
      g.asked.push(p);
      return Promise.resolve(false);
    };
  });
  const form = options.getByRole('form', { name: 'Connect a tracker' });
  const connect = async () => {
    await form.getByLabel('Token').or(form.getByLabel('API key')).fill('a-token-12345678');
    await form.getByRole('button', { name: 'Connect and test' }).click();
    await expect(form.getByRole('alert')).toContainText('was not allowed; nothing was saved');
  };
  await form.getByLabel('Organisations and repositories').fill('acme');
  await connect();
  await form.getByLabel('Tracker').selectOption('linear');
  await form.getByLabel('Workspace').fill('acme');
  await connect();
  await form.getByLabel('Tracker').selectOption('jira-dc');
  await form.getByLabel('Site').fill('https://jira.corp.example/jira');
  await connect();
  await form.getByLabel('Tracker').selectOption('ghe');
  await form.getByLabel('Enterprise host').fill('git.corp.example');
  await connect();
  expect(
    await options.evaluate(() => (globalThis as unknown as { asked: unknown[] }).asked),
  ).toEqual([
    { origins: ['https://api.github.com/*'] },
    { origins: ['https://api.linear.app/*'] },
    { origins: ['https://jira.corp.example/*'] },
    { origins: ['https://git.corp.example/*'] },
  ]);
  await expect(options.getByRole('list', { name: 'Connections' })).toHaveCount(0);
});

// api.github.com held from install, as after the user accepted Chrome's prompt.
const granted = testWithGrantedHosts(['https://api.github.com/*']);

granted(
  'test connection says who you are or what is wrong; removal forgets the token',
  async ({ context, openOptions, extensionId }) => {
    const gh = new GithubStandIn();
    gh.users.set('github_pat_pm_0123456789', { login: 'pm' });
    gh.repo('acme/web');
    await serveStandIn(context, 'https://api.github.com', gh);
    const options = await openOptions();
    await options.goto(`chrome-extension://${extensionId}/options.html#settings`);
    const form = options.getByRole('form', { name: 'Connect a tracker' });
    await form.getByLabel('Organisations and repositories').fill('acme acme/web');
    await form.getByLabel('Token').fill('github_pat_pm_0123456789');
    await form.getByRole('button', { name: 'Connect and test' }).click();
    const ok = options.getByRole('status').filter({ hasText: 'Connected as' });
    await expect(ok).toContainText('Connected as @pm');
    await expect(ok).toContainText('acme/web: can add labels and create missing ones');
    const row = options.getByRole('listitem', { name: 'Connection GitHub · github.com' });
    await expect(row).toContainText('token …6789');
    await expect(options.locator('body')).not.toContainText('github_pat_pm_0123456789');
    await options.getByRole('heading', { name: 'Connections' }).scrollIntoViewIfNeeded();
    await options.screenshot({ path: 'tmp/shots/settings-connections.png', fullPage: true });

    // The token is revoked in GitHub: the test says so, in GitHub's words.
    gh.revoked.add('github_pat_pm_0123456789');
    await row.getByRole('button', { name: 'Test connection' }).click();
    await expect(row.getByRole('alert')).toHaveText(
      'GitHub refused the token: it is wrong, expired or revoked (Bad credentials).',
    );

    await row.getByRole('button', { name: 'Remove GitHub · github.com' }).click();
    await expect(row).toHaveCount(0);
    const [sw] = context.serviceWorkers();
    const stored = await sw!.evaluate(() =>
      (
        globalThis as unknown as {
          chrome: { storage: { local: { get(k: null): Promise<object> } } };
        }
      ).chrome.storage.local.get(null),
    );
    expect(JSON.stringify(stored)).not.toContain('github_pat_pm');
    expect(gh.problems()).toEqual([]);
  },
);
