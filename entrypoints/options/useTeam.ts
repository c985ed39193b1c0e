/**
 * Team OKRs on the options page: the status (subscriptions, conflicts, marks), read on load
 * and after every change, and the actions of Settings → Team OKRs and of the conflict view.
 */
import { browser } from 'wxt/browser';
import { send } from '@/lib/protocol';
import type { ConflictView, SubscriptionSource, TeamStatus } from '@/lib/okr/team-dto';
import type { TeamOkrsActions } from '@/components/TeamOkrsPanel';
import { useLiveStatus } from './useLiveStatus';
import type { LiveStatus } from './useLiveStatus';

const readTeamStatus = () => send({ type: 'teamStatus' });

export function useTeamStatus(): LiveStatus<TeamStatus> {
  return useLiveStatus(readTeamStatus);
}

/** The origin whose access a source needs (the API of a GitHub host, or the URL's site). */
function originOf(source: SubscriptionSource): string {
  if (source.kind === 'url') {
    let url: URL;
    try {
      url = new URL(source.url);
    } catch {
      throw new Error('expected an https:// address');
    }
    return `${url.protocol}//${url.hostname}/*`;
  }
  return source.host === 'github.com' ? 'https://api.github.com/*' : `https://${source.host}/*`;
}

/** Ask for access to `origin` (in the click: it needs the user gesture), then run. */
function withAccess<T>(source: SubscriptionSource, run: () => Promise<T>): Promise<T> {
  let origin: string;
  try {
    origin = originOf(source);
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
  return browser.permissions.request({ origins: [origin] }).then((granted) => {
    if (!granted)
      throw new Error(`Access to ${origin.replace('/*', '')} was not allowed; nothing changed.`);
    return run();
  });
}

export function teamActions(reload: () => Promise<void>): TeamOkrsActions {
  const after = async (p: Promise<unknown>) => {
    await p;
    await reload();
  };
  return {
    subscribe: (source) => withAccess(source, () => after(send({ type: 'subscribeTeam', source }))),
    publish: (cycleId, target) =>
      withAccess(target, () => after(send({ type: 'publishTeam', cycleId, target }))),
    refresh: (id) => after(send({ type: 'refreshTeam', id })),
    retry: (id) => after(send({ type: 'retryTeamCommits', id })),
    unsubscribe: (id) => after(send({ type: 'unsubscribeTeam', id })),
  };
}

export const chooseConflict =
  (reload: () => Promise<void>) => async (c: ConflictView, choice: 'ours' | 'theirs') => {
    await send({
      type: 'resolveTeamConflict',
      subscriptionId: c.subscriptionId,
      key: c.key,
      choice,
    });
    await reload();
  };
