/**
 * The interchange file (lib/okr/interchange.ts): what passes, and for each kind of bad file
 * the exact path and a message a person can act on. Importing is all-or-nothing, so the
 * issue list is the whole user-facing story of a failed import.
 */
import fc from 'fast-check';
import {
  describeIssues,
  formatPath,
  parseJsonText,
  validateInterchange,
  type InterchangeFile,
  type InterchangeInput,
  type KnownIds,
  type ValidationIssue,
} from '../../lib/okr/interchange';

/** A complete, valid file touching every record type and optional field. Fresh per call. */
function fullFile(): InterchangeFile {
  return {
    $schema: 'https://okr-lens.dev/okr-lens.schema.json',
    format: 'okr-lens',
    version: 1,
    exportedAt: '2026-11-23T10:15:00.000Z',
    cycles: [
      { id: 'q-2026-10-01', name: 'Q4 2026', start: '2026-10-01', end: '2026-12-31' },
      { id: 'q-2027-01-01', name: 'Q1 2027', start: '2027-01-01', end: '2027-03-31' },
    ],
    objectives: [
      {
        id: 'o1',
        cycleId: 'q-2026-10-01',
        title: 'Accelerate Product Innovation',
        description: 'Ship what moves engagement.',
        owner: 'Product',
        team: 'Platform',
      },
      {
        id: 'o2',
        cycleId: 'q-2026-10-01',
        title: 'Maximize Product-Led Growth',
        parentId: 'o1',
        archived: false,
      },
    ],
    keyResults: [
      {
        id: 'kr1',
        objectiveId: 'o1',
        code: 'KR1.1',
        title: 'Increase user engagement by 40 %',
        kind: 'increase',
        start: 0,
        target: 40,
        current: 12,
        unit: '%',
        owner: 'Ana',
        weight: 2,
      },
      {
        id: 'kr2',
        objectiveId: 'o1',
        code: 'KR1.2',
        title: 'Decrease critical bugs at launch',
        kind: 'decrease',
        start: 40,
        target: 20,
        unit: 'bugs',
      },
      {
        id: 'kr3',
        objectiveId: 'o2',
        code: 'KR2.1',
        title: 'Sprint completion at least 90 %',
        kind: 'maintain',
        target: 90,
        direction: 'atLeast',
        unit: '%',
      },
      {
        id: 'kr4',
        objectiveId: 'o2',
        code: 'KR2.2',
        title: 'Referral program live',
        kind: 'milestone',
        archived: false,
      },
    ],
    checkIns: [
      {
        id: 'c1',
        keyResultId: 'kr1',
        at: '2026-10-08',
        value: 5,
        confidence: 'on-track',
        note: 'first week',
      },
      { keyResultId: 'kr1', at: '2026-10-15T09:00:00+02:00', value: 12, confidence: 7 },
    ],
    links: [
      {
        ticket: 'github:github.com/acme/web#42',
        keyResultId: 'kr1',
        createdAt: '2026-10-02T08:00:00Z',
        source: 'user',
      },
      { ticket: 'jira:acme.atlassian.net/AB2-7', keyResultId: 'kr2', source: 'label' },
      { ticket: 'linear:acme/ENG-12', keyResultId: 'kr3' },
    ],
    tickets: [
      {
        key: 'github:github.com/acme/web#42',
        title: 'Onboarding checklist',
        url: 'https://github.com/acme/web/issues/42',
        state: 'open',
        seenAt: '2026-10-20T12:00:00Z',
      },
      { key: 'jira:acme.atlassian.net/AB2-7' },
    ],
  };
}

/** Issues of a file that must fail. */
function issuesOf(input: unknown, known?: KnownIds): ValidationIssue[] {
  const r = validateInterchange(input, known);
  if (r.ok) throw new Error('expected the file to fail validation');
  return r.issues;
}

const noKnown = (): KnownIds => ({
  cycles: new Set(),
  objectives: new Set(),
  keyResults: new Set(),
});

