/**
 * Import from Appfire's "OKR for Jira" CSV (lib/import/csv.ts): fixtures in
 * test/fixtures/import/ are exports as the app and Excel write them (comma, semicolon with
 * decimal commas, tab, BOM + CRLF) and broken variants whose errors must name row and column.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parseLooseNumber } from '../../lib/okr/numbers';
import { parseOkrForJiraCsv, type OkrCsvOptions, type OkrCsvResult } from '../../lib/import/csv';
import {
  describeIssues,
  validateInterchange,
  type InterchangeFile,
} from '../../lib/okr/interchange';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url), 'utf8');

const Q4 = { name: 'Q4 2026', start: '2026-10-01', end: '2026-12-31' };
const opts = (more: Partial<OkrCsvOptions> = {}): OkrCsvOptions => ({
  today: '2026-11-23',
  defaultCycle: Q4,
  ...more,
});

function ok(r: OkrCsvResult): { data: InterchangeFile; warnings: string[] } {
  if (!r.ok) throw new Error(`expected the CSV to import: ${describeIssues(r.issues, 20)}`);
  return r;
}
function issues(r: OkrCsvResult) {
  if (r.ok) throw new Error('expected the CSV to fail');
  return r.issues;
}
/** `describeIssues`-style lines, which is what a user reads. */
const lines = (r: OkrCsvResult) => issues(r).map((i) => `${i.path}: ${i.message}`);

const HEADER = 'Order,Type,Summary,Period,Owner,Start value,Current value,Target value';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n') + '\n';
/** One objective 1 in Q4 2026 and one key result 1.1 with the given start, current, target. */
const oneKr = (start: string, current: string, target: string) =>
  csv(
    '1,Objective,Grow,Q4 2026,Ana,,,',
    `1.1,Key result,A key result,,Ben,${start},${current},${target}`,
  );

/**
 * Ids are `csv-<cycle start>-<tag>-o<Order>` and `csv-<cycle start>-<tag>-kr<Order>`, <tag> a
 * 7-character base-36 hash of the title of the top-level objective the row belongs to. Tests
 * check the shape and compare tags rather than hard-code hashes (one is pinned in "ids").
 */
const ID = /^csv-(\d{4}-\d{2}-\d{2})-([0-9a-z]{7})-(o|kr)(\d+(?:\.\d+)*)$/;
/** An asymmetric matcher for the id of `kind` at `order` in the cycle starting `start`. */
const idOf = (start: string, kind: 'o' | 'kr', order: string) =>
  expect.stringMatching(
    new RegExp(`^csv-${start}-[0-9a-z]{7}-${kind}${order.replaceAll('.', '\\.')}$`),
  ) as string;
/** The <tag> part of an objective or key result id. */
function tagOf(id: string): string {
  const m = ID.exec(id);
  if (!m) throw new Error(`not a CSV import id: ${id}`);
  return m[2]!;
}

