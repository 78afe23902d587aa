import fc from 'fast-check';
import { InvalidCommand } from './errors';
import { generateIdcs, InvalidIdcs, isValidIdcs, luhnCheckDigit, parseIdcs } from './idcs';

describe('IDCS', () => {
  it('uses the Luhn check digit over the first nine digits', () => {
    // The textbook Luhn example: 7992739871 takes check digit 3.
    expect(luhnCheckDigit('7992739871')).toBe(3);
    // For an IDCS the payload is nine digits: 7+8+9+3+5+2+9+9+5 -> 55 -> check digit 5.
    expect(luhnCheckDigit('799273987')).toBe(5);
    expect(isValidIdcs('7992739875')).toBe(true);
    expect(isValidIdcs('7992739872')).toBe(false);
  });

  it('generates valid ten-digit identifiers from the injected random source', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), {
          minLength: 9,
          maxLength: 9,
        }),
        (draws) => {
          let i = 0;
          const idcs = generateIdcs(() => draws[i++ % draws.length]!);
          expect(idcs).toMatch(/^[1-9]\d{9}$/);
          expect(isValidIdcs(idcs)).toBe(true);
          expect(parseIdcs(idcs)).toBe(idcs);
        },
      ),
    );
  });

  it('is deterministic for a given random source', () => {
    expect(generateIdcs(() => 0)).toBe('1000000008');
    expect(generateIdcs(() => 0)).toBe(generateIdcs(() => 0));
  });

  it('detects any single mistyped digit', () => {
    const idcs = generateIdcs(() => 0.37);
    for (let position = 0; position < 10; position++) {
      for (let digit = 0; digit <= 9; digit++) {
        const typo = idcs.slice(0, position) + String(digit) + idcs.slice(position + 1);
        if (typo !== idcs) expect(isValidIdcs(typo)).toBe(false);
      }
    }
  });

  it('throws a typed error saying what is wrong', () => {
    expect(() => parseIdcs('12345')).toThrow(InvalidIdcs);
    expect(() => parseIdcs(1234567890)).toThrow(/exactly ten digits/);
    expect(() => parseIdcs('7992739872', 'data.husband')).toThrow(/data.husband: .*check digit/);
    try {
      parseIdcs('7992739872');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidCommand); // HTTP 400
      expect((error as InvalidIdcs).problem).toBe('check-digit');
    }
  });
});