describe('validateInterchange: files that pass', () => {
  it('accepts a full file and returns it unchanged', () => {
    const r = validateInterchange(fullFile());
    expect(r).toEqual({ ok: true, data: fullFile() });
  });

  it('accepts the same file after a JSON round trip', () => {
    const r = validateInterchange(JSON.parse(JSON.stringify(fullFile())));
    expect(r.ok).toBe(true);
  });

  it('accepts a minimal file and fills every array with []', () => {
    const r = validateInterchange({ format: 'okr-lens', version: 1 });
    expect(r).toEqual({
      ok: true,
      data: {
        format: 'okr-lens',
        version: 1,
        cycles: [],
        objectives: [],
        keyResults: [],
        checkIns: [],
        links: [],
        tickets: [],
      },
    });
  });

  it('accepts a one-day cycle and a leap day', () => {
    const f = fullFile();
    f.cycles[0] = {
      id: 'q-2026-10-01',
      name: 'Launch day',
      start: '2028-02-29',
      end: '2028-02-29',
    };
    expect(validateInterchange(f).ok).toBe(true);
  });

  it('accepts a milestone whose start equals its target (only numeric kinds need a change)', () => {
    const f: InterchangeInput = fullFile();
    f.keyResults![3] = { ...f.keyResults![3]!, start: 0, target: 0 };
    expect(validateInterchange(f).ok).toBe(true);
  });

  it('accepts the same KR code in different cycles', () => {
    const f: InterchangeInput = fullFile();
    f.objectives!.push({ id: 'o3', cycleId: 'q-2027-01-01', title: 'Next quarter' });
    f.keyResults!.push({
      id: 'kr5',
      objectiveId: 'o3',
      code: 'KR1.1',
      title: 'Again',
      kind: 'milestone',
    });
    expect(validateInterchange(f).ok).toBe(true);
  });
});

describe('validateInterchange: the file itself', () => {
  it.each([
    ['not an object', [], '(file)', /expected an OKR Lens file/],
    ['null', null, '(file)', /expected an OKR Lens file/],
    ['a string', 'okr-lens', '(file)', /expected an OKR Lens file/],
  ])('rejects %s', (_name, input, path, message) => {
    const issues = issuesOf(input);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe(path);
    expect(issues[0]!.message).toMatch(message);
  });

  it('rejects a wrong format, asking whether this is an OKR Lens file', () => {
    expect(issuesOf({ ...fullFile(), format: 'okr-tool' })).toEqual([
      { path: 'format', message: 'expected "okr-lens" (is this an OKR Lens file?)' },
    ]);
  });

  it('rejects a missing format', () => {
    const { format: _format, ...rest } = fullFile();
    expect(issuesOf(rest)).toEqual([
      { path: 'format', message: 'missing; an OKR Lens file says "format": "okr-lens"' },
    ]);
  });

  it.each([
    [2, 'version 2 comes from a newer OKR Lens; this build reads version 1'],
    [0, 'unsupported version; this build reads version 1'],
    ['1', 'unsupported version; this build reads version 1'],
    [undefined, 'missing; this build reads version 1'],
  ])('rejects version %j', (version, message) => {
    expect(issuesOf({ ...fullFile(), version })).toEqual([{ path: 'version', message }]);
  });

  it('reports every bad field at once, each with its own path', () => {
    const issues = issuesOf({ format: 'x', version: 3, cycles: {} });
    expect(issues.map((i) => i.path)).toEqual(['format', 'version', 'cycles']);
  });
});