describe('a realistic export (3 objectives, 8 key results, a work item)', () => {
  const { data, warnings } = ok(parseOkrForJiraCsv(fixture('okr-for-jira-export.csv'), opts()));

  it('passes the interchange validation', () => {
    expect(validateInterchange(data)).toEqual({ ok: true, data });
    expect(data.format).toBe('okr-lens');
    expect(data.version).toBe(1);
    expect(data.links).toEqual([]);
    expect(data.tickets).toEqual([]);
  });

  it('creates the Q4 2026 cycle', () => {
    expect(data.cycles).toEqual([{ id: 'q-2026-10-01', ...Q4 }]);
  });

  it('imports the objectives with owner, teams and a multi-line quoted description', () => {
    expect(data.objectives).toEqual([
      {
        id: idOf('2026-10-01', 'o', '1'),
        cycleId: 'q-2026-10-01',
        title: 'Accelerate Product Innovation',
        description:
          'Ship what moves engagement, not just features.\nReviewed weekly in the product sync.',
        owner: 'Product',
        team: 'Platform, Web',
      },
      {
        id: idOf('2026-10-01', 'o', '2'),
        cycleId: 'q-2026-10-01',
        title: 'Maximize Product-Led Growth',
        owner: 'Growth',
        team: 'Growth',
      },
      {
        id: idOf('2026-10-01', 'o', '3'),
        cycleId: 'q-2026-10-01',
        title: 'Optimize Operational Excellence',
        owner: 'Engineering',
        team: 'Platform, SRE',
      },
    ]);
    // Three top-level objectives with different titles: three different tags.
    expect(new Set(data.objectives.map((o) => tagOf(o.id))).size).toBe(3);
  });

  it('imports 8 key results with codes, kinds, units and owners', () => {
    expect(
      data.keyResults.map((k) => [k.code, k.kind, k.start, k.target, k.current, k.unit, k.owner]),
    ).toEqual([
      ['KR1.1', 'increase', 0, 40, 12, '%', 'Ana Costa'],
      ['KR1.2', 'decrease', 30, 24, 27, undefined, 'Ben Ito'],
      ['KR1.3', 'increase', 6.5, 8, 7.1, undefined, 'Ana Costa'],
      ['KR2.1', 'increase', 120_000, 170_000, 131_500, undefined, 'Chloe Park'],
      ['KR2.2', 'increase', 32, 50, undefined, undefined, 'Chloe Park'],
      ['KR2.3', 'milestone', undefined, undefined, undefined, undefined, 'Dev Rao'],
      ['KR3.1', 'decrease', 40, 20, 34, undefined, 'Eli Novak'],
      ['KR3.2', 'decrease', 4.2, 3.5, 3.9, '$', 'Eli Novak'],
    ]);
    expect(data.keyResults[0]).toEqual({
      id: idOf('2026-10-01', 'kr', '1.1'),
      objectiveId: data.objectives[0]!.id,
      code: 'KR1.1',
      title: 'Increase user engagement by 40 %',
      kind: 'increase',
      start: 0,
      target: 40,
      current: 12,
      unit: '%',
      owner: 'Ana Costa',
      weight: 1,
    });
    expect(data.keyResults[2]!.weight).toBe(2);
    expect(data.keyResults[3]!.title).toBe('Grow monthly active users from 120,000 to 170,000');
    // Every key result carries the tag of its objective, and its id is unique.
    for (const kr of data.keyResults) {
      const objective = data.objectives.find((o) => o.id === kr.objectiveId)!;
      expect(kr.id).toBe(`${objective.id.replace(/-o\d+$/, '')}-kr${kr.code.slice(2)}`);
    }
    expect(new Set(data.keyResults.map((k) => k.id)).size).toBe(8);
  });

  it('makes a check-in dated today for every current value that moved from the start', () => {
    expect(data.checkIns).toHaveLength(6);
    const kr11 = data.keyResults.find((k) => k.code === 'KR1.1')!;
    expect(data.checkIns[0]).toEqual({
      id: `${kr11.id}-2026-11-23`,
      keyResultId: kr11.id,
      at: '2026-11-23',
      value: 12,
    });
    // Check-in ids derive from their key result's id.
    for (const c of data.checkIns) expect(c.id).toBe(`${c.keyResultId}-2026-11-23`);
    const withCheckIn = new Set(
      data.checkIns.map((c) => data.keyResults.find((k) => k.id === c.keyResultId)!.code),
    );
    // KR2.2 is still at its start (32), KR2.3 has no values: no data yet, not a fake zero.
    expect(withCheckIn.has('KR2.2')).toBe(false);
    expect(withCheckIn.has('KR2.3')).toBe(false);
  });

  it('warns about the skipped work item and the key result description', () => {
    expect(warnings).toEqual([
      'skipped 1 work item (row 13): link tickets from the tracker pages',
      'descriptions of key results are not imported (row 4)',
    ]);
  });

  it('gives the same ids on a second import (idempotent), check-ins dated by day', () => {
    const again = ok(parseOkrForJiraCsv(fixture('okr-for-jira-export.csv'), opts())).data;
    expect(again).toEqual(data);
    const nextWeek = ok(
      parseOkrForJiraCsv(fixture('okr-for-jira-export.csv'), opts({ today: '2026-11-30' })),
    ).data;
    expect(nextWeek.objectives).toEqual(data.objectives);
    expect(nextWeek.keyResults).toEqual(data.keyResults);
    expect(nextWeek.checkIns[0]!.id).toBe(`${data.keyResults[0]!.id}-2026-11-30`);
  });

  it("reads the same data from Excel's UTF-8 BOM + CRLF variant", () => {
    const bom = fixture('okr-for-jira-export-bom-crlf.csv');
    expect(bom.charCodeAt(0)).toBe(0xfeff);
    expect(bom).toContain('\r\n');
    const r = ok(parseOkrForJiraCsv(bom, opts()));
    expect(r.data.keyResults).toEqual(data.keyResults);
    expect(r.data.checkIns).toEqual(data.checkIns);
    // CRLF inside the quoted description stays a line break.
    expect(r.data.objectives[0]!.description).toContain('features.\r\nReviewed');
  });
});

