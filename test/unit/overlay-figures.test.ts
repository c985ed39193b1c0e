// The badge card's Intl-free number text (lib/overlay/figures.ts) against formatValue.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatValue } from '@/lib/okr/progress';
import { plainNumber, valueText } from '@/lib/overlay/figures';

const UNITS = [undefined, '', '%', '$', 'ms', ' users '];

describe('valueText', () => {
  it('writes what formatValue writes for edge values', () => {
    const values = [
      0,
      -0,
      1,
      -1,
      0.5,
      1.005,
      2.675,
      0.125,
      -1.005,
      999.995,
      999.994,
      1234567.891,
      0.001,
      -0.001,
      -0.004,
      -0.005,
      99.999,
      1e20,
      123456789012345.67,
      5e-7,
      1e21,
      -1e21,
      0.1 + 0.2,
      NaN,
      Infinity,
      undefined,
    ];
    for (const v of values)
      for (const u of UNITS) expect(valueText(v, u), `${v} ${u}`).toBe(formatValue(v, u));
  });

  it('writes what formatValue writes for any double (property)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), fc.constantFrom(...UNITS), (v, u) => {
        expect(valueText(v, u)).toBe(formatValue(v, u));
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.nat(999), (i, c) => {
        const v = i + c / 1000;
        expect(valueText(v)).toBe(formatValue(v));
      }),
      { numRuns: 5000 },
    );
  });

  it('leaves exponent forms to Intl', () => {
    expect(plainNumber(1e21)).toBeUndefined();
    expect(plainNumber(1234.5)).toBe('1,234.5');
  });
});
