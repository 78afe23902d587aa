-- Each person's family view as one document (ADR 0013): the family route reads one row by
-- its key, and the facts of the persons it names, instead of running a dozen index probes
-- and seven aggregates per read. The family-links projection writes a person's document in
-- the same transaction as the links it comes from
-- (projections/family-links/family-links.documents.ts). A register migrated with data gets
-- every document built here from the links already projected, by the statement a rebuild
-- uses (same transaction, same checkpoint: nothing to rebuild).
create table "family_view" ("idcs" text not null, "view" json not null, "persons" text[] not null, constraint "family_view_pkey" primary key ("idcs"));

-- The links as of the family-links checkpoint: a runner applying a page waits until this
-- commits.
select name from projection_checkpoints where name = 'family-links' for update;

-- In parts of a million persons, as a rebuild builds them: each part sorts its persons'
-- rows in temporary files, and at 10 million persons two halves filled the disk.
set local work_mem = '256MB';
do $$
declare
  parts int := greatest(1, ceil((select count(*) from family_person) / 1000000.0)::int);
begin
  for part in 0 .. parts - 1 loop
  insert into family_view (idcs, view, persons)
  with
  owners as (select idcs from family_person where (hashtext(idcs)::bigint + 2147483648) % parts = part),
  parents as (
    select p.child as owner,
           json_agg((select x from (select p.role, p.parent, p.given_ar as "givenAr", p.given_lat as "givenLat",
             p.family_ar as "familyAr", p.family_lat as "familyLat",
             p.established_by as "establishedBy", p.legal_basis as "legalBasis") x) order by p.role) as list
      from family_parent p where (hashtext(p.child)::bigint + 2147483648) % parts = part group by p.child),
  kids as (
    select * from (
      select c.parent as owner, c.child, c.role, c.established_by, o.parent as other,
             row_number() over (partition by c.parent order by c.child, c.role) as n
        from family_parent c
        left join family_parent o on o.child = c.child and o.role <> c.role
       where c.parent is not null and (hashtext(c.parent)::bigint + 2147483648) % parts = part) k
     where n <= 200),
  children as (
    select k.owner, json_agg((select x from (select k.child, k.role, k.established_by as "establishedBy", k.other) x)
             order by k.child, k.role) as list
      from kids k group by k.owner),
  spouses as (
    select husband as owner, * from family_marriage where (hashtext(husband)::bigint + 2147483648) % parts = part
    union all
    select wife, * from family_marriage where (hashtext(wife)::bigint + 2147483648) % parts = part),
  marriages as (
    select m.owner, json_agg((select x from (select m.marriage_id as "marriageId", m.husband, m.wife,
             m.married_on as "marriedOn", m.contract, m.ended_on as "endedOn",
             m.ended_by as "endedBy", m.divorce_kind as "divorceKind",
             m.divorce_basis as "divorceBasis") x) order by m.marriage_id) as list
      from spouses m group by m.owner),
  sibs as (
    select * from (
      select owner, child, row_number() over (partition by owner order by child) as n
        from (select distinct mine.child as owner, c.child
                from family_parent mine
                join family_parent c on c.parent = mine.parent
               where mine.parent is not null and c.child <> mine.child
                 and (hashtext(mine.child)::bigint + 2147483648) % parts = part) d) s
     where n <= 500),
  siblings as (
    select s.owner, json_agg((select x from (select s.child as idcs, f.parent as father, m.parent as mother) x)
             order by s.child) as list
      from sibs s
      left join family_parent f on f.child = s.child and f.role = 'father'
      left join family_parent m on m.child = s.child and m.role = 'mother'
     group by s.owner),
  guardians as (
    select k.child as owner, json_agg((select x from (select k.child, k.noted_position as "notedPosition", k.guardian_role as "guardianRole", k.guardian,
  k.guardian_name as "guardianName", k.institution, k.since, k.judgment, k.ended_on as "endedOn",
  k.end_reason as "endReason") x)
             order by k.noted_position, k.guardian_role) as list
      from family_kafala k where (hashtext(k.child)::bigint + 2147483648) % parts = part group by k.child),
  warded as (
    select * from (
      select k.*, row_number() over (
               partition by k.guardian order by k.child, k.noted_position, k.guardian_role) as n
        from family_kafala k where k.guardian is not null and (hashtext(k.guardian)::bigint + 2147483648) % parts = part) w
     where n <= 200),
  wards as (
    select k.guardian as owner, json_agg((select x from (select k.child, k.noted_position as "notedPosition", k.guardian_role as "guardianRole", k.guardian,
  k.guardian_name as "guardianName", k.institution, k.since, k.judgment, k.ended_on as "endedOn",
  k.end_reason as "endReason") x)
             order by k.child, k.noted_position, k.guardian_role) as list
      from warded k group by k.guardian),
  named as (
    select idcs as owner, idcs as id from owners
    union select child, parent from family_parent where parent is not null and (hashtext(child)::bigint + 2147483648) % parts = part
    union select owner, child from kids
    union select owner, other from kids where other is not null
    union select owner, case when owner = husband then wife else husband end from spouses
    union select owner, child from sibs
    union select child, guardian from family_kafala where guardian is not null and (hashtext(child)::bigint + 2147483648) % parts = part
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
             coalesce(gu.list, '[]') as guardians, coalesce(wa.list, '[]') as wards) d;
  end loop;
end $$;

do $$ begin
  if exists (select 1 from pg_roles where rolname = 'sijill_app') then
    grant select, insert, update, delete on family_view to sijill_app;
  end if;
end $$;
