import { EntitySchema } from '@mikro-orm/core';

/** A row of `register_index`: the read model's schema, from which its migration was made. */
export interface RegisterIndexRow {
  office: string;
  year: number;
  actNumber: number;
  actKind: string;
  idcs: string;
  position: number;
}

export const RegisterIndexEntity = new EntitySchema<RegisterIndexRow>({
  name: 'RegisterIndex',
  tableName: 'register_index',
  properties: {
    office: { type: 'text', primary: true },
    year: { type: 'smallint', primary: true },
    actNumber: { type: 'integer', primary: true },
    actKind: { type: 'text' },
    idcs: { type: 'text', index: 'register_index_idcs' },
    position: { type: 'bigint' },
  },
});
