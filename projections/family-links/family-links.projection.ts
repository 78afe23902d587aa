/**
 * Family links: who is whose father, mother, child, spouse (current or former) and ward,
 * with the few facts about each person a family view shows. A page of events is applied
 * set-based: at most four reads (the rows it touches, by primary key) and six writes
 * (unnest upserts and deletes), whatever the page's size. A rebuild folds the same way in
 * memory and writes each row once (family-links.rebuild.ts). Each person's family view is
 * kept as a document (family-links.documents.ts): a page rewrites the documents its
 * changes concern.
 */
import type { StoredEvent } from '../../src/eventstore';
import type { Sql, Transaction } from '../../src/eventstore/db';
import { defineProjection } from '../../src/projection/projection';
import {
  FAMILY_ENTITIES,
  type FamilyKafalaRow,
  type FamilyMarriageRow,
  type FamilyParentRow,
  type FamilyPersonRow,
} from './family-links.entity';
import {
  FAMILY_EVENT_TYPES,
  foldPage,
  keysOf,
  type FamilyEvent,
  type PageKeys,
  type PositionedEvent,
} from './family-links.fold';
import {
  changesBetween,
  emptyRows,
  kafalaKey,
  kafalaRow,
  marriageRow,
  parentKey,
  parentRow,
  personRow,
  type FamilyChanges,
  type FamilyRows,
} from './family-links.rows';
import { buildViews, refreshViews, touchedBy } from './family-links.documents';
import { familyLinksRebuilder } from './family-links.rebuild';

export const FAMILY_LINKS = 'family-links';
/** Persons per statement when a rebuild writes the family documents. */
const PERSONS_PER_PART = 1_000_000;

const json = (value: unknown) => (value === null ? null : JSON.stringify(value));

const PERSON_COLUMNS = `idcs, given_ar as "givenAr", given_lat as "givenLat", family_ar as "familyAr",
  family_lat as "familyLat", sex, birth_date as "birthDate", death_date as "deathDate", status`;

async function load(sql: Sql, keys: PageKeys): Promise<FamilyRows> {
  const rows = emptyRows();
  const byKey = async <Row extends object>(keySet: Set<string>, text: string) =>
    keySet.size === 0 ? [] : sql.query<Row>(text, [[...keySet]]);
  // One after the other: they share the transaction's connection.
  const persons = await byKey<FamilyPersonRow>(
    keys.persons,
    `select ${PERSON_COLUMNS} from family_person where idcs = any($1::text[])`,
  );
  const parents = await byKey<FamilyParentRow>(
    keys.children,
    `select child, role, parent, given_ar as "givenAr", given_lat as "givenLat",
            family_ar as "familyAr", family_lat as "familyLat",
            established_by as "establishedBy", legal_basis as "legalBasis"
       from family_parent where child = any($1::text[])`,
  );
  const marriages = await byKey<FamilyMarriageRow>(
    keys.marriages,
    `select marriage_id as "marriageId", husband, wife, married_on as "marriedOn", contract,
            ended_on as "endedOn", ended_by as "endedBy", divorce_kind as "divorceKind",
            divorce_basis as "divorceBasis"
       from family_marriage where marriage_id = any($1::text[])`,
  );
  const kafala = await byKey<FamilyKafalaRow>(
    keys.children,
    `select child, noted_position as "notedPosition", guardian_role as "guardianRole",
            guardian, guardian_name as "guardianName", institution, since, judgment,
            ended_on as "endedOn", end_reason as "endReason"
       from family_kafala where child = any($1::text[])`,
  );
  for (const p of persons) rows.persons.set(p.idcs, personRow(p));
  for (const p of parents) rows.parents.set(parentKey(p.child, p.role), parentRow(p));
  for (const m of marriages) rows.marriages.set(m.marriageId, marriageRow(m));
  for (const k of kafala) {
    const row = kafalaRow(k);
    rows.kafala.set(kafalaKey(row), row);
  }
  return rows;
}

