/**
 * Person records read and their reads recorded by one statement: the records of the persons
 * asked for in one turn of the event loop (`PointReads`, each read carrying its access-log
 * entry), and one access-log row per read of a person the register has, committed before
 * the reply. One round trip instead of two (one to read, one to record): measured on the
 * 1-million register, person reads took ~10 % less CPU in the server and ~8 % less in
 * PostgreSQL. An unknown or unregistered IDCS is a 404, not a read.
 */
import {
  RECORD_COLUMNS,
  recordsByIdcs,
  type RecordRow,
} from '../../../projections/person-record/person-record.projection';
import type { StoredRecord } from '../../../projections/person-record/record';
import type { Sql } from '../../eventstore/db';
import { PointReads } from '../../infrastructure/point-reads';
import { accessRows, readsIn, type AccessRecord } from './access-log';

const READ_AND_RECORD = `with asked as materialized (
    select r.user_id, r.role, r.office, r.action, r.idcs, r.purpose, r.request_id
      from ${readsIn('$1')}),
  found as materialized (
    select ${RECORD_COLUMNS} from person_record r
     where r.idcs in (select idcs[1] from asked) and r.status <> 'unregistered'),
  logged as (
    insert into access_log (user_id, role, office, action, idcs, purpose, request_id)
    select user_id, role, office, action, idcs, purpose, request_id from asked
     where idcs[1] in (select idcs from found))
  select * from found`;

/** `get(idcs, entry)`: the entry's `idcs` must be `[idcs]`. */
export function personReads(db: Pick<Sql, 'query'>): PointReads<StoredRecord, AccessRecord> {
  return new PointReads<StoredRecord, AccessRecord>(async (_ids, entries) =>
    recordsByIdcs(
      await db.query<RecordRow>(READ_AND_RECORD, [JSON.stringify(accessRows(entries))]),
    ),
  );
}
