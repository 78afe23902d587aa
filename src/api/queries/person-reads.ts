/**
 * Person records read and their reads recorded by one statement (see `RecordedReads`): the
 * records of the persons asked for in one turn of the event loop, and one access-log row per
 * read of a person the register has. An unknown or unregistered IDCS is a 404, not a read.
 */
import {
  RECORD_COLUMNS,
  recordsByIdcs,
  type RecordRow,
} from '../../../projections/person-record/person-record.projection';
import type { StoredRecord } from '../../../projections/person-record/record';
import type { Sql } from '../../eventstore/db';
import { readsIn } from './access-log';
import { RecordedReads } from './recorded-reads';

const READ_AND_RECORD = `with asked as materialized (
    select r.user_id, r.role, r.office, r.action, r.idcs[1] as idcs, r.purpose, r.request_id
      from ${readsIn('$1')}),
  found as materialized (
    select ${RECORD_COLUMNS} from person_record r
     where r.idcs in (select idcs from asked) and r.status <> 'unregistered'),
  logged as (
    insert into access_log (user_id, role, office, action, idcs, purpose, request_id)
    select user_id, role, office, action, idcs, purpose, request_id from asked
     where idcs in (select idcs from found))
  select * from found`;

export function personReads(db: Pick<Sql, 'query'>): RecordedReads<StoredRecord> {
  return new RecordedReads<StoredRecord>(async (asked) =>
    recordsByIdcs(await db.query<RecordRow>(READ_AND_RECORD, [asked])),
  );
}
