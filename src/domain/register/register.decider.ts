import { assertNever, invalid, violation } from '../shared/errors';
import { dayOf, yearOf } from '../shared/dates';
import * as v from '../shared/validate';
import type { Command } from '../shared/types';
import type { ActKind, ActNumberAllocated, RegisterEvent } from './register.events';

export type RegisterBook =
  { status: 'empty' } | { status: 'open'; office: string; year: number; lastActNumber: number };

export const initialRegisterBook = (): RegisterBook => ({ status: 'empty' });

export type AllocateActNumber = Command<
  'AllocateActNumber',
  { office: string; year: number; actKind: ActKind; idcs: string }
>;

/** The number the next act of this book gets. */
export function nextActNumber(book: RegisterBook): number {
  switch (book.status) {
    case 'empty':
      return 1;
    case 'open':
      return book.lastActNumber + 1;
    default:
      return assertNever(book);
  }
}

/** Expected version for the append: the book as it was read, so a concurrent allocation fails. */
export function expectedRegisterVersion(book: RegisterBook): number {
  return nextActNumber(book) - 1;
}

export function decide(command: AllocateActNumber, book: RegisterBook): ActNumberAllocated[] {
  const { office, year, actKind } = command.data;
  v.text('data.office', office);
  const idcs = v.idcs('data.idcs', command.data.idcs);
  if (book.status === 'open' && (book.office !== office || book.year !== year)) {
    invalid('data', `register ${office}/${year} loaded as ${book.office}/${book.year}`);
  }
  // A register book covers 1 January to 31 December: once the year is over it is closed, and
  // numbering into a future year's book would leave a hole at its start.
  const today = dayOf(command.metadata.now);
  if (year !== yearOf(today)) {
    violation(
      'REGISTER_OF_THE_CURRENT_YEAR',
      `An act drawn up on ${today} goes in the ${yearOf(today)} register, not ${year}`,
    );
  }
  return [
    {
      type: 'ActNumberAllocated',
      data: {
        office,
        year,
        actNumber: nextActNumber(book),
        actKind,
        idcs,
        allocatedAt: command.metadata.now,
        by: command.metadata.actor,
      },
    },
  ];
}

export function evolve(book: RegisterBook, event: RegisterEvent): RegisterBook {
  switch (event.type) {
    case 'ActNumberAllocated':
      return {
        status: 'open',
        office: event.data.office,
        year: event.data.year,
        lastActNumber: event.data.actNumber,
      };
    default:
      return assertNever(event.type);
  }
}

/** Allocation on behalf of a birth or death decider: the act and its number land together. */
export function allocate(
  book: RegisterBook,
  request: AllocateActNumber['data'],
  metadata: AllocateActNumber['metadata'],
): { event: ActNumberAllocated; book: RegisterBook } {
  const [event] = decide({ type: 'AllocateActNumber', data: request, metadata }, book);
  if (!event) throw new Error('allocation produced no event');
  return { event, book: evolve(book, event) };
}
