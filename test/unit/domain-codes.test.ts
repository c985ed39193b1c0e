import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  isCodeTaken,
  labelCodes,
  labelMatcher,
  labelPatternRegExp,
  suggestKrCode,
} from '../../lib/okr/codes';
import { defaultSettings } from '../../lib/okr/model';

const defaults = defaultSettings.labelPatterns; // ['okr:{code}', '{code}']

describe('suggestKrCode', () => {
  it('starts at .1', () => {
    expect(suggestKrCode(1, [])).toBe('KR1.1');
    expect(suggestKrCode(3, ['KR1.1', 'KR2.1'])).toBe('KR3.1');
  });

  it('takes the smallest free number, filling gaps', () => {
    expect(suggestKrCode(1, ['KR1.1', 'KR1.2'])).toBe('KR1.3');
    expect(suggestKrCode(2, ['KR2.1', 'KR2.3'])).toBe('KR2.2');
    expect(suggestKrCode(1, ['KR1.2', 'KR1.3'])).toBe('KR1.1');
  });

  it('compares case-insensitively and ignores surrounding spaces', () => {
    expect(suggestKrCode(2, ['kr2.1', ' Kr2.2 '])).toBe('KR2.3');
  });

  it('is not fooled by look-alike codes', () => {
    expect(suggestKrCode(1, ['KR1.10', 'KR11.1', 'KR1-1', 'OKR1.1'])).toBe('KR1.1');
    expect(
      suggestKrCode(1, [
        'KR1.1',
        'KR1.2',
        'KR1.3',
        'KR1.4',
        'KR1.5',
        'KR1.6',
        'KR1.7',
        'KR1.8',
        'KR1.9',
      ]),
    ).toBe('KR1.10');
  });
});

describe('isCodeTaken', () => {
  it('compares case-insensitively', () => {
    expect(isCodeTaken('kr1.2', ['KR1.1', 'KR1.2'])).toBe(true);
    expect(isCodeTaken('KR1.2', ['kr1.2'])).toBe(true);
    expect(isCodeTaken(' KR1.2 ', ['KR1.2'])).toBe(true);
  });

  it('is exact otherwise', () => {
    expect(isCodeTaken('KR1.2', ['KR1.20', 'KR1.', 'KR12'])).toBe(false);
    expect(isCodeTaken('KR1.2', [])).toBe(false);
  });
});

