-- Where each projection stands in the global log. Written in the same transaction as the
-- projection's own rows, so a crash never applies an event twice nor skips one.
create table projection_checkpoints (
  name       text        primary key,
  position   bigint      not null default 0,
  updated_at timestamptz not null default now()
);
