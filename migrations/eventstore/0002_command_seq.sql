-- Each event's rank within its command (0, 1, 2 ...), unique with the command id. A
-- repeated command then collides on (command_id, 0) whatever streams it names, so appends
-- need not look command ids up first: the index refuses the repeat, and the append is
-- redone with lookups, which answer the first result (src/eventstore/append.ts).

alter table events add column command_seq smallint;

-- Existing events get their rank. The update changes no hashed column; the trigger that
-- refuses updates is lifted for this statement only, inside this migration's transaction.
alter table events disable trigger events_no_update;
update events e set command_seq = r.seq
  from (select position, (row_number() over (partition by command_id order by position) - 1)::smallint as seq
          from events where command_id is not null) r
 where e.position = r.position;
alter table events enable trigger events_no_update;

drop index events_command_id;
create unique index events_command_seq on events (command_id, command_seq)
  where command_id is not null;