describe('labelCodes', () => {
  const codes = ['KR1.1', 'KR1.2', 'KR2.1'];

  it('matches bare codes and okr: labels case-insensitively', () => {
    expect(labelCodes(['KR1.1'], defaults, codes)).toEqual(['KR1.1']);
    expect(labelCodes(['OKR:kr1.2', 'bug'], defaults, codes)).toEqual(['KR1.2']);
    expect(labelCodes(['kr2.1'], defaults, codes)).toEqual(['KR2.1']);
  });

  it('trims labels and patterns', () => {
    expect(labelCodes(['  okr:KR1.1 '], defaults, codes)).toEqual(['KR1.1']);
    expect(labelCodes(['okr:KR1.1'], ['  okr:{code}  '], codes)).toEqual(['KR1.1']);
  });

  it('returns codes spelled as given, unique, in the order of codes', () => {
    expect(labelCodes(['KR2.1', 'okr:kr1.1', 'KR1.1'], defaults, codes)).toEqual([
      'KR1.1',
      'KR2.1',
    ]);
    expect(labelCodes(['kr1.1'], defaults, ['Kr1.1', 'KR1.1'])).toEqual(['Kr1.1']);
  });

  it('gives one matcher, built once, the same answers for every ticket', () => {
    const match = labelMatcher(defaults, codes);
    const tickets = [['KR1.1'], [], ['  '], ['bug', 'okr:kr2.1'], ['KR1.20'], ['kr1.2', 'KR1.1']];
    for (const labels of tickets)
      expect(match(labels)).toEqual(labelCodes(labels, defaults, codes));
    expect(match(['kr1.2', 'KR1.1'])).toEqual(['KR1.1', 'KR1.2']);
    expect(labelMatcher(['no placeholder'], codes)(['KR1.1'])).toEqual([]);
  });

  it('agrees with the plain definition (each pattern and code tried on its own) on random input', () => {
    // The definition, written the slow way: a label names a code through a pattern when it is
    // the pattern with every {code} replaced by that code, case-insensitively, trimmed.
    const slow = (labels: string[], patterns: string[], codes: string[]) => {
      const out: string[] = [];
      for (const code of codes) {
        if (out.some((c) => c.toUpperCase() === code.trim().toUpperCase())) continue;
        const hit = patterns.some((p) => {
          const parts = p.trim().split('{code}');
          if (parts.length < 2) return false;
          const want = parts.join(code.trim()).toUpperCase();
          return labels.some((l) => l.trim() !== '' && l.trim().toUpperCase() === want);
        });
        if (hit) out.push(code);
      }
      return out;
    };
    const code = fc.constantFrom('KR1.1', 'kr1.1', 'KR1.10', 'KR2.1', 'O1-KR3', 'KR1.2');
    const pattern = fc.constantFrom(
      '{code}',
      'okr:{code}',
      ' [{code}] ',
      '{code}/{code}',
      'x',
      '(+){code}*',
    );
    const label = fc.oneof(
      code,
      fc.tuple(pattern, code).map(([p, c]) => p.split('{code}').join(c)),
      fc.tuple(pattern, code, code).map(([p, a, b]) => p.replace('{code}', a).replace('{code}', b)),
      fc.string({ maxLength: 8 }),
    );
    fc.assert(
      fc.property(
        fc.array(label, { maxLength: 5 }),
        fc.array(pattern, { maxLength: 3 }),
        fc.array(code, { maxLength: 5 }),
        (labels, patterns, codes) => {
          expect(labelMatcher(patterns, codes)(labels)).toEqual(slow(labels, patterns, codes));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('matches whole labels only', () => {
    expect(
      labelCodes(['KR1.20', 'KR1.1-old', 'xokr:KR1.2', 'okr:KR2.1 (done)'], defaults, codes),
    ).toEqual([]);
    expect(labelCodes(['okr: KR1.1'], defaults, codes)).toEqual([]);
  });

  it('treats the dot of a code literally', () => {
    expect(labelCodes(['KR1x2', 'KR1-2'], defaults, codes)).toEqual([]);
  });

  it('treats regex characters in patterns literally', () => {
    expect(labelCodes(['OKR(+)kr1.2*'], ['okr(+){code}*'], codes)).toEqual(['KR1.2']);
    expect(labelCodes(['okr(+)KR1.2', 'okrrrKR1.2'], ['okr(+){code}*'], codes)).toEqual([]);
    expect(labelCodes(['[OKR] KR1.1'], ['[okr] {code}'], codes)).toEqual(['KR1.1']);
    expect(labelCodes(['o KR1.1', 'k KR1.1'], ['[okr] {code}'], codes)).toEqual([]);
    expect(labelCodes(['^KR2.1$'], ['^{code}$'], codes)).toEqual(['KR2.1']);
    expect(labelCodes(['KR2.1'], ['^{code}$'], codes)).toEqual([]);
    expect(labelCodes(['KR1.1|x'], ['{code}|x'], codes)).toEqual(['KR1.1']);
    expect(labelCodes(['x'], ['{code}|x'], codes)).toEqual([]);
    expect(labelCodes(['goal\\KR1.1'], ['goal\\{code}'], codes)).toEqual(['KR1.1']);
    expect(labelCodes(['goal/kr1.2?'], ['goal/{code}?'], codes)).toEqual(['KR1.2']);
    expect(labelCodes(['goal/kr1.'], ['goal/{code}?'], codes)).toEqual([]);
    expect(labelCodes(['okr:$KR1.1'], ['okr:${code}'], codes)).toEqual(['KR1.1']);
  });

  it('supports a placeholder used twice', () => {
    expect(labelCodes(['KR1.1/kr1.1'], ['{code}/{code}'], codes)).toEqual(['KR1.1']);
    expect(labelCodes(['KR1.1/KR1.2'], ['{code}/{code}'], codes)).toEqual([]);
  });

  it('ignores patterns without a placeholder and empty input', () => {
    expect(labelCodes(['KR1.1', 'okr'], ['okr', 'KR1.1'], codes)).toEqual([]);
    expect(labelCodes(['KR1.1'], [], codes)).toEqual([]);
    expect(labelCodes([], defaults, codes)).toEqual([]);
    expect(labelCodes(['', '   '], defaults, codes)).toEqual([]);
    expect(labelCodes(['KR1.1'], defaults, [])).toEqual([]);
  });

  it('exposes the regular expression it uses', () => {
    expect(labelPatternRegExp('okr:{code}', 'KR1.2')?.source).toBe('^okr:KR1\\.2$');
    expect(labelPatternRegExp('okr', 'KR1.2')).toBeUndefined();
  });
});
