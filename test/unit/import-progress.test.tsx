// @vitest-environment happy-dom
/**
 * The import's progress line (lib/import/progress.ts, components/DataPanel.tsx): the step and
 * the file's record counts in words; shown only for an import that runs longer than a moment,
 * gone when the outcome shows, and never worded like the outcome ("Imported …").
 */
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DataPanel } from '@/components/DataPanel';
import type { ImportOutcome } from '@/lib/import/pipeline';
import { progressText, recordsText, sizeText, storeCountsText } from '@/lib/import/progress';
import type { ImportProgress } from '@/lib/import/progress';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** Run `fn` inside `act` and let the promises it settled run too. */
const settle = (fn: () => unknown) =>
  act(async () => {
    fn();
    await Promise.resolve();
  });

describe('store counts', () => {
  it('names every kind in people’s words, singular for one, grouped thousands', () => {
    expect(
      storeCountsText({ cycles: 1, objectives: 3, keyResults: 8, checkIns: 1, links: 20000 }),
    ).toBe('1 cycle, 3 objectives, 8 key results, 1 check-in, 20,000 links');
    expect(
      storeCountsText({ cycles: 0, objectives: 0, keyResults: 0, checkIns: 0, links: 0 }),
    ).toBe('0 cycles, 0 objectives, 0 key results, 0 check-ins, 0 links');
  });
});

describe('progress text', () => {
  it('counts the records of each kind, largest kinds first', () => {
    const many = (n: number) => Array.from({ length: n }, () => ({}));
    expect(
      recordsText({
        format: 'okr-lens',
        cycles: many(1),
        objectives: many(20),
        keyResults: many(100),
        checkIns: [],
        links: many(20_000),
        tickets: many(5_000),
      }),
    ).toBe('20,000 links, 5,000 tickets, 100 key results, 20 objectives and 1 cycle');
    expect(recordsText({ keyResults: many(1) })).toBe('1 key result');
    expect(recordsText({ links: many(2), checkIns: many(1) })).toBe('2 links and 1 check-in');
    expect(recordsText('not a file')).toBe('');
    expect(recordsText({ links: 'no' })).toBe('');
  });

  it('says the size of the file', () => {
    expect(sizeText(4_512_345)).toBe('4.5 MB');
    expect(sizeText(12_400)).toBe('12 KB');
    expect(sizeText(800)).toBe('800 bytes');
  });

  it('words each step, never as the outcome', () => {
    const steps: ImportProgress[] = [
      { step: 'reading', fileName: 'team.json', bytes: 4_500_000 },
      { step: 'writing', fileName: 'team.json', records: '20,000 links and 1 cycle' },
      { step: 'writing', fileName: 'team.json', records: '' },
      { step: 'loading' },
    ];
    expect(steps.map(progressText)).toEqual([
      'Reading team.json (4.5 MB)…',
      'Checking and saving 20,000 links and 1 cycle from team.json, all or nothing…',
      'Checking team.json…',
      'Saved. Loading the new data…',
    ]);
    for (const s of steps) expect(progressText(s)).not.toMatch(/imported/i);
  });
});

describe('the Import section while importing', () => {
  let container: HTMLElement;
  afterEach(() => {
    vi.useRealTimers();
    container?.remove();
  });

  async function render(
    onImport: (file: File, onProgress: (p: ImportProgress) => void) => Promise<ImportOutcome>,
  ) {
    container = document.createElement('div');
    document.body.append(container);
    const root = createRoot(container);
    const noop = () => Promise.resolve();
    await settle(() =>
      root.render(<DataPanel counts="" onImport={onImport} onExport={noop} onClear={noop} />),
    );
    const input = container.querySelector<HTMLInputElement>('#import-file')!;
    const file = new File(['{}'], 'team.json', { type: 'application/json' });
    Object.defineProperty(input, 'files', { value: [file] });
    await settle(() => input.dispatchEvent(new Event('change', { bubbles: true })));
    const button = [...container.querySelectorAll('button')].find(
      (b) => b.textContent === 'Import',
    )!;
    await settle(() => button.click());
  }
  const progressLine = () => container.querySelector('[data-testid="import-progress"]');

  it('shows the step of a long import, then only the outcome', async () => {
    vi.useFakeTimers();
    let finish!: (o: ImportOutcome) => void;
    await render((file, onProgress) => {
      onProgress({ step: 'writing', fileName: file.name, records: '3 links' });
      return new Promise((resolve) => (finish = resolve));
    });
    expect(progressLine()).toBeNull();
    await settle(() => vi.advanceTimersByTime(400));
    expect(progressLine()?.textContent).toBe(
      'Checking and saving 3 links from team.json, all or nothing…',
    );
    expect(progressLine()?.getAttribute('role')).toBe('status');
    await settle(() => finish({ ok: true, summary: 'Imported team.json: 3 links added.' }));
    expect(progressLine()).toBeNull();
    expect(container.querySelector('.notice-ok')?.textContent).toBe(
      'Imported team.json: 3 links added.',
    );
  });

  it('shows no progress for an import that ends at once', async () => {
    vi.useFakeTimers();
    await render((file, onProgress) => {
      onProgress({ step: 'reading', fileName: file.name, bytes: 2 });
      return Promise.resolve({ ok: true, summary: 'Imported team.json: nothing new.' });
    });
    await settle(() => vi.advanceTimersByTime(1000));
    expect(progressLine()).toBeNull();
    expect(container.querySelector('.notice-ok')).not.toBeNull();
  });
});
