-- The register index: an act found from its paper reference (office, year, act number).
create table register_index (
  office     text     not null,
  year       smallint not null,
  act_number integer  not null,
  act_kind   text     not null,
  idcs       text     not null,
  position   bigint   not null,
  primary key (office, year, act_number)
);
create index register_index_idcs on register_index (idcs);
