import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as store from '@/lib/db';
import { ImportError, UserError } from '@/lib/db';
import type { OkrDb } from '@/lib/db/db';
import { defaultSettings } from '@/lib/okr/model';
import type { KeyResult } from '@/lib/okr/model';
import { sampleOkrs } from '@/lib/okr/samples';
import { TICKET_A, TICKET_B, TICKET_C, closeDbs, freshDb, fullFile } from './helpers/db';
import { linkCount, linkCountOf } from './helpers/links';

const NOW = new Date('2026-11-23T12:00:00.000Z');

let db: OkrDb;
beforeEach(() => {
  db = freshDb();
});
afterEach(closeDbs);

/** The UserError a promise rejects with (fails the test if it resolves). */
async function userError(p: Promise<unknown>): Promise<UserError> {
  const e: unknown = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(UserError);
  return e as UserError;
}

async function seedCycle(id = 'c1', start = '2026-10-01', end = '2026-12-31') {
  return store.upsertCycle(db, { id, name: `Cycle ${id}`, start, end });
}

async function seedKr(over: Partial<KeyResult> & { id: string; objectiveId: string }) {
  return store.upsertKeyResult(
    db,
    { code: over.id.toUpperCase(), title: `KR ${over.id}`, kind: 'increase', target: 10, ...over },
    NOW,
  );
}

describe('settings', () => {
  it('starts from the defaults and merges saved fields', async () => {
    expect(await store.getSettings(db)).toEqual(defaultSettings);
    const saved = await store.saveSettings(db, { staleDays: 7 });
    expect(saved).toEqual({ ...defaultSettings, staleDays: 7 });
    expect(await store.getSettings(db)).toEqual(saved);
  });

  it('refuses an at-risk gap below the on-track gap, naming the field', async () => {
    const e = await userError(store.saveSettings(db, { onTrackGap: 0.3, atRiskGap: 0.2 }));
    expect(e.field).toBe('atRiskGap');
    expect(await store.getSettings(db)).toEqual(defaultSettings);
  });

  it('refuses values outside the schema, naming the field', async () => {
    const e = await userError(store.saveSettings(db, { staleDays: 0 }));
    expect(e.field).toBe('staleDays');
  });

  it('falls back per field when a stored value is no longer valid', async () => {
    await db.settings.put({
      key: 'settings',
      value: { ...defaultSettings, staleDays: -3, onTrackGap: 0.1 },
    });
    expect(await store.getSettings(db)).toEqual({ ...defaultSettings, onTrackGap: 0.1 });
  });
});

