import type { Idcs } from '../shared/idcs';
import type { DomainEvent, LegalBasis, Recorded, TranscribedFullName } from '../shared/types';

/** A change of name on authorisation (the high commission on names) or judgment. */
export type NameChanged = DomainEvent<
  'NameChanged',
  {
    idcs: Idcs;
    /** The name as it stood: a change adds, it never erases. */
    previous: TranscribedFullName;
    name: TranscribedFullName;
    legalBasis: LegalBasis;
    noted: Recorded;
  }
>;

export type NameChangeEvent = NameChanged;
