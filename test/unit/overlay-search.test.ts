/** The picker's fuzzy ranking over the example OKRs: what a user typing would expect. */
import { describe, expect, it } from 'vitest';
import { sampleOkrs } from '../../lib/okr/samples';
import { rankKeyResults } from '../../lib/overlay/search';

const file = sampleOkrs('2026-11-20');
const objectiveTitle = new Map((file.objectives ?? []).map((o) => [o.id, o.title]));
const items = (file.keyResults ?? []).map((k) => ({
  code: k.code,
  title: k.title,
  objectiveTitle: objectiveTitle.get(k.objectiveId) ?? '',
}));
const codes = (q: string) => rankKeyResults(items, q).map((i) => i.code);

describe('rankKeyResults', () => {
  it('an empty query keeps the order given', () => {
    expect(codes('')).toEqual(items.map((i) => i.code));
    expect(codes('   ')).toEqual(items.map((i) => i.code));
  });

  it('an exact code comes first, in any case', () => {
    expect(codes('kr2.2')[0]).toBe('KR2.2');
    expect(codes('KR3.3')[0]).toBe('KR3.3');
  });

  it('a code prefix finds that objective’s KRs only', () => {
    expect(codes('kr2').sort()).toEqual(['KR2.1', 'KR2.2', 'KR2.3']);
  });

  it('a word of a title finds that KR alone, not loose lookalikes', () => {
    expect(codes('refer')).toEqual(['KR2.1']);
    expect(codes('mau')).toEqual(['KR2.3']);
    expect(codes('sprint')).toEqual(['KR3.2']);
    expect(codes('bugs')).toEqual(['KR3.3']);
  });

  it('tolerates a typo', () => {
    expect(codes('referal')).toEqual(['KR2.1']);
    expect(codes('lifecylce')).toEqual(['KR1.2']);
  });

  it('matches the objective title', () => {
    expect(codes('product-led growth').sort()).toEqual(['KR2.1', 'KR2.2', 'KR2.3']);
  });

  it('nothing for nonsense', () => {
    expect(codes('zzzz')).toEqual([]);
  });
});
