/**
 * Where each tracker's API lives for a connection, and the origin the browser must grant for
 * it (asked for as an optional host permission in the user's click). Pure, so the options
 * page asks for the same origin the background will call.
 */
export type Endpoint =
  { tracker: 'github'; host?: string } | { tracker: 'jira'; site: string } | { tracker: 'linear' };

/** REST base: `https://api.github.com`, `https://<ghe>/api/v3`, the Jira site, Linear's API. */
export function apiBase(c: Endpoint): string {
  switch (c.tracker) {
    case 'github': {
      const host = (c.host ?? 'github.com').trim().toLowerCase() || 'github.com';
      return host === 'github.com' ? 'https://api.github.com' : `https://${host}/api/v3`;
    }
    case 'jira':
      return c.site.trim().replace(/\/+$/, '');
    case 'linear':
      return 'https://api.linear.app';
  }
}

/** The permission pattern of the API's origin (`https://api.github.com/*`). */
export function apiOriginPattern(c: Endpoint): string {
  const url = new URL(apiBase(c));
  return `${url.protocol}//${url.hostname}/*`;
}
