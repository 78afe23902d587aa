/**
 * The register index: office, year and act number to the person's IDCS, so that an act
 * can be found from its paper reference. Fed by the register books' ActNumberAllocated.
 */
import type { ActNumberAllocated } from '../../src/domain';
import type { StoredEvent } from '../../src/eventstore';
import type { Transaction } from '../../src/eventstore/db';
import { copyField, copyLine } from '../../src/projection/copy';
import {
  defineProjection,
  type RebuildEvent,
  type Rebuilder,
} from '../../src/projection/projection';
import { RegisterIndexEntity } from './register-index.entity';

/** A rebuild writes the same rows with COPY: a book's numbers are final once allocated. */
function rebuilder(): Rebuilder {
  return {
    async apply(tx: Transaction, events: readonly RebuildEvent[]): Promise<void> {
      const lines = events.map((e) => {
        const d = e.data as ActNumberAllocated['data'];
        return copyLine([
          copyField(d.office),
          String(d.year),
          String(d.actNumber),
          copyField(d.actKind),
          copyField(d.idcs),
          String(e.position),
        ]);
      });
      await tx.copyIn('register_index', COLUMNS, lines);
    },
    finish: () => Promise.resolve(),
  };
}

const COLUMNS = ['office', 'year', 'act_number', 'act_kind', 'idcs', 'position'];

export const registerIndex = defineProjection({
  rebuilder,
  name: 'register-index',
  eventTypes: new Set(['ActNumberAllocated']),
  entities: [RegisterIndexEntity],
  async apply(tx: Transaction, events: readonly StoredEvent[]): Promise<void> {
    const rows = events.map((e) => ({
      data: e.data as ActNumberAllocated['data'],
      position: e.position,
    }));
    await tx.query(
      `insert into register_index (office, year, act_number, act_kind, idcs, position)
       select * from unnest($1::text[], $2::smallint[], $3::int[], $4::text[], $5::text[], $6::bigint[])`,
      [
        rows.map((r) => r.data.office),
        rows.map((r) => r.data.year),
        rows.map((r) => r.data.actNumber),
        rows.map((r) => r.data.actKind),
        rows.map((r) => r.data.idcs),
        rows.map((r) => r.position),
      ],
    );
  },
});

export interface RegisterIndexEntry {
  office: string;
  year: number;
  actNumber: number;
  actKind: string;
  idcs: string;
  position: number;
}

export async function findAct(
  db: { query: Transaction['query'] },
  office: string,
  year: number,
  actNumber: number,
): Promise<RegisterIndexEntry | null> {
  const [row] = await db.query<{
    office: string;
    year: number;
    act_number: number;
    act_kind: string;
    idcs: string;
    position: number;
  }>(
    `select office, year, act_number, act_kind, idcs, position from register_index
      where office = $1 and year = $2 and act_number = $3`,
    [office, year, actNumber],
  );
  return row
    ? {
        office: row.office,
        year: row.year,
        actNumber: row.act_number,
        actKind: row.act_kind,
        idcs: row.idcs,
        position: row.position,
      }
    : null;
}
