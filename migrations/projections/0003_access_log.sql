-- Every read of a person's data, one row per person read: who, in which role and office,
-- what, for what stated purpose. Append-only like the event log.
create table access_log (
  id         bigserial   primary key,
  at         timestamptz not null default now(),
  user_id    text        not null,
  role       text        not null,
  office     text,
  action     text        not null,
  idcs       text        not null,
  purpose    text,
  request_id text
);
create index access_log_idcs on access_log (idcs, at);
create index access_log_user on access_log (user_id, at);

create function access_log_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'access_log is append-only: % refused', tg_op using errcode = 'P0001';
end $$;
create trigger access_log_no_update before update or delete on access_log
  for each row execute function access_log_refuse_change();
create trigger access_log_no_truncate before truncate on access_log
  for each statement execute function access_log_refuse_change();

do $$ begin
  if exists (select 1 from pg_roles where rolname = 'sijill_app') then
    grant select, insert on access_log to sijill_app;
  end if;
end $$;