describe('validateInterchange: fields', () => {
  it('names the exact path of a target given as a string', () => {
    const f: Record<string, unknown> = fullFile();
    (f.keyResults as Record<string, unknown>[])[3]!.target = '90';
    const issues = issuesOf(f);
    expect(issues).toEqual([
      { path: 'keyResults[3].target', message: 'Invalid input: expected number, received string' },
    ]);
    expect(describeIssues(issues)).toBe(
      'keyResults[3].target: Invalid input: expected number, received string',
    );
  });

  // JSON.parse can never produce these, but a caller handing us objects can.
  it.each([
    ['NaN', NaN, 'received NaN'],
    ['Infinity', Infinity, 'received Infinity'],
    ['-Infinity', -Infinity, 'received -Infinity'],
    ['a Number object', new Number(5) as unknown as number, 'received Number'],
  ])('rejects %s as a number', (_name, value, received) => {
    const f: Record<string, unknown> = fullFile();
    (f.checkIns as Record<string, unknown>[])[1]!.value = value;
    const issues = issuesOf(f);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe('checkIns[1].value');
    expect(issues[0]!.message).toContain('expected number');
    expect(issues[0]!.message).toContain(received);
  });

  it('rejects unknown fields, naming each key at its own path', () => {
    const f: Record<string, unknown> = { ...fullFile(), extra: true };
    (f.keyResults as Record<string, unknown>[])[1]!.stretch = 60;
    (f.keyResults as Record<string, unknown>[])[1]!.due = '2026-12-01';
    expect(issuesOf(f)).toEqual([
      { path: 'keyResults[1].stretch', message: 'unknown field "stretch"' },
      { path: 'keyResults[1].due', message: 'unknown field "due"' },
      { path: 'extra', message: 'unknown field "extra"' },
    ]);
  });

  it('rejects a missing required field', () => {
    const f: Record<string, unknown> = fullFile();
    delete (f.objectives as Record<string, unknown>[])[0]!.title;
    const issues = issuesOf(f);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe('objectives[0].title');
  });

  it.each([
    ['an empty title', { title: '' }, 'keyResults[0].title', 'a key result needs a title'],
    ['an unknown kind', { kind: 'grow' }, 'keyResults[0].kind', 'Invalid option'],
    ['a code with a space', { code: 'KR 1' }, 'keyResults[0].code', 'letters, digits'],
    ['a negative weight', { weight: -1 }, 'keyResults[0].weight', 'weight must be zero or more'],
    ['a long unit', { unit: 'x'.repeat(41) }, 'keyResults[0].unit', 'at most 40 characters'],
  ])('rejects %s', (_name, patch, path, message) => {
    const f: Record<string, unknown> = fullFile();
    Object.assign((f.keyResults as Record<string, unknown>[])[0]!, patch);
    const issues = issuesOf(f);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe(path);
    expect(issues[0]!.message).toContain(message);
  });
});

describe('validateInterchange: dates', () => {
  it.each([
    ['2026-02-30', 'not a real calendar date'],
    ['2026-02-29', 'not a real calendar date'],
    ['2026-13-01', 'not a real calendar date'],
    ['2026-2-3', 'expected a date as YYYY-MM-DD'],
    ['01/10/2026', 'expected a date as YYYY-MM-DD'],
    ['2026-10-01T00:00:00Z', 'expected a date as YYYY-MM-DD'],
  ])('rejects the cycle start %s', (start, message) => {
    const f = fullFile();
    f.cycles[1]!.start = start;
    expect(issuesOf(f)).toEqual([{ path: 'cycles[1].start', message }]);
  });

  it('rejects a cycle that ends before it starts', () => {
    const f = fullFile();
    f.cycles[0]!.end = '2026-09-30';
    expect(issuesOf(f)).toEqual([{ path: 'cycles[0].end', message: 'ends before it starts' }]);
  });

  it.each([
    ['checkIns[0].at', (f: InterchangeInput) => (f.checkIns![0]!.at = '2026-02-30')],
    ['checkIns[1].at', (f: InterchangeInput) => (f.checkIns![1]!.at = '2026-02-31T10:00:00Z')],
    ['links[0].createdAt', (f: InterchangeInput) => (f.links![0]!.createdAt = '2026-04-31T08:00Z')],
    ['tickets[0].seenAt', (f: InterchangeInput) => (f.tickets![0]!.seenAt = '2026-06-31')],
  ])('rejects a date-time on a day that does not exist (%s)', (path, mutate) => {
    const f: InterchangeInput = fullFile();
    mutate(f);
    expect(issuesOf(f)).toEqual([{ path, message: 'not a real calendar date' }]);
  });

  it('rejects a check-in date that is not ISO', () => {
    const f: InterchangeInput = fullFile();
    f.checkIns![0]!.at = 'last Tuesday';
    expect(issuesOf(f)).toEqual([
      { path: 'checkIns[0].at', message: 'expected an ISO date or date-time' },
    ]);
  });
});

