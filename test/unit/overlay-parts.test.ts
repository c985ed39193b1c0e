// @vitest-environment happy-dom
/**
 * The overlay's small parts on their own: the placement table, label-change detection, and the
 * picker's handle (closing it removes its listeners and gives focus back, as Escape does).
 */
import { describe, expect, it, vi } from 'vitest';
import { placements, putInPlace } from '@/lib/overlay/placement';
import { labelsChanged } from '@/lib/overlay/labels';
import { openPicker } from '@/lib/overlay/picker';
import type { PickerOptions } from '@/lib/overlay/picker';
import type { Anchor } from '@/lib/trackers/types';

describe('placement table', () => {
  const setup = () => {
    document.body.innerHTML = '<div id="p"><i></i><b id="a"><u></u></b><i></i></div>';
    return { anchor: document.getElementById('a')!, host: document.createElement('okr-lens-x') };
  };
  const where: Record<Anchor['position'], (a: Element) => Node | null> = {
    after: (a) => a.nextSibling,
    before: (a) => a.previousSibling,
    append: (a) => a.lastChild,
    prepend: (a) => a.firstChild,
  };

  for (const position of Object.keys(placements) as Anchor['position'][])
    it(`places the host by its anchor (${position}), and leaves it alone once there`, async () => {
      const { anchor, host } = setup();
      expect(placements[position].placed(anchor, host)).toBe(false);
      putInPlace(host, { element: anchor, position });
      expect(where[position](anchor)).toBe(host);
      expect(placements[position].placed(anchor, host)).toBe(true);
      const records: MutationRecord[] = [];
      const watch = new MutationObserver((r) => records.push(...r));
      watch.observe(document.body, { childList: true, subtree: true });
      putInPlace(host, { element: anchor, position });
      await Promise.resolve();
      watch.disconnect();
      expect(records).toEqual([]);
    });
});

describe('labelsChanged', () => {
  it('is true for other labels, or whole labels after partial ones; false without labels', () => {
    const t = (labels?: string[], partial?: true) => ({
      key: 'k',
      ...(labels ? { labels } : {}),
      ...(partial ? { labelsPartial: partial } : {}),
    });
    expect(labelsChanged(undefined, t(['a']))).toBe(true);
    expect(labelsChanged(t(['a']), t(['a']))).toBe(false);
    expect(labelsChanged(t(['a']), t(['a', 'b']))).toBe(true);
    expect(labelsChanged(t(['a'], true), t(['a']))).toBe(true);
    expect(labelsChanged(t(['a']), t(['a'], true))).toBe(false);
    expect(labelsChanged(t(['a']), t())).toBe(false);
  });
});

describe('picker handle', () => {
  const options = (over: Partial<PickerOptions> = {}): PickerOptions => ({
    ticketKey: 'github:github.com/acme/web#1',
    theme: 'light',
    loadKeyResults: () => Promise.resolve([]),
    linkedIds: () => new Set(),
    toggle: () => Promise.resolve(new Set()),
    ...over,
  });

  it('closes like Escape: removed, focus back where it was, its focus trap gone', async () => {
    document.body.innerHTML = '<button id="before">b</button><input id="other">';
    const before = document.getElementById('before')!;
    before.focus();
    const onClose = vi.fn();
    const picker = openPicker(options({ onClose }));
    await Promise.resolve();
    const input = picker.host.shadowRoot!.querySelector('input')!;
    expect(picker.host.isConnected).toBe(true);
    // While open, focus cannot leave the picker (it is modal).
    const focusInput = vi.spyOn(input, 'focus');
    document.getElementById('other')!.focus();
    expect(focusInput).toHaveBeenCalled();

    picker.close();
    expect(picker.host.isConnected).toBe(false);
    expect(document.activeElement).toBe(before);
    expect(onClose).toHaveBeenCalledTimes(1);
    focusInput.mockClear();
    document.getElementById('other')!.focus();
    expect(focusInput).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(document.getElementById('other'));
    picker.close(); // closing twice is harmless
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('closes on Escape the same way', () => {
    document.body.innerHTML = '<button id="before">b</button>';
    const before = document.getElementById('before')!;
    before.focus();
    const onClose = vi.fn();
    const picker = openPicker(options({ onClose }));
    const input = picker.host.shadowRoot!.querySelector('input')!;
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(picker.host.isConnected).toBe(false);
    expect(document.activeElement).toBe(before);
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});
