import { initialPersonState } from '../person/state';
import { InvalidCommand } from '../shared/errors';
import { DeciderSpecification } from '../testing/decider-spec';
import { born, idcsOf, meta } from '../testing/fixtures';
import { evolve as evolveBirth } from '../birth/birth.decider';
import { digitiseLegacyAct, evolve, type DigitiseLegacyAct } from './legacy.decider';
import type { LegacyEvent } from './legacy.events';
import type { BirthEvent } from '../birth/birth.events';
import type { PersonState } from '../person/state';

const given = DeciderSpecification.for({
  decide: (c: DigitiseLegacyAct, s: PersonState) => digitiseLegacyAct(c, s),
  evolve: (s: PersonState, e: LegacyEvent | BirthEvent) =>
    e.type === 'LegacyActDigitised' ? evolve(s, e) : evolveBirth(s, e),
  initialState: initialPersonState,
});

const SCAN = 'A3F1'.repeat(16);
const IDCS = idcsOf(3);

function digitise(overrides: Partial<DigitiseLegacyAct['data']> = {}): DigitiseLegacyAct {
  return {
    type: 'DigitiseLegacyAct',
    data: {
      idcs: IDCS,
      original: { office: 'FES-03', year: 1952, actNumber: 418, volume: '7', folio: '112 verso' },
      scanSha256: SCAN,
      // As often in old registers: a year of birth only, no father, a French spelling only.
      transcription: {
        name: { given: { lat: 'Aicha' }, family: { ar: 'الفاسي', lat: 'El Fassi' } },
        sex: 'F',
        born: { date: '1951', placeAsWritten: 'Fès médina' },
        father: null,
        mother: { name: { given: { lat: 'Zineb' } } },
      },
      ...overrides,
    },
    metadata: { ...meta(), actor: { userId: 'scan-op-12', role: 'transcriber', office: 'FES-03' } },
  };
}

describe('digitiseLegacyAct', () => {
  it('keeps the act as written, with its paper key, scan hash and transcriber', () => {
    given([])
      .when(digitise())
      .then([
        {
          type: 'LegacyActDigitised',
          data: {
            idcs: IDCS,
            original: digitise().data.original,
            scanSha256: SCAN.toLowerCase(),
            transcription: digitise().data.transcription,
            transcribedBy: { userId: 'scan-op-12', role: 'transcriber', office: 'FES-03' },
            transcribedAt: meta().now,
          },
        },
      ]);
  });

  it('folds into a record with partial data, never invented', () => {
    const [event] = digitiseLegacyAct(digitise(), initialPersonState());
    const state = evolve(initialPersonState(), event!);
    expect(state).toMatchObject({
      status: 'alive',
      record: {
        origin: 'legacy',
        birthDate: '1951',
        father: null,
        birthAct: { office: 'FES-03', year: 1952, number: 418, volume: '7', folio: '112 verso' },
      },
    });
  });

  it('needs a real SHA-256 of the scan', () => {
    given([])
      .when(digitise({ scanSha256: 'abc' }))
      .thenThrows(InvalidCommand);
  });

  it('accepts only years of the civil-status registers', () => {
    const original = { ...digitise().data.original, year: 1890 };
    given([])
      .when(digitise({ original, transcription: {} }))
      .thenThrows('LEGACY_YEAR_IN_RANGE');
  });

  it('refuses a birth after the year of the act', () => {
    const transcription = { born: { date: '1953-02' } };
    given([]).when(digitise({ transcription })).thenThrows(InvalidCommand);
  });

  it('refuses a record that already holds an act', () => {
    given([born(IDCS)])
      .when(digitise())
      .thenThrows('ALREADY_REGISTERED');
  });
});
