import type { Idcs } from '../shared/idcs';
import type { DomainEvent, LegalBasis, ParentDetails, PersonName, Recorded } from '../shared/types';

/** Recognition of paternity (iqrar / istilhaq), noted on the child's birth act. */
export type PaternityRecognised = DomainEvent<
  'PaternityRecognised',
  {
    idcs: Idcs;
    father: ParentDetails;
    legalBasis: LegalBasis;
    /** The family name the child now bears, when it changes with the filiation. */
    newFamilyName?: PersonName;
    noted: Recorded;
  }
>;

export type RecognitionEvent = PaternityRecognised;
