import type { Idcs } from '../shared/idcs';
import type { Actor, DomainEvent } from '../shared/types';

export type ActKind = 'birth' | 'death';

/**
 * One line of an office's register book for a year. Appended to `register-<office>-<year>`:
 * its stream version IS the act number, so two registrars racing for the same number make one
 * append fail on its expected version instead of leaving a gap or a duplicate.
 */
export type ActNumberAllocated = DomainEvent<
  'ActNumberAllocated',
  {
    office: string;
    year: number;
    actNumber: number;
    actKind: ActKind;
    idcs: Idcs;
    allocatedAt: string;
    by: Actor;
  }
>;

export type RegisterEvent = ActNumberAllocated;
