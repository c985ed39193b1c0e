/**
 * Tracker API stand-ins served to a browser profile at the real API URLs through Playwright's
 * routing, which also reaches the extension's service worker (test/support/standins: the same
 * models the unit tests use, each exchange checked against the tracker's published schema).
 * Several profiles may share one model: the team's tracker.
 */
import type { BrowserContext } from '@playwright/test';
import type { StandIn } from '../support/standins/base';

export async function serveStandIn(
  context: BrowserContext,
  base: string,
  model: StandIn,
): Promise<void> {
  await context.route(`${base}/**`, async (route) => {
    const req = route.request();
    const answer = model.handle({
      method: req.method(),
      url: new URL(req.url()),
      headers: await req.allHeaders(),
      ...(req.postData() ? { body: req.postData()! } : {}),
    });
    if (answer.network === 'offline') return route.abort('internetdisconnected');
    if (answer.network === 'hang') return route.abort('timedout');
    await route.fulfill({
      status: answer.status,
      headers: { 'access-control-allow-origin': '*', ...answer.headers },
      body: answer.body === undefined || answer.status === 204 ? '' : JSON.stringify(answer.body),
    });
  });
}
