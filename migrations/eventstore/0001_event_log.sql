-- The event log: every civil-status act and marginal note, immutable and hash-chained.
--
-- Positions are dense (1, 2, 3 ...) and assigned under the lock on event_log_head, so the
-- order of positions is the order of commits: a reader of the global log can never see
-- position n+1 before position n has committed (no gap problem), and the hash chain has
-- one well-defined order. See docs/adr/0002-single-appender-group-commit.md.

create table events (
  position       bigint      primary key,
  stream_id      text        not null,
  version        integer     not null check (version > 0),
  type           text        not null,
  schema_version smallint    not null default 1,
  -- json, not jsonb: the exact text that was hashed is the text that is stored, so the
  -- chain can be recomputed byte for byte; read models parse it, the log never queries it.
  data           json        not null,
  metadata       json        not null,
  command_id     text,
  occurred_at    timestamptz,
  recorded_at    timestamptz not null,
  prev_hash      bytea       not null,
  hash           bytea       not null,
  constraint events_stream_version unique (stream_id, version)
);

create index events_command_id on events (command_id) where command_id is not null;

-- One row: the position and hash of the last event. Every append locks it (FOR UPDATE),
-- which makes appends a single serial writer across all processes.
create table event_log_head (
  id          boolean     primary key default true check (id),
  position    bigint      not null,
  hash        bytea       not null,
  recorded_at timestamptz not null
);
insert into event_log_head (position, hash, recorded_at)
values (0, decode(repeat('00', 32), 'hex'), 'epoch');

create function sijill_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'the event log is append-only: % on % refused', tg_op, tg_table_name
    using errcode = 'insufficient_privilege';
end $$;

create trigger events_no_update before update on events
  for each row execute function sijill_refuse_change();
create trigger events_no_delete before delete on events
  for each row execute function sijill_refuse_change();
create trigger events_no_truncate before truncate on events
  for each statement execute function sijill_refuse_change();

create function sijill_head_forward_only() returns trigger language plpgsql as $$
begin
  if new.position < old.position then
    raise exception 'the event log head only moves forward (% -> %)', old.position, new.position
      using errcode = 'insufficient_privilege';
  end if;
  return new;
end $$;

create trigger event_log_head_forward before update on event_log_head
  for each row execute function sijill_head_forward_only();
create trigger event_log_head_no_delete before delete on event_log_head
  for each row execute function sijill_refuse_change();
create trigger event_log_head_no_truncate before truncate on event_log_head
  for each statement execute function sijill_refuse_change();

-- The application's role may only read and append. Roles are cluster-wide and need
-- CREATEROLE; where the migrating user lacks it, operations create the role by hand
-- (docs/operations.md).
do $$
begin
  if not exists (select from pg_roles where rolname = 'sijill_app') then
    create role sijill_app nologin;
  end if;
  revoke all on events, event_log_head from public;
  grant select, insert on events to sijill_app;
  grant select, update on event_log_head to sijill_app;
exception when insufficient_privilege then
  raise notice 'role sijill_app not created: %', sqlerrm;
end $$;
