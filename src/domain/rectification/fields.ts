import type { DeathRecord, ParentLink, PersonRecord } from '../person/state';
import type { RectifiableField } from '../rules';
import type { Sex, TranscribedFullName, TranscribedName } from '../shared/types';

/** Every field a rectification may target; a Record so that a new field must be listed here. */
export const RECTIFIABLE_FIELDS: Record<RectifiableField, 'name' | 'other'> = {
  'givenName.ar': 'name',
  'givenName.lat': 'name',
  'givenName.tfng': 'name',
  'familyName.ar': 'name',
  'familyName.lat': 'name',
  'familyName.tfng': 'name',
  sex: 'other',
  birthDate: 'other',
  birthTime: 'other',
  'father.givenName.ar': 'name',
  'father.givenName.lat': 'name',
  'father.familyName.ar': 'name',
  'father.familyName.lat': 'name',
  'mother.givenName.ar': 'name',
  'mother.givenName.lat': 'name',
  'mother.familyName.ar': 'name',
  'mother.familyName.lat': 'name',
  'father.idcs': 'other',
  'mother.idcs': 'other',
  deathDate: 'other',
};

export const isRectifiableField = (field: string): field is RectifiableField =>
  Object.prototype.hasOwnProperty.call(RECTIFIABLE_FIELDS, field);

interface NamePath {
  parent?: 'father' | 'mother';
  part: 'given' | 'family';
  script: keyof TranscribedName;
}

function namePath(field: RectifiableField): NamePath | null {
  const m = /^(?:(father|mother)\.)?(given|family)Name\.(ar|lat|tfng)$/.exec(field);
  if (!m) return null;
  return {
    ...(m[1] && { parent: m[1] as 'father' | 'mother' }),
    part: m[2] as 'given' | 'family',
    script: m[3] as keyof TranscribedName,
  };
}

/** The value the act holds, or undefined when the field is not on this act (no father...). */
export function readField(
  record: PersonRecord,
  death: DeathRecord | null,
  field: RectifiableField,
): string | null | undefined {
  const path = namePath(field);
  if (path) {
    const holder: { name: TranscribedFullName } | null = path.parent ? record[path.parent] : record;
    return holder ? (holder.name[path.part][path.script] ?? null) : undefined;
  }
  if (field === 'father.idcs' || field === 'mother.idcs') {
    const parent = record[field === 'father.idcs' ? 'father' : 'mother'];
    return parent ? (parent.idcs ?? null) : undefined;
  }
  if (field === 'sex') return record.sex;
  if (field === 'birthDate') return record.birthDate;
  if (field === 'birthTime') return record.birthTime ?? null;
  if (field === 'deathDate') return death ? death.date : undefined;
  return undefined;
}

function withName(
  name: TranscribedFullName,
  path: NamePath,
  value: string | null,
): TranscribedFullName {
  const { [path.script]: _old, ...rest } = name[path.part];
  return { ...name, [path.part]: value === null ? rest : { ...rest, [path.script]: value } };
}

export function writeField(
  record: PersonRecord,
  field: RectifiableField,
  value: string | null,
): PersonRecord {
  const path = namePath(field);
  if (path) {
    if (!path.parent) return { ...record, name: withName(record.name, path, value) };
    const parent: ParentLink | null = record[path.parent];
    if (!parent) return record;
    return { ...record, [path.parent]: { ...parent, name: withName(parent.name, path, value) } };
  }
  if (field === 'father.idcs' || field === 'mother.idcs') {
    const role = field === 'father.idcs' ? 'father' : 'mother';
    const parent = record[role];
    if (!parent) return record;
    const { idcs: _old, ...rest } = parent;
    return { ...record, [role]: value === null ? rest : { ...rest, idcs: value } };
  }
  if (field === 'sex') return { ...record, sex: value as Sex | null };
  if (field === 'birthDate') return { ...record, birthDate: value };
  if (field === 'birthTime') {
    const { birthTime: _old, ...rest } = record;
    return value === null ? rest : { ...rest, birthTime: value };
  }
  return record; // deathDate lives on the death record, not the birth record
}
