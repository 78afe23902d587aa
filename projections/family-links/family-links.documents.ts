/**
 * Each person's family view kept as one document (ADR 0013), so that reading it is one
 * point read, like a person record, instead of a dozen index probes and seven aggregates
 * per read.
 *
 * The document holds the person's links (parents, children, marriages, siblings, kafala)
 * and the IDCS of everyone they name; the facts of those persons (names, dates, alive or
 * not) stay in `family_person` and are read with the document. So a death or a corrected
 * name rewrites no document, and a document changes only with the links it comes from:
 * `refreshViews` after each page the projection applies, `buildViews` after a rebuild's
 * load, in the same transaction as the links. Every list is ordered, so that a document
 * is the same text however the rows it reads were written: the rebuild's property test
 * compares the incremental and the rebuilt tables as text.
 */
import type { Sql } from '../../src/eventstore/db';
import type { FamilyKafalaRow, FamilyParentRow } from './family-links.entity';
import { kafalaKey, parentKey, type FamilyChanges, type FamilyRows } from './family-links.rows';

/** Bounds: a family view never reads more than this many rows of one kind. */
export const MAX_CHILDREN = 200;
export const MAX_SIBLINGS = 500;

export const NAME_COLUMNS = `given_ar as "givenAr", given_lat as "givenLat", family_ar as "familyAr",
  family_lat as "familyLat"`;
export const MARRIAGE_COLUMNS = `marriage_id as "marriageId", husband, wife, married_on as "marriedOn",
  contract, ended_on as "endedOn", ended_by as "endedBy", divorce_kind as "divorceKind",
  divorce_basis as "divorceBasis"`;
const KAFALA_COLUMNS = `child, noted_position as "notedPosition", guardian_role as "guardianRole", guardian,
  guardian_name as "guardianName", institution, since, judgment, ended_on as "endedOn",
  end_reason as "endReason"`;
export const PERSON_COLUMNS = `idcs, ${NAME_COLUMNS}, sex, birth_date as "birthDate",
  death_date as "deathDate", status`;

/**
 * One person's family document: their links, and the IDCS of everyone they name (the
 * person included). `who` is the person's IDCS as the enclosing statement gives it.
 * Every row is found from a key of the person (see KEYED_LOOKUPS).
 */
const familyOf = (who: string) => `with
  parents as (
    select role, parent, ${NAME_COLUMNS}, established_by as "establishedBy",
           legal_basis as "legalBasis"
      from family_parent where child = ${who}),
  children as (
    select c.child, c.role, c.established_by as "establishedBy",
           (select o.parent from family_parent o where o.child = c.child and o.role <> c.role) as other
      from family_parent c
     where c.parent = ${who} order by c.child, c.role limit ${MAX_CHILDREN}),
  marriages as (
    select ${MARRIAGE_COLUMNS} from family_marriage where husband = ${who}
    union all
    select ${MARRIAGE_COLUMNS} from family_marriage where wife = ${who}),
  siblings as (
    select s.child as idcs,
           (select parent from family_parent where child = s.child and role = 'father') as father,
           (select parent from family_parent where child = s.child and role = 'mother') as mother
      from (select distinct c.child
              from family_parent mine
              cross join lateral (
                select child from family_parent c where c.parent = mine.parent) c
             where mine.child = ${who} and mine.parent is not null and c.child <> ${who}
             order by c.child limit ${MAX_SIBLINGS}) s),
  guardians as (select ${KAFALA_COLUMNS} from family_kafala where child = ${who}),
  wards as (
    select ${KAFALA_COLUMNS} from family_kafala where guardian = ${who}
     order by child, noted_position, guardian_role limit ${MAX_CHILDREN})
select
  (select coalesce(json_agg(x order by x.role), '[]') from parents x) as parents,
  (select coalesce(json_agg(x order by x.child, x.role), '[]') from children x) as children,
  (select coalesce(json_agg(x order by x."marriageId"), '[]') from marriages x) as marriages,
  (select coalesce(json_agg(x order by x.idcs), '[]') from siblings x) as siblings,
  (select coalesce(json_agg(x order by x."notedPosition", x."guardianRole"), '[]')
     from guardians x) as guardians,
  (select coalesce(json_agg(x order by x.child, x."notedPosition", x."guardianRole"), '[]')
     from wards x) as wards,
  array(
    select distinct id from (
      select ${who} as id
      union all select parent from parents
      union all select child from children
      union all select other from children
      union all select case when husband = ${who} then wife else husband end from marriages
      union all select idcs from siblings
      union all select guardian from guardians
      union all select child from wards) named
     where id is not null order by id) as persons`;

/** The document of each person of `owners` (a relation with an `idcs` column). */
const documentsOf = (owners: string) =>
  `select p.idcs,
          (select row_to_json(d) from (select f.parents, f.children, f.marriages, f.siblings,
                                              f.guardians, f.wards) d) as view,
          f.persons
     from ${owners} p cross join lateral (${familyOf('p.idcs')}) f`;

