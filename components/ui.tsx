/** Small building blocks shared by the extension pages. Props in, JSX out. */
import { useEffect, useId, useRef } from 'react';
import type { ReactNode } from 'react';
import type { Status } from '@/lib/okr/progress';
import { statusLabels } from '@/lib/okr/progress';
import { percent } from '@/lib/okr/format';

const statusGlyph: Record<Status, string> = {
  done: '✔',
  'on-track': '●',
  'at-risk': '▲',
  'off-track': '◆',
  'no-data': '○',
};

export function StatusChip({ status, stale }: { status: Status; stale?: boolean }) {
  return (
    <span className="chips">
      <span className={`chip s-${status}`} data-status={status}>
        <span aria-hidden="true">{statusGlyph[status]}</span>
        {statusLabels[status]}
      </span>
      {stale ? (
        <span className="chip stale" data-stale="true" title="No check-in for a while">
          <span aria-hidden="true">◔</span>Stale
        </span>
      ) : null}
    </span>
  );
}

/**
 * A progress bar with the expected-pace marker: where progress would be today on a straight
 * line from the cycle's start to its end (the share of the cycle elapsed).
 */
export function ProgressBar({
  progress,
  expected,
  status,
  label,
  caption,
}: {
  progress: number;
  expected: number;
  status: Status;
  label: string;
  /** Replaces the default "N% · pace M%" caption under the bar. */
  caption?: string;
}) {
  return (
    <div className={`progress s-${status}`}>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(progress * 100)}
        aria-valuetext={`${percent(progress)} done, ${percent(expected)} expected by now`}
      >
        <div className="progress-fill" style={{ width: percent(Math.min(1, progress)) }} />
        <div
          className="progress-pace"
          style={{ left: percent(Math.min(1, expected)) }}
          title={`Expected by now: ${percent(expected)}`}
        />
      </div>
      <div className="progress-label" aria-hidden="true">
        {caption !== undefined ? (
          <span>{caption}</span>
        ) : (
          <>
            <span>{percent(progress)}</span>
            <span>expected {percent(expected)}</span>
          </>
        )}
      </div>
    </div>
  );
}

/** The share of a cycle's time gone by, as a bar in no status colour. */
export function TimeElapsedBar({ share, of }: { share: number; of: 'cycle' | 'time' }) {
  return (
    <ProgressBar
      progress={share}
      expected={share}
      status="no-data"
      label="Time elapsed"
      caption={`${percent(share)} of the ${of} elapsed`}
    />
  );
}

/** `<option>`s for records: the id is the value, `label` the text. */
export function IdOptions<T extends { id: string }>({
  items,
  label,
}: {
  items: readonly T[];
  label: (item: T) => string;
}) {
  return items.map((item) => (
    <option key={item.id} value={item.id}>
      {label(item)}
    </option>
  ));
}

/** A modal built on <dialog>: focus trap, Escape and backdrop for free; focus returns. */
export function Modal({
  title,
  onClose,
  children,
  footer,
  onSubmit,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer: ReactNode;
  onSubmit?: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement as HTMLElement | null;
    dialog.showModal();
    return () => {
      dialog.close();
      opener?.focus?.();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <form
        method="dialog"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit?.();
        }}
      >
        <div className="dialog-head">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="btn btn-ghost" aria-label="Close" onClick={onClose}>
            ✕
          </button>
        </div>
        <div className="dialog-body">{children}</div>
        <div className="dialog-foot">{footer}</div>
      </form>
    </dialog>
  );
}

/** A labelled field whose error sits right under it (and is announced with the input). */
export function Field({
  label,
  error,
  hint,
  children,
  id,
}: {
  label: string;
  error?: string | undefined;
  hint?: string;
  id: string;
  children: ReactNode;
}) {
  return (
    <div className="field" data-invalid={error ? 'true' : undefined}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && !error ? (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span className="field-error" id={`${id}-error`} role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}

/** aria props tying an input to its Field's error. */
export function describedBy(id: string, error?: string) {
  return error
    ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-error` }
    : { 'aria-describedby': `${id}-hint` };
}

export function ConfirmDialog({
  title,
  message,
  confirmLabel,
  onConfirm,
  onClose,
}: {
  title: string;
  message: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Modal
      title={title}
      onClose={onClose}
      onSubmit={onConfirm}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-danger-solid">
            {confirmLabel}
          </button>
        </>
      }
    >
      {message}
    </Modal>
  );
}

export function Toast({
  message,
  actionLabel,
  onAction,
  onDismiss,
}: {
  message: string;
  actionLabel?: string;
  onAction?: () => void;
  onDismiss: () => void;
}) {
  useEffect(() => {
    const t = setTimeout(onDismiss, 8000);
    return () => clearTimeout(t);
  }, [onDismiss]);
  return (
    <div className="toast" role="status">
      <span>{message}</span>
      {actionLabel && onAction ? (
        <button type="button" className="btn btn-sm" onClick={onAction}>
          {actionLabel}
        </button>
      ) : null}
      <button type="button" className="btn btn-sm" aria-label="Dismiss" onClick={onDismiss}>
        ✕
      </button>
    </div>
  );
}

export function BrandMark() {
  return (
    <svg className="brand-mark" viewBox="0 0 24 24" aria-hidden="true">
      <circle cx="12" cy="12" r="10" fill="none" stroke="currentColor" strokeWidth="2" />
      <circle cx="12" cy="12" r="5.5" fill="none" stroke="#fd8c73" strokeWidth="2" />
      <circle cx="12" cy="12" r="1.8" fill="currentColor" />
    </svg>
  );
}