describe('cycles and objectives', () => {
  it('generates an id for a new cycle and refuses one that ends before it starts', async () => {
    const c = await store.upsertCycle(db, { name: 'Q1', start: '2027-01-01', end: '2027-03-31' });
    expect(c.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await db.cycles.get(c.id)).toEqual(c);
    const e = await userError(
      store.upsertCycle(db, { name: 'Q', start: '2027-02-01', end: '2027-01-01' }),
    );
    expect(e.field).toBe('end');
  });

  it('validates an objective with the schema and requires its cycle', async () => {
    expect(
      (await userError(store.upsertObjective(db, { cycleId: 'nope', title: 'X' }))).field,
    ).toBe('cycleId');
    await seedCycle();
    expect((await userError(store.upsertObjective(db, { cycleId: 'c1', title: '' }))).field).toBe(
      'title',
    );
  });

  it('requires a parent that exists, is in the same cycle and creates no loop', async () => {
    await seedCycle('c1');
    await seedCycle('c2', '2027-01-01', '2027-03-31');
    await store.upsertObjective(db, { id: 'a', cycleId: 'c1', title: 'A' });
    await store.upsertObjective(db, { id: 'b', cycleId: 'c1', title: 'B', parentId: 'a' });
    await store.upsertObjective(db, { id: 'c', cycleId: 'c1', title: 'C', parentId: 'b' });
    await store.upsertObjective(db, { id: 'x', cycleId: 'c2', title: 'X' });

    const cases = [
      { id: 'a', cycleId: 'c1', title: 'A', parentId: 'missing' },
      { id: 'a', cycleId: 'c1', title: 'A', parentId: 'a' },
      { id: 'a', cycleId: 'c1', title: 'A', parentId: 'c' }, // a → c → b → a
      { id: 'a', cycleId: 'c1', title: 'A', parentId: 'x' }, // other cycle
    ];
    for (const input of cases) {
      const e = await userError(store.upsertObjective(db, input));
      expect(e.field, JSON.stringify(input)).toBe('parentId');
    }
    expect((await db.objectives.get('a'))?.parentId).toBeUndefined();
  });

  it('refuses to move an objective whose KR code is taken in the target cycle', async () => {
    await seedCycle('c1');
    await seedCycle('c2', '2027-01-01', '2027-03-31');
    await store.upsertObjective(db, { id: 'a', cycleId: 'c1', title: 'A' });
    await store.upsertObjective(db, { id: 'x', cycleId: 'c2', title: 'X' });
    await seedKr({ id: 'k1', objectiveId: 'a', code: 'KR1.1' });
    await seedKr({ id: 'k2', objectiveId: 'x', code: 'kr1.1' });
    const e = await userError(store.upsertObjective(db, { id: 'a', cycleId: 'c2', title: 'A' }));
    expect(e.field).toBe('cycleId');
    expect((await db.objectives.get('a'))?.cycleId).toBe('c1');
  });
});

describe('key results', () => {
  beforeEach(async () => {
    await seedCycle('c1');
    await seedCycle('c2', '2027-01-01', '2027-03-31');
    await store.upsertObjective(db, { id: 'o1', cycleId: 'c1', title: 'O1' });
    await store.upsertObjective(db, { id: 'o2', cycleId: 'c1', title: 'O2' });
    await store.upsertObjective(db, { id: 'o3', cycleId: 'c2', title: 'O3' });
  });

  it('keeps codes unique in a cycle, case-insensitively, with the error on field code', async () => {
    await seedKr({ id: 'k1', objectiveId: 'o1', code: 'KR1.1' });
    const e = await userError(seedKr({ id: 'k2', objectiveId: 'o2', code: 'kr1.1' }));
    expect(e.field).toBe('code');
    expect(e.message).toContain('KR k1');
    // The same code in another cycle is fine, and a KR keeps its own code when edited.
    await seedKr({ id: 'k3', objectiveId: 'o3', code: 'KR1.1' });
    await seedKr({ id: 'k1', objectiveId: 'o1', code: 'kr1.1', title: 'Renamed' });
    expect(await db.keyResults.count()).toBe(2);
  });

  it('refuses an unknown objective and an increase KR whose target equals its start', async () => {
    expect((await userError(seedKr({ id: 'k', objectiveId: 'nope' }))).field).toBe('objectiveId');
    expect(
      (await userError(seedKr({ id: 'k', objectiveId: 'o1', start: 5, target: 5 }))).field,
    ).toBe('target');
    expect((await userError(seedKr({ id: 'k', objectiveId: 'o1', code: 'has space' }))).field).toBe(
      'code',
    );
  });

  it('records a check-in when current changes, so history is never overwritten', async () => {
    await seedKr({ id: 'k1', objectiveId: 'o1', current: 2 });
    await seedKr({ id: 'k1', objectiveId: 'o1', current: 5 });
    await seedKr({ id: 'k1', objectiveId: 'o1', current: 5 }); // unchanged: no new check-in
    await seedKr({ id: 'k1', objectiveId: 'o1', title: 'Renamed' }); // no current: kept
    const history = await db.checkIns.where('keyResultId').equals('k1').sortBy('value');
    expect(history.map((c) => [c.value, c.at])).toEqual([
      [2, NOW.toISOString()],
      [5, NOW.toISOString()],
    ]);
    const kr = await db.keyResults.get('k1');
    expect(kr).toMatchObject({ current: 5, title: 'Renamed' });
  });

  it('keeps current equal to the latest check-in through adds and deletes', async () => {
    await seedKr({ id: 'k1', objectiveId: 'o1' });
    const late = await store.addCheckIn(db, { keyResultId: 'k1', value: 7, at: '2026-11-10' });
    await store.addCheckIn(db, {
      keyResultId: 'k1',
      value: 3,
      at: '2026-10-10',
      note: 'backdated',
    });
    expect((await db.keyResults.get('k1'))?.current).toBe(7);
    // Time-ordered ids (ci-<time>-…): a new check-in sorts last in the team file (lib/okr/team-file.ts).
    expect(late.id).toMatch(/^ci-[0-9a-z]+-[0-9a-f]{8}$/);

    await store.deleteCheckIn(db, late.id);
    expect((await db.keyResults.get('k1'))?.current).toBe(3);
    const [rest] = await db.checkIns.toArray();
    expect(await store.deleteCheckIn(db, rest!.id)).toMatchObject({ checkIns: 1 });
    expect(await db.keyResults.get('k1')).not.toHaveProperty('current');
    expect(await store.deleteCheckIn(db, 'gone')).toMatchObject({ checkIns: 0 });
  });

  it('lets the newest reading win a tie on the same day', async () => {
    await seedKr({ id: 'k1', objectiveId: 'o1' });
    for (const value of [4, 9, 6])
      await store.addCheckIn(db, { keyResultId: 'k1', value, at: '2026-11-10' });
    expect((await db.keyResults.get('k1'))?.current).toBe(6);
  });

  it('defaults a check-in to now and refuses one for an unknown KR', async () => {
    await seedKr({ id: 'k1', objectiveId: 'o1' });
    const c = await store.addCheckIn(db, { keyResultId: 'k1', value: 1 }, NOW);
    expect(c.at).toBe(NOW.toISOString());
    expect((await userError(store.addCheckIn(db, { keyResultId: 'x', value: 1 }))).field).toBe(
      'keyResultId',
    );
  });
});

