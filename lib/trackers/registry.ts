/**
 * Every tracker OKR Lens reads, declared once. Its key grammar lives with the data model
 * (TRACKER_KEYS in lib/okr/ticket-key.ts: keys are validated in every request and import);
 * everything else the extension knows of a tracker is here, and test/unit/registry.test.ts
 * fails when the two disagree or when a tracker lacks its adapter test, fixtures, content
 * script or end-to-end spec.
 *
 * Two layers, so that no bundle carries adapter code it does not run:
 * - `trackerSites`: plain data (where a tracker runs, whether users add it on their own domain,
 *   its content script). The manifest (wxt.config.ts), origins.ts and the background read it.
 * - `githubTracker`, `jiraTracker`, `linearTracker`: the site plus the adapter and the key
 *   builder. Each content script imports its own, and the bundler leaves the other adapters
 *   out (lib/trackers is declared free of side effects in wxt.config.ts).
 *
 * Everything imported here must load in Node with no DOM: WXT evaluates the content-script
 * entrypoints, and so this module, at build time to write the manifest.
 */
import type { TrackerId } from '../okr/ticket-key';
import { githubAdapter } from './github';
import { jiraAdapter } from './jira';
import { githubKey, jiraKey, linearKey } from './keys';
import { linearAdapter } from './linear';
import type { TrackerAdapter } from './types';

/** Where a tracker runs: data only, no adapter code. */
export interface TrackerSite {
  /**
   * Match patterns of the hosts it serves out of the box: its content script's `matches` and
   * the manifest's `host_permissions`. The pattern covers the whole host: a content script
   * whose pattern missed the first URL is never injected by a later pushState, so the page
   * kind is decided in code.
   */
  matches: string[];
  /**
   * The edition users may add on their own domain (options → Self-hosted trackers: the
   * background registers this tracker's content script there); absent when there is none.
   */
  selfHosted?: string;
  /** Its content script: entrypoints/<entry>.content.ts, built to content-scripts/<entry>.js. */
  entry: string;
}

const github = {
  matches: ['https://github.com/*'],
  selfHosted: 'GitHub Enterprise',
  entry: 'github',
} satisfies TrackerSite;

const jira = {
  matches: ['https://*.atlassian.net/*'],
  selfHosted: 'Jira Data Center / Server',
  entry: 'jira',
} satisfies TrackerSite;

const linear = {
  matches: ['https://linear.app/*'],
  entry: 'linear',
} satisfies TrackerSite;

export const trackerSites = { github, jira, linear } satisfies Record<TrackerId, TrackerSite>;

/** The trackers users may add on their own domains (GitHub Enterprise, Jira Data Center). */
export type SelfHostedId = {
  [K in TrackerId]: (typeof trackerSites)[K] extends { selfHosted: string } ? K : never;
}[TrackerId];

/** The ids of those trackers (the self-hosted form's choices; `addDomain` accepts these). */
export const selfHostedIds = (Object.keys(trackerSites) as TrackerId[]).filter(
  (id) => (trackerSites[id] as TrackerSite).selfHosted !== undefined,
) as [SelfHostedId, ...SelfHostedId[]];

/** Every default match pattern, tracker by tracker: the manifest's `host_permissions`. */
export function defaultMatches(): string[] {
  return Object.values(trackerSites).flatMap((site) => site.matches);
}

/**
 * A tracker's site with the code its content script runs. (The site is a property, not spread
 * in: a spread or a property read is a side effect to the bundler, which would then keep every
 * adapter in every bundle.)
 */
export interface Tracker {
  id: TrackerId;
  site: TrackerSite;
  adapter: TrackerAdapter;
  /** Its canonical key from the parts the adapter reads (lib/trackers/keys.ts). */
  key: (...parts: string[]) => string | undefined;
}

export const githubTracker: Tracker = {
  id: 'github',
  site: github,
  adapter: githubAdapter,
  key: githubKey,
};

export const jiraTracker: Tracker = { id: 'jira', site: jira, adapter: jiraAdapter, key: jiraKey };

export const linearTracker: Tracker = {
  id: 'linear',
  site: linear,
  adapter: linearAdapter,
  key: linearKey,
};

/** Every tracker by id (loads every adapter: for tests and tools, not content scripts). */
export const trackers: Readonly<Record<TrackerId, Tracker>> = {
  github: githubTracker,
  jira: jiraTracker,
  linear: linearTracker,
};
