import { InvalidCommand } from './errors';
import { toHijri } from './hijri';
import { actDate } from './validate';

describe('Hijri dates (Umm al-Qura)', () => {
  it.each([
    ['2025-03-01', { year: 1446, month: 9, day: 1 }], // 1 Ramadan 1446
    ['2024-03-11', { year: 1445, month: 9, day: 1 }], // 1 Ramadan 1445
    ['2025-06-26', { year: 1447, month: 1, day: 1 }], // 1 Muharram 1447
    ['2023-03-23', { year: 1444, month: 9, day: 1 }],
  ])('%s is %o', (gregorian, hijri) => {
    expect(toHijri(gregorian)).toEqual(hijri);
  });

  it('keeps the Hijri date written on the act, computing only when none is given', () => {
    expect(actDate('born', { date: '2025-03-01' }).hijri).toEqual({
      year: 1446,
      month: 9,
      day: 1,
      source: 'computed',
    });
    // Moroccan moon sighting started Ramadan 1446 a day later than Umm al-Qura.
    expect(
      actDate('born', { date: '2025-03-01', hijri: { year: 1446, month: 8, day: 30 } }).hijri,
    ).toEqual({ year: 1446, month: 8, day: 30, source: 'as-written' });
  });

  it('refuses a malformed date', () => {
    expect(() => toHijri('2025-02-30')).toThrow(InvalidCommand);
    expect(() =>
      actDate('born', { date: '2025-03-01', hijri: { year: 1446, month: 13, day: 1 } }),
    ).toThrow(InvalidCommand);
  });
});
