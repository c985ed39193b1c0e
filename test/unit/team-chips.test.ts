// @vitest-environment happy-dom
/**
 * Badge chips of a link whose label is still owed to the tracker (lib/overlay/render.ts,
 * README "Team links"): a small chip inside the KR chip, its state in words for screen readers
 * and in the hover card; nothing when nothing is owed.
 */
import { describe, expect, it } from 'vitest';
import type { LinkedKr } from '@/lib/okr/dto';
import { createHost, renderRowBadge, renderTicketBadge } from '@/lib/overlay/render';

const kr = (over: Partial<LinkedKr> = {}): LinkedKr => ({
  keyResultId: 'k1',
  code: 'KR1.2',
  title: 'Weekly active teams reach 400',
  kind: 'increase',
  objectiveId: 'o1',
  objectiveTitle: 'Grow',
  cycleId: 'c1',
  evaluation: {
    value: 10,
    progress: 0.5,
    expected: 0.5,
    status: 'on-track',
    stale: false,
    lastCheckInAt: undefined,
    daysSinceCheckIn: undefined,
  },
  ...over,
});

const host = (mode: 'ticket' | 'row') =>
  createHost({ mode, key: 'github:github.com/a/b#1', theme: 'light' });
const chip = (h: HTMLElement) => h.shadowRoot!.querySelector('[data-kr]')!;

describe('delivery chips', () => {
  it('pending and failed on a ticket view: visible, in the aria-label and in the card', () => {
    const h = host('ticket');
    renderTicketBadge(h, [kr({ delivery: { state: 'pending' } })], () => {});
    expect(chip(h).querySelector('[data-delivery]')?.textContent).toBe('pending');
    expect(chip(h).getAttribute('aria-label')).toContain(', label pending.');
    renderTicketBadge(
      h,
      [kr({ delivery: { state: 'failed', reason: 'GitHub says the token may not do this' } })],
      () => {},
    );
    expect(chip(h).querySelector('[data-delivery="failed"]')?.textContent).toBe('failed');
    expect(chip(h).getAttribute('aria-label')).toContain(
      ', label not written: GitHub says the token may not do this.',
    );
    expect(h.shadowRoot!.querySelector('[role="tooltip"]')?.textContent).toContain(
      'Label not written: GitHub says the token may not do this',
    );
    renderTicketBadge(h, [kr()], () => {});
    expect(h.shadowRoot!.querySelector('[data-delivery]')).toBeNull();
  });

  it('on a row: a one-character chip, the words in its title and the row’s label', () => {
    const h = host('row');
    renderRowBadge(h, [
      kr({ delivery: { state: 'pending' } }),
      kr({ keyResultId: 'k2', code: 'KR2.1' }),
    ]);
    expect(chip(h).querySelector('[data-delivery]')?.textContent).toBe('…');
    expect((chip(h) as HTMLElement).title).toContain('Label pending');
    expect(h.shadowRoot!.querySelector('[role="note"]')?.getAttribute('aria-label')).toBe(
      'Key results: KR1.2, label pending, KR2.1',
    );
  });
});
