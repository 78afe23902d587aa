import { InvalidIdcs } from '../shared/idcs';
import { DeciderSpecification } from '../testing/decider-spec';
import { idcsOf, meta } from '../testing/fixtures';
import {
  decide,
  evolve,
  expectedRegisterVersion,
  initialRegisterBook,
  type AllocateActNumber,
} from './register.decider';
import type { ActNumberAllocated } from './register.events';

const given = DeciderSpecification.for({ decide, evolve, initialState: initialRegisterBook });

const allocate = (idcs: string, year = 2025): AllocateActNumber => ({
  type: 'AllocateActNumber',
  data: { office: 'RBT-01', year, actKind: 'birth', idcs },
  metadata: meta(),
});

const allocated = (actNumber: number, idcs: string): ActNumberAllocated => ({
  type: 'ActNumberAllocated',
  data: {
    office: 'RBT-01',
    year: 2025,
    actNumber,
    actKind: 'birth',
    idcs,
    allocatedAt: meta().now,
    by: meta().actor,
  },
});

describe('register book (act numbers)', () => {
  it('gives act number 1 in an empty book', () => {
    given([])
      .when(allocate(idcsOf(1)))
      .then([allocated(1, idcsOf(1))]);
  });

  it('gives the next number: the book stream version is the act number', () => {
    given([allocated(1, idcsOf(1)), allocated(2, idcsOf(2))])
      .when(allocate(idcsOf(3)))
      .then([allocated(3, idcsOf(3))]);
  });

  it('expects the version the book was read at, so a concurrent allocation fails', () => {
    const book = [allocated(1, idcsOf(1)), allocated(2, idcsOf(2))].reduce(
      evolve,
      initialRegisterBook(),
    );
    expect(expectedRegisterVersion(book)).toBe(2);
    expect(expectedRegisterVersion(initialRegisterBook())).toBe(0);
  });

  it("refuses to number in another year's book", () => {
    given([])
      .when(allocate(idcsOf(1), 2024))
      .thenThrows('REGISTER_OF_THE_CURRENT_YEAR');
  });

  it('refuses a malformed IDCS', () => {
    given([]).when(allocate('123')).thenThrows(InvalidIdcs);
  });
});