describe('validateInterchange: ids and references', () => {
  it.each([
    ['cycles', 'cycles[1].id', 'duplicate of cycles[0]'],
    ['objectives', 'objectives[1].id', 'duplicate of objectives[0]'],
  ] as const)('rejects duplicate ids in %s', (list, path, message) => {
    const f = fullFile();
    f[list][1]!.id = f[list][0]!.id;
    // Renaming o2 → o1 also re-points kr3/kr4 at o1 (no new issue); cycles: o1/o2 stay valid.
    expect(issuesOf(f)).toContainEqual({ path, message });
  });

  it('rejects duplicate key result ids', () => {
    const f = fullFile();
    f.keyResults[3]!.id = 'kr1';
    expect(issuesOf(f)).toEqual([
      { path: 'keyResults[3].id', message: 'duplicate of keyResults[0]' },
    ]);
  });

  it('reports duplicate check-in ids at their index in the file, skipping check-ins with no id', () => {
    const f: InterchangeInput = fullFile();
    f.checkIns!.push({ id: 'c1', keyResultId: 'kr2', at: '2026-10-20', value: 30 });
    // checkIns[1] has no id: the duplicate is checkIns[2], not checkIns[1].
    expect(issuesOf(f)).toEqual([{ path: 'checkIns[2].id', message: 'duplicate of checkIns[0]' }]);
  });

  it('rejects the same link twice and the same ticket twice', () => {
    const f: InterchangeInput = fullFile();
    f.links!.push({ ticket: 'github:github.com/acme/web#42', keyResultId: 'kr1' });
    f.tickets!.push({ key: 'jira:acme.atlassian.net/AB2-7', title: 'again' });
    expect(issuesOf(f)).toEqual([
      { path: 'links[3].ticket', message: 'duplicate of links[0]' },
      { path: 'tickets[2].key', message: 'duplicate of tickets[1]' },
    ]);
  });

  it('accepts one ticket linked to two key results', () => {
    const f: InterchangeInput = fullFile();
    f.links!.push({ ticket: 'github:github.com/acme/web#42', keyResultId: 'kr2' });
    expect(validateInterchange(f).ok).toBe(true);
  });

  it('rejects a key result pointing at a missing objective', () => {
    const f = fullFile();
    f.keyResults[1]!.objectiveId = 'o9';
    expect(issuesOf(f)).toEqual([
      { path: 'keyResults[1].objectiveId', message: 'no objective with id "o9"' },
    ]);
  });

  it('accepts a key result whose objective is only in the store (known ids)', () => {
    const f = fullFile();
    f.keyResults[1]!.objectiveId = 'o9';
    const known = { ...noKnown(), objectives: new Set(['o9']) };
    expect(validateInterchange(f, known).ok).toBe(true);
  });

  it('accepts an objective, check-in and link that refer to stored records', () => {
    const f: InterchangeInput = {
      format: 'okr-lens',
      version: 1,
      objectives: [{ id: 'o7', cycleId: 'q-stored', title: 'Stored cycle', parentId: 'o-stored' }],
      checkIns: [{ keyResultId: 'kr-stored', at: '2026-10-01', value: 3 }],
      links: [{ ticket: 'linear:acme/ENG-1', keyResultId: 'kr-stored' }],
    };
    expect(issuesOf(f).map((i) => i.path)).toEqual([
      'objectives[0].cycleId',
      'objectives[0].parentId',
      'checkIns[0].keyResultId',
      'links[0].keyResultId',
    ]);
    const known: KnownIds = {
      cycles: new Set(['q-stored']),
      objectives: new Set(['o-stored']),
      keyResults: new Set(['kr-stored']),
    };
    expect(validateInterchange(f, known).ok).toBe(true);
  });

  it('rejects an objective in a missing cycle', () => {
    const f = fullFile();
    f.objectives[0]!.cycleId = 'q-1999-01-01';
    expect(issuesOf(f)).toEqual([
      { path: 'objectives[0].cycleId', message: 'no cycle with id "q-1999-01-01"' },
    ]);
  });

  it('rejects check-ins and links to missing key results', () => {
    const f = fullFile();
    f.checkIns[0]!.keyResultId = 'gone';
    f.links[2]!.keyResultId = 'gone';
    expect(issuesOf(f)).toEqual([
      { path: 'checkIns[0].keyResultId', message: 'no key result with id "gone"' },
      { path: 'links[2].keyResultId', message: 'no key result with id "gone"' },
    ]);
  });
});