describe('other delimiters', () => {
  it('reads a semicolon export with decimal commas and mixed period spellings', () => {
    const { data, warnings } = ok(
      parseOkrForJiraCsv(fixture('okr-for-jira-semicolon.csv'), opts()),
    );
    expect(warnings).toEqual([]);
    // "2026 Q4", "Q4/26", "Q4-2026", a blank period and a date range: one cycle.
    expect(data.cycles).toEqual([{ id: 'q-2026-10-01', ...Q4 }]);
    expect(data.objectives.map((o) => [o.title, o.description, o.team])).toEqual([
      ['Kundenbindung stärken; Churn senken', 'Quartalsziel; mit dem Vertrieb abgestimmt', 'Nord'],
      ['Onboarding beschleunigen', undefined, 'Süd'],
    ]);
    expect(
      data.keyResults.map((k) => [k.code, k.kind, k.start, k.current, k.target, k.unit]),
    ).toEqual([
      ['KR1.1', 'decrease', 4.5, 4.1, 3, '%'],
      ['KR1.2', 'increase', 30, 33, 45, undefined],
      ['KR2.1', 'decrease', 14, 12, 7, 'Tage'],
      ['KR2.2', 'increase', 1200.5, 1250, 1500, '€'],
    ]);
  });

  it('reads a tab-separated export', () => {
    const { data } = ok(parseOkrForJiraCsv(fixture('okr-for-jira-tab.tsv'), opts()));
    expect(data.cycles).toEqual([
      { id: 'q-2027-01-01', name: 'Q1 2027', start: '2027-01-01', end: '2027-03-31' },
    ]);
    expect(data.objectives[0]!.title).toBe('Grow revenue, carefully');
    expect(data.keyResults.map((k) => [k.start, k.current, k.target, k.unit])).toEqual([
      [0, 120_000, 500_000, '$'],
      [20, undefined, 30, '%'],
    ]);
  });

  it('honours Excel\'s "sep=;" first line and counts it as a row', () => {
    const text =
      'sep=;\n' + HEADER.replaceAll(',', ';') + '\n1;Objective;Grow;;;;;\n1.1;KR;X;;;0;1;x\n';
    expect(lines(parseOkrForJiraCsv(text, opts()))).toEqual([
      'row 4 (Order 1.1), Target value: "x" is not a number',
    ]);
  });
});

describe('cycles', () => {
  const existing = [
    { id: 'cyc-autumn', name: 'Autumn 2026', start: '2026-10-01', end: '2026-12-31' },
    { id: 'cyc-q1', name: 'Q1 2027', start: '2027-01-01', end: '2027-03-31' },
  ];

  it('uses the default cycle for a blank period', () => {
    const { data } = ok(parseOkrForJiraCsv(csv('1,Objective,Grow,,Ana,,,'), opts()));
    expect(data.cycles).toEqual([{ id: 'q-2026-10-01', ...Q4 }]);
    expect(data.objectives[0]!.cycleId).toBe('q-2026-10-01');
  });

  it('puts objectives in an existing cycle with the same name, spelled any way', () => {
    const mine = { id: 'cyc-7', name: 'q4 2026', start: '2026-10-01', end: '2026-12-31' };
    const { data } = ok(
      parseOkrForJiraCsv(csv('1,Objective,Grow,2026-Q4,Ana,,,'), opts({ existingCycles: [mine] })),
    );
    // The existing cycle is carried as it is, so the file validates on its own.
    expect(data.cycles).toEqual([mine]);
    expect(data.objectives[0]!.cycleId).toBe('cyc-7');
    expect(data.objectives[0]!.id).toEqual(idOf('2026-10-01', 'o', '1'));
  });

  it("prefers the user's own Q4 by name even when its dates are fiscal", () => {
    const fiscal = { id: 'fy-q4', name: 'Q4 2026', start: '2026-09-01', end: '2026-11-30' };
    const { data } = ok(
      parseOkrForJiraCsv(
        csv('1,Objective,Grow,Q4 2026,Ana,,,'),
        opts({ existingCycles: [fiscal] }),
      ),
    );
    expect(data.cycles).toEqual([fiscal]);
    expect(data.objectives[0]!.id).toEqual(idOf('2026-09-01', 'o', '1'));
  });

  it('else finds an existing cycle with the same dates', () => {
    const { data } = ok(
      parseOkrForJiraCsv(
        csv('1,Objective,A,Q4 2026,,,,', '2,Objective,B,2026-10-01 - 2026-12-31,,,,'),
        opts({ existingCycles: existing }),
      ),
    );
    expect(data.cycles).toEqual([existing[0]]);
    expect(data.objectives.map((o) => o.cycleId)).toEqual(['cyc-autumn', 'cyc-autumn']);
  });

  it('matches a date range by dates only, never by a name', () => {
    const fiscal = { id: 'fy-q4', name: 'Q4 2026', start: '2026-09-01', end: '2026-11-30' };
    const { data } = ok(
      parseOkrForJiraCsv(
        csv('1,Objective,A,2026-10-01 - 2026-12-31,,,,'),
        opts({ existingCycles: [fiscal] }),
      ),
    );
    // A new cycle, named by its dates: the user's "Q4 2026" keeps its name to itself.
    expect(data.cycles).toEqual([
      {
        id: 'q-2026-10-01',
        name: '2026-10-01 – 2026-12-31',
        start: '2026-10-01',
        end: '2026-12-31',
      },
    ]);
  });

  it('creates q-<start> for a quarter and c-<start>-<end> otherwise, avoiding taken ids', () => {
    const taken = { id: 'q-2027-04-01', name: 'Spring', start: '2027-03-15', end: '2027-06-15' };
    const { data } = ok(
      parseOkrForJiraCsv(
        csv(
          '1,Objective,A,Q2 2027,,,,',
          '2,Objective,B,H2 2027,,,,',
          '3,Objective,C,Y2028,,,,',
          '4,Objective,D,2027-01-15 – 2027-02-28,,,,',
        ),
        opts({ existingCycles: [taken] }),
      ),
    );
    expect(data.cycles).toEqual([
      { id: 'q-2027-04-01-2', name: 'Q2 2027', start: '2027-04-01', end: '2027-06-30' },
      { id: 'c-2027-07-01-2027-12-31', name: 'H2 2027', start: '2027-07-01', end: '2027-12-31' },
      { id: 'c-2028-01-01-2028-12-31', name: '2028', start: '2028-01-01', end: '2028-12-31' },
      {
        id: 'c-2027-01-15-2027-02-28',
        name: '2027-01-15 – 2027-02-28',
        start: '2027-01-15',
        end: '2027-02-28',
      },
    ]);
  });

  it('carries only the cycles the objectives use', () => {
    const { data } = ok(
      parseOkrForJiraCsv(csv('1,Objective,A,Q1 2027,,,,'), opts({ existingCycles: existing })),
    );
    expect(data.cycles).toEqual([existing[1]]);
  });
});

