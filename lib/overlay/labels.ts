/**
 * Label → KR links: a label carrying a KR code (Settings `labelPatterns`, e.g. `okr:{code}`)
 * links its ticket with source "label"; when the label goes, so does that link. Links the user
 * made by hand are never touched here. The tickets of an answer whose labels and links
 * disagree go to the background in one request (`syncLabelLinks`: per ticket the codes its
 * labels name), which applies the same rules in one transaction and answers their links.
 * Also caches the current cycle's KRs for the picker.
 */
import type { KrSearchHit, LinkedKr, TicketLinks } from '../okr/dto';
import { labelMatcher } from '../okr/codes';
import type { TicketRef } from '../trackers/types';
import { BATCH, ownLinks } from './links';
import type { LabelLinks, OverlayBackend } from './ports';

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

type LabelBackend = Pick<OverlayBackend, 'labelPatterns' | 'keyResults' | 'syncLabelLinks'>;

/** Where label sync reads the tab's links and puts the background's answer. */
export interface LabelLinksCache {
  /** The ticket's links as the background last said (undefined: not answered yet). */
  linksOf(key: string): readonly LinkedKr[] | undefined;
  /** The links of the tickets label sync sent, as the background answered them. */
  took(answer: TicketLinks): void;
}

export class LabelSync {
  private patterns: Promise<string[]> | undefined;
  private krs: Promise<KrSearchHit[]> | undefined;

  constructor(
    private readonly backend: LabelBackend,
    private readonly cache: LabelLinksCache,
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
        (t.labels.length > 0 ||
          ownLinks(this.cache.linksOf(t.key)).some((l) => l.source === 'label')),
    );
    if (withLabels.length === 0) return;
    this.patterns ??= this.backend.labelPatterns();
    const [patterns, krs] = await Promise.all([this.patterns, this.keyResults()]);
    const byCode = new Map(krs.map((k) => [k.code.toUpperCase(), k]));
    const codesOf = labelMatcher(
      patterns,
      krs.map((k) => k.code),
    );
    const out: LabelLinks[] = [];
    for (const t of withLabels) {
      const wanted = codesOf(t.labels!)
        .map((c) => byCode.get(c.toUpperCase())!)
        .filter(Boolean);
      if (this.inLine(t, wanted)) continue;
      const item: LabelLinks = { ticket: t, codes: wanted.map((k) => k.code) };
      if (t.labelsPartial) item.partial = true;
      out.push(item);
    }
    for (let i = 0; i < out.length; i += BATCH)
      this.cache.took(await this.backend.syncLabelLinks(out.slice(i, i + BATCH)));
  }

  /**
   * Whether the ticket's own links already match its labels (`wanted`): each named KR linked
   * (a KR its parent serves must still get the label's link), and, when the page shows all of
   * its labels, no label link to a KR they do not name.
   */
  private inLine(t: TicketRef, wanted: readonly KrSearchHit[]): boolean {
    const current = ownLinks(this.cache.linksOf(t.key));
    if (wanted.some((k) => !current.some((l) => l.keyResultId === k.id))) return false;
    return (
      t.labelsPartial === true ||
      current.every((l) => l.source !== 'label' || wanted.some((k) => k.id === l.keyResultId))
    );
  }
}
