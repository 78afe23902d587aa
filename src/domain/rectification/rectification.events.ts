import type { RectifiableField } from '../rules';
import type { Idcs } from '../shared/idcs';
import type { DomainEvent, LegalBasis, Recorded } from '../shared/types';

/**
 * A correction noted in the margin. The old value is written next to the new one, and the
 * original act event stays in the stream: legal staff always see both.
 */
export type RectificationNoted = DomainEvent<
  'RectificationNoted',
  {
    idcs: Idcs;
    field: RectifiableField;
    oldValue: string | null;
    newValue: string | null;
    /** Material errors on an authorisation, substantive ones by judgment. */
    kind: 'material' | 'substantive';
    legalBasis: LegalBasis;
    noted: Recorded;
  }
>;

export type RectificationEvent = RectificationNoted;
