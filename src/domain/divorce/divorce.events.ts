import type { Idcs } from '../shared/idcs';
import type { ActDate, DomainEvent, LegalBasis, Recorded } from '../shared/types';

/**
 * Kinds of the Family Code: talaq (repudiation under judicial control), tatliq (judicial
 * divorce), khul' (for compensation), by mutual consent.
 */
export type DivorceKind = 'talaq' | 'tatliq' | 'khul' | 'mutual-consent';

/** Noted on both spouses' records, in one transaction, like the marriage. */
export type DivorceNoted = DomainEvent<
  'DivorceNoted',
  {
    marriageId: string;
    husband: Idcs;
    wife: Idcs;
    kind: DivorceKind;
    date: ActDate;
    /** The judgment or the adoul divorce act. */
    legalBasis: LegalBasis;
    noted: Recorded;
  }
>;

export type DivorceEvent = DivorceNoted;
