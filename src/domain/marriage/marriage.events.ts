import type { Idcs } from '../shared/idcs';
import type {
  ActDate,
  DomainEvent,
  Judgment,
  LegalBasis,
  Recorded,
  TranscribedFullName,
} from '../shared/types';

export interface MarriageAuthorisations {
  /** The judge's authorisation for a further wife. */
  polygamy?: Judgment;
  husbandUnderAge?: Judgment;
  wifeUnderAge?: Judgment;
}

/**
 * The marginal note of a marriage. The same event, with the same data, is appended to both
 * spouses' streams in one transaction: each record reads its spouse from the other side.
 */
export type MarriageNoted = DomainEvent<
  'MarriageNoted',
  {
    marriageId: string;
    husband: { idcs: Idcs; name: TranscribedFullName };
    wife: { idcs: Idcs; name: TranscribedFullName };
    date: ActDate;
    /** The adoul marriage act (homologated) or the judgment recognising the marriage. */
    contract: LegalBasis;
    authorisations?: MarriageAuthorisations;
    noted: Recorded;
  }
>;

export type MarriageEvent = MarriageNoted;
