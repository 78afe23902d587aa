/**
 * The cells a record counts in. Births and deaths are tabulated by date of occurrence and by
 * the place of the event as the act gives it (place of birth, place of death): the acts do
 * not carry the mother's or the deceased's usual residence. The population stock places
 * everyone at their place of birth, the only place every record holds.
 */
import { assertNever } from '../../src/domain';
import {
  ageGroup,
  dayIndex,
  fullYears,
  imputedDay,
  motherAgeGroup,
  timeliness,
  yearMonth,
  type AgeGroup,
  type MotherAgeGroup,
  type Registration,
  type Timeliness,
} from './classify';
import type { DeathFact, PlaceCode, VitalFact } from './facts';

export type SexCode = 'M' | 'F' | 'U';

export interface PlaceCell extends PlaceCode {
  year: number;
  month: number;
  sex: SexCode;
}

export interface BirthProfileCell {
  year: number;
  month: number;
  region: string;
  province: string;
  sex: SexCode;
  motherAge: MotherAgeGroup;
  timeliness: Timeliness;
  registration: Registration;
}

export interface DeathProfileCell {
  year: number;
  month: number;
  region: string;
  province: string;
  sex: SexCode;
  ageGroup: AgeGroup;
  timeliness: Timeliness;
  registration: Registration;
}

/** A life for the population stock: born on `born` (imputed when partial), died on `died`. */
export interface StockLife {
  region: string;
  province: string;
  sex: SexCode;
  born: string;
  died: string | null;
}

export interface Contribution {
  birthPlace: PlaceCell | null;
  birthProfile: BirthProfileCell | null;
  deathPlace: PlaceCell | null;
  deathProfile: DeathProfileCell | null;
  stock: StockLife | null;
}

const NONE: Contribution = {
  birthPlace: null,
  birthProfile: null,
  deathPlace: null,
  deathProfile: null,
  stock: null,
};

function deathCells(
  death: DeathFact,
  sex: SexCode,
  born: string | null,
): Pick<Contribution, 'deathPlace' | 'deathProfile'> {
  const { year, month } = yearMonth(death.date);
  return {
    deathPlace: { year, month, ...death.place, sex },
    deathProfile: {
      year,
      month,
      region: death.place.region,
      province: death.place.province,
      sex,
      ageGroup: ageGroup(fullYears(born, death.date)),
      timeliness: timeliness(death.delayDays, death.legalDays),
      registration: death.registration,
    },
  };
}

/** A partial birth date is placed mid-period, but never after the death. */
export function bornDay(birthDate: string | null, died: string | null): string | null {
  if (birthDate === null) return null;
  const day = imputedDay(birthDate);
  return died !== null && died < day ? died : day;
}

export function contribution(fact: VitalFact | undefined): Contribution {
  if (!fact) return NONE;
  switch (fact.kind) {
    case 'unidentified':
      if (fact.annulled || fact.identifiedAs !== null) return NONE;
      return { ...NONE, ...deathCells(fact.death, 'U', null) };
    case 'person': {
      if (fact.life.status === 'annulled') return NONE;
      const sex: SexCode = fact.sex ?? 'U';
      const { year, month } = yearMonth(fact.birthDate);
      const death = fact.life.status === 'deceased' ? fact.life.death : null;
      const born = bornDay(fact.birthDate, death?.date ?? null);
      const birthDay = fact.birthDate === null ? null : imputedDay(fact.birthDate);
      const mother = fact.motherBirthDate === null ? null : imputedDay(fact.motherBirthDate);
      return {
        birthPlace: { year, month, ...fact.birthPlace, sex },
        birthProfile: {
          year,
          month,
          region: fact.birthPlace.region,
          province: fact.birthPlace.province,
          sex,
          motherAge: motherAgeGroup(fullYears(mother, birthDay)),
          timeliness: timeliness(fact.birth.delayDays, fact.birth.legalDays),
          registration: fact.birth.registration,
        },
        ...(death ? deathCells(death, sex, born) : { deathPlace: null, deathProfile: null }),
        stock:
          born === null
            ? null
            : {
                region: fact.birthPlace.region,
                province: fact.birthPlace.province,
                sex,
                born,
                died: death?.date ?? null,
              },
      };
    }
    default:
      return assertNever(fact);
  }
}

/** The stock's coordinates of a life: cohort year and day index of birth and death. */
export function stockCoordinates(life: StockLife): {
  cohort: number;
  bornDay: number;
  death: { year: number; day: number } | null;
} {
  return {
    cohort: Number(life.born.slice(0, 4)),
    bornDay: dayIndex(life.born),
    death:
      life.died === null ? null : { year: Number(life.died.slice(0, 4)), day: dayIndex(life.died) },
  };
}
