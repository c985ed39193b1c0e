/** Settings → Connections and Team sync (README "Team links"). */
import { ConnectionsPanel } from '@/components/ConnectionsPanel';
import { connectionActions, useTeamLinks } from './useTeamLinks';

export function ConnectionsSection() {
  const { status, now, reload } = useTeamLinks();
  if (!status) return null;
  return (
    <ConnectionsPanel
      connections={status.connections}
      sync={status.sync}
      now={now}
      actions={connectionActions(reload)}
    />
  );
}
