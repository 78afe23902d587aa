import type { Kafil } from '../person/state';
import type { Idcs } from '../shared/idcs';
import type { DomainEvent, Judgment, LegalBasis, Recorded } from '../shared/types';

/**
 * A kafala order noted on the child's (makfoul's) act. Kafala is guardianship, not adoption:
 * it creates no filiation and no inheritance, so nothing here names a father or a mother.
 */
export type KafalaNoted = DomainEvent<
  'KafalaNoted',
  { idcs: Idcs; kafil: Kafil; order: Judgment; noted: Recorded }
>;

export type KafalaEndReason = 'majority' | 'revoked' | 'kafil-deceased' | 'other';

export type KafalaEnded = DomainEvent<
  'KafalaEnded',
  { idcs: Idcs; reason: KafalaEndReason; date: string; legalBasis: LegalBasis; noted: Recorded }
>;

export type KafalaEvent = KafalaNoted | KafalaEnded;
