/**
 * What the generator keeps about a person while they may still appear in a command: their
 * PersonState (folded from the events written so far, exactly as a reader would rebuild it),
 * the stream version, and the simulation's own facts (true birth day, planned death, current
 * spouses as objects). Nothing here survives the person's death: once dead and out of every
 * pool the object is garbage.
 */
import {
  initialPersonState,
  luhnCheckDigit,
  type FullName,
  type PersonState,
  type Sex,
  type Transcription,
  type PaperActKey,
} from '../domain';
import type { Commune } from './geography';
import type { NameEntry } from './names';
import { isoDay, type Random } from './random';

/**
 * A class with every field set in the constructor, and fields cleared rather than deleted:
 * millions of these stay monomorphic, which keeps property access fast.
 */
export class Sim {
  state: PersonState = initialPersonState();
  version = 0;
  /** Current spouses, mirrored from the record (plus a paper marriage not yet carried over). */
  spouses: Sim[] = [];
  /** Paper birth act, until it is digitised. */
  paper: { key: PaperActKey; transcription: Transcription } | undefined = undefined;
  /** A marriage contracted in the paper era, noted on the record when it is digitised. */
  paperMarriage: { spouse: Sim; day: number; reference: string } | undefined = undefined;
  lastChild: number | undefined = undefined;

  constructor(
    readonly idcs: string,
    readonly sex: Sex,
    /** True day of birth (day number); the record may hold only its year. */
    readonly born: number,
    /** The name in both scripts, as the family uses it (acts of relatives copy it). */
    public name: FullName,
    readonly given: NameEntry,
    public family: NameEntry,
    readonly commune: Commune,
    /** Planned day of death; Infinity when after the generated period. */
    public death: number,
  ) {}
}

const IDCS_SPACE = 900_000_000;
// Coprime with 2, 3 and 5, hence with IDCS_SPACE: n -> n*A+B is a permutation, so identifiers
// look random yet never collide, without remembering the ones already issued.
const A = 614_889_781;

function mulMod(n: number, a: number, m: number): number {
  // Split `a` so that no product leaves the exact range of doubles.
  const high = Math.floor(a / 32768);
  const low = a % 32768;
  return (((n * high) % m) * 32768 + n * low) % m;
}

export function idcsFor(n: number, offset: number): string {
  const payload = String(100_000_000 + ((mulMod(n, A, IDCS_SPACE) + offset) % IDCS_SPACE));
  return payload + String(luhnCheckDigit(payload));
}

/** A plausible office time on `day` (Morocco is UTC+1): registrars work 08:30-16:00. */
export function officeTime(day: number, random: Random): string {
  const minutes = 510 + random.int(0, 450);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${isoDay(day)}T${hh}:${mm}:00+01:00`;
}

export function clockTime(random: Random): string {
  return `${String(random.int(0, 23)).padStart(2, '0')}:${String(random.int(0, 59)).padStart(2, '0')}`;
}

export const YEAR = 365.25;

/** Age at death: infant and child mortality falling over time, then adult mortality. */
export function lifespanDays(birthYear: number, random: Random): number {
  const infant = Math.max(0.015, 0.12 - (birthYear - 1950) * 0.0025);
  if (random.chance(infant)) return random.int(0, 364);
  if (random.chance(0.015)) return random.int(365, 18 * 365);
  const age = Math.min(105, Math.max(18, random.normal(74, 12)));
  return Math.floor(age * YEAR) + random.int(0, 364);
}

/** Age at first marriage, or null for those who never marry. Husbands are older on average. */
export function marriageAge(sex: Sex, random: Random): number | null {
  if (!random.chance(sex === 'F' ? 0.92 : 0.9)) return null;
  const age = sex === 'F' ? random.normal(25.5, 4.5) : random.normal(31, 5);
  // 19 and over: with a year-only birth date the rules count from 31 December.
  return Math.round(Math.min(sex === 'F' ? 45 : 60, Math.max(19, age)));
}

/** Whether `s` may be named as a current spouse: alive on `day` and on no other death act. */
export const aliveOn = (s: Sim, day: number): boolean =>
  s.death > day && s.state.status !== 'deceased';