describe('hierarchy', () => {
  it("reads the app's own sample: sub-objectives, a 3-level KR, periods like Q3 Y2025", () => {
    const { data, warnings } = ok(parseOkrForJiraCsv(fixture('appfire-sample.csv'), opts()));
    expect(data.objectives.map((o) => [o.id, o.cycleId, o.parentId])).toEqual([
      [idOf('2026-10-01', 'o', '1'), 'q-2026-10-01', undefined],
      [idOf('2025-07-01', 'o', '1.1'), 'q-2025-07-01', undefined],
      [idOf('2025-07-01', 'o', '1.2'), 'q-2025-07-01', undefined],
    ]);
    // The KR's own period (Y2025) is ignored: it lives in its objective's cycle.
    expect(data.keyResults).toEqual([
      {
        id: idOf('2025-07-01', 'kr', '1.2.1'),
        objectiveId: data.objectives[2]!.id,
        code: 'KR1.2.1',
        title: 'Increase sales from referrals',
        kind: 'increase',
        start: 0,
        target: 15,
        owner: 'Andreas Coppola',
        weight: 1,
      },
    ]);
    expect(warnings).toEqual([
      "row 3 (Order 1.1): its period (Q3 2025) differs from objective 1's (Q4 2026), so it is imported without that parent",
      "row 4 (Order 1.2): its period (Q3 2025) differs from objective 1's (Q4 2026), so it is imported without that parent",
    ]);
    // Unlinked for the cycle, they still belong to objective 1: its tag, on the KR too.
    const tag = tagOf(data.objectives[0]!.id);
    expect([...data.objectives, ...data.keyResults].map((x) => tagOf(x.id))).toEqual([
      tag,
      tag,
      tag,
      tag,
    ]);
  });

  it('links a sub-objective to its parent in the same cycle, inheriting a blank period', () => {
    const { data } = ok(
      parseOkrForJiraCsv(
        csv('1,Objective,Company,Q1 2027,,,,', '1.1,Objective,Team,,,,,', '1.1.1,KR,Ship,,,,,'),
        opts(),
      ),
    );
    const [top, sub] = data.objectives;
    expect(data.objectives.map((o) => [o.id, o.cycleId, o.parentId])).toEqual([
      [idOf('2027-01-01', 'o', '1'), 'q-2027-01-01', undefined],
      [idOf('2027-01-01', 'o', '1.1'), 'q-2027-01-01', top!.id],
    ]);
    expect(tagOf(sub!.id)).toBe(tagOf(top!.id));
    expect(data.keyResults[0]!.objectiveId).toBe(sub!.id);
  });

  it('keeps a sub-objective whose parent is missing as a top-level objective, with a warning', () => {
    const r = ok(parseOkrForJiraCsv(csv('2.1,Objective,Orphan,,,,,'), opts()));
    expect(r.data.objectives[0]!.parentId).toBeUndefined();
    expect(r.warnings).toEqual([
      'row 2 (Order 2.1): no objective 2 above it, so it is a top-level objective',
    ]);
    // Top-level, so tagged by its own title.
    const alone = ok(parseOkrForJiraCsv(csv('2,Objective,Orphan,,,,,'), opts())).data;
    expect(tagOf(r.data.objectives[0]!.id)).toBe(tagOf(alone.objectives[0]!.id));
  });

  it('normalizes Order: leading zeros and a trailing dot', () => {
    const { data } = ok(parseOkrForJiraCsv(csv('01.,Objective,A,,,,,', '1.01,KR,B,,,,,'), opts()));
    expect(data.keyResults[0]!.code).toBe('KR1.1');
  });
});