/**
 * Who a page's changes concern, as the document statement takes them:
 * - `registered`: persons the page gave a record: their own document.
 * - `children`: children whose filiation changed. Their parents list them (the other
 *   parent as `other`), and their siblings classify them by their parents.
 * - `parents`: the parents such a filiation named before and names now. Their children
 *   list changed, and so did their other children's siblings.
 * - `parties`: the spouses of a changed marriage, the child and guardians of a changed
 *   kafala order.
 */
export interface Touched {
  registered: string[];
  children: string[];
  parents: string[];
  parties: string[];
}

/** Who the changes a page made to the links concern (`before`: the rows it read). */
export function touchedBy(before: FamilyRows, changes: FamilyChanges): Touched {
  const children = new Set<string>();
  const parents = new Set<string>();
  const parties = new Set<string>();
  const filiation = (row: Pick<FamilyParentRow, 'child' | 'role'> & { parent?: string | null }) => {
    children.add(row.child);
    const old = before.parents.get(parentKey(row.child, row.role))?.parent;
    if (old) parents.add(old);
    if (row.parent) parents.add(row.parent);
  };
  changes.parents.forEach(filiation);
  changes.parentsDeleted.forEach(filiation);
  for (const m of changes.marriages) parties.add(m.husband).add(m.wife);
  const kafala = (k: FamilyKafalaRow) => {
    parties.add(k.child);
    if (k.guardian) parties.add(k.guardian);
  };
  for (const k of changes.kafala) {
    kafala(k);
    const old = before.kafala.get(kafalaKey(k));
    if (old) kafala(old);
  }
  changes.kafalaDeleted.forEach(kafala);
  return {
    // A record's facts are not in any document: only a new record needs its own.
    registered: changes.persons.filter((p) => !before.persons.has(p.idcs)).map((p) => p.idcs),
    children: [...children],
    parents: [...parents],
    parties: [...parties],
  };
}

/**
 * The persons whose document a page's changes alter, read after the page's writes, from
 * the arrays ($1 registered, $2 children, $3 parents, $4 parties).
 */
const REFRESH = `with concerned(idcs) as (
    select unnest($1::text[] || $2::text[] || $3::text[] || $4::text[])
    union select parent from family_parent where child = any($2::text[])
    union select child from family_parent where parent = any($3::text[])
    union select s.child from family_parent mine
           cross join lateral (select child from family_parent s where s.parent = mine.parent) s
           where mine.child = any($2::text[])),
  registered as (
    select c.idcs from concerned c where exists (select 1 from family_person p where p.idcs = c.idcs))
  insert into family_view (idcs, view, persons) ${documentsOf('registered')}
  on conflict (idcs) do update set view = excluded.view, persons = excluded.persons`;

/**
 * The documents are written by keyed lookups, a few thousand per page at most; the
 * planner is told so. Planned from statistics that lag behind tables the projection is
 * filling, it hashed or scanned whole tables once per document (measured from an empty
 * register at 2,000 events/s: a page's documents went from 40 ms to 10 s within a
 * minute). Past its estimated cost it would also compile the statement (JIT) on every
 * call, for tens of milliseconds.
 */
const KEYED_LOOKUPS = `set local jit = off; set local enable_seqscan = off;
  set local enable_hashjoin = off; set local enable_mergejoin = off`;
const PLANNED_FREELY = `set local jit = default; set local enable_seqscan = default;
  set local enable_hashjoin = default; set local enable_mergejoin = default`;

/** Rewrites the documents of everyone a page's changes concern, in the page's transaction. */
export async function refreshViews(tx: Sql, touched: Touched): Promise<void> {
  const { registered, children, parents, parties } = touched;
  if (registered.length + children.length + parents.length + parties.length === 0) return;
  await tx.exec(KEYED_LOOKUPS);
  await tx.query(REFRESH, [registered, children, parents, parties]);
  await tx.exec(PLANNED_FREELY);
}

/** Each column of a list of them (`a, b as "b"`) taken from the table aliased `alias`. */
const qualified = (columns: string, alias: string) =>
  columns.replace(/(^|,\s*)(\w+)/g, `$1${alias}.$2`);

/** A row of these columns as `familyOf` aggregates it: a record with the same names. */
const record = (columns: string) => `(select x from (select ${columns}) x)`;

/**
 * Every person's document, from links already loaded and indexed, as `familyOf` gives it
 * but set-based: each relation is read once for all persons and aggregated by person
 * (hashes and sorts) instead of looked up a dozen times per person. Measured on the
 * 1-million register: the per-person statement took ~60 s of the rebuild on two
 * connections. `part` of `parts` (by a hash of the IDCS), so that the parts can be
 * written by several connections at once. The rebuild's property test holds the two to
 * the same text.
 */
