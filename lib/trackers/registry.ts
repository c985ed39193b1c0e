/**
 * Every tracker OKR Lens reads. Adding a tracker: its adapter, its unit test, its fixtures,
 * one content-script entrypoint, and one line here.
 */
import { githubAdapter } from './github';
import { jiraAdapter } from './jira';
import { linearAdapter } from './linear';
import type { TrackerAdapter, TrackerId } from './types';

export const adapters: Readonly<Record<TrackerId, TrackerAdapter>> = {
  github: githubAdapter,
  jira: jiraAdapter,
  linear: linearAdapter,
};

/** The adapter serving a host by default (self-hosted domains are configured by the user). */
export function adapterForHost(host: string): TrackerAdapter | undefined {
  return Object.values(adapters).find((a) => a.matchesHost(host.toLowerCase()));
}
