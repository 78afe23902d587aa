/**
 * Person records read and their reads recorded by one statement, on PostgreSQL: reads from
 * several readers in one turn of the event loop share the statement, each read of a person
 * the register has gets its own access-log row with its own reader and purpose, and an
 * unknown or unregistered IDCS is neither found nor logged.
 */
import type { AccessRecord } from '../../src/api/queries/access-log';
import { personReads } from '../../src/api/queries/person-reads';
import { idcsOf } from '../../src/domain/testing/fixtures';
import type { PostgresDatabase } from '../../src/eventstore';
import { freshDatabase } from '../support/databases';
import { counted } from '../support/counted';
import { describeWithPostgres } from '../support/describe-with-postgres';

const legal = { userId: 'legal-1', role: 'legal' as const };
const partner = { userId: 'cnss', role: 'partner' as const, office: 'CNSS-01' };

const reading = (idcs: string, principal: AccessRecord['principal'], purpose?: string) => ({
  principal,
  action: 'person.read',
  idcs: [idcs],
  purpose,
  requestId: `req-${idcs}-${principal.userId}`,
});

describeWithPostgres('person records read and recorded by one statement', () => {
  let db: PostgresDatabase;
  let drop: () => Promise<void>;
  const [alive, deceased, unregistered, unknown] = [1, 2, 3, 4].map((n) => idcsOf(9100 + n));

  beforeAll(async () => {
    ({ db, drop } = await freshDatabase(4));
    const row = (idcs: string, status: string, version: number) =>
      db.query(
        `insert into person_record (idcs, status, state, version, position)
         values ($1, $2, $3::jsonb, $4::int, $4::bigint)`,
        [idcs, status, JSON.stringify({ status, idcs }), version],
      );
    await row(alive!, 'alive', 1);
    await row(deceased!, 'deceased', 2);
    await row(unregistered!, 'unregistered', 3);
    await db.query(
      `insert into person_record_entry (idcs, version, position, kind, entry)
       values ($1, 2, 2, 'death', '{"kind":"death","version":2}'), ($1, 1, 1, 'birth', '{"kind":"birth","version":1}')`,
      [deceased],
    );
  });
  afterAll(async () => drop());

  const logged = () =>
    db.query<{ idcs: string[]; user_id: string; office: string | null; purpose: string | null }>(
      `select idcs, user_id, office, purpose, request_id from access_log order by id`,
    );

  it('reads the batch with one statement and logs one row per read of a registered person', async () => {
    const { sql, sent } = counted(db);
    const reads = personReads(sql);
    const [a, b, c, d, e] = await Promise.all([
      reads.get(alive!, reading(alive!, legal)),
      reads.get(alive!, reading(alive!, partner, 'Dossier 118')),
      reads.get(deceased!, reading(deceased!, legal)),
      reads.get(unknown!, reading(unknown!, legal)),
      reads.get(unregistered!, reading(unregistered!, legal)),
    ]);
    expect(sent).toHaveLength(1);
    expect(a?.person).toMatchObject({ idcs: alive, version: 1, position: 1 });
    expect(b?.person.idcs).toBe(alive);
    expect(a?.entries).toEqual([]);
    expect(c?.entries.map((entry) => entry.kind)).toEqual(['birth', 'death']);
    expect(d).toBeNull();
    expect(e).toBeNull();
    expect(await logged()).toEqual([
      {
        idcs: [alive],
        user_id: 'legal-1',
        office: null,
        purpose: null,
        request_id: `req-${alive}-legal-1`,
      },
      {
        idcs: [alive],
        user_id: 'cnss',
        office: 'CNSS-01',
        purpose: 'Dossier 118',
        request_id: `req-${alive}-cnss`,
      },
      {
        idcs: [deceased],
        user_id: 'legal-1',
        office: null,
        purpose: null,
        request_id: `req-${deceased}-legal-1`,
      },
    ]);
  });

  it('returns no record whose read could not be logged, and logs none of its batch', async () => {
    // The log refuses one reader's rows: the statement fails as a whole.
    await db.exec(`
      create function refuse_reader() returns trigger language plpgsql as $$
      begin
        if new.user_id = 'refused' then raise exception 'log refused'; end if;
        return new;
      end $$;
      create trigger refuse_reader before insert on access_log
        for each row execute function refuse_reader();`);
    const before = (await logged()).length;
    const reads = personReads(db);
    const replies = await Promise.allSettled([
      reads.get(alive!, reading(alive!, legal)),
      reads.get(deceased!, reading(deceased!, { userId: 'refused', role: 'legal' })),
    ]);
    expect(replies.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((await logged()).length).toBe(before);
    await db.exec('drop trigger refuse_reader on access_log');
    expect(await reads.get(alive!, reading(alive!, legal))).not.toBeNull();
    expect((await logged()).length).toBe(before + 1);
  });
});