export function buildViews(part: number, parts: number): string {
  const mine = (column: string) =>
    parts === 1 ? 'true' : `(hashtext(${column})::bigint + 2147483648) % ${parts} = ${part}`;
  return `set local work_mem = '256MB';
  insert into family_view (idcs, view, persons)
  with
  owners as (select idcs from family_person where ${mine('idcs')}),
  parents as (
    select p.child as owner,
           json_agg(${record(`p.role, p.parent, p.given_ar as "givenAr", p.given_lat as "givenLat",
             p.family_ar as "familyAr", p.family_lat as "familyLat",
             p.established_by as "establishedBy", p.legal_basis as "legalBasis"`)} order by p.role) as list
      from family_parent p where ${mine('p.child')} group by p.child),
  kids as (
    select * from (
      select c.parent as owner, c.child, c.role, c.established_by, o.parent as other,
             row_number() over (partition by c.parent order by c.child, c.role) as n
        from family_parent c
        left join family_parent o on o.child = c.child and o.role <> c.role
       where c.parent is not null and ${mine('c.parent')}) k
     where n <= ${MAX_CHILDREN}),
  children as (
    select k.owner, json_agg(${record(`k.child, k.role, k.established_by as "establishedBy", k.other`)}
             order by k.child, k.role) as list
      from kids k group by k.owner),
  spouses as (
    select husband as owner, * from family_marriage where ${mine('husband')}
    union all
    select wife, * from family_marriage where ${mine('wife')}),
  marriages as (
    select m.owner, json_agg(${record(`m.marriage_id as "marriageId", m.husband, m.wife,
             m.married_on as "marriedOn", m.contract, m.ended_on as "endedOn",
             m.ended_by as "endedBy", m.divorce_kind as "divorceKind",
             m.divorce_basis as "divorceBasis"`)} order by m.marriage_id) as list
      from spouses m group by m.owner),
  sibs as (
    select * from (
      select owner, child, row_number() over (partition by owner order by child) as n
        from (select distinct mine.child as owner, c.child
                from family_parent mine
                join family_parent c on c.parent = mine.parent
               where mine.parent is not null and c.child <> mine.child
                 and ${mine('mine.child')}) d) s
     where n <= ${MAX_SIBLINGS}),
  siblings as (
    select s.owner, json_agg(${record(`s.child as idcs, f.parent as father, m.parent as mother`)}
             order by s.child) as list
      from sibs s
      left join family_parent f on f.child = s.child and f.role = 'father'
      left join family_parent m on m.child = s.child and m.role = 'mother'
     group by s.owner),
  guardians as (
    select k.child as owner, json_agg(${record(qualified(KAFALA_COLUMNS, 'k'))}
             order by k.noted_position, k.guardian_role) as list
      from family_kafala k where ${mine('k.child')} group by k.child),
  warded as (
    select * from (
      select k.*, row_number() over (
               partition by k.guardian order by k.child, k.noted_position, k.guardian_role) as n
        from family_kafala k where k.guardian is not null and ${mine('k.guardian')}) w
     where n <= ${MAX_CHILDREN}),
  wards as (
    select k.guardian as owner, json_agg(${record(qualified(KAFALA_COLUMNS, 'k'))}
             order by k.child, k.noted_position, k.guardian_role) as list
      from warded k group by k.guardian),
  named as (
    select idcs as owner, idcs as id from owners
    union select child, parent from family_parent where parent is not null and ${mine('child')}
    union select owner, child from kids
    union select owner, other from kids where other is not null
    union select owner, case when owner = husband then wife else husband end from spouses
    union select owner, child from sibs
    union select child, guardian from family_kafala where guardian is not null and ${mine('child')}
    union select guardian, child from warded),
  persons as (
    select owner, array_agg(id order by id) as ids
      from named where id is not null group by owner)
  select o.idcs, row_to_json(d) as view, coalesce(pe.ids, '{}') as persons
    from owners o
    left join parents pa on pa.owner = o.idcs
    left join children ch on ch.owner = o.idcs
    left join marriages ma on ma.owner = o.idcs
    left join siblings si on si.owner = o.idcs
    left join guardians gu on gu.owner = o.idcs
    left join wards wa on wa.owner = o.idcs
    left join persons pe on pe.owner = o.idcs
    cross join lateral (
      select coalesce(pa.list, '[]') as parents, coalesce(ch.list, '[]') as children,
             coalesce(ma.list, '[]') as marriages, coalesce(si.list, '[]') as siblings,
             coalesce(gu.list, '[]') as guardians, coalesce(wa.list, '[]') as wards) d`;
}

/** The stored documents of some persons, each with the facts of everyone it names. */
export const VIEWS = `select v.idcs, v.view,
    (select coalesce(json_agg(x order by x.idcs), '[]')
       from (select ${PERSON_COLUMNS} from family_person where idcs = any(v.persons)) x) as persons
  from family_view v where v.idcs = any($1::text[])`;

/**
 * The persons whose stored document differs from the one their links give now, or who
 * have one without the other: none, unless a page's changes missed a document they alter.
 */
export const STALE_VIEWS = `select coalesce(d.idcs, v.idcs) as idcs
  from (${documentsOf('family_person')}) d full join family_view v on v.idcs = d.idcs
 where v.view::text is distinct from d.view::text or v.persons is distinct from d.persons`;