describe('ids', () => {
  /** Two teams' exports for the same quarter, numbered alike. */
  const teamExport = (top: string, sub: string) =>
    csv(
      `1,Objective,${top},Q4 2026,,,,`,
      '1.1,Key result,First,,,0,5,10',
      `1.2,Objective,${sub},,,,,`,
      '1.2.1,Key result,Second,,,0,1,4',
    );
  const ids = (d: InterchangeFile) => [
    ...d.objectives.map((o) => o.id),
    ...d.keyResults.map((k) => k.id),
    ...d.checkIns.map((c) => c.id!),
  ];

  it('keeps two exports for the same quarter with the same Orders apart', () => {
    const a = ok(parseOkrForJiraCsv(teamExport('Grow revenue', 'Sales pipeline'), opts())).data;
    const b = ok(parseOkrForJiraCsv(teamExport('Cut costs', 'Cloud spend'), opts())).data;
    // Same cycle, same Orders and codes…
    expect(b.cycles).toEqual(a.cycles);
    expect(b.keyResults.map((k) => k.code)).toEqual(a.keyResults.map((k) => k.code));
    // …but no id in common, so neither import overwrites the other.
    expect(ids(a)).toHaveLength(6);
    expect(ids(b).filter((id) => ids(a).includes(id))).toEqual([]);
    expect(tagOf(a.objectives[0]!.id)).not.toBe(tagOf(b.objectives[0]!.id));
    // Side by side, the only clash is a loud one: the same KR codes in one cycle.
    const both = validateInterchange({
      ...a,
      objectives: [...a.objectives, ...b.objectives],
      keyResults: [...a.keyResults, ...b.keyResults],
      checkIns: [...a.checkIns, ...b.checkIns],
    });
    expect(both.ok ? [] : both.issues.map((i) => i.path)).toEqual([
      'keyResults[2].code',
      'keyResults[3].code',
    ]);
  });

  it.each([
    ['case', 'GROW REVENUE'],
    ['spaces around and inside', '  Grow    revenue  '],
    ['a line break', '"Grow\n  revenue"'],
  ])('gives the same ids when the top-level title changes only in %s', (_name, variant) => {
    const before = ok(parseOkrForJiraCsv(teamExport('Grow revenue', 'Sales'), opts())).data;
    const after = ok(parseOkrForJiraCsv(teamExport(variant, 'Sales'), opts())).data;
    expect(ids(after)).toEqual(ids(before));
    expect(after.objectives.map((o) => o.parentId)).toEqual(
      before.objectives.map((o) => o.parentId),
    );
    expect(after.keyResults.map((k) => k.objectiveId)).toEqual(
      before.keyResults.map((k) => k.objectiveId),
    );
  });

  it('gives new ids when the top-level objective is really renamed (a second copy)', () => {
    const before = ok(parseOkrForJiraCsv(teamExport('Grow revenue', 'Sales'), opts())).data;
    const after = ok(parseOkrForJiraCsv(teamExport('Grow revenues', 'Sales'), opts())).data;
    expect(ids(after).filter((id) => ids(before).includes(id))).toEqual([]);
  });

  it("tags a key result under a sub-objective with the top-level objective's title", () => {
    const text = (sub: string, subSub: string) =>
      csv(
        '1,Objective,Company,Q1 2027,,,,',
        `1.1,Objective,${sub},,,,,`,
        '1.1.1,Key result,Ship,,,0,1,3',
        `1.1.2,Objective,${subSub},,,,,`,
        '1.1.2.1,Key result,Hire,,,,,',
      );
    const { data } = ok(parseOkrForJiraCsv(text('Team', 'Squad'), opts()));
    const tag = tagOf(data.objectives[0]!.id);
    expect(data.objectives.map((o) => [o.id, o.parentId])).toEqual([
      [idOf('2027-01-01', 'o', '1'), undefined],
      [idOf('2027-01-01', 'o', '1.1'), data.objectives[0]!.id],
      [idOf('2027-01-01', 'o', '1.1.2'), data.objectives[1]!.id],
    ]);
    expect(data.keyResults.map((k) => [k.id, k.objectiveId])).toEqual([
      [idOf('2027-01-01', 'kr', '1.1.1'), data.objectives[1]!.id],
      [idOf('2027-01-01', 'kr', '1.1.2.1'), data.objectives[2]!.id],
    ]);
    for (const x of [...data.objectives, ...data.keyResults]) expect(tagOf(x.id)).toBe(tag);
    expect(data.checkIns[0]!.id).toBe(`${data.keyResults[0]!.id}-2026-11-23`);
    // Not the sub-objectives' titles: renaming them keeps every id.
    const renamed = ok(parseOkrForJiraCsv(text('Another team', 'Another squad'), opts())).data;
    expect(ids(renamed)).toEqual(ids(data));
  });

  it('keeps the tag of a title stable across versions (ids of earlier imports)', () => {
    // Pinned once on purpose: changing the hash would duplicate every re-imported objective.
    const { data } = ok(parseOkrForJiraCsv(csv('1,Objective,Company,Q1 2027,,,,'), opts()));
    expect(data.objectives[0]!.id).toBe('csv-2027-01-01-1b9xwos-o1');
  });
});

