import { EntitySchema } from '@mikro-orm/core';
import type { PersonState } from '../../src/domain';
import type { RecordEntry } from './entries';

/**
 * A row of `person_record`: one person's state exactly as the domain's evolvePerson folds
 * it, and how far it is folded. The state is kept, not only a reply, so that a page of
 * events is applied from the stored rows without reading any stream again.
 *
 * `state` and `entry` are `json`, not `jsonb`: nothing queries inside them (the other read
 * models have their own tables), and `json` stores the text as sent, without converting it.
 */
export interface PersonRecordRow {
  idcs: string;
  status: PersonState['status'];
  state: PersonState;
  /** Stream version of the last event applied to the row. */
  version: number;
  /** Global position of that event. */
  position: number;
}

export const PersonRecordEntity = new EntitySchema<PersonRecordRow>({
  name: 'PersonRecord',
  tableName: 'person_record',
  properties: {
    idcs: { type: 'text', primary: true },
    status: { type: 'text' },
    state: { type: 'json', columnType: 'json' },
    version: { type: 'integer' },
    position: { type: 'bigint' },
  },
});

/**
 * A row of `person_record_entry`: what one event wrote on the person's acts (the birth or
 * death act as drawn up, a marginal note with its legal basis). Written once, never
 * rewritten, like the margin of a paper act; read in version order.
 */
export interface PersonRecordEntryRow {
  idcs: string;
  version: number;
  position: number;
  kind: RecordEntry['kind'];
  entry: RecordEntry;
}

export const PersonRecordEntryEntity = new EntitySchema<PersonRecordEntryRow>({
  name: 'PersonRecordEntry',
  tableName: 'person_record_entry',
  properties: {
    idcs: { type: 'text', primary: true },
    version: { type: 'integer', primary: true },
    position: { type: 'bigint' },
    kind: { type: 'text' },
    entry: { type: 'json', columnType: 'json' },
  },
});
