/** The editor forms' number fields (components/formKit.tsx `fieldNumber`). */
import { expect, it } from 'vitest';
import { fieldNumber } from '../../components/formKit';

it('reads what the forms always accepted', () => {
  expect(fieldNumber('')).toBeUndefined();
  expect(fieldNumber('   ')).toBeUndefined();
  expect(fieldNumber('1,200')).toBe(1200);
  expect(fieldNumber('170,000')).toBe(170000);
  expect(fieldNumber('-3.5')).toBe(-3.5);
  expect(fieldNumber('+5')).toBe(5);
  expect(fieldNumber('.5')).toBe(0.5);
  expect(fieldNumber('1e3')).toBe(1000);
  expect(fieldNumber('1.5E+3')).toBe(1500);
  expect(fieldNumber(' 12.5 ')).toBe(12.5);
});

it('marks anything that is not a plain number as an error (NaN)', () => {
  for (const s of ['abc', '-', '12abc', '0x10', '1e3.5', '40 %', '$5', 'Infinity', 'NaN'])
    expect(fieldNumber(s), s).toBeNaN();
});
