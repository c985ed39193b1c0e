/**
 * Team links on the options page: connections, the team sync's state and the label writes
 * owed, read on load, after every change and whenever the sync reports progress; and the
 * actions of Settings → Connections / Team sync and of Coverage's sync bar.
 */
import { browser } from 'wxt/browser';
import { send } from '@/lib/protocol';
import { TEAM_SYNC_KEY } from '@/lib/okr/team-links-dto';
import type { ConnectionInput, TeamLinksStatus } from '@/lib/okr/team-links-dto';
import { apiOriginPattern } from '@/lib/trackers/api/endpoints';
import type { ConnectionsActions } from '@/components/ConnectionsPanel';
import type { TeamSyncActions } from '@/components/TeamSyncPanel';
import { useLiveStatus } from './useLiveStatus';
import type { LiveStatus } from './useLiveStatus';

const readTeamLinks = () => send({ type: 'teamLinksStatus' });

export function useTeamLinks(): LiveStatus<TeamLinksStatus> {
  return useLiveStatus(readTeamLinks, TEAM_SYNC_KEY);
}

/** A failure after the connection was saved (the test): the form keeps it apart. */
const saved = (e: unknown) =>
  Object.assign(e instanceof Error ? e : new Error(String(e)), { saved: true });

export function connectionActions(reload: () => Promise<void>): ConnectionsActions {
  return {
    connect: (input: ConnectionInput) => {
      const origin = apiOriginPattern(
        input.tracker === 'jira' ? { tracker: 'jira', site: input.site } : input,
      );
      // Asked right here, inside the click: permissions.request needs the user gesture.
      return browser.permissions.request({ origins: [origin] }).then(async (granted) => {
        if (!granted)
          throw new Error(
            `Access to ${origin.replace('/*', '')} was not allowed; nothing was saved.`,
          );
        const view = await send({ type: 'saveConnection', connection: input });
        await reload();
        try {
          return await send({ type: 'testConnection', id: view.id });
        } catch (e) {
          throw saved(e);
        }
      });
    },
    test: (id) => send({ type: 'testConnection', id }),
    remove: async (id) => {
      await send({ type: 'removeConnection', id });
      await reload();
    },
    setWriteLabels: async (c, on) => {
      const { tokenHint: _hint, ...fields } = c;
      await send({ type: 'saveConnection', connection: { ...fields, writeLabels: on } });
      await reload();
    },
  };
}

export function syncActions(reload: () => Promise<void>): TeamSyncActions {
  const after = async (p: Promise<unknown>) => {
    await p;
    await reload();
  };
  return {
    syncNow: () => after(send({ type: 'syncTeamLinks' })),
    setMinutes: (minutes) => after(send({ type: 'setTeamSyncMinutes', minutes })),
    retry: (ids) => after(send({ type: 'retryLabelWrites', ...(ids ? { ids } : {}) })),
    discard: (ids) => after(send({ type: 'discardLabelWrites', ids })),
  };
}
