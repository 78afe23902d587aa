/**
 * The access log: every read of a person's data is recorded before the data is returned.
 * Reads arriving while a write is in flight are written together in the next one (the
 * same group commit as the event store's), so recording costs one round trip, not one per
 * read.
 */
import { EntitySchema } from '@mikro-orm/core';
import type { Database } from '../../eventstore/db';
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

interface Pending {
  rows: AccessRecord[];
  done: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class AccessLog {
  private inFlight: Promise<void> | null = null;
  private next: Pending | null = null;

  constructor(private readonly db: Database) {}

  /** Resolves once the access is durably recorded; a read must not reply before. */
  record(entry: AccessRecord): Promise<void> {
    if (entry.idcs.length === 0) return Promise.resolve();
    if (!this.next) {
      let resolve!: () => void;
      let reject!: (error: unknown) => void;
      const done = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      this.next = { rows: [], done, resolve, reject };
    }
    this.next.rows.push(entry);
    const { done } = this.next;
    if (!this.inFlight) this.flush();
    return done;
  }

  private flush(): void {
    const batch = this.next;
    this.next = null;
    if (!batch) return;
    this.inFlight = this.write(batch.rows).then(batch.resolve, batch.reject);
    void this.inFlight.finally(() => {
      this.inFlight = null;
      this.flush();
    });
  }

  private async write(entries: AccessRecord[]): Promise<void> {
    const rows = entries.flatMap((e) => e.idcs.map((idcs) => ({ e, idcs })));
    await this.db.query(
      `insert into access_log (user_id, role, office, action, idcs, purpose, request_id)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])`,
      [
        rows.map((r) => r.e.principal.userId),
        rows.map((r) => r.e.principal.role),
        rows.map((r) => r.e.principal.office ?? null),
        rows.map((r) => r.e.action),
        rows.map((r) => r.idcs),
        rows.map((r) => r.e.purpose ?? null),
        rows.map((r) => r.e.requestId ?? null),
      ],
    );
  }

  /** Records a query's read of these persons, with the reader's stated purpose. */
  recordRead(read: ReadContext, action: string, idcs: readonly string[]): Promise<void> {
    return this.record({
      principal: read.principal,
      action,
      idcs,
      purpose: read.purpose,
      requestId: read.requestId,
    });
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
        where idcs = $1 order by at desc, id desc limit $2`,
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
  idcs: string;
  purpose?: string;
  requestId?: string;
}

export const AccessLogEntity = new EntitySchema<AccessLogRow>({
  name: 'AccessLog',
  tableName: 'access_log',
  indexes: [
    { name: 'access_log_idcs', properties: ['idcs', 'at'] },
    { name: 'access_log_user', properties: ['userId', 'at'] },
  ],
  properties: {
    id: { type: 'bigint', primary: true, autoincrement: true },
    at: { type: 'timestamptz', defaultRaw: 'now()' },
    userId: { type: 'text' },
    role: { type: 'text' },
    office: { type: 'text', nullable: true },
    action: { type: 'text' },
    idcs: { type: 'text' },
    purpose: { type: 'text', nullable: true },
    requestId: { type: 'text', nullable: true },
  },
});
