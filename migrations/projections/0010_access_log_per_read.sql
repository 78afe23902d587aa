-- One access-log row per read instead of one per person read: a family view names about
-- ten persons and a name search twenty, and each of their rows was one more heap tuple and
-- three index entries, one of them at a random place in an (idcs, at) index that outgrows
-- memory. A read's persons are now one array, found by a GIN index. Earlier rows keep
-- their meaning: each becomes a read of its one person. ALTER rewrites the table without
-- firing the append-only triggers, which refuse row changes, not this change of type.
alter table access_log alter column idcs type text[] using array[idcs];
drop index access_log_idcs;
-- fastupdate off: a pending list would be merged into the index by whichever insert
-- overflows it, a read's reply then waiting on tens of milliseconds of merging.
create index access_log_idcs on access_log using gin (idcs) with (fastupdate = off);
