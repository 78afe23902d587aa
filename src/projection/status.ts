/**
 * Where each projection stands: its checkpoint against the log's head, in events and in
 * time (how old the newest event it has not applied is), and which session holds its
 * lease (the active runner), if any.
 */
import { PROJECTIONS } from '../../projections';
import type { Database } from '../eventstore/db';
import { projectionLockKey } from './leadership';

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
  const [head] = await db.query<{ position: number }>(
    'select coalesce(max(position), 0)::bigint as position from events',
  );
  const headPosition = head?.position ?? 0;
  const rows = await db.query<{ name: string; position: number; updated_at: string }>(
    'select name, position, updated_at::text from projection_checkpoints',
  );
  const byName = new Map(rows.map((r) => [r.name, r]));
  const result: ProjectionStatus[] = [];
  for (const projection of PROJECTIONS) {
    const row = byName.get(projection.name);
    const position = row?.position ?? 0;
    let lagSeconds: number | null = null;
    if (position < headPosition) {
      const [next] = await db.query<{ age: number }>(
        `select extract(epoch from now() - recorded_at)::float8 as age
           from events where position = $1`,
        [position + 1],
      );
      lagSeconds = next?.age ?? null;
    }
    const holders = await db.query<{ pid: number }>(
      `select pid from pg_locks where locktype = 'advisory' and granted
          and classid = $1 and objid = ($2::int)::oid and objsubid = 2`,
      [0x5131, projectionLockKey(projection.name)],
    );
    result.push({
      name: projection.name,
      position,
      head: headPosition,
      lagEvents: headPosition - position,
      lagSeconds,
      updatedAt: row?.updated_at ?? null,
      runner: holders[0] ? `pid ${holders[0].pid}` : 'none',
    });
  }
  return result;
}