describe('kinds', () => {
  it.each([
    ['blank start and target', '', '', '', 'milestone', undefined, undefined],
    ['start 0 and target 1', '0', '1', '1', 'milestone', 0, 1],
    ['target above start', '10', '12', '20', 'increase', 10, 20],
    ['target below start', '40', '30', '20', 'decrease', 40, 20],
    ['a target without a start (counts from 0)', '', '3', '8', 'increase', 0, 8],
    ['a negative target without a start', '', '', '-5', 'decrease', 0, -5],
  ])('%s', (_name, start, current, target, kind, s, t) => {
    const { data } = ok(parseOkrForJiraCsv(oneKr(start, current, target), opts()));
    const kr = data.keyResults[0]!;
    expect([kr.kind, kr.start, kr.target]).toEqual([kind, s, t]);
  });

  it('imports target = start as "maintain at least", with a warning', () => {
    const r = ok(parseOkrForJiraCsv(oneKr('90%', '92%', '90%'), opts()));
    expect(r.data.keyResults[0]).toMatchObject({
      kind: 'maintain',
      direction: 'atLeast',
      start: 90,
      target: 90,
      current: 92,
      unit: '%',
    });
    expect(r.warnings).toEqual([
      'row 3 (Order 1.1): start and target are both 90, so it is imported as "keep at least 90" (change it to "at most" if lower is better)',
    ]);
  });

  it('warns when a start value is missing', () => {
    expect(ok(parseOkrForJiraCsv(oneKr('', '', '8'), opts())).warnings).toEqual([
      'row 3 (Order 1.1): no start value, so it counts from 0',
    ]);
  });

  it('makes a milestone check-in when the current value says done', () => {
    const { data } = ok(parseOkrForJiraCsv(oneKr('', '1', ''), opts()));
    expect(data.checkIns.map((c) => c.value)).toEqual([1]);
    expect(ok(parseOkrForJiraCsv(oneKr('', '0', ''), opts())).data.checkIns).toEqual([]);
  });

  it("warns when the values carry different units and uses the target's", () => {
    const r = ok(parseOkrForJiraCsv(oneKr('$10', '12', '20%'), opts()));
    expect(r.data.keyResults[0]!.unit).toBe('%');
    expect(r.warnings).toEqual([
      'row 3 (Order 1.1): the values have different units ("%", "$"); using "%"',
    ]);
  });
});

