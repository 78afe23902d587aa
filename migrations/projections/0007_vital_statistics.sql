-- Vital statistics by date of occurrence and the population stock (projection
-- vital-statistics; tables from projections/vital-statistics/vital-statistics.entity.ts).

create table "vital_births_by_place" ("year" smallint not null, "month" smallint not null, "region" text not null, "province" text not null, "commune" text not null, "sex" text not null, "n" int not null, constraint "vital_births_by_place_pkey" primary key ("year", "month", "region", "province", "commune", "sex"));

create table "vital_births_by_profile" ("year" smallint not null, "month" smallint not null, "region" text not null, "province" text not null, "sex" text not null, "mother_age" text not null, "timeliness" text not null, "registration" text not null, "n" int not null, constraint "vital_births_by_profile_pkey" primary key ("year", "month", "region", "province", "sex", "mother_age", "timeliness", "registration"));

create table "vital_births_by_year" ("year" smallint not null, "region" text not null, "province" text not null, "sex" text not null, "n" int not null, constraint "vital_births_by_year_pkey" primary key ("year", "region", "province", "sex"));

create table "vital_deaths_by_place" ("year" smallint not null, "month" smallint not null, "region" text not null, "province" text not null, "commune" text not null, "sex" text not null, "n" int not null, constraint "vital_deaths_by_place_pkey" primary key ("year", "month", "region", "province", "commune", "sex"));

create table "vital_deaths_by_profile" ("year" smallint not null, "month" smallint not null, "region" text not null, "province" text not null, "sex" text not null, "age_group" text not null, "timeliness" text not null, "registration" text not null, "n" int not null, constraint "vital_deaths_by_profile_pkey" primary key ("year", "month", "region", "province", "sex", "age_group", "timeliness", "registration"));

create table "vital_deaths_by_year" ("year" smallint not null, "region" text not null, "province" text not null, "sex" text not null, "n" int not null, constraint "vital_deaths_by_year_pkey" primary key ("year", "region", "province", "sex"));

create table "vital_divorces" ("year" smallint not null, "month" smallint not null, "office" text not null, "kind" text not null, "duration" text not null, "n" int not null, constraint "vital_divorces_pkey" primary key ("year", "month", "office", "kind", "duration"));

create table "vital_marriage" ("marriage_id" text not null, "date" text not null, constraint "vital_marriage_pkey" primary key ("marriage_id"));

create table "vital_marriages" ("year" smallint not null, "month" smallint not null, "office" text not null, "n" int not null, constraint "vital_marriages_pkey" primary key ("year", "month", "office"));

create table "vital_person" ("idcs" text not null, "fact" json not null, constraint "vital_person_pkey" primary key ("idcs"));

create table "vital_stock_birthday" ("birth_year" smallint not null, "region" text not null, "province" text not null, "sex" text not null, "born_by_day" int4[] not null, constraint "vital_stock_birthday_pkey" primary key ("birth_year", "region", "province", "sex"));

create table "vital_stock_cohort" ("region" text not null, "province" text not null, "sex" text not null, "birth_year" smallint not null, "born" int not null, "dead_by_age_year" int4[] not null, constraint "vital_stock_cohort_pkey" primary key ("region", "province", "sex", "birth_year"));

create table "vital_stock_early_deaths" ("birth_year" smallint not null, "k" smallint not null, "region" text not null, "province" text not null, "sex" text not null, "by_birth_day" int4[] not null, constraint "vital_stock_early_deaths_pkey" primary key ("birth_year", "k", "region", "province", "sex"));

create table "vital_stock_year_deaths" ("death_year" smallint not null, "age_class" smallint not null, "region" text not null, "province" text not null, "sex" text not null, "by_death_day" int4[] not null, "by_later_day" int4[] not null, constraint "vital_stock_year_deaths_pkey" primary key ("death_year", "age_class", "region", "province", "sex"));


do $$ begin
  if exists (select 1 from pg_roles where rolname = 'sijill_app') then
    grant select, insert, update, delete on vital_person, vital_marriage,
      vital_births_by_year, vital_deaths_by_year, vital_births_by_place,
      vital_births_by_profile, vital_deaths_by_place, vital_deaths_by_profile,
      vital_marriages, vital_divorces, vital_stock_cohort, vital_stock_birthday,
      vital_stock_year_deaths, vital_stock_early_deaths to sijill_app;
  end if;
end $$;
