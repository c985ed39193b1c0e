/** Settings → Team OKRs: subscriptions, publish, and the conflicts waiting for a choice. */
import { ConflictsPanel } from '@/components/ConflictsPanel';
import { TeamOkrsPanel } from '@/components/TeamOkrsPanel';
import type { PageProps } from './page';
import { newestFirst } from './page';
import { chooseConflict, teamActions, useTeamStatus } from './useTeam';

export function TeamOkrsSection({ page }: PageProps) {
  const { status, now, reload } = useTeamStatus();
  const shared = new Set(
    Object.entries(status?.marks ?? {})
      .filter(([, m]) => m.state === 'shared')
      .map(([id]) => id),
  );
  const publishable = newestFirst(page.state.cycles).filter((c) => !shared.has(c.id));
  const labelOf = (id: string) => status?.subscriptions.find((s) => s.id === id)?.label ?? '';
  return (
    <>
      <TeamOkrsPanel status={status} cycles={publishable} now={now} actions={teamActions(reload)} />
      <ConflictsPanel
        conflicts={status?.conflicts ?? []}
        labelOf={labelOf}
        onChoose={chooseConflict(reload)}
      />
    </>
  );
}
