/** What the buttons of an objective card do: open a form or a confirmation, archive with undo. */
import { send } from '@/lib/protocol';
import { suggestKrCode } from '@/lib/okr/codes';
import { newId } from '@/lib/okr/ids';
import type { KeyResult, Objective } from '@/lib/okr/model';
import type { ObjectiveActions } from '@/components/ObjectiveCard';
import type { OptionsPage } from './page';

function withArchived<T extends { archived?: boolean }>(r: T, archived: boolean): T {
  const copy = { ...r };
  if (archived) copy.archived = true;
  else delete copy.archived;
  return copy;
}

type Archivable =
  { kind: 'objective'; record: Objective } | { kind: 'keyResult'; record: KeyResult };

/** Archive or restore; an archive offers Undo in a toast. */
async function setArchived(page: OptionsPage, target: Archivable, archived: boolean) {
  const write = (a: boolean) => (): Promise<unknown> =>
    target.kind === 'objective'
      ? send({ type: 'upsertObjective', objective: withArchived(target.record, a) })
      : send({ type: 'upsertKeyResult', keyResult: withArchived(target.record, a) });
  try {
    await page.commit(write(archived));
    if (archived)
      page.showToast({
        message: `Archived “${target.kind === 'keyResult' ? target.record.code : target.record.title}”.`,
        undo: () => page.commit(write(false)).then(() => undefined),
      });
  } catch (e) {
    page.showToast({ message: `Could not archive: ${(e as Error).message}` });
  }
}

/** The codes used in the page's cycle, for the next suggested KR code. */
function cycleCodes(page: OptionsPage): string[] {
  const { state, cycle } = page;
  return state.keyResults
    .filter((k) => state.objectives.find((o) => o.id === k.objectiveId)?.cycleId === cycle!.id)
    .map((k) => k.code);
}

export function objectiveActions(page: OptionsPage): ObjectiveActions {
  const { openDialog } = page;
  return {
    editObjective: (v) => openDialog({ kind: 'objective', objective: v.objective }),
    archiveObjective: (v, archived) =>
      void setArchived(page, { kind: 'objective', record: v.objective }, archived),
    deleteObjective: (v) =>
      openDialog({
        kind: 'confirm',
        title: 'Delete objective?',
        message: `“${v.objective.title}” and its ${v.keyResults.length + v.archivedKeyResults.length} key results, their check-ins and ticket links will be deleted. Archive it instead to keep its history.`,
        confirmLabel: 'Delete objective',
        run: () => send({ type: 'deleteObjective', id: v.objective.id }),
      }),
    addKeyResult: (v) =>
      openDialog({
        kind: 'keyResult',
        keyResult: {
          id: newId('kr'),
          objectiveId: v.objective.id,
          code: suggestKrCode(v.number, cycleCodes(page)),
          title: '',
          kind: 'increase',
          start: 0,
        },
      }),
    editKeyResult: (k) => openDialog({ kind: 'keyResult', keyResult: k.kr }),
    checkIn: (k) => openDialog({ kind: 'checkIn', krId: k.kr.id }),
    archiveKeyResult: (k, archived) =>
      void setArchived(page, { kind: 'keyResult', record: k.kr }, archived),
    deleteKeyResult: (k) =>
      openDialog({
        kind: 'confirm',
        title: `Delete ${k.kr.code}?`,
        message: `“${k.kr.title}”, its ${k.history.length} check-ins and ${k.linkCount} ticket links will be deleted. Archive it instead to keep its history.`,
        confirmLabel: 'Delete key result',
        run: () => send({ type: 'deleteKeyResult', id: k.kr.id }),
      }),
  };
}
