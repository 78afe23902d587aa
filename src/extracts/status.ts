/**
 * Whether an issued extract still tells the truth: the person's events after the version it
 * reflects, each named, and whether it changes what this kind of extract shows. A full copy
 * shows every marginal note, so any later note supersedes it; a summary shows the act as it
 * reads (names, dates, filiation, death), so only corrections of those supersede it. The
 * marginal note written for the extract itself never does.
 */
import type { ExtractIssued, ExtractKind } from '../domain';

export type ChangeKind =
  | 'rectified'
  | 'name-changed'
  | 'paternity-recognised'
  | 'deceased'
  | 'annulled'
  | 'married'
  | 'divorced'
  | 'widowed'
  | 'kafala'
  | 'extract-noted'
  | 'other';

export interface Change {
  position: number;
  streamVersion: number;
  type: string;
  change: ChangeKind;
  /** For a rectification: the field corrected. */
  field?: string;
  recordedAt: string;
  /** Whether it alters what this extract shows. */
  supersedes: boolean;
}

export type ExtractStatusName = 'valid' | 'superseded';

export interface ExtractStatus {
  code: string;
  status: ExtractStatusName;
  kind: ExtractKind;
  format: ExtractIssued['data']['format'];
  languages: ExtractIssued['data']['languages'];
  issuedAt: string;
  validUntil: string;
  /** Past its customary validity (three months). Says nothing about its truth. */
  expired: boolean;
  reflects: { position: number; streamVersion: number };
  /** The register's position of the issue itself. */
  issuePosition: number;
  document: ExtractIssued['data']['document'];
  changes: Change[];
}

const KINDS: Record<string, ChangeKind> = {
  RectificationNoted: 'rectified',
  NameChanged: 'name-changed',
  PaternityRecognised: 'paternity-recognised',
  DeathRegistered: 'deceased',
  ActAnnulled: 'annulled',
  MarriageNoted: 'married',
  DivorceNoted: 'divorced',
  MarriageDissolvedByDeath: 'widowed',
  KafalaNoted: 'kafala',
  KafalaEnded: 'kafala',
  MarriageFileExtractNoted: 'extract-noted',
};

/** What a summary shows: identity, birth, filiation, death. */
const SHOWN_ON_A_SUMMARY = new Set<ChangeKind>([
  'rectified',
  'name-changed',
  'paternity-recognised',
  'deceased',
  'annulled',
  'other',
]);

export interface LaterEvent {
  type: string;
  data: unknown;
  position: number;
  version: number;
  recordedAt: string;
}

export function changesSince(
  issued: ExtractIssued['data'],
  later: readonly LaterEvent[],
): Change[] {
  return later
    .filter(
      (e) =>
        !(
          e.type === 'MarriageFileExtractNoted' &&
          (e.data as { extractCode?: string }).extractCode === issued.code
        ),
    )
    .map((e) => {
      const change = KINDS[e.type] ?? 'other';
      const field =
        e.type === 'RectificationNoted' ? (e.data as { field?: string }).field : undefined;
      return {
        position: e.position,
        streamVersion: e.version,
        type: e.type,
        change,
        ...(field !== undefined && { field }),
        recordedAt: e.recordedAt,
        supersedes: issued.kind === 'full-copy' || SHOWN_ON_A_SUMMARY.has(change),
      };
    });
}

export function statusOf(
  issued: ExtractIssued['data'],
  issuePosition: number,
  later: readonly LaterEvent[],
  today: string,
): ExtractStatus {
  const changes = changesSince(issued, later);
  return {
    code: issued.code,
    status: changes.some((c) => c.supersedes) ? 'superseded' : 'valid',
    kind: issued.kind,
    format: issued.format,
    languages: issued.languages,
    issuedAt: issued.issued.at,
    validUntil: issued.validUntil,
    expired: today > issued.validUntil,
    reflects: { position: issued.reflects.position, streamVersion: issued.reflects.streamVersion },
    issuePosition,
    document: issued.document,
    changes,
  };
}

const SAYS: Record<ChangeKind, string> = {
  rectified: 'the record was rectified',
  'name-changed': 'the name was changed',
  'paternity-recognised': 'a paternity was recognised',
  deceased: 'the person was registered deceased',
  annulled: 'an act was annulled',
  married: 'a marriage was noted',
  divorced: 'a divorce was noted',
  widowed: 'a marriage was dissolved by death',
  kafala: 'a kafala was noted or ended',
  'extract-noted': 'another extract for a marriage file was noted',
  other: 'the record changed',
};

/** A sentence per superseding change, for people reading a verification. */
export function describeChanges(changes: readonly Change[]): string[] {
  return changes
    .filter((c) => c.supersedes)
    .map(
      (c) =>
        `${SAYS[c.change]} after issue: ${c.type}${c.field ? ` (${c.field})` : ''} at position ${c.position}, recorded ${c.recordedAt}`,
    );
}