describe('broken files', () => {
  it('names the row and column of every problem, in row order', () => {
    expect(lines(parseOkrForJiraCsv(fixture('broken-values.csv'), opts()))).toEqual([
      'row 4 (Order 1.2), Target value: "abc" is not a number',
      'row 5: key result 3.1 has no objective 3 above it',
      'row 6 (Order 2), Period: "Sprint 5" is not a period like Q4 2026 or 2026-10-01 - 2026-12-31',
      // row 7 (2.1) is under the broken objective 2: not reported twice.
      'row 8 (Order 1.1), Order: already used in row 3',
      'row 9 (Order 4), Type: "Epic" is not Objective or Key result',
      'row 10 (Order 1.3), Summary: empty',
      'row 11 (Order 1.4), Target value: empty, but the start value is 5: a key result needs a target',
    ]);
  });

  it('names a missing column', () => {
    expect(issues(parseOkrForJiraCsv(fixture('broken-missing-column.csv'), opts()))).toEqual([
      { path: '(file)', message: 'missing column "Summary"' },
    ]);
  });

  it('names every missing column and hints at the delimiter when the header is one cell', () => {
    expect(lines(parseOkrForJiraCsv('Order:Type:Summary\n1:Objective:A\n', opts()))).toEqual([
      '(file): missing column "Order"',
      '(file): missing column "Type"',
      '(file): missing column "Summary"',
      '(file): the header has a single column: is the file comma, semicolon or tab separated?',
    ]);
  });

  it('reports an unclosed quote at the row where it starts', () => {
    expect(lines(parseOkrForJiraCsv(fixture('broken-quotes.csv'), opts()))).toEqual([
      'row 3: a quoted field is not closed or has text after its closing quote (check the " marks)',
    ]);
  });

  it.each([
    ['an empty file', fixture('empty.csv')],
    ['whitespace', ' \n\r\n\t'],
    ['a byte order mark alone', '\uFEFF'],
  ])('says the file is empty for %s', (_name, text) => {
    expect(issues(parseOkrForJiraCsv(text, opts()))).toEqual([
      { path: '(file)', message: 'the file is empty' },
    ]);
  });

  it('says a header without rows has nothing to import', () => {
    expect(issues(parseOkrForJiraCsv(fixture('header-only.csv'), opts()))).toEqual([
      { path: '(file)', message: 'no objectives or key results below the header' },
    ]);
  });

  it('recognizes an OKR Lens JSON file given by mistake', () => {
    expect(lines(parseOkrForJiraCsv('{"format":"okr-lens","version":1}', opts()))).toEqual([
      '(file): this looks like JSON, not CSV: import it as an OKR Lens file',
    ]);
  });

  it('refuses a row with more fields than the header (an unquoted comma)', () => {
    expect(
      lines(parseOkrForJiraCsv(csv('1,Objective,Grow, then grow more,Q4 2026,Ana,,,'), opts())),
    ).toEqual(['row 2: 9 fields but the header has 8: quote fields that contain ","']);
  });

  it('refuses extra fields even when blank: the columns may have shifted', () => {
    expect(lines(parseOkrForJiraCsv(csv('1,Objective,Grow,,,,,,'), opts()))).toEqual([
      'row 2: 9 fields but the header has 8: quote fields that contain ","',
    ]);
  });

  it('tolerates rows with missing trailing fields', () => {
    const { data } = ok(
      parseOkrForJiraCsv(csv('1,Objective,Grow', '1.1,KR,Users,,,1,2,3'), opts()),
    );
    expect(data.keyResults[0]!.target).toBe(3);
  });

  it('counts rows like a spreadsheet: quoted line breaks do not count, blank rows do', () => {
    const text = csv(
      '1,Objective,"Grow,\nacross lines",,,,,',
      '',
      ',,,,,,,',
      '1.1,Key result,Users,,,0,1,lots',
    );
    expect(lines(parseOkrForJiraCsv(text, opts()))).toEqual([
      'row 5 (Order 1.1), Target value: "lots" is not a number',
    ]);
    expect(lines(parseOkrForJiraCsv('\n\n' + text, opts()))).toEqual([
      'row 7 (Order 1.1), Target value: "lots" is not a number',
    ]);
  });

  it.each([
    [
      'a key result without a dot',
      '1,Objective,A,,,,,\n2,KR,B,,,,,',
      'row 3: key result 2 has no objective above it (its Order needs a dot, like 2.1)',
    ],
    [
      'a key result under a key result',
      '1,Objective,A,,,,,\n1.1,KR,B,,,,,\n1.1.1,KR,C,,,,,',
      'row 4: key result 1.1.1 has no objective 1.1 above it (1.1 is a key result)',
    ],
    [
      'a key result above its objective',
      '1.1,KR,B,,,,,\n1,Objective,A,,,,,',
      'row 2: key result 1.1 has no objective 1 above it',
    ],
    [
      'an Order that is not a number',
      '1a,Objective,A,,,,,',
      'row 2 (Order 1a), Order: "1a" is not like 1 or 1.2',
    ],
    ['an empty Order', ',Objective,A,,,,,', 'row 2, Order: empty'],
    [
      'an Order too deep to be a code',
      '1.1.1.1.1.1.1,Objective,A,,,,,',
      'row 2 (Order 1.1.1.1.1.1.1), Order: "1.1.1.1.1.1.1" is not like 1 or 1.2',
    ],
    ['an empty Type', '1,,A,,,,,', 'row 2 (Order 1), Type: empty'],
    [
      'an unknown period',
      '1,Objective,A,Q5 2026,,,,',
      'row 2 (Order 1), Period: "Q5 2026" is not a period like Q4 2026 or 2026-10-01 - 2026-12-31',
    ],
    [
      'a range that ends before it starts',
      '1,Objective,A,2026-12-31 - 2026-10-01,,,,',
      'row 2 (Order 1), Period: "2026-12-31 - 2026-10-01" is not a period like Q4 2026 or 2026-10-01 - 2026-12-31',
    ],
    [
      'a start value that is text',
      '1,Objective,A,,,,,\n1.1,KR,B,,,ten,,20',
      'row 3 (Order 1.1), Start value: "ten" is not a number',
    ],
    [
      'a current value that is text',
      '1,Objective,A,,,,,\n1.1,KR,B,,,0,n/a,20',
      'row 3 (Order 1.1), Current value: "n/a" is not a number',
    ],
    [
      'a target of 0 without a start',
      '1,Objective,A,,,,,\n1.1,KR,B,,,,,0',
      'row 3 (Order 1.1), Start value: empty, and the target is 0: give the value to start from',
    ],
  ])('reports %s', (_name, rows, line) => {
    expect(lines(parseOkrForJiraCsv(csv(rows), opts()))).toEqual([line]);
  });

  it('maps validation issues of the built file back to row and column', () => {
    const long = 'x'.repeat(501);
    expect(
      lines(parseOkrForJiraCsv(csv(`1,Objective,${long},,,,,`, `1.1,KR,${long},,,,,`), opts())),
    ).toEqual([
      'row 2 (Order 1), Summary: at most 500 characters',
      'row 3 (Order 1.1), Summary: at most 500 characters',
    ]);
  });

  it('refuses a negative weight', () => {
    const text = 'Order,Type,Summary,Weight\n1,Objective,A,\n1.1,KR,B,-1\n';
    expect(lines(parseOkrForJiraCsv(text, opts()))).toEqual([
      'row 3 (Order 1.1), Weight: must be zero or more',
    ]);
  });

  it('refuses bad options', () => {
    expect(
      issues(parseOkrForJiraCsv(csv('1,Objective,A,,,,,'), opts({ today: '2026-02-30' })))[0]!.path,
    ).toBe('today');
    expect(
      issues(
        parseOkrForJiraCsv(
          csv('1,Objective,A,,,,,'),
          opts({ defaultCycle: { name: 'Q4', start: '2026-12-31', end: '2026-10-01' } }),
        ),
      )[0]!.path,
    ).toBe('defaultCycle');
  });
});

