import fc from 'fast-check';
import { isIsoDate, isPartialDate, latestDay } from './dates';

/** What `isIsoDate` answered when it went through `Date`: the definition it must keep. */
const throughDate = (value: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
};

const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe('isIsoDate', () => {
  it('answers as Date does for every year, month 0-13 and day 0-32', () => {
    fc.assert(
      fc.property(
        // Century years half the time: their leap rule is the one easy to get wrong.
        fc.oneof(
          fc.integer({ min: 0, max: 9999 }),
          fc.integer({ min: 0, max: 99 }).map((c) => c * 100),
        ),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (y, m, d) => {
          const text = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
          expect(isIsoDate(text)).toBe(throughDate(text));
        },
      ),
      { numRuns: 10_000 },
    );
  });

  it('knows the leap days of the Gregorian calendar', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2023-04-31')).toBe(false);
  });

  it('refuses what is not YYYY-MM-DD', () => {
    for (const value of [
      '2024-1-01',
      '2024-01-01T00:00:00Z',
      ' 2024-01-01',
      '24-01-01',
      20240101,
      null,
    ])
      expect(isIsoDate(value)).toBe(false);
  });
});

describe('partial dates', () => {
  it('take a year, a month of a year, or a day', () => {
    expect(['1915', '1915-02', '1915-02-28'].every(isPartialDate)).toBe(true);
    expect(['1915-13', '1915-02-30', '191'].some(isPartialDate)).toBe(false);
  });

  it('end on the last day of their month or year', () => {
    expect(latestDay('1916-02')).toBe('1916-02-29');
    expect(latestDay('1915-02')).toBe('1915-02-28');
    expect(latestDay('1915-04')).toBe('1915-04-30');
    expect(latestDay('1915')).toBe('1915-12-31');
  });
});
