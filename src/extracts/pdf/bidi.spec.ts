import { visualRuns } from './bidi';

const runs = (text: string, direction: 'rtl' | 'ltr' = 'rtl') =>
  visualRuns([{ text, style: 0 }], direction).map((r) => [r.text, r.rtl ? 'rtl' : 'ltr']);

describe('visualRuns', () => {
  it('keeps an Arabic run in logical order for the shaper to join and reverse', () => {
    expect(runs('محمد بن عبد الله')).toEqual([['محمد بن عبد الله', 'rtl']]);
  });

  it('puts numbers inside Arabic text in visual order, left to right', () => {
    // Read right to left: "تاريخ: 15 ماي 1990"; drawn left to right: 1990, ماي, 15, label.
    expect(runs('تاريخ: 15 ماي 1990')).toEqual([
      ['1990', 'ltr'],
      [' ماي ', 'rtl'],
      ['15', 'ltr'],
      ['تاريخ: ', 'rtl'],
    ]);
  });

  it('keeps a Latin phrase inside Arabic text whole and left to right', () => {
    expect(runs('حكم TPI Rabat عدد 5')).toEqual([
      ['5', 'ltr'],
      [' عدد ', 'rtl'],
      ['TPI Rabat', 'ltr'],
      ['حكم ', 'rtl'],
    ]);
  });

  it('mirrors brackets in right-to-left runs', () => {
    expect(runs('(محسوب)')).toEqual([[')محسوب(', 'rtl']]);
    expect(runs('«عبد»')).toEqual([['»عبد«', 'rtl']]);
  });

  it('reverses a right-to-left run the shaper would not (no Arabic letter in it)', () => {
    const r = visualRuns(
      [
        { text: 'الاسم', style: 'bold' },
        { text: ' :) ', style: 'regular' },
        { text: 'محمد', style: 'regular' },
      ],
      'rtl',
    );
    expect(r.map((x) => [x.text, x.style])).toEqual([
      ['محمد', 'regular'],
      [' (: ', 'regular'],
      ['الاسم', 'bold'],
    ]);
  });

  it('leaves French alone, and an Arabic name inside French right to left', () => {
    expect(runs('Père : Ahmed', 'ltr')).toEqual([['Père : Ahmed', 'ltr']]);
    expect(runs('Mère : خديجة التازي', 'ltr')).toEqual([
      ['Mère : ', 'ltr'],
      ['خديجة التازي', 'rtl'],
    ]);
  });
});
