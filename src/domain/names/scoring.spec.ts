import fc from 'fast-check';
import { DUPLICATE_THRESHOLD, scorePair, type PersonKeys } from './duplicates';
import { keysOf } from './keys';
import { parseNameQuery, rank, type NameQuery, type SearchCriteria } from './search';

const person = (over: Partial<PersonKeys> & { idcs: string }): PersonKeys => ({
  given: keysOf({ ar: 'محمد', lat: 'Mohamed' }),
  family: keysOf({ ar: 'العلوي', lat: 'El Alaoui' }),
  sex: 'M',
  birthDate: '2024-03-05',
  commune: '04.441.01.01',
  province: '04.441',
  father: { given: keysOf({ ar: 'أحمد', lat: 'Ahmed' }), family: keysOf({ ar: 'العلوي' }) },
  mother: { given: keysOf({ ar: 'خديجة', lat: 'Khadija' }), family: keysOf({ ar: 'التازي' }) },
  siblings: [],
  ...over,
});

const query = (text: string): NameQuery => {
  const q = parseNameQuery(text);
  if ('error' in q) throw new Error(q.error);
  return q;
};

describe('the duplicate score', () => {
  const first = person({ idcs: 'A' });

  it('scores the same child declared twice with spelling variants at the top', () => {
    const again = person({
      idcs: 'B',
      given: keysOf({ ar: 'مُحَمَّد', lat: 'Mohammed' }),
      family: keysOf({ ar: 'علوي', lat: 'Elalaoui' }),
      father: { given: keysOf({ ar: 'احمد', lat: 'Ahmad' }), family: keysOf({ ar: 'علوي' }) },
    });
    const result = scorePair(first, again)!;
    expect(result.score).toBe(1);
    expect(result.matched).toEqual([
      'givenName',
      'familyName',
      'sex',
      'birthDate',
      'fatherName',
      'motherName',
      'birthPlace',
    ]);
  });

  it('keeps an old act giving the year of birth only, with the same parents', () => {
    const legacy = person({
      idcs: 'L',
      given: keysOf({ lat: 'Muhammad' }),
      family: keysOf({ lat: 'Alaoui' }),
      birthDate: '2024',
      father: { given: keysOf({ lat: 'Ahmed' }), family: keysOf({ lat: 'Alaoui' }) },
      mother: { given: keysOf({ lat: 'Khadidja' }), family: keysOf({ lat: 'Tazi' }) },
    });
    const result = scorePair(first, legacy)!;
    expect(result.score).toBeGreaterThanOrEqual(DUPLICATE_THRESHOLD);
    expect(result.matched).toContain('birthYear');
    expect(result.matched).not.toContain('birthDate');
  });

  it.each([
    ['a day apart', '2024-03-06', 'birthDateNear'],
    ['three weeks apart', '2024-03-26', 'birthDateNear'],
  ])('counts dates %s as near', (_, date, field) => {
    const result = scorePair(first, person({ idcs: 'B', birthDate: date }))!;
    expect(result.matched).toContain(field);
    expect(result.score).toBeLessThan(1);
    expect(result.score).toBeGreaterThanOrEqual(DUPLICATE_THRESHOLD);
  });

  it('scores twins low: same parents and day, different first names', () => {
    const twin = person({ idcs: 'T', given: keysOf({ ar: 'يوسف', lat: 'Youssef' }) });
    const result = scorePair(first, twin)!;
    expect(result.score).toBeLessThan(DUPLICATE_THRESHOLD);
    expect(result.matched).not.toContain('givenName');
  });

  it('never pairs the declared children of one multiple birth', () => {
    expect(scorePair(person({ idcs: 'A', siblings: ['B'] }), person({ idcs: 'B' }))).toBeNull();
    expect(scorePair(person({ idcs: 'A' }), person({ idcs: 'B', siblings: ['A'] }))).toBeNull();
  });

  it.each([
    ['a different sex and a date two weeks away', { sex: 'F' as const, birthDate: '2024-03-19' }],
    [
      'other parents and a date months away',
      { birthDate: '2024-11-20', father: null, mother: null },
    ],
    [
      "M'hamed for Mohamed, born elsewhere months away",
      {
        given: keysOf({ ar: 'امحمد', lat: "M'hamed" }),
        birthDate: '2024-09-01',
        commune: '03.251.01.02',
        province: '03.251',
      },
    ],
  ])('stays under the threshold for %s', (_, over) => {
    expect(scorePair(first, person({ idcs: 'B', ...over }))!.score).toBeLessThan(
      DUPLICATE_THRESHOLD,
    );
  });

  it('does not flag namesakes born the same day to other mothers (a small pool of names)', () => {
    const namesake = person({
      idcs: 'N',
      father: { given: keysOf({ ar: 'عمر' }), family: keysOf({ ar: 'العلوي' }) },
      mother: { given: keysOf({ ar: 'زينب' }), family: keysOf({ ar: 'بناني' }) },
      commune: '03.251.01.02',
      province: '03.251',
    });
    const result = scorePair(first, namesake)!;
    expect(result.matched).toEqual(['givenName', 'familyName', 'sex', 'birthDate']);
    expect(result.score).toBeLessThan(DUPLICATE_THRESHOLD);
    // Without parents on one act, the same name, day and sex are enough to ask.
    const noParents = scorePair(first, person({ idcs: 'M', father: null, mother: null }))!;
    expect(noParents.score).toBeGreaterThanOrEqual(DUPLICATE_THRESHOLD);
  });

  it('still flags a pair whose only disagreement is the sex: a classic material error', () => {
    const result = scorePair(first, person({ idcs: 'B', sex: 'F' }))!;
    expect(result.score).toBeGreaterThanOrEqual(DUPLICATE_THRESHOLD);
    expect(result.score).toBeLessThan(0.8);
    expect(result.matched).not.toContain('sex');
  });

  it('is symmetric and between 0 and 1', () => {
    const names = ['محمد', 'امحمد', 'يوسف', 'أحمد'];
    const arb = fc.record({
      given: fc.constantFrom(...names),
      sex: fc.constantFrom('M' as const, 'F' as const, null),
      birthDate: fc.constantFrom('2024-03-05', '2024-03-09', '2024', '2024-03', null),
      commune: fc.constantFrom('04.441.01.01', '03.251.01.02', null),
    });
    fc.assert(
      fc.property(arb, arb, (x, y) => {
        const a = person({ idcs: 'A', ...x, given: keysOf({ ar: x.given }) });
        const b = person({ idcs: 'B', ...y, given: keysOf({ ar: y.given }) });
        const ab = scorePair(a, b)!;
        const ba = scorePair(b, a)!;
        expect(ab.score).toBe(ba.score);
        expect(ab.score).toBeGreaterThanOrEqual(0);
        expect(ab.score).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('ranking a search', () => {
  const criteria = (
    over: Omit<Partial<SearchCriteria>, 'name'> & { name: string },
  ): SearchCriteria => ({ ...over, name: query(over.name) });
  const mohamed = person({ idcs: 'A' });

  it.each(['Mohamed El Alaoui', 'Alaoui Muhammad', 'محمد العلوي', 'العلوي مُحمّد'])(
    'fits %s fully in either order and either script',
    (text) => {
      expect(rank(criteria({ name: text }), mohamed)).toEqual({ score: 1, matched: ['name'] });
    },
  );

  it("ranks Mohamed over M'hamed for the query Mohamed Alaoui", () => {
    const mhamed = person({ idcs: 'B', given: keysOf({ ar: 'امحمد', lat: "M'hamed" }) });
    const q = criteria({ name: 'Mohamed Alaoui' });
    expect(rank(q, mohamed).score).toBeGreaterThan(rank(q, mhamed).score);
    expect(rank(q, mhamed).score).toBeGreaterThan(0);
  });

  it('reads one word as a family name', () => {
    expect(rank(criteria({ name: 'Alaoui' }), mohamed).score).toBe(1);
    expect(rank(criteria({ name: 'Mohamed' }), mohamed).score).toBeLessThan(0.5);
  });

  it('weighs the other criteria given: year, date, place, parents, sex', () => {
    const all = criteria({
      name: 'Mohamed Alaoui',
      sex: 'M',
      birthDate: '2024-03-05',
      birthYear: 2024,
      place: '04.441',
      father: query('Ahmed'),
      mother: query('خديجة التازي'),
    });
    expect(rank(all, mohamed)).toEqual({
      score: 0.98,
      matched: ['name', 'sex', 'birthDate', 'birthYear', 'fatherName', 'motherName'],
    });
    const wrongYear = criteria({ name: 'Mohamed Alaoui', birthYear: 1990 });
    expect(rank(wrongYear, mohamed).score).toBe(0.6);
    const nearDate = criteria({ name: 'Mohamed Alaoui', birthDate: '2024-03-08' });
    expect(rank(nearDate, mohamed).score).toBeCloseTo(0.88, 3);
  });

  it('refuses a query with no letter or too many words', () => {
    expect(parseNameQuery('12 34')).toEqual({ error: expect.any(String) });
    expect(parseNameQuery('a b c d e f g')).toEqual({ error: 'at most 6 words' });
  });
});
