/** The Review tab: score the cycle's key results, carry chosen ones over to the next cycle. */
import { send } from '@/lib/protocol';
import { ReviewPanel } from '@/components/ReviewPanel';
import type { CarryOverDraft } from '@/components/ReviewPanel';
import type { KeyResult } from '@/lib/okr/model';
import type { PageProps } from './page';

export function ReviewTab({ page }: PageProps) {
  const { state, cycle, overview, today } = page;
  if (!overview || !cycle) return <p className="muted">No cycle to review yet.</p>;
  const saveScores = async (krs: KeyResult[]) => {
    if (krs.length === 0) return;
    await page.commit(
      async () => {
        for (const k of krs) await send({ type: 'upsertKeyResult', keyResult: k });
      },
      { writes: krs.length },
    );
  };
  const carryOver = async (draft: CarryOverDraft) => {
    const r = await page.commit(() => send({ type: 'carryOver', fromCycleId: cycle.id, ...draft }));
    page.setCycleId(r.cycle.id);
    page.goTo('okrs');
    page.showToast({
      message: `Carried ${r.keyResults} key results and ${r.objectives} objectives over to ${r.cycle.name}.`,
    });
  };
  return (
    <ReviewPanel
      key={cycle.id}
      overview={overview}
      settings={state.settings}
      today={today}
      onSaveScores={saveScores}
      onCarryOver={carryOver}
    />
  );
}