describe('headers and types', () => {
  it("matches headers ignoring case, spacing and the template's required-field asterisks", () => {
    const text =
      ' ORDER* ,type*,Summary *,period,owner,Start Value,CURRENT VALUE,target  value,Extra\n' +
      '1,objective,A,,Ana,,,,x\n1.1,Key Result,B,,Ben,1,2,3,y\n';
    const r = ok(parseOkrForJiraCsv(text, opts()));
    expect(r.data.keyResults[0]).toMatchObject({ start: 1, current: 2, target: 3, owner: 'Ben' });
    expect(r.warnings).toEqual(['ignored columns: Extra']);
  });

  it.each(['Key result', 'Key Result', 'KEY RESULT', 'KeyResult', 'key-result', 'KR', 'kr'])(
    'reads the type "%s" as a key result',
    (type) => {
      const { data } = ok(
        parseOkrForJiraCsv(csv('1,Objective,A,,,,,', `1.1,${type},B,,,,,`), opts()),
      );
      expect(data.keyResults).toHaveLength(1);
    },
  );

  it('collapses line breaks in titles, keeps them in descriptions', () => {
    const text =
      'Order,Type,Summary,Description\n1,Objective,"Grow\n  the business","Line 1\nLine 2"\n';
    const { data } = ok(parseOkrForJiraCsv(text, opts()));
    expect(data.objectives[0]).toMatchObject({
      title: 'Grow the business',
      description: 'Line 1\nLine 2',
    });
  });
});

describe('parseLooseNumber', () => {
  it.each([
    ['42', false, 42, undefined],
    ['-3.5', false, -3.5, undefined],
    ['\u22123', false, -3, undefined],
    ['1,200', false, 1200, undefined],
    ['1,234,567.89', false, 1_234_567.89, undefined],
    ['1 200', false, 1200, undefined],
    ["1'200", false, 1200, undefined],
    ['1.200.000', false, 1_200_000, undefined],
    ['1,5', false, 1.5, undefined],
    ['0,200', false, 0.2, undefined],
    ['.5', false, 0.5, undefined],
    ['40%', false, 40, '%'],
    ['40 %', false, 40, '%'],
    ['$5', false, 5, '$'],
    ['$ 1,200.50', false, 1200.5, '$'],
    ['-$5', false, -5, '$'],
    ['€1.200,50', false, 1200.5, '€'],
    ['12 ms', false, 12, 'ms'],
    ['170k users', false, 170, 'k users'],
    ['1,200', true, 1.2, undefined],
    ['4,5 %', true, 4.5, '%'],
    ['1.200,50 €', true, 1200.5, '€'],
    ['1,200,000', true, 1_200_000, undefined],
    ['1.2E+06', false, 1_200_000, undefined],
  ])('%j (decimal comma: %s) → %s %s', (raw, decimalComma, value, unit) => {
    expect(parseLooseNumber(raw, decimalComma)).toEqual(
      unit === undefined ? { value } : { value, unit },
    );
  });

  it.each(['', '  ', '\u00a0'])('reads %j as blank', (raw) => {
    expect(parseLooseNumber(raw)).toBeUndefined();
  });

  it.each(['abc', 'n/a', '1.2.3', '1,2,3', '$5%', '--5', '12-15', '1 2 3', "1'20", '∞', '%'])(
    'refuses %j',
    (raw) => {
      expect(parseLooseNumber(raw)).toEqual({ error: `"${raw}" is not a number` });
    },
  );

  it('reads back any number formatted for en-US, and for de-DE with decimal commas', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 99 }), (i, c) => {
        // Built in hundredths so n is the double nearest the decimal text (4 + 0.56 is not).
        const n = (i * 100 + Math.sign(i || 1) * c) / 100;
        const fmt = { minimumFractionDigits: 2, maximumFractionDigits: 2 };
        expect(parseLooseNumber(n.toLocaleString('en-US', fmt))).toEqual({ value: n });
        expect(parseLooseNumber(n.toLocaleString('de-DE', fmt), true)).toEqual({ value: n });
      }),
    );
  });
});
