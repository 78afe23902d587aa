-- Name search and duplicate candidates (projections/name-search). Keys are computed by
-- src/domain/names; trigram indexes find keys near a query's in the small vocabulary of
-- names (name_variants), and b-trees find the persons bearing them, so a search never
-- scans the persons.
create extension if not exists pg_trgm;

-- One row per registered person: names as written and as keys, and what de-duplication
-- compares besides the names. Keys and identifiers are compared byte for byte (collation
-- "C": their b-trees fill about twice as fast).
create table "name_search" (
  "idcs" text collate "C" not null,
  "status" text not null,
  "office" text not null,
  "given_ar" text null,
  "given_lat" text null,
  "family_ar" text null,
  "family_lat" text null,
  "given_ar_key" text collate "C" null,
  "given_lat_key" text collate "C" null,
  "family_ar_key" text collate "C" null,
  "family_lat_key" text collate "C" null,
  "sex" text null,
  "birth_date" text null,
  "birth_year" smallint null,
  "commune" text null,
  "province" text null,
  "father_given_ar_key" text collate "C" null,
  "father_given_lat_key" text collate "C" null,
  "father_family_ar_key" text collate "C" null,
  "father_family_lat_key" text collate "C" null,
  "mother_given_ar_key" text collate "C" null,
  "mother_given_lat_key" text collate "C" null,
  "mother_family_ar_key" text collate "C" null,
  "mother_family_lat_key" text collate "C" null,
  "siblings" text[] null,
  "position" bigint not null,
  constraint "name_search_pkey" primary key ("idcs")
);
create index "name_search_ar" on "name_search" ("family_ar_key", "given_ar_key", "birth_year");
create index "name_search_lat" on "name_search" ("family_lat_key", "given_lat_key", "birth_year");
-- De-duplication's blocks (family-name key, year of birth). Unique only because idcs is in
-- them: a rebuild creates unique constraints before it loads, and the projection reads the
-- blocks while it loads.
alter table "name_search" add constraint "name_search_ar_block" unique ("family_ar_key", "birth_year", "idcs");
alter table "name_search" add constraint "name_search_lat_block" unique ("family_lat_key", "birth_year", "idcs");

-- Every (Arabic key, Latin key) written together on an act: the vocabulary a fuzzy search
-- looks through, and the bridge between the scripts.
create table "name_variants" (
  "ar_key" text collate "C" not null,
  "lat_key" text collate "C" not null,
  "persons" int not null,
  constraint "name_variants_pkey" primary key ("ar_key", "lat_key")
);
create index "name_variants_ar_trgm" on "name_variants" using gin ("ar_key" gin_trgm_ops);
create index "name_variants_lat_trgm" on "name_variants" using gin ("lat_key" gin_trgm_ops);

-- Pairs of acts suspected to be one person, for review (idcs_a < idcs_b).
create table "duplicate_candidates" (
  "idcs_a" text collate "C" not null,
  "idcs_b" text collate "C" not null,
  "score" real not null,
  "matched" text[] not null,
  "office_a" text collate "C" not null,
  "office_b" text collate "C" not null,
  constraint "duplicate_candidates_pkey" primary key ("idcs_a", "idcs_b")
);
create index "duplicate_candidates_office_a" on "duplicate_candidates" ("office_a", "score");
create index "duplicate_candidates_office_b" on "duplicate_candidates" ("office_b", "score");
create index "duplicate_candidates_score" on "duplicate_candidates" ("score");
alter table "duplicate_candidates" add constraint "duplicate_candidates_b" unique ("idcs_b", "idcs_a");

do $$ begin
  if exists (select 1 from pg_roles where rolname = 'sijill_app') then
    grant select, insert, update, delete on name_search, name_variants, duplicate_candidates
      to sijill_app;
  end if;
end $$;