describe('cascading deletes', () => {
  beforeEach(async () => {
    await store.importFile(db, fullFile());
  });

  it('deleteKeyResult removes its check-ins and links only', async () => {
    expect(await store.deleteKeyResult(db, 'k1')).toEqual({
      cycles: 0,
      objectives: 0,
      keyResults: 1,
      checkIns: 2,
      links: 1,
    });
    expect(await db.checkIns.where('keyResultId').equals('k1').count()).toBe(0);
    expect(await linkCount(db)).toBe(2);
    expect(await db.checkIns.count()).toBe(1);
  });

  it('deleteObjective removes KRs, check-ins and links and detaches sub-objectives', async () => {
    expect(await store.deleteObjective(db, 'o1')).toEqual({
      cycles: 0,
      objectives: 1,
      keyResults: 2,
      checkIns: 2,
      links: 2,
    });
    const child = await db.objectives.get('o2');
    expect(child).toBeDefined();
    expect(child).not.toHaveProperty('parentId');
    expect(await db.keyResults.get('k3')).toBeDefined();
  });

  it('deleteCycle removes everything under it and nothing else', async () => {
    expect(await store.deleteCycle(db, 'c-q4')).toEqual({
      cycles: 1,
      objectives: 2,
      keyResults: 3,
      checkIns: 3,
      links: 3,
    });
    expect(await db.cycles.toCollection().primaryKeys()).toEqual(['c-q3']);
    expect(await db.objectives.toCollection().primaryKeys()).toEqual(['o-old']);
    expect(await db.keyResults.toCollection().primaryKeys()).toEqual(['k-old']);
    expect(await db.checkIns.count()).toBe(0);
    expect(await linkCount(db)).toBe(0);
    expect(await db.tickets.count()).toBe(2); // ticket metadata is not OKR data
  });

  it('a failing write inside the transaction leaves nothing half-deleted', async () => {
    const spy = vi.spyOn(db.keyResults, 'bulkDelete').mockRejectedValueOnce(new Error('disk full'));
    await expect(store.deleteCycle(db, 'c-q4')).rejects.toThrow('disk full');
    spy.mockRestore();
    expect(await db.checkIns.count()).toBe(3);
    expect(await linkCount(db)).toBe(3);
  });
});

