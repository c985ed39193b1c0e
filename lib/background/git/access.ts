/**
 * The GitHub token Team OKRs uses for a repository's host: the one of the GitHub connection
 * for that host (Settings → Connections, lib/background/connections.ts). Background only.
 */
import { UserError } from '../../okr/errors';
import { apiBaseOf, loadConnections } from '../connections';
import type { GithubAccess } from './contents';

export const CONNECT_FIRST = 'Connect GitHub first (Settings → Connections).';

/** The API base and token for `host` (`github.com` or an Enterprise host), or a UserError. */
export async function githubAccess(host: string): Promise<GithubAccess> {
  const conn = (await loadConnections()).find(
    (c) => c.tracker === 'github' && c.host === host.toLowerCase(),
  );
  if (!conn)
    throw new UserError(
      host === 'github.com' ? CONNECT_FIRST : `Connect ${host} first (Settings → Connections).`,
      'host',
    );
  return { apiBase: apiBaseOf(conn), token: conn.token };
}
