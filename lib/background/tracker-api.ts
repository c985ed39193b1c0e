/**
 * One face for every tracker's API (README "Team links"): who the token is, write and remove
 * a KR label on a ticket, and search the labelled tickets of a team sync. Each tracker's
 * client is in its own folder (github/, jira/, linear/); the pure mapping of their answers is
 * in lib/trackers/api/. Every failure is an ApiError (lib/background/http.ts). The shapes
 * are in tracker-types.ts.
 */
export type { ClientOptions, Identity, SyncQuery, TrackerApi } from './tracker-types';
import type { Connection } from './connections';
import type { ClientOptions, TrackerApi } from './tracker-types';
import { githubApi } from './github/api';
import { jiraApi } from './jira/client';
import { linearApi } from './linear/client';

export function trackerApi(c: Connection, opts: ClientOptions = {}): TrackerApi {
  switch (c.tracker) {
    case 'github':
      return githubApi(c, opts);
    case 'jira':
      return jiraApi(c, opts);
    case 'linear':
      return linearApi(c, opts);
  }
}
