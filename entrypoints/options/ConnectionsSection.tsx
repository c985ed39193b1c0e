/** Settings → Connections and Team sync (README "Team links"). */
import { ConnectionsPanel } from '@/components/ConnectionsPanel';
import { TeamSyncPanel } from '@/components/TeamSyncPanel';
import { connectionActions, syncActions, useTeamLinks } from './useTeamLinks';

export function ConnectionsSection() {
  const { status, now, reload } = useTeamLinks();
  if (!status) return null;
  return (
    <>
      <ConnectionsPanel
        connections={status.connections}
        sync={status.sync}
        now={now}
        actions={connectionActions(reload)}
      />
      {status.connections.length || status.writes.length ? (
        <TeamSyncPanel status={status} actions={syncActions(reload)} />
      ) : null}
    </>
  );
}
