-- Family links: the filiations, marriages and kafala orders the register establishes, with
-- the few facts about each person a family view shows (names, sex, birth, death, status).

-- One row per registered person.
create table family_person (
  idcs       text not null,
  given_ar   text null,
  given_lat  text null,
  family_ar  text null,
  family_lat text null,
  sex        text null,
  birth_date text null,
  death_date text null,
  status     text not null,
  constraint family_person_pkey primary key (idcs)
);

-- A child's father or mother as the child's act establishes it; parent is null when the
-- act names the parent without linking a person of the register.
create table family_parent (
  child          text not null,
  role           text not null,
  parent         text null,
  given_ar       text null,
  given_lat      text null,
  family_ar      text null,
  family_lat     text null,
  established_by text not null,
  legal_basis    json null,
  constraint family_parent_pkey primary key (child, role)
);
-- The parent → child edge: children, siblings, descendants.
create index family_parent_parent on family_parent (parent, child);

-- A marriage, current or ended (by divorce or by a spouse's death).
create table family_marriage (
  marriage_id   text not null,
  husband       text not null,
  wife          text not null,
  married_on    text not null,
  contract      json not null,
  ended_on      text null,
  ended_by      text null,
  divorce_kind  text null,
  divorce_basis json null,
  constraint family_marriage_pkey primary key (marriage_id)
);
create index family_marriage_husband on family_marriage (husband);
create index family_marriage_wife on family_marriage (wife);

-- One guardian of a kafala order (a couple gives two rows): guardianship, not filiation.
create table family_kafala (
  child          text   not null,
  noted_position bigint not null,
  guardian_role  text   not null,
  guardian       text   null,
  guardian_name  json   null,
  institution    text   null,
  since          text   not null,
  judgment       json   not null,
  ended_on       text   null,
  end_reason     text   null,
  constraint family_kafala_pkey primary key (child, noted_position, guardian_role)
);
create index family_kafala_guardian on family_kafala (guardian);

do $$ begin
  if exists (select 1 from pg_roles where rolname = 'sijill_app') then
    grant select, insert, update, delete
      on family_person, family_parent, family_marriage, family_kafala to sijill_app;
  end if;
end $$;
