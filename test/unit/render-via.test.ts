// @vitest-environment happy-dom
/**
 * Row badges of KRs served through a parent (README "Work hierarchy"): every via chip is
 * dashed (`inherited`) with `data-via`; "via KEY" is written once per run of chips through
 * the same parent (rows are narrow); the label names every one.
 */
import { describe, expect, it } from 'vitest';
import type { LinkedKr } from '@/lib/okr/dto';
import { renderRowBadge } from '@/lib/overlay/render';

const P = 'jira:acme.atlassian.net/GRW-100';
const kr = (code: string, via?: string): LinkedKr =>
  ({
    keyResultId: code,
    code,
    title: `Title ${code}`,
    kind: 'increase',
    objectiveId: 'o',
    objectiveTitle: 'Grow',
    cycleId: 'c',
    ...(via ? { via } : {}),
    evaluation: { status: 'on-track', progress: 0.5, expected: 0.5, stale: false },
  }) as unknown as LinkedKr;

function render(krs: LinkedKr[], listedUnder?: string): ShadowRoot {
  const host = document.createElement('span');
  const root = host.attachShadow({ mode: 'open' });
  renderRowBadge(host, krs, listedUnder);
  return root;
}

describe('row badge via chips', () => {
  it('one "via GRW-100" after a run of chips through it; own chips plain', () => {
    const root = render([kr('KR1.1'), kr('KR1.2', P), kr('KR2.1', P), kr('KR3.3')]);
    const chips = [...root.querySelectorAll('.row-chip')];
    expect(chips.map((c) => c.getAttribute('data-via'))).toEqual([null, P, P, null]);
    expect(chips.map((c) => c.classList.contains('inherited'))).toEqual([false, true, true, false]);
    expect(chips.map((c) => c.querySelector('.via')?.textContent ?? '')).toEqual([
      '',
      '',
      'via GRW-100',
      '',
    ]);
    expect(root.querySelector('.row-badge')!.getAttribute('aria-label')).toBe(
      'Key results: KR1.1, KR1.2 via GRW-100, KR2.1 via GRW-100, KR3.3',
    );
    expect(chips[1]!.getAttribute('title')).toContain('via GRW-100');
  });

  it('runs through different parents each say theirs', () => {
    const Q = 'jira:acme.atlassian.net/GRW-142';
    const root = render([kr('KR1.1', Q), kr('KR1.2', P)]);
    expect([...root.querySelectorAll('.via')].map((v) => v.textContent)).toEqual([
      'via GRW-142',
      'via GRW-100',
    ]);
  });

  it('a child row on its parent’s view leaves that parent unsaid (still dashed and named)', () => {
    const Q = 'jira:acme.atlassian.net/GRW-142';
    const root = render([kr('KR1.1', Q), kr('KR1.2', P)], Q);
    expect([...root.querySelectorAll('.via')].map((v) => v.textContent)).toEqual(['via GRW-100']);
    const first = root.querySelector('.row-chip')!;
    expect(first.classList.contains('inherited')).toBe(true);
    expect(first.getAttribute('title')).toContain('via GRW-142');
    expect(root.querySelector('.row-badge')!.getAttribute('aria-label')).toBe(
      'Key results: KR1.1 via GRW-142, KR1.2 via GRW-100',
    );
  });
});
