import type { Idcs } from '../shared/idcs';
import type { ActKey, DomainEvent, LegalBasis, Recorded } from '../shared/types';

/**
 * A judgment annuls an act (a duplicate birth act, the death act of someone alive). The act
 * and everything noted on it stay in the stream, marked void from here on.
 */
export type ActAnnulled = DomainEvent<
  'ActAnnulled',
  { idcs: Idcs; act: 'birth' | 'death'; actKey: ActKey; legalBasis: LegalBasis; noted: Recorded }
>;

export type AnnulmentEvent = ActAnnulled;
