import type { PersonRecord, PersonState } from '../person/state';
import { dayOf, daysInMonth, isIsoDate } from '../shared/dates';
import { assertNever, invalid, violation } from '../shared/errors';
import type { Command } from '../shared/types';
import * as v from '../shared/validate';
import {
  EXTRACT_FORMATS,
  EXTRACT_KINDS,
  EXTRACT_LANGUAGES,
  EXTRACT_PURPOSES,
  FULL_COPY_RELATIONS,
  REQUESTER_RELATIONS,
  type ExtractIssued,
  type ExtractNoteEvent,
  type ExtractRequester,
  type MarriageFileExtractNoted,
} from './extract.events';

/** Ten Crockford base-32 characters (no I, L, O, U): read aloud or typed from paper. */
export const EXTRACT_CODE = /^[0-9A-HJKMNP-TV-Z]{10}$/;

/** Months an extract is customarily valid. */
export const EXTRACT_VALIDITY_MONTHS = 3;

export type ExtractRequest = Pick<
  ExtractIssued['data'],
  'idcs' | 'kind' | 'format' | 'languages' | 'purpose' | 'requester'
>;

/** The code, the state shown and the signed file come from the application, like ids do. */
export type IssueExtract = Command<
  'IssueExtract',
  ExtractRequest & Pick<ExtractIssued['data'], 'code' | 'reflects' | 'document'>
>;

export interface ExtractStates {
  person: PersonState;
  /** The requester's own record, when they gave their IDCS. */
  requester?: PersonState;
}

export interface ExtractDecision {
  extract: ExtractIssued[];
  person: MarriageFileExtractNoted[];
}

/**
 * Checks a request before anything is drawn up: the act exists and is in force, the
 * requester may obtain this kind of extract, the relation they claim matches the register.
 * Returns the record the extract is drawn from.
 */
export function checkExtractRequest(request: ExtractRequest, states: ExtractStates): PersonRecord {
  v.idcs('data.idcs', request.idcs);
  oneOf('data.kind', request.kind, EXTRACT_KINDS);
  oneOf('data.format', request.format, EXTRACT_FORMATS);
  oneOf('data.purpose', request.purpose, EXTRACT_PURPOSES);
  if (!Array.isArray(request.languages) || request.languages.length === 0)
    invalid('data.languages', 'one or both of ar, fr');
  request.languages.forEach((l, i) => oneOf(`data.languages.${i}`, l, EXTRACT_LANGUAGES));
  if (new Set(request.languages).size !== request.languages.length)
    invalid('data.languages', 'each language once');
  requester('data.requester', request.requester);

  const record = extractable(states.person);
  if (request.purpose === 'marriage-file' && states.person.status === 'deceased')
    violation('NOTHING_AFTER_DEATH', 'No marriage file for a deceased person');
  const r = request.requester;
  if (request.kind === 'full-copy' && !FULL_COPY_RELATIONS.has(r.relation))
    violation(
      'FULL_COPY_REQUESTER',
      `A ${r.relation} may obtain a summary extract, not a full copy`,
    );
  if (r.idcs !== undefined) relationOnRecord(request.idcs, record, r, states.requester);
  return record;
}

export function issueExtract(command: IssueExtract, states: ExtractStates): ExtractDecision {
  const d = command.data;
  checkExtractRequest(d, states);
  if (typeof d.code !== 'string' || !EXTRACT_CODE.test(d.code))
    invalid('data.code', 'ten Crockford base-32 characters');
  if (!/^[0-9a-f]{64}$/.test(d.document?.sha256 ?? ''))
    invalid('data.document.sha256', 'SHA-256 in hex');
  v.text('data.document.keyId', d.document.keyId);
  const now = command.metadata.now;
  const today = dayOf(now);
  const issued: ExtractIssued = {
    type: 'ExtractIssued',
    data: {
      code: d.code,
      idcs: d.idcs,
      kind: d.kind,
      format: d.format,
      languages: d.languages,
      purpose: d.purpose,
      requester: d.requester,
      reflects: d.reflects,
      document: d.document,
      issued: { by: command.metadata.actor, at: now },
      validUntil: extractValidUntil(now),
    },
  };
  const note: MarriageFileExtractNoted[] =
    d.purpose === 'marriage-file'
      ? [
          {
            type: 'MarriageFileExtractNoted',
            data: {
              idcs: d.idcs,
              extractCode: d.code,
              noted: {
                by: command.metadata.actor,
                on: v.actDate('metadata.now', { date: today }),
              },
            },
          },
        ]
      : [];
  return { extract: [issued], person: note };
}

