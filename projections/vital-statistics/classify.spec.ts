import {
  ageGroup,
  dayIndex,
  fullYears,
  imputedDay,
  motherAgeGroup,
  timeliness,
  yearMonth,
} from './classify';
import { contribution } from './contributions';
import { publish } from './disclosure';
import type { VitalFact } from './facts';
import { ageClass, isBoundary } from './stock';
import { durationGroup } from './vital-statistics.projection';

describe('classification of vital events', () => {
  it('puts ages in five-year groups, 85 and over together', () => {
    expect([0, 4, 5, 9, 10, 84, 85, 104].map(ageGroup)).toEqual([
      '0-4',
      '0-4',
      '5-9',
      '5-9',
      '10-14',
      '80-84',
      '85+',
      '85+',
    ]);
    expect(ageGroup(null)).toBe('unknown');
  });

  it("puts the mother's age in the UN's fertility groups", () => {
    expect([12, 14, 15, 19, 20, 44, 49, 50, 55].map(motherAgeGroup)).toEqual([
      'under-15',
      'under-15',
      '15-19',
      '15-19',
      '20-24',
      '40-44',
      '45-49',
      '50+',
      '50+',
    ]);
    expect(motherAgeGroup(null)).toBe('unknown');
    expect(motherAgeGroup(-1)).toBe('unknown');
  });

  it('calls a registration on time within the legal period, late within a year, delayed after', () => {
    expect(timeliness(0, 30)).toBe('on-time');
    expect(timeliness(30, 30)).toBe('on-time');
    expect(timeliness(31, 30)).toBe('late');
    expect(timeliness(4, 3)).toBe('late');
    expect(timeliness(365, 30)).toBe('late');
    expect(timeliness(366, 30)).toBe('delayed');
    expect(timeliness(200, 365)).toBe('on-time');
    expect(timeliness(null, null)).toBe('unknown');
  });

  it('places a partial date of birth mid-period and keeps its year and month as written', () => {
    expect(imputedDay('1952')).toBe('1952-07-01');
    expect(imputedDay('1952-02')).toBe('1952-02-15');
    expect(imputedDay('1952-02-29')).toBe('1952-02-29');
    expect(yearMonth('1952')).toEqual({ year: 1952, month: 0 });
    expect(yearMonth('1952-02')).toEqual({ year: 1952, month: 2 });
    expect(yearMonth(null)).toEqual({ year: 0, month: 0 });
  });

  it('numbers days on a 366-day year, so that birthdays compare by month and day', () => {
    expect(dayIndex('2023-01-01')).toBe(1);
    expect(dayIndex('2024-02-29')).toBe(60);
    expect(dayIndex('2023-03-01')).toBe(61);
    expect(dayIndex('2024-03-01')).toBe(61);
    expect(dayIndex('2023-12-31')).toBe(366);
    expect(fullYears('2000-02-29', '2023-02-28')).toBe(22);
    expect(fullYears('2000-02-29', '2023-03-01')).toBe(23);
    expect(fullYears('2001-01-01', '2000-01-01')).toBeNull();
  });

  it('splits a cohort between two age groups only at the five-year boundaries up to 85', () => {
    expect([0, 1, 4, 5, 6, 85, 86, 90].map(isBoundary)).toEqual([
      false,
      false,
      false,
      true,
      false,
      true,
      false,
      false,
    ]);
    expect([0, 4, 5, 9, 10, 85, 90, 120].map(ageClass)).toEqual([0, 0, 101, 1, 102, 117, 17, 17]);
  });

  it('groups divorces by the duration of the marriage', () => {
    expect([null, 0, 1, 4, 5, 9, 17, 20, 41].map(durationGroup)).toEqual([
      'unknown',
      'under-1',
      '1-4',
      '1-4',
      '5-9',
      '5-9',
      '15-19',
      '20+',
      '20+',
    ]);
  });
});

describe('what a record contributes', () => {
  const person: VitalFact = {
    kind: 'person',
    idcs: '1000000001',
    sex: 'F',
    birthDate: '1990',
    birthPlace: { region: '06', province: '06.01', commune: '06.01.001' },
    motherBirthDate: null,
    birth: { delayDays: null, legalDays: null, registration: 'transcription' },
    life: {
      status: 'deceased',
      death: {
        date: '1990-03-01',
        place: { region: '06', province: '06.02', commune: '06.02.001' },
        delayDays: 10,
        legalDays: 30,
        registration: 'declaration',
      },
    },
  };

  it('never places a birth imputed mid-year after the death', () => {
    const c = contribution(person);
    expect(c.stock).toMatchObject({ born: '1990-03-01', died: '1990-03-01' });
    expect(c.deathProfile).toMatchObject({ ageGroup: '0-4', province: '06.02', month: 3 });
    expect(c.birthPlace).toMatchObject({ year: 1990, month: 0, province: '06.01' });
  });

  it('takes an annulled record, or an identified body, out of every table', () => {
    expect(contribution({ ...person, life: { status: 'annulled' } })).toEqual({
      birthPlace: null,
      birthProfile: null,
      deathPlace: null,
      deathProfile: null,
      stock: null,
    });
    if (person.life.status !== 'deceased') throw new Error('fixture');
    const body: VitalFact = {
      kind: 'unidentified',
      idcs: '1000000002',
      death: person.life.death,
      identifiedAs: '1000000001',
      annulled: false,
    };
    expect(contribution(body).deathPlace).toBeNull();
    expect(contribution({ ...body, identifiedAs: null }).deathProfile).toMatchObject({
      sex: 'U',
      ageGroup: 'unknown',
    });
  });
});

describe('small cells', () => {
  it('withholds counts of 1 to 4, drops zeros, and totals only what it shows', () => {
    const published = publish([
      { sex: 'F', count: 12 },
      { sex: 'M', count: 4 },
      { sex: 'U', count: 1 },
      { sex: 'X', count: 0 },
      { sex: 'Y', count: 5 },
    ]);
    expect(published).toEqual({
      rows: [
        { sex: 'F', count: 12, suppressed: false },
        { sex: 'M', count: null, suppressed: true },
        { sex: 'U', count: null, suppressed: true },
        { sex: 'Y', count: 5, suppressed: false },
      ],
      total: 17,
      suppressedCells: 2,
    });
  });
});
