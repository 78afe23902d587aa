/**
 * The access log: every read of a person's data is recorded before the data is returned.
 * Reads are written in batches, each one INSERT committed on its own: the reads arriving
 * in one turn of the event loop go together, and up to IN_FLIGHT batches are written at
 * once, so that a read waits for one commit rather than for the one before it and then its
 * own; PostgreSQL's WAL group commit lets batches committing together share a flush.
 * The person record writes its rows in its read's own statement instead (person-reads.ts).
 */
import { EntitySchema } from '@mikro-orm/core';
import type { Sql } from '../../eventstore/db';
import { Batches, type Waiting } from '../../infrastructure/batches';
import type { Principal } from '../auth/tokens';
import type { ReadContext } from './read-context';

export interface AccessRecord {
  principal: Principal;
  /** What was read: 'person.read', 'family.read', 'search', 'history.read', … */
  action: string;
  /** Every person whose data the reply holds. */
  idcs: readonly string[];
  purpose?: string;
  requestId?: string;
}

/**
 * Batches written at once (Batches). More would hold more of the pool's connections for the
 * reads waiting on them; fewer would leave reads queued behind a commit they are not part of.
 */
const IN_FLIGHT = 3;

/**
 * One row per read, holding every person it returned (migration 0010: a family view's ten
 * persons or a search's twenty are one row, not ten or twenty). The batch travels as JSON,
 * one object per read: JSON.stringify costs half the time `pg` spends escaping seven text
 * arrays.
 */
const INSERT = `insert into access_log (user_id, role, office, action, idcs, purpose, request_id)
  select r.user_id, r.role, r.office, r.action, r.idcs, r.purpose, r.request_id
    from ${readsIn('$1')}`;

/** The reads of a batch as rows `r`, from the JSON parameter that `accessRows` made. */
export function readsIn(parameter: string): string {
  return `json_to_recordset(${parameter}::json) as r(user_id text, role text, office text,
    action text, purpose text, request_id text, idcs text[])`;
}

/** The entry of a query's read of these persons, with the reader's stated purpose. */
export function readEntry(
  read: ReadContext,
  action: string,
  idcs: readonly string[],
): AccessRecord {
  return {
    principal: read.principal,
    action,
    idcs,
    purpose: read.purpose,
    requestId: read.requestId,
  };
}

/** A batch of reads as one JSON parameter: each read's persons share its reader and purpose. */
export function accessRows(entries: readonly AccessRecord[]) {
  return entries.map((e) => ({
    user_id: e.principal.userId,
    role: e.principal.role,
    office: e.principal.office ?? null,
    action: e.action,
    purpose: e.purpose ?? null,
    request_id: e.requestId ?? null,
    idcs: e.idcs,
  }));
}

interface Pending extends Waiting<void> {
  entry: AccessRecord;
}

export class AccessLog {
  private readonly batches = new Batches<Pending>((batch) => this.write(batch), {
    inFlight: IN_FLIGHT,
  });

  constructor(private readonly db: Pick<Sql, 'query'>) {}

  /** Resolves once the access is durably recorded; a read must not reply before. */
  record(entry: AccessRecord): Promise<void> {
    if (entry.idcs.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => this.batches.add({ entry, resolve, reject }));
  }

  private async write(batch: Pending[]): Promise<void> {
    try {
      await this.db.query(INSERT, [JSON.stringify(accessRows(batch.map((p) => p.entry)))]);
      for (const p of batch) p.resolve();
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }

  /** Records a query's read of these persons, with the reader's stated purpose. */
  recordRead(read: ReadContext, action: string, idcs: readonly string[]): Promise<void> {
    return this.record(readEntry(read, action, idcs));
  }

  /** Who read a person's data, newest first. */
  async readsOf(
    idcs: string,
    limit = 100,
  ): Promise<
    {
      at: string;
      userId: string;
      role: string;
      office: string | null;
      action: string;
      purpose: string | null;
    }[]
  > {
    return this.db.query(
      `select at, user_id as "userId", role, office, action, purpose from access_log
        where idcs @> array[$1::text] order by at desc, id desc limit $2`,
      [idcs, limit],
    );
  }
}

export interface AccessLogRow {
  id: number;
  at: Date;
  userId: string;
  role: string;
  office?: string;
  action: string;
  /** Every person the read returned. */
  idcs: string[];
  purpose?: string;
  requestId?: string;
}

export const AccessLogEntity = new EntitySchema<AccessLogRow>({
  name: 'AccessLog',
  tableName: 'access_log',
  indexes: [
    {
      name: 'access_log_idcs',
      expression:
        'create index "access_log_idcs" on "access_log" using gin ("idcs") with (fastupdate = off)',
    },
    { name: 'access_log_user', properties: ['userId', 'at'] },
  ],
  properties: {
    id: { type: 'bigint', primary: true, autoincrement: true },
    at: { type: 'timestamptz', defaultRaw: 'now()' },
    userId: { type: 'text' },
    role: { type: 'text' },
    office: { type: 'text', nullable: true },
    action: { type: 'text' },
    idcs: { type: 'text[]', columnType: 'text[]' },
    purpose: { type: 'text', nullable: true },
    requestId: { type: 'text', nullable: true },
  },
});
