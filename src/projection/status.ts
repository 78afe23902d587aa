/**
 * Where each projection stands: its checkpoint against the log's head, in events and in
 * time (how old the newest event it has not applied is), and which session holds its
 * lease (the active runner), if any.
 */
import { PROJECTIONS } from '../../projections';
import type { Database } from '../eventstore/db';
import { EventStore } from '../eventstore/event-store';
import { LOCK_CLASS, projectionLockKey } from './leadership';

export interface ProjectionStatus {
  name: string;
  position: number;
  head: number;
  lagEvents: number;
  /** Seconds between the first unapplied event's recording and now; null when caught up. */
  lagSeconds: number | null;
  updatedAt: string | null;
  /** 'pid N' of the session holding the lease, or 'none'. */
  runner: string;
}

export async function projectionStatus(db: Database): Promise<ProjectionStatus[]> {
  const head = await new EventStore(db).headPosition();
  // One statement for every projection: checkpoint, age of the first unapplied event, and
  // the session holding the lease.
  const rows = await db.query<{
    name: string;
    position: number;
    updated_at: string | null;
    lag_seconds: number | null;
    pid: number | null;
  }>(
    `select p.name, coalesce(c.position, 0) as position, c.updated_at::text as updated_at,
            (select extract(epoch from now() - e.recorded_at)::float8 from events e
              where e.position = coalesce(c.position, 0) + 1) as lag_seconds,
            (select l.pid from pg_locks l
              where l.locktype = 'advisory' and l.granted and l.classid = $3
                and l.objid = p.key::oid and l.objsubid = 2 limit 1) as pid
       from unnest($1::text[], $2::int[]) with ordinality as p(name, key, n)
       left join projection_checkpoints c on c.name = p.name
      order by p.n`,
    [PROJECTIONS.map((p) => p.name), PROJECTIONS.map((p) => projectionLockKey(p.name)), LOCK_CLASS],
  );
  return rows.map((r) => ({
    name: r.name,
    position: r.position,
    head,
    lagEvents: head - r.position,
    lagSeconds: r.lag_seconds,
    updatedAt: r.updated_at,
    runner: r.pid === null ? 'none' : `pid ${r.pid}`,
  }));
}
