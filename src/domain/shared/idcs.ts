import { InvalidCommand } from './errors';

/**
 * The digital civil and social identifier (IDCS, Law 36-21): ten digits, the last a Luhn
 * check digit over the first nine. Allocated at random (no central counter): the event store's
 * "stream must not exist" on `person-<IDCS>` is the uniqueness check.
 */
export type Idcs = string;

export class InvalidIdcs extends InvalidCommand {
  override readonly name = 'InvalidIdcs';
  constructor(
    path: string,
    readonly value: unknown,
    readonly problem: 'format' | 'check-digit',
  ) {
    super(
      path,
      problem === 'format'
        ? `an IDCS is exactly ten digits, got ${JSON.stringify(value)}`
        : `IDCS ${String(value)} has a wrong check digit (mistyped?)`,
    );
  }
}

/** Luhn check digit of a string of digits (the payload, without its check digit). */
export function luhnCheckDigit(payload: string): number {
  let sum = 0;
  // The payload's rightmost digit is doubled: it sits next to the check digit.
  for (let i = 0; i < payload.length; i++) {
    let digit = Number(payload[payload.length - 1 - i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * A fresh random IDCS. `random` is injected (Math.random in production, a seeded generator in
 * tests) so that the domain stays deterministic. The first digit is never 0 so the identifier
 * survives tools that read it as a number.
 */
export function generateIdcs(random: () => number): Idcs {
  const digit = (min: number) => min + (Math.floor(random() * (10 - min)) % (10 - min));
  let payload = String(digit(1));
  for (let i = 1; i < 9; i++) payload += String(digit(0));
  return payload + String(luhnCheckDigit(payload));
}

export function isValidIdcs(value: unknown): value is Idcs {
  return (
    typeof value === 'string' &&
    /^\d{10}$/.test(value) &&
    luhnCheckDigit(value.slice(0, 9)) === Number(value[9])
  );
}

/** Returns the IDCS or throws InvalidIdcs saying whether the format or the check digit is wrong. */
export function parseIdcs(value: unknown, path = 'idcs'): Idcs {
  if (typeof value !== 'string' || !/^\d{10}$/.test(value)) {
    throw new InvalidIdcs(path, value, 'format');
  }
  if (!isValidIdcs(value)) throw new InvalidIdcs(path, value, 'check-digit');
  return value;
}