describe('validateInterchange: objective parents', () => {
  const withParents = (parents: Record<string, string | undefined>): InterchangeInput => ({
    format: 'okr-lens',
    version: 1,
    cycles: [{ id: 'q', name: 'Q4', start: '2026-10-01', end: '2026-12-31' }],
    objectives: Object.entries(parents).map(([id, parentId]) => ({
      id,
      cycleId: 'q',
      title: `Objective ${id}`,
      ...(parentId === undefined ? {} : { parentId }),
    })),
  });

  it('accepts a tree', () => {
    expect(validateInterchange(withParents({ a: undefined, b: 'a', c: 'b', d: 'a' })).ok).toBe(
      true,
    );
  });

  it('rejects an objective that is its own parent', () => {
    expect(issuesOf(withParents({ a: 'a' }))).toEqual([
      { path: 'objectives[0].parentId', message: 'an objective cannot be its own parent' },
    ]);
  });

  it('rejects a loop A → B → A on both objectives', () => {
    expect(issuesOf(withParents({ a: 'b', b: 'a' }))).toEqual([
      {
        path: 'objectives[0].parentId',
        message: 'parents loop back to this objective: "a" → "b" → "a"',
      },
      {
        path: 'objectives[1].parentId',
        message: 'parents loop back to this objective: "b" → "a" → "b"',
      },
    ]);
  });

  it('rejects a longer loop, not the objective that merely hangs off it', () => {
    // x → a → b → c → a: the loop is a, b, c; x only points into it.
    const issues = issuesOf(withParents({ x: 'a', a: 'b', b: 'c', c: 'a' }));
    expect(issues.map((i) => i.path)).toEqual([
      'objectives[1].parentId',
      'objectives[2].parentId',
      'objectives[3].parentId',
    ]);
    expect(issues[0]!.message).toBe('parents loop back to this objective: "a" → "b" → "c" → "a"');
  });

  it('rejects a parent that does not exist', () => {
    expect(issuesOf(withParents({ a: 'zz' }))).toEqual([
      { path: 'objectives[0].parentId', message: 'no objective with id "zz"' },
    ]);
  });
});

describe('validateInterchange: KR codes and targets', () => {
  it('rejects a KR code used twice in one cycle, ignoring case', () => {
    const f = fullFile();
    f.keyResults[2]!.code = 'kr1.1'; // o2 is in the same cycle as kr1 (KR1.1)
    expect(issuesOf(f)).toEqual([
      {
        path: 'keyResults[2].code',
        message: 'code "kr1.1" is already used by keyResults[0] in the same cycle',
      },
    ]);
  });

  it.each(['increase', 'decrease'])('rejects an %s KR whose target equals its start', (kind) => {
    const f = fullFile();
    Object.assign(f.keyResults[0]!, { kind, start: 40, target: 40 });
    expect(issuesOf(f)).toEqual([
      { path: 'keyResults[0].target', message: 'target must differ from start' },
    ]);
  });
});

