/**
 * Team OKRs in the popup: where the cycle's records come from ("from acme/okrs ·
 * 2026-Q4.json, 5 min ago"). Asked after the summary, never part of its snapshot: a mark is
 * not worth delaying the first paint.
 */
import { useCallback, useState } from 'react';
import { send } from '@/lib/protocol';
import type { TeamStatus } from '@/lib/okr/team-dto';
import { markOf } from '@/lib/okr/team-marks';
import type { MarkOf } from '@/lib/okr/team-marks';

export function useTeamMarks(): { markOf: MarkOf | undefined; loadTeam: () => Promise<void> } {
  const [status, setStatus] = useState<TeamStatus>();
  const loadTeam = useCallback(async () => {
    try {
      setStatus(await send({ type: 'teamStatus' }));
    } catch {
      // no marks: the popup works as before
    }
  }, []);
  const now = new Date();
  return {
    markOf: status?.subscriptions.length ? (id) => markOf(status, id, now) : undefined,
    loadTeam,
  };
}
