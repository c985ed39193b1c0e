/**
 * The import pipeline's pure part (lib/import/pipeline.ts): bytes → decode → CSV or JSON parse,
 * and the store's answer → the text the Import / Export panel shows.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  importedOutcome,
  isCsv,
  prepareImport,
  refusedOutcome,
  summarizeCounts,
} from '../../lib/import/pipeline';
import type { InterchangeFile } from '../../lib/okr/interchange';

const ctx = { today: '2026-11-23', cycles: [] };
const utf8 = (s: string) => new TextEncoder().encode(s);
const json = { name: 'team.json', type: 'application/json' };
const csv = { name: 'okr.csv', type: '' };
const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url)));

describe('isCsv', () => {
  it('goes by the name or the MIME type', () => {
    expect(isCsv({ name: 'a.CSV', type: '' })).toBe(true);
    expect(isCsv({ name: 'export', type: 'text/csv' })).toBe(true);
    expect(isCsv({ name: 'a.json', type: 'application/json' })).toBe(false);
    expect(isCsv({ name: 'a.txt', type: '' })).toBe(false);
  });
});

describe('prepareImport: JSON', () => {
  it('parses UTF-8 JSON (a BOM too) without warnings', () => {
    const file = { format: 'okr-lens', version: 1 };
    expect(prepareImport(utf8(JSON.stringify(file)), json, ctx)).toEqual({
      ok: true,
      data: file,
      warnings: [],
    });
    expect(prepareImport(utf8(`\uFEFF${JSON.stringify(file)}`), json, ctx)).toMatchObject({
      ok: true,
      data: file,
    });
  });

  it('says where broken JSON broke, and that an empty file is empty', () => {
    const broken = prepareImport(utf8('{"format": "okr-lens",'), json, ctx);
    expect(broken.ok).toBe(false);
    if (broken.ok) return;
    expect(broken.outcome.message).toMatch(/^\(file\): not valid JSON/);
    expect(broken.outcome.issues).toHaveLength(1);
    const empty = prepareImport(utf8('  \n'), json, ctx);
    expect(empty).toEqual({
      ok: false,
      outcome: {
        ok: false,
        message: '(file): the file is empty',
        issues: [{ path: '(file)', message: 'the file is empty' }],
      },
    });
  });

  it('refuses JSON that is not UTF-8, with no issue list', () => {
    const r = prepareImport(new Uint8Array([0x7b, 0xe9, 0x7d]), json, ctx);
    expect(r).toEqual({
      ok: false,
      outcome: { ok: false, message: expect.stringContaining('not UTF-8') as string },
    });
  });
});

describe('prepareImport: CSV', () => {
  it('turns an "OKR for Jira" export into interchange data in the cycle it names', () => {
    const r = prepareImport(fixture('okr-for-jira-export.csv'), csv, ctx);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const data = r.data as InterchangeFile;
    expect(data.format).toBe('okr-lens');
    expect(data.cycles?.map((c) => c.name)).toEqual(['Q4 2026']);
    expect(data.keyResults?.length).toBeGreaterThan(0);
  });

  it('lands a period in a stored cycle of that name', () => {
    const stored = [{ id: 'mine', name: 'Q4 2026', start: '2026-10-01', end: '2026-12-31' }];
    const r = prepareImport(fixture('okr-for-jira-export.csv'), csv, { ...ctx, cycles: stored });
    expect(r.ok && (r.data as InterchangeFile).objectives?.every((o) => o.cycleId === 'mine')).toBe(
      true,
    );
  });

  it('reads a CSV that is not UTF-8 as Windows-1252, with a warning', () => {
    const text = 'Order,Type,Summary,Period\n1,Objective,Caf\xe9 growth,Q4 2026\n';
    const bytes = Uint8Array.from(text, (ch) => ch.charCodeAt(0));
    const r = prepareImport(bytes, csv, ctx);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect((r.data as InterchangeFile).objectives?.[0]?.title).toBe('Café growth');
    expect(r.warnings[0]).toMatch(/Windows-1252/);
  });

  it('counts a broken CSV’s problems and lists them by row and column', () => {
    const r = prepareImport(fixture('broken-values.csv'), csv, ctx);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.outcome.message).toBe(`The CSV has ${r.outcome.issues!.length} problem(s).`);
    expect(r.outcome.issues!.some((i) => i.path.includes('Target value'))).toBe(true);
  });
});

describe('outcome text', () => {
  const zero: { added: number; updated: number } = { added: 0, updated: 0 };
  it('summarizes what was added and updated, or that nothing was new', () => {
    expect(
      summarizeCounts({
        cycles: { ...zero, added: 1 },
        objectives: zero,
        keyResults: { ...zero, added: 2, updated: 1 },
      }),
    ).toBe('1 cycle added; 2 key results added, 1 updated');
    // People's words and plurals, not field names; thousands grouped; updates alone.
    expect(
      summarizeCounts({
        links: { ...zero, added: 20000 },
        tickets: { ...zero, added: 1 },
        checkIns: { ...zero, added: 100 },
        objectives: { ...zero, updated: 1 },
      }),
    ).toBe('20,000 links added; 1 ticket added; 100 check-ins added; 1 objective updated');
    expect(summarizeCounts({ cycles: zero })).toBe('nothing new (everything was already here)');
    expect(importedOutcome('team.json', { cycles: { ...zero, added: 1 } }, ['w'])).toEqual({
      ok: true,
      summary: 'Imported team.json: 1 cycle added.',
      warnings: ['w'],
    });
  });

  it('counts the issues of a refused import, or passes its message on', () => {
    const issues = [
      { path: 'keyResults[3].target', message: 'expected number' },
      { path: 'cycles[0].id', message: 'duplicate id' },
    ];
    expect(refusedOutcome(Object.assign(new Error('invalid'), { issues }))).toEqual({
      ok: false,
      message: 'The file has 2 problem(s).',
      issues,
    });
    expect(refusedOutcome(new Error('OKR Lens could not reach its background'))).toEqual({
      ok: false,
      message: 'OKR Lens could not reach its background',
    });
  });
});