describe('validateInterchange: ticket keys', () => {
  it.each([
    'github:github.com/acme/web#1',
    'github:ghe.acme.internal:8443/acme/web.site#12',
    'jira:acme.atlassian.net/AB2-7',
    'jira:jira.acme.internal:8080/OPS_X-1200',
    'linear:acme/ENG-42',
    'linear:acme-corp/A1-3',
  ])('accepts %s', (ticket) => {
    const f = fullFile();
    f.links[0]!.ticket = ticket;
    expect(validateInterchange(f).ok).toBe(true);
  });

  it.each([
    ['an uppercase GitHub owner', 'github:github.com/Acme/web#1'],
    ['an uppercase GitHub host', 'github:GitHub.com/acme/web#1'],
    ['a GitHub key without a number', 'github:github.com/acme/web'],
    ['a GitHub key without the host', 'github:acme/web#1'],
    ['a lowercase Jira key', 'jira:acme.atlassian.net/ab-7'],
    ['a one-letter Jira project', 'jira:acme.atlassian.net/A-7'],
    ['a Jira key starting with a digit', 'jira:acme.atlassian.net/2AB-7'],
    ['a Jira key without its host', 'jira:AB-7'],
    ['an unknown tracker', 'gitlab:gitlab.com/acme/web#1'],
    ['a browser URL', 'https://github.com/acme/web/issues/1'],
    ['a key with trailing space', 'linear:acme/ENG-42 '],
  ])('rejects %s', (_name, ticket) => {
    const f = fullFile();
    f.links[0]!.ticket = ticket;
    f.tickets[0]!.key = ticket;
    expect(issuesOf(f)).toEqual([
      { path: 'links[0].ticket', message: 'not a canonical ticket key' },
      { path: 'tickets[0].key', message: 'not a canonical ticket key' },
    ]);
  });

  it('rejects a ticket URL that is not http(s)', () => {
    const f = fullFile();
    f.tickets[0]!.url = 'javascript:alert(1)';
    expect(issuesOf(f)).toEqual([{ path: 'tickets[0].url', message: 'expected an http(s) URL' }]);
  });
});

describe('validateInterchange: robustness', () => {
  it('never throws and always names a path, whatever JSON it gets', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const r = validateInterchange(value);
        if (!r.ok) for (const i of r.issues) expect(i.path && i.message).toBeTruthy();
      }),
    );
  });

  it('never throws on a valid file with one field replaced by anything', () => {
    const paths = [
      ['cycles', 0, 'end'],
      ['objectives', 1, 'parentId'],
      ['keyResults', 2, 'target'],
      ['checkIns', 0, 'confidence'],
      ['links', 1, 'ticket'],
    ] as const;
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.anything(), ([list, i, field], value) => {
        const f: Record<string, Record<string, unknown>[]> = fullFile() as never;
        f[list]![i]![field] = value;
        const r = validateInterchange(f);
        if (!r.ok) expect(r.issues.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('parseJsonText', () => {
  it('parses JSON text', () => {
    expect(parseJsonText('{"format":"okr-lens","version":1}')).toEqual({
      ok: true,
      value: { format: 'okr-lens', version: 1 },
    });
  });

  it('accepts a UTF-8 byte order mark', () => {
    const r = parseJsonText('\uFEFF' + JSON.stringify(fullFile()));
    expect(r.ok).toBe(true);
    if (r.ok) expect(validateInterchange(r.value).ok).toBe(true);
  });

  it.each([
    ['empty text', ''],
    ['only whitespace', '  \n\t '],
    ['only a byte order mark', '\uFEFF'],
  ])('says the file is empty for %s', (_name, text) => {
    expect(parseJsonText(text)).toEqual({
      ok: false,
      issues: [{ path: '(file)', message: 'the file is empty' }],
    });
  });

  it.each([
    ['a trailing comma', '{"format":"okr-lens",}'],
    ['a truncated file', '{"format":"okr-lens","cycles":['],
    ['a CSV file', 'Order,Type,Summary\n1,Objective,Grow'],
  ])('rejects %s as invalid JSON', (_name, text) => {
    const r = parseJsonText(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues).toHaveLength(1);
      expect(r.issues[0]!.path).toBe('(file)');
      expect(r.issues[0]!.message).toMatch(/^not valid JSON: ./);
    }
  });
});

describe('formatPath and describeIssues', () => {
  it.each([
    [[], '(file)'],
    [['format'], 'format'],
    [['keyResults', 3, 'target'], 'keyResults[3].target'],
    [['links', 0], 'links[0]'],
    [[0, 'a'], '[0].a'],
  ] as const)('formats %j as %s', (path, text) => {
    expect(formatPath(path)).toBe(text);
  });

  it('joins the first issues and counts the rest', () => {
    const issues = Array.from({ length: 7 }, (_, i) => ({ path: `cycles[${i}].id`, message: 'x' }));
    expect(describeIssues(issues, 2)).toBe('cycles[0].id: x; cycles[1].id: x (and 5 more)');
    expect(describeIssues(issues.slice(0, 1))).toBe('cycles[0].id: x');
  });
});