/** The note records a fact about the act's use: the civil status it shows does not change. */
export function evolve(state: PersonState, event: ExtractNoteEvent): PersonState {
  switch (event.type) {
    case 'MarriageFileExtractNoted':
      return state;
    default:
      return assertNever(event.type);
  }
}

function extractable(state: PersonState): PersonRecord {
  switch (state.status) {
    case 'alive':
    case 'deceased':
      return state.record;
    case 'unregistered':
    case 'pre-declared':
      return violation('PERSON_REGISTERED', 'There is no birth act to extract');
    case 'unidentified-deceased':
      return violation('EXTRACT_OF_A_BIRTH_ACT', 'This record holds a death act only');
    case 'annulled':
      return violation('ACT_ANNULLED', `The ${state.annulled.act} act was annulled`);
    default:
      return assertNever(state);
  }
}

function relationOnRecord(
  idcs: string,
  record: PersonRecord,
  r: ExtractRequester,
  requesterState: PersonState | undefined,
): void {
  const claimed = r.idcs!;
  const requesterRecord =
    requesterState?.status === 'alive' || requesterState?.status === 'deceased'
      ? requesterState.record
      : null;
  let holds: boolean | null;
  switch (r.relation) {
    case 'self':
      holds = claimed === idcs;
      break;
    case 'father':
      holds = record.father?.idcs === claimed;
      break;
    case 'mother':
      holds = record.mother?.idcs === claimed;
      break;
    case 'spouse':
      holds = record.spouses.some((s) => s.idcs === claimed);
      break;
    case 'child':
      holds = requesterRecord?.father?.idcs === idcs || requesterRecord?.mother?.idcs === idcs;
      break;
    case 'ascendant':
    case 'descendant':
    case 'prosecutor-authorised':
    case 'third-party':
      // Further degrees are checked on the documents shown at the desk.
      holds = null;
      break;
    default:
      return assertNever(r.relation);
  }
  if (holds === false)
    violation(
      'REQUESTER_RELATION_ON_RECORD',
      `The register does not show ${claimed} as the ${r.relation} of ${idcs}`,
    );
}

function requester(path: string, r: ExtractRequester | undefined): void {
  if (!r || typeof r !== 'object') invalid(path, 'who asks for the extract');
  v.text(`${path}.name`, r.name);
  oneOf(`${path}.relation`, r.relation, REQUESTER_RELATIONS);
  if (r.idcs !== undefined) v.idcs(`${path}.idcs`, r.idcs);
  if (r.idDocument !== undefined) v.text(`${path}.idDocument`, r.idDocument);
  if (r.relation === 'prosecutor-authorised') {
    const a = r.authorisation;
    if (!a) invalid(`${path}.authorisation`, "the public prosecutor's authorisation");
    v.text(`${path}.authorisation.authority`, a.authority);
    v.text(`${path}.authorisation.reference`, a.reference);
    v.isoDate(`${path}.authorisation.date`, a.date);
  } else if (r.authorisation !== undefined) {
    invalid(`${path}.authorisation`, 'only for relation prosecutor-authorised');
  }
}

function oneOf<T extends string>(path: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) invalid(path, `one of ${allowed.join(', ')}`);
  return value as T;
}

/** The last day an extract issued at `now` (ISO date-time) is customarily accepted. */
export function extractValidUntil(now: string): string {
  return addMonths(dayOf(now), EXTRACT_VALIDITY_MONTHS);
}

/** Same day `months` later, or the month's last day (31 May + 3 months = 31 August). */
export function addMonths(isoDate: string, months: number): string {
  if (!isIsoDate(isoDate)) invalid('date', 'not an ISO date (YYYY-MM-DD)');
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = daysInMonth(target.getUTCFullYear(), target.getUTCMonth() + 1);
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}
