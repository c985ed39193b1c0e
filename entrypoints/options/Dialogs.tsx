/** The dialog open on the options page (one at a time): a form, or a confirmation. */
import { send } from '@/lib/protocol';
import { markOf } from '@/lib/okr/team-marks';
import { useTeamStatus } from './useTeam';
import { CheckInForm, CycleForm, KeyResultForm, ObjectiveForm } from '@/components/forms';
import { KrChart } from '@/components/KrChart';
import { ConfirmDialog } from '@/components/ui';
import type { Dialog, OptionsPage } from './page';

interface DialogProps<K extends Dialog['kind']> {
  page: OptionsPage;
  dialog: Extract<Dialog, { kind: K }>;
  close: () => void;
}

/** Save, close the dialog, and resolve once the page shows what was saved. */
const saveThen = (page: OptionsPage, close: () => void, write: () => Promise<unknown>) =>
  page.commit(write, { then: close }).then(() => undefined);

function CheckInDialog({ page, dialog, close }: DialogProps<'checkIn'>) {
  const { cycle, today } = page;
  const team = useTeamStatus();
  const k = page.overview?.objectives
    .flatMap((o) => o.keyResults)
    .find((v) => v.kr.id === dialog.krId);
  if (!k) return null;
  return (
    <CheckInForm
      kr={k.kr}
      history={k.history}
      today={today}
      onClose={close}
      markOf={(id) => markOf(team.status, id, team.now)}
      extra={
        cycle ? <KrChart kr={k.kr} history={k.history} cycle={cycle} today={today} /> : undefined
      }
      onSave={(c) => saveThen(page, close, () => send({ type: 'addCheckIn', checkIn: c }))}
      onDelete={async (id) => {
        await page.commit(() => send({ type: 'deleteCheckIn', id }));
      }}
    />
  );
}

function Confirm({ page, dialog, close }: DialogProps<'confirm'>) {
  return (
    <ConfirmDialog
      title={dialog.title}
      message={<p>{dialog.message}</p>}
      confirmLabel={dialog.confirmLabel}
      onClose={close}
      onConfirm={() => {
        close();
        page.commit(dialog.run).catch((e: Error) => page.showToast({ message: e.message }));
      }}
    />
  );
}

export function Dialogs({
  page,
  dialog,
  close,
}: {
  page: OptionsPage;
  dialog: Dialog;
  close: () => void;
}) {
  switch (dialog.kind) {
    case 'cycle':
      return (
        <CycleForm
          initial={dialog.cycle}
          onClose={close}
          onSave={async (c) => {
            await saveThen(page, close, () => send({ type: 'upsertCycle', cycle: c }));
            page.setCycleId(c.id);
          }}
        />
      );
    case 'objective':
      return (
        <ObjectiveForm
          initial={dialog.objective}
          parents={page.state.objectives.filter((o) => !o.archived)}
          onClose={close}
          onSave={(o) =>
            saveThen(page, close, () => send({ type: 'upsertObjective', objective: o }))
          }
        />
      );
    case 'keyResult':
      return (
        <KeyResultForm
          initial={dialog.keyResult}
          onClose={close}
          onSave={(k) =>
            saveThen(page, close, () => send({ type: 'upsertKeyResult', keyResult: k }))
          }
        />
      );
    case 'checkIn':
      return <CheckInDialog page={page} dialog={dialog} close={close} />;
    case 'confirm':
      return <Confirm page={page} dialog={dialog} close={close} />;
  }
}
