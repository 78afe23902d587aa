-- The person record: each person's state as the domain folds it and how far it is folded,
-- and the entries each event wrote on the acts (acts as drawn up, marginal notes with
-- their legal basis), written once and read in version order.
create table person_record (
  idcs     text    primary key,
  status   text    not null,
  state    json    not null,
  version  integer not null,
  position bigint  not null
);

create table person_record_entry (
  idcs     text    not null,
  version  integer not null,
  position bigint  not null,
  kind     text    not null,
  entry    json    not null,
  primary key (idcs, version)
);

do $$ begin
  if exists (select 1 from pg_roles where rolname = 'sijill_app') then
    grant select, insert, update, delete on person_record, person_record_entry to sijill_app;
  end if;
end $$;
