/** The popup's objectives: each a collapsible head with its bar, then its key results. */
import { useState } from 'react';
import type { KrSummary, ObjectiveSummary } from '@/lib/okr/dto';
import { percent } from '@/lib/okr/format';
import { formatValue } from '@/lib/okr/progress';
import type { PopupActions } from './popup-types';
import { QuickCheckIn } from './QuickCheckIn';
import { ProgressBar, StatusChip } from './ui';
import type { MarkOf } from '@/lib/okr/team-marks';
import { TeamMark } from './TeamMark';

function valueText(k: KrSummary): string {
  const v = k.evaluation.value;
  if (k.kind === 'milestone') return v !== undefined && v >= (k.target ?? 1) ? 'Done' : 'Not done';
  if (k.kind === 'maintain')
    return `${formatValue(v, k.unit)} (keep ${k.direction === 'atMost' ? '≤' : '≥'} ${formatValue(k.target, k.unit)})`;
  return `${formatValue(v, k.unit)} → ${formatValue(k.target, k.unit)}`;
}

function KrItem({ k, today, actions }: { k: KrSummary; today: string; actions: PopupActions }) {
  const [form, setForm] = useState(false);
  return (
    <li className="popup-kr" aria-label={`${k.code} ${k.title}`} data-kr={k.code}>
      <div className="popup-kr-line">
        <span className="kr-code">{k.code}</span>
        <span className="popup-kr-title">{k.title}</span>
        <StatusChip status={k.evaluation.status} stale={k.evaluation.stale} />
      </div>
      <div className="popup-kr-line small muted">
        <span data-testid="kr-value">{valueText(k)}</span>
        <span>· {percent(k.evaluation.progress)}</span>
        {k.initiatives !== undefined ? (
          <span data-testid="kr-initiatives">
            · {k.initiatives} initiative{k.initiatives === 1 ? '' : 's'}
            {k.initiatives ? `, ${k.done ?? 0} done` : ''}
          </span>
        ) : null}
        <span className="spacer" />
        {!form ? (
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            aria-label={`Check in on ${k.code}`}
            onClick={() => setForm(true)}
          >
            Check in
          </button>
        ) : null}
      </div>
      {form ? (
        <QuickCheckIn k={k} today={today} actions={actions} onDone={() => setForm(false)} />
      ) : null}
    </li>
  );
}

export function ObjectiveItem({
  o,
  open,
  today,
  actions,
  markOf,
}: {
  o: ObjectiveSummary;
  open: boolean;
  today: string;
  actions: PopupActions;
  markOf?: MarkOf;
}) {
  const bodyId = `obj-${o.id}`;
  // The cycle line says where shared objectives come from; an objective says so only when
  // it differs (local only, a commit queued, a conflict).
  const mark = markOf?.(o.id);
  return (
    <li className="popup-objective" data-objective-id={o.id}>
      <button
        type="button"
        className="popup-objective-head"
        aria-expanded={open}
        aria-controls={bodyId}
        onClick={() => actions.toggleObjective(o.id)}
      >
        <span className="popup-caret" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
        <span className="popup-objective-title">{o.title}</span>
        <StatusChip status={o.evaluation.status} />
      </button>
      {mark && mark.tone !== 'team' ? (
        <div className="popup-team">
          <TeamMark mark={mark} />
        </div>
      ) : null}
      <div className="popup-objective-bar">
        <ProgressBar
          progress={o.evaluation.progress}
          expected={o.evaluation.expected}
          status={o.evaluation.status}
          label={`${o.title} progress`}
        />
      </div>
      {open ? (
        <ul id={bodyId} className="popup-krs" aria-label={`Key results of ${o.title}`}>
          {o.keyResults.map((k) => (
            <KrItem key={k.id} k={k} today={today} actions={actions} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}