describe('import and export', () => {
  it('export(import(x)) equals x for a file using every optional field', async () => {
    const file = fullFile();
    await store.importFile(db, file);
    expect(await store.exportAll(db, new Date(file.exportedAt!))).toEqual(file);
    // Same bytes too: keys in schema order, no undefined values.
    const again = await store.exportAll(db, new Date(file.exportedAt!));
    expect(JSON.stringify(again)).toBe(
      JSON.stringify(await store.exportAll(db, new Date(file.exportedAt!))),
    );
  });

  it('counts added, then unchanged on a second import of the same file', async () => {
    const first = await store.importFile(db, fullFile());
    expect(first).toEqual({
      cycles: { added: 2, updated: 0, unchanged: 0 },
      objectives: { added: 3, updated: 0, unchanged: 0 },
      keyResults: { added: 4, updated: 0, unchanged: 0 },
      checkIns: { added: 3, updated: 0, unchanged: 0 },
      links: { added: 3, updated: 0, unchanged: 0 },
      tickets: { added: 2, updated: 0, unchanged: 0 },
    });
    const before = JSON.stringify(await store.exportAll(db, NOW));
    const second = await store.importFile(db, fullFile());
    for (const count of Object.values(second)) expect(count.added + count.updated).toBe(0);
    expect(second.keyResults.unchanged).toBe(4);
    expect(JSON.stringify(await store.exportAll(db, NOW))).toBe(before);
  });

  it('merges by id: changed records are updated, new ones added, others kept', async () => {
    await store.importFile(db, fullFile());
    const file = fullFile();
    file.keyResults[1]!.title = 'Weekly active signups';
    file.cycles = [{ id: 'c-q1', name: 'Q1 2027', start: '2027-01-01', end: '2027-03-31' }];
    file.objectives = [];
    file.links = [];
    file.tickets = [];
    file.checkIns = [];
    const counts = await store.importFile(db, file);
    expect(counts.cycles).toEqual({ added: 1, updated: 0, unchanged: 0 });
    expect(counts.keyResults).toEqual({ added: 0, updated: 1, unchanged: 3 });
    expect((await db.keyResults.get('k1'))?.title).toBe('Weekly active signups');
    expect(await db.cycles.count()).toBe(3);
  });

  it('check-ins without an id are matched by KR, time and value on a re-import', async () => {
    const file = {
      ...fullFile(),
      checkIns: [{ keyResultId: 'k1', at: '2026-10-20', value: 160 }],
    };
    expect((await store.importFile(db, file)).checkIns.added).toBe(1);
    expect((await store.importFile(db, file)).checkIns).toEqual({
      added: 0,
      updated: 0,
      unchanged: 1,
    });
    expect(await db.checkIns.count()).toBe(1);
  });

  it('a bad file throws ImportError with paths and leaves the export byte-identical', async () => {
    await store.importFile(db, fullFile());
    const before = JSON.stringify(await store.exportAll(db, NOW));
    const bad = fullFile() as unknown as { keyResults: Record<string, unknown>[] };
    bad.keyResults[0]!.title = 'changed';
    bad.keyResults[2]!.target = 'lots';
    const e = await store.importFile(db, bad).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ImportError);
    expect((e as ImportError).issues).toContainEqual(
      expect.objectContaining({ path: 'keyResults[2].target' }),
    );
    expect(JSON.stringify(await store.exportAll(db, NOW))).toBe(before);

    for (const junk of [
      null,
      'text',
      { format: 'other', version: 1 },
      { format: 'okr-lens', version: 2 },
    ])
      await expect(store.importFile(db, junk)).rejects.toBeInstanceOf(ImportError);
    expect(JSON.stringify(await store.exportAll(db, NOW))).toBe(before);
  });

  it('refuses a file whose KR code clashes with a stored KR of the same cycle', async () => {
    await store.importFile(db, fullFile());
    const before = JSON.stringify(await store.exportAll(db, NOW));
    const file = {
      format: 'okr-lens',
      version: 1,
      cycles: [{ id: 'c-new', name: 'New', start: '2027-01-01', end: '2027-03-31' }],
      keyResults: [
        { id: 'k9', objectiveId: 'o2', code: 'kr1.2', title: 'Clash', kind: 'milestone' },
      ],
    };
    const e = (await store.importFile(db, file).catch((err: unknown) => err)) as ImportError;
    expect(e).toBeInstanceOf(ImportError);
    expect(e.issues.map((i) => i.path)).toEqual(['keyResults[0].code']);
    expect(JSON.stringify(await store.exportAll(db, NOW))).toBe(before);
  });

  it('refuses parent loops and cross-cycle parents across stored and imported objectives', async () => {
    await store.importFile(db, fullFile());
    const loop = {
      format: 'okr-lens',
      version: 1,
      objectives: [{ ...fullFile().objectives[1]!, parentId: 'o2' }],
    };
    const e1 = (await store.importFile(db, loop).catch((err: unknown) => err)) as ImportError;
    expect(e1.issues[0]?.path).toBe('objectives[0].parentId');
    const cross = {
      format: 'okr-lens',
      version: 1,
      objectives: [{ id: 'o9', cycleId: 'c-q3', title: 'X', parentId: 'o1' }],
    };
    const e2 = (await store.importFile(db, cross).catch((err: unknown) => err)) as ImportError;
    expect(e2.issues[0]?.path).toBe('objectives[0].parentId');
  });

  it('loads the sample twice without duplicates; clearAll keeps settings', async () => {
    const today = '2026-11-23';
    const first = await store.loadSample(db, today);
    expect(first.keyResults.added).toBe(sampleOkrs(today).keyResults.length);
    const second = await store.loadSample(db, today);
    expect(second.keyResults).toEqual({ added: 0, updated: 0, unchanged: first.keyResults.added });

    await store.saveSettings(db, { staleDays: 3 });
    await store.clearAll(db);
    const state = await store.getState(db);
    expect([
      state.cycles,
      state.objectives,
      state.keyResults,
      state.checkIns,
      state.links,
      state.tickets,
    ]).toEqual([[], [], [], [], [], []]);
    expect(state.settings.staleDays).toBe(3);
  });
});