async function write(sql: Sql, c: FamilyChanges): Promise<void> {
  if (c.persons.length > 0)
    await sql.query(
      `insert into family_person (idcs, given_ar, given_lat, family_ar, family_lat, sex,
                                    birth_date, death_date, status)
         select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
                              $6::text[], $7::text[], $8::text[], $9::text[])
         on conflict (idcs) do update set
           given_ar = excluded.given_ar, given_lat = excluded.given_lat,
           family_ar = excluded.family_ar, family_lat = excluded.family_lat, sex = excluded.sex,
           birth_date = excluded.birth_date, death_date = excluded.death_date,
           status = excluded.status`,
      [
        c.persons.map((p) => p.idcs),
        c.persons.map((p) => p.givenAr),
        c.persons.map((p) => p.givenLat),
        c.persons.map((p) => p.familyAr),
        c.persons.map((p) => p.familyLat),
        c.persons.map((p) => p.sex),
        c.persons.map((p) => p.birthDate),
        c.persons.map((p) => p.deathDate),
        c.persons.map((p) => p.status),
      ],
    );
  if (c.parentsDeleted.length > 0)
    await sql.query(
      `delete from family_parent p using unnest($1::text[], $2::text[]) as d(child, role)
          where p.child = d.child and p.role = d.role`,
      [c.parentsDeleted.map((p) => p.child), c.parentsDeleted.map((p) => p.role)],
    );
  if (c.parents.length > 0)
    await sql.query(
      `insert into family_parent (child, role, parent, given_ar, given_lat, family_ar,
                                    family_lat, established_by, legal_basis)
         select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
                              $6::text[], $7::text[], $8::text[], $9::json[])
         on conflict (child, role) do update set
           parent = excluded.parent, given_ar = excluded.given_ar,
           given_lat = excluded.given_lat, family_ar = excluded.family_ar,
           family_lat = excluded.family_lat, established_by = excluded.established_by,
           legal_basis = excluded.legal_basis`,
      [
        c.parents.map((p) => p.child),
        c.parents.map((p) => p.role),
        c.parents.map((p) => p.parent),
        c.parents.map((p) => p.givenAr),
        c.parents.map((p) => p.givenLat),
        c.parents.map((p) => p.familyAr),
        c.parents.map((p) => p.familyLat),
        c.parents.map((p) => p.establishedBy),
        c.parents.map((p) => json(p.legalBasis)),
      ],
    );
  if (c.marriages.length > 0)
    await sql.query(
      `insert into family_marriage (marriage_id, husband, wife, married_on, contract, ended_on,
                                      ended_by, divorce_kind, divorce_basis)
         select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::json[],
                              $6::text[], $7::text[], $8::text[], $9::json[])
         on conflict (marriage_id) do update set
           ended_on = excluded.ended_on, ended_by = excluded.ended_by,
           divorce_kind = excluded.divorce_kind, divorce_basis = excluded.divorce_basis`,
      [
        c.marriages.map((m) => m.marriageId),
        c.marriages.map((m) => m.husband),
        c.marriages.map((m) => m.wife),
        c.marriages.map((m) => m.marriedOn),
        c.marriages.map((m) => json(m.contract)),
        c.marriages.map((m) => m.endedOn),
        c.marriages.map((m) => m.endedBy),
        c.marriages.map((m) => m.divorceKind),
        c.marriages.map((m) => json(m.divorceBasis)),
      ],
    );
  if (c.kafalaDeleted.length > 0)
    await sql.query(
      `delete from family_kafala k
          using unnest($1::text[], $2::bigint[], $3::text[]) as d(child, noted_position, guardian_role)
          where k.child = d.child and k.noted_position = d.noted_position
            and k.guardian_role = d.guardian_role`,
      [
        c.kafalaDeleted.map((k) => k.child),
        c.kafalaDeleted.map((k) => k.notedPosition),
        c.kafalaDeleted.map((k) => k.guardianRole),
      ],
    );
  if (c.kafala.length > 0)
    await sql.query(
      `insert into family_kafala (child, noted_position, guardian_role, guardian, guardian_name,
                                    institution, since, judgment, ended_on, end_reason)
         select * from unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::json[],
                              $6::text[], $7::text[], $8::json[], $9::text[], $10::text[])
         on conflict (child, noted_position, guardian_role) do update set
           ended_on = excluded.ended_on, end_reason = excluded.end_reason`,
      [
        c.kafala.map((k) => k.child),
        c.kafala.map((k) => k.notedPosition),
        c.kafala.map((k) => k.guardianRole),
        c.kafala.map((k) => k.guardian),
        c.kafala.map((k) => json(k.guardianName)),
        c.kafala.map((k) => k.institution),
        c.kafala.map((k) => k.since),
        c.kafala.map((k) => json(k.judgment)),
        c.kafala.map((k) => k.endedOn),
        c.kafala.map((k) => k.endReason),
      ],
    );
}

export const familyLinks = defineProjection({
  name: FAMILY_LINKS,
  eventTypes: new Set<string>(FAMILY_EVENT_TYPES),
  entities: FAMILY_ENTITIES,
  async apply(tx: Transaction, events: readonly StoredEvent[]): Promise<void> {
    const page: PositionedEvent[] = events.map((e) => ({
      position: e.position,
      event: { type: e.type, data: e.data } as FamilyEvent,
    }));
    const before = await load(tx, keysOf(page));
    const changes = changesBetween(before, foldPage(before, page));
    await write(tx, changes);
    await refreshViews(tx, touchedBy(before, changes));
  },
  rebuilder: familyLinksRebuilder,
  async derived(sql) {
    // Each part sorts its persons' rows in temporary files. At 10 million persons two
    // halves wrote over 16 GB of them and filled the disk; a part of a million took 74 s
    // and 0.8 GB, of half a million 58 s and 0.18 GB (each part reads whole tables).
    const [table] = await sql.query<{ persons: string }>(
      `select greatest(reltuples, 0)::bigint::text as persons from pg_class
        where oid = to_regclass('family_person')`,
    );
    const parts = Math.max(2, Math.ceil(Number(table?.persons ?? 0) / PERSONS_PER_PART));
    return Array.from({ length: parts }, (_, part) => buildViews(part, parts));
  },
});
