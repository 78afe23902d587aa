import type { PersonState } from '../person/state';
import { DEFAULT_RULES, type CivilStatusRules } from '../rules';
import { dayOf, earliestDay, yearOf } from '../shared/dates';
import { assertNever, invalid, violation } from '../shared/errors';
import type { Command, TranscribedFullName } from '../shared/types';
import * as v from '../shared/validate';
import type { LegacyActDigitised, LegacyEvent, PaperActKey, Transcription } from './legacy.events';

export type DigitiseLegacyAct = Command<
  'DigitiseLegacyAct',
  { idcs: string; original: PaperActKey; scanSha256: string; transcription: Transcription }
>;

export function digitiseLegacyAct(
  command: DigitiseLegacyAct,
  state: PersonState,
  rules: CivilStatusRules = DEFAULT_RULES,
): LegacyActDigitised[] {
  const { original, transcription: t } = command.data;
  const idcs = v.idcs('data.idcs', command.data.idcs);
  v.text('data.original.office', original?.office);
  v.text('data.original.volume', original.volume);
  v.text('data.original.folio', original.folio);
  if (!Number.isInteger(original.actNumber) || original.actNumber < 1) {
    invalid('data.original.actNumber', 'a positive whole number');
  }
  if (!/^[0-9a-f]{64}$/i.test(command.data.scanSha256 ?? '')) {
    invalid('data.scanSha256', 'a SHA-256 is 64 hexadecimal characters');
  }
  if (t.name?.given) v.transcribedName('data.transcription.name.given', t.name.given);
  if (t.name?.family) v.transcribedName('data.transcription.name.family', t.name.family);
  if (t.sex !== undefined && t.sex !== 'M' && t.sex !== 'F') {
    invalid('data.transcription.sex', 'M or F');
  }
  if (t.born?.date !== undefined) {
    v.partialDate('data.transcription.born.date', t.born.date);
    // A birth act records a birth that already happened when the act was drawn up.
    if (earliestDay(t.born.date) > `${original.year}-12-31`) {
      invalid('data.transcription.born.date', `after the act's year ${original.year}`);
    }
  }
  if (t.born?.place !== undefined) v.place('data.transcription.born.place', t.born.place);

  if (state.status !== 'unregistered') {
    violation('ALREADY_REGISTERED', `person-${idcs} already holds an act (${state.status})`);
  }
  const thisYear = yearOf(dayOf(command.metadata.now));
  if (
    !Number.isInteger(original.year) ||
    original.year < rules.firstRegisterYear ||
    original.year > thisYear
  ) {
    violation(
      'LEGACY_YEAR_IN_RANGE',
      `Register year ${original.year} is outside ${rules.firstRegisterYear}-${thisYear}`,
    );
  }
  return [
    {
      type: 'LegacyActDigitised',
      data: {
        idcs,
        original,
        scanSha256: command.data.scanSha256.toLowerCase(),
        transcription: t,
        transcribedBy: command.metadata.actor,
        transcribedAt: command.metadata.now,
      },
    },
  ];
}

const names = (name?: Transcription['name']): TranscribedFullName => ({
  given: name?.given ?? {},
  family: name?.family ?? {},
});

export function evolve(state: PersonState, event: LegacyEvent): PersonState {
  switch (event.type) {
    case 'LegacyActDigitised': {
      if (state.status !== 'unregistered') return state;
      const { idcs, original, transcription: t } = event.data;
      return {
        status: 'alive',
        record: {
          idcs,
          origin: 'legacy',
          birthAct: {
            office: original.office,
            year: original.year,
            number: original.actNumber,
            volume: original.volume,
            folio: original.folio,
          },
          name: names(t.name),
          sex: t.sex ?? null,
          birthDate: t.born?.date ?? null,
          ...(t.born?.time !== undefined && { birthTime: t.born.time }),
          birthPlace: t.born?.place ?? null,
          father: t.father ? { name: names(t.father.name) } : null,
          mother: t.mother ? { name: names(t.mother.name) } : null,
          spouses: [],
          endedMarriages: [],
          kafala: null,
          previousNames: [],
          rectifications: [],
        },
      };
    }
    default:
      return assertNever(event.type);
  }
}
