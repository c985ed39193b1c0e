/** A record's Team OKRs mark: where it comes from, or that it is local / not shared / queued. */
import type { Mark } from '@/lib/okr/team-marks';

const GLYPH = { team: '⇅', local: '•', pending: '…', conflict: '!' } as const;

export function TeamMark({ mark }: { mark: Mark | undefined }) {
  if (!mark) return null;
  return (
    <span className={`team-mark t-${mark.tone}`} data-team-mark={mark.tone}>
      <span aria-hidden="true">{GLYPH[mark.tone]} </span>
      {mark.text}
    </span>
  );
}