describe('tickets and links', () => {
  beforeEach(async () => {
    await store.importFile(db, fullFile());
  });

  it('ticketsByKeys answers every key in one batched read and records what it saw', async () => {
    const rowReads = vi.spyOn(db.ticketLinks, 'bulkGet');
    const result = await store.ticketsByKeys(
      db,
      [
        { key: TICKET_A, title: 'Add signup button (renamed)' },
        { key: TICKET_B, state: 'closed', url: 'https://acme.atlassian.net/browse/OPS-7' },
        { key: TICKET_C, title: 'Unlinked' },
      ],
      '2026-11-23T12:00:00.000Z',
      '2026-11-23',
    );
    // One batched read answers; TICKET_B's move into done costs one more, for the KR
    // aggregates of what it serves (lib/db/kr-stats.ts).
    expect(rowReads).toHaveBeenCalledTimes(2);
    rowReads.mockClear();
    await store.ticketsByKeys(db, [{ key: TICKET_B, state: 'closed' }], '2026-11-23T12:01:00.000Z');
    expect(rowReads).toHaveBeenCalledTimes(1); // nothing moved: the answer's read only
    rowReads.mockRestore();

    expect(Object.keys(result).sort()).toEqual([TICKET_A, TICKET_B, TICKET_C].sort());
    expect(result[TICKET_C]).toEqual([]);
    expect(result[TICKET_A]!.map((l) => l.code)).toEqual(['KR1.1', 'KR2.1']);
    const kr11 = result[TICKET_A]![0]!;
    expect(kr11).toMatchObject({
      keyResultId: 'k1',
      title: 'Weekly signups',
      kind: 'increase',
      unit: 'signups',
      objectiveTitle: 'Grow the user base',
      cycleId: 'c-q4',
      source: 'user',
    });
    // 180 of 100 → 300 is 40 %; 2026-11-23 is 53 of 91 days in: expected ≈ 0.58, gap 0.18.
    expect(kr11.evaluation.progress).toBeCloseTo(0.4);
    expect(kr11.evaluation.status).toBe('at-risk');
    expect(kr11.evaluation.lastCheckInAt).toBe('2026-11-01T09:30:00Z');

    const a = await db.tickets.get(TICKET_A);
    expect(a).toEqual({
      key: TICKET_A,
      title: 'Add signup button (renamed)',
      url: 'https://github.com/acme/web/issues/12', // kept: not sent this time
      state: 'open',
      seenAt: '2026-11-23T12:00:00.000Z',
    });
    expect(await db.tickets.get(TICKET_B)).toMatchObject({ state: 'closed' });
    expect(await db.tickets.get(TICKET_C)).toMatchObject({ title: 'Unlinked' });
  });

  it('ticketsByKeys reports when a recorded fact changed, not when a ticket is only seen again', async () => {
    const changes: number[] = [];
    const call = (tickets: Parameters<typeof store.ticketsByKeys>[1], n: number) =>
      store.ticketsByKeys(db, tickets, NOW.toISOString(), '2026-11-23', () => changes.push(n));
    await call([{ key: TICKET_C, title: 'New one' }], 1); // first seen
    await call([{ key: TICKET_C, title: 'New one' }], 2); // same facts
    await call([{ key: TICKET_C }], 3); // nothing said: facts kept
    await call([{ key: TICKET_C, state: 'closed' }], 4); // state
    await call([{ key: TICKET_C, title: 'Renamed' }], 5); // title
    await call([{ key: TICKET_C, url: 'https://linear.app/acme/issue/ENG-3/x' }], 6); // url
    await call([{ key: TICKET_C, url: 'https://linear.app/acme/issue/ENG-3/x' }], 7);
    await call([], 8);
    expect(changes).toEqual([1, 4, 5, 6]);
  });

  it('linkedInScopes answers the linked tickets of a repository or project, and records nothing', async () => {
    await store.link(db, 'github:github.com/acme/web#99', 'k2', 'user', undefined, NOW);
    await store.link(db, 'github:github.com/acme/webapp#5', 'k2', 'user', undefined, NOW);
    const seenBefore = await db.tickets.count();
    const web = await store.linkedInScopes(db, ['github:github.com/acme/web#'], '2026-11-23');
    expect(Object.keys(web).sort()).toEqual(['github:github.com/acme/web#99', TICKET_A].sort());
    expect(web[TICKET_A]!.map((l) => l.code)).toEqual(['KR1.1', 'KR2.1']);
    const ops = await store.linkedInScopes(db, ['jira:acme.atlassian.net/OPS-', 'linear:x/Y-']);
    expect(Object.keys(ops)).toEqual([TICKET_B]);
    expect(await store.linkedInScopes(db, [])).toEqual({});
    expect(await db.tickets.count()).toBe(seenBefore);
  });

  it('evaluates each KR in its own cycle', async () => {
    await store.link(db, TICKET_C, 'k-old', 'user', undefined, NOW);
    const result = await store.ticketsByKeys(
      db,
      [{ key: TICKET_C }],
      NOW.toISOString(),
      '2026-11-23',
    );
    expect(result[TICKET_C]![0]!.evaluation.expected).toBe(1); // Q3 is over
  });

  it('refuses non-canonical ticket keys', async () => {
    const e = await userError(
      store.ticketsByKeys(db, [{ key: 'https://github.com/acme/web/issues/1' }]),
    );
    expect(e.message).toContain('tickets[0].key');
  });

  it('link is idempotent, records the ticket and upgrades a label link confirmed by the user', async () => {
    const first = await store.link(db, TICKET_C, ['k1', 'k2'], 'label', { title: 'Fix' }, NOW);
    expect(first.map((l) => [l.keyResultId, l.source])).toEqual([
      ['k1', 'label'],
      ['k2', 'label'],
    ]);
    const later = new Date('2026-11-24T00:00:00.000Z');
    const again = await store.link(db, TICKET_C, 'k1', 'user', undefined, later);
    expect(again).toEqual([
      { ticket: TICKET_C, keyResultId: 'k1', createdAt: NOW.toISOString(), source: 'user' },
      { ticket: TICKET_C, keyResultId: 'k2', createdAt: NOW.toISOString(), source: 'label' },
    ]);
    await store.link(db, TICKET_C, 'k2', 'label', undefined, later);
    expect(await linkCountOf(db, TICKET_C)).toBe(2);
    expect(await db.tickets.get(TICKET_C)).toEqual({
      key: TICKET_C,
      title: 'Fix',
      seenAt: later.toISOString(),
    });
  });

  it('link refuses unknown KRs and bad keys without writing; unlink removes one link', async () => {
    expect((await userError(store.link(db, TICKET_C, ['k1', 'nope']))).field).toBe('keyResultId');
    expect((await userError(store.link(db, 'github:Acme/Web#1', 'k1'))).field).toBe('ticket');
    expect(await linkCountOf(db, TICKET_C)).toBe(0);
    expect(await db.tickets.get(TICKET_C)).toBeUndefined();

    expect(await store.unlink(db, TICKET_A, 'k1')).toEqual([
      { ticket: TICKET_A, keyResultId: 'k3', source: 'label' },
    ]);
    expect(await store.unlink(db, TICKET_A, 'k1')).toHaveLength(1); // idempotent
  });

  it('searchKeyResults lists active KRs of the current cycle sorted by code', async () => {
    await seedKrInO2('k10', 'KR2.10');
    await seedKrInO2('k4', 'KR2.4');
    await store.upsertKeyResult(db, { ...fullFile().keyResults[2]!, archived: true }, NOW);

    const all = await store.searchKeyResults(db, '', undefined, '2026-11-23');
    expect(all.map((k) => k.code)).toEqual(['KR1.1', 'KR2.1', 'KR2.4', 'KR2.10']);
    expect(all[0]).toEqual({
      id: 'k1',
      code: 'KR1.1',
      title: 'Weekly signups',
      kind: 'increase',
      unit: 'signups',
      objectiveId: 'o1',
      objectiveTitle: 'Grow the user base',
      cycleId: 'c-q4',
    });
    expect(
      (await store.searchKeyResults(db, 'ONBOARD', undefined, '2026-11-23')).map((k) => k.id),
    ).toEqual(['k3', 'k4', 'k10']);
    expect(
      (await store.searchKeyResults(db, 'churn', undefined, '2026-11-23')).map((k) => k.id),
    ).toEqual(['k3']);
    expect((await store.searchKeyResults(db, '', 'c-q3')).map((k) => k.id)).toEqual(['k-old']);
    expect(await store.searchKeyResults(db, '', 'nope')).toEqual([]);
  });

  it('getState returns everything the options page needs', async () => {
    const state = await store.getState(db);
    expect(state.cycles.map((c) => c.id)).toEqual(['c-q3', 'c-q4']);
    expect(state.keyResults).toHaveLength(4);
    expect(state.checkIns).toHaveLength(3);
    expect(state.links).toHaveLength(3);
    expect(state.tickets).toHaveLength(2);
    expect(state.settings).toEqual(defaultSettings);
  });
});

async function seedKrInO2(id: string, code: string) {
  await store.upsertKeyResult(
    db,
    { id, objectiveId: 'o2', code, title: `Onboarding ${code}`, kind: 'milestone' },
    NOW,
  );
}
