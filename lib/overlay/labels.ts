/**
 * Label → KR links: a label carrying a KR code (Settings `labelPatterns`, e.g. `okr:{code}`)
 * links its ticket with source "label"; when the label goes, so does that link. Links the user
 * made by hand are never touched here. Also caches the current cycle's KRs for the picker.
 */
import type { KrSearchHit, LinkedKr } from '../okr/dto';
import { labelMatcher } from '../okr/codes';
import type { TicketRef } from '../trackers/types';
import { ownLinks } from './links';
import type { OverlayBackend } from './ports';

/**
 * Whether the page now shows other labels for a ticket than it did (`before`): edited in the
 * tracker, or its whole label set after a row's partial one.
 */
export function labelsChanged(before: TicketRef | undefined, now: TicketRef): boolean {
  if (now.labels === undefined) return false;
  return (
    before?.labels?.join('\n') !== now.labels.join('\n') ||
    (before?.labelsPartial === true && !now.labelsPartial)
  );
}

type LabelBackend = Pick<OverlayBackend, 'labelPatterns' | 'keyResults' | 'link' | 'unlink'>;

export class LabelSync {
  private patterns: Promise<string[]> | undefined;
  private krs: Promise<KrSearchHit[]> | undefined;

  constructor(
    private readonly backend: LabelBackend,
    /** The ticket's links as the background last said (undefined: not answered yet). */
    private readonly linksOf: (key: string) => readonly LinkedKr[] | undefined,
  ) {}

  /** The current cycle's KRs, asked for once until forgotten. */
  keyResults(): Promise<KrSearchHit[]> {
    return (this.krs ??= this.backend.keyResults());
  }

  /** Ask again for the KRs next time (the picker opens: always the latest). */
  forgetKeyResults(): void {
    this.krs = undefined;
  }

  /** Ask again for the KRs and the label patterns next time (the data changed). */
  forget(): void {
    this.krs = undefined;
    this.patterns = undefined;
  }

  /** Bring the label links of these tickets in line with their labels, in the background. */
  sync(tickets: readonly TicketRef[]): void {
    this.run(tickets).catch((e: unknown) => {
      // The worker stopped mid-way, say: forget the cached answers, retry on next change.
      this.forget();
      console.debug('OKR Lens: could not sync label links', e);
    });
  }

  private async run(tickets: readonly TicketRef[]): Promise<void> {
    // Nothing to do for a ticket without labels and without label links (most rows of a list).
    const withLabels = tickets.filter(
      (t) =>
        t.labels !== undefined &&
        (t.labels.length > 0 || ownLinks(this.linksOf(t.key)).some((l) => l.source === 'label')),
    );
    if (withLabels.length === 0) return;
    this.patterns ??= this.backend.labelPatterns();
    const [patterns, krs] = await Promise.all([this.patterns, this.keyResults()]);
    const byCode = new Map(krs.map((k) => [k.code.toUpperCase(), k]));
    const codesOf = labelMatcher(
      patterns,
      krs.map((k) => k.code),
    );
    for (const t of withLabels) {
      // Its own links only: a KR its parent serves must still get the label's link.
      const current = ownLinks(this.linksOf(t.key));
      const wanted = codesOf(t.labels!)
        .map((c) => byCode.get(c.toUpperCase())!)
        .filter(Boolean);
      const toLink = wanted.filter((k) => !current.some((l) => l.keyResultId === k.id));
      const toUnlink = t.labelsPartial
        ? []
        : current.filter(
            (l) => l.source === 'label' && !wanted.some((k) => k.id === l.keyResultId),
          );
      if (toLink.length)
        await this.backend.link(
          t,
          toLink.map((k) => k.id),
          'label',
        );
      for (const l of toUnlink) await this.backend.unlink(t.key, l.keyResultId);
    }
  }
}
