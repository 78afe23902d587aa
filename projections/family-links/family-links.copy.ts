/**
 * The family-links rows as lines of COPY text, for a rebuild that writes each row once.
 * Every column is written as the incremental `apply` writes it: text as is, `json` columns
 * as the JSON.stringify text its unnest upserts send, null as \N.
 */
import { copyField, copyJson } from '../../src/projection/copy';
import type {
  FamilyKafalaRow,
  FamilyMarriageRow,
  FamilyParentRow,
  FamilyPersonRow,
} from './family-links.entity';

export const PERSON_COPY_COLUMNS = [
  'idcs',
  'given_ar',
  'given_lat',
  'family_ar',
  'family_lat',
  'sex',
  'birth_date',
  'death_date',
  'status',
] as const;

export const PARENT_COPY_COLUMNS = [
  'child',
  'role',
  'parent',
  'given_ar',
  'given_lat',
  'family_ar',
  'family_lat',
  'established_by',
  'legal_basis',
] as const;

export const MARRIAGE_COPY_COLUMNS = [
  'marriage_id',
  'husband',
  'wife',
  'married_on',
  'contract',
  'ended_on',
  'ended_by',
  'divorce_kind',
  'divorce_basis',
] as const;

export const KAFALA_COPY_COLUMNS = [
  'child',
  'noted_position',
  'guardian_role',
  'guardian',
  'guardian_name',
  'institution',
  'since',
  'judgment',
  'ended_on',
  'end_reason',
] as const;

// `undefined` too: the upserts send it as null, so a row read back has null there.
const text = copyField;
const json = copyJson;

export const personLine = (r: FamilyPersonRow): string =>
  `${text(r.idcs)}\t${text(r.givenAr)}\t${text(r.givenLat)}\t${text(r.familyAr)}\t${text(
    r.familyLat,
  )}\t${text(r.sex)}\t${text(r.birthDate)}\t${text(r.deathDate)}\t${text(r.status)}\n`;

export const parentLine = (r: FamilyParentRow): string =>
  `${text(r.child)}\t${text(r.role)}\t${text(r.parent)}\t${text(r.givenAr)}\t${text(
    r.givenLat,
  )}\t${text(r.familyAr)}\t${text(r.familyLat)}\t${text(r.establishedBy)}\t${json(r.legalBasis)}\n`;

export const marriageLine = (r: FamilyMarriageRow): string =>
  `${text(r.marriageId)}\t${text(r.husband)}\t${text(r.wife)}\t${text(r.marriedOn)}\t${json(
    r.contract,
  )}\t${text(r.endedOn)}\t${text(r.endedBy)}\t${text(r.divorceKind)}\t${json(r.divorceBasis)}\n`;

export const kafalaLine = (r: FamilyKafalaRow): string =>
  `${text(r.child)}\t${r.notedPosition}\t${text(r.guardianRole)}\t${text(r.guardian)}\t${json(
    r.guardianName,
  )}\t${text(r.institution)}\t${text(r.since)}\t${json(r.judgment)}\t${text(r.endedOn)}\t${text(
    r.endReason,
  )}\n`;
