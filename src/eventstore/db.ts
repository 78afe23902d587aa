/**
 * The two database backends the store runs on, behind one small interface: PostgreSQL
 * through `pg`, and PGlite (PostgreSQL compiled to WASM, in-process) as the embedded
 * default. The SQL is the same; only connection handling, bulk loading and notifications
 * differ.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createRequire } from 'node:module';
import { PGlite, type Extension } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { fixedReadSocket, mayUseTls } from './fixed-reads';
import { CopyStaging } from './staging';

export interface Sql {
  query<R extends object = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  /** Runs a script of several statements, without parameters. */
  exec(script: string): Promise<void>;
}

export interface Transaction extends Sql {
  /** Rows of the transaction's opening statement (see Database.transaction). */
  readonly openingRows: Record<string, unknown>[];
  /**
   * Bulk-load rows, already in COPY text format, into a table. The chunks are taken one at
   * a time as the connection can send them, so a lazy iterable renders the next chunk while
   * the server parses the previous one. Text is packed into buffers reused from one COPY
   * to the next (staging.ts); `Buffer`s are sent as they are.
   */
  copyIn(
    table: string,
    columns: readonly string[],
    chunks: Iterable<string | Buffer>,
  ): Promise<void>;
}

export interface Database extends Sql {
  readonly kind: 'postgres' | 'pglite';
  /**
   * Runs `work` in a transaction. `opening`, a statement without parameters, is sent with
   * BEGIN in one round trip; its rows are `tx.openingRows`.
   */
  transaction<T>(work: (tx: Transaction) => Promise<T>, opening?: string): Promise<T>;
  /** Runs `onNotify` for every NOTIFY on `channel`; resolves to an unsubscribe function. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

// int8 as JS number: positions stay far below 2^53; numeric and timestamps stay as text.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export class PostgresDatabase implements Database {
  readonly kind = 'postgres' as const;
  readonly pool: pg.Pool;
  private readonly staging = new CopyStaging();

  /**
   * `settings`: run-time parameters every connection starts with (`-c name=value …`).
   * `reads`: `plain` for a pool whose clients run `COPY … TO STDOUT` through
   * pg-copy-streams, which reads the socket itself (`read()`): a socket that reads into a
   * fixed buffer (fixed-reads.ts) hands its data to a callback only.
   */
  constructor(
    readonly url: string,
    poolSize = 10,
    settings?: string,
    reads: 'fixed' | 'plain' = 'fixed',
  ) {
    this.pool = new pg.Pool({
      connectionString: url,
      max: poolSize,
      ...(settings !== undefined && { options: settings }),
      ...(reads === 'fixed' && !mayUseTls(url) && { stream: fixedReadSocket }),
    });
    // An idle client losing its connection must not crash the process.
    this.pool.on('error', () => undefined);
  }

  async query<R extends object>(text: string, params?: unknown[]): Promise<R[]> {
    const result = await this.pool.query(text, params);
    return result.rows as R[];
  }

  async exec(script: string): Promise<void> {
    await this.pool.query(script);
  }

  async transaction<T>(work: (tx: Transaction) => Promise<T>, opening?: string): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      // Simple protocol: several statements in one round trip, one result each.
      const begun = (await client.query(opening ? `begin; ${opening}` : 'begin')) as unknown as
        pg.QueryResult<Record<string, unknown>> | pg.QueryResult<Record<string, unknown>>[];
      const tx: Transaction = {
        openingRows: Array.isArray(begun) ? (begun[begun.length - 1]?.rows ?? []) : [],
        query: async <R extends object>(text: string, params?: unknown[]) =>
          (await client.query(text, params)).rows as R[],
        exec: async (script) => {
          await client.query(script);
        },
        copyIn: async (table, columns, chunks) => {
          const sink = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
          const lease = this.staging.lease();
          try {
            // One chunk buffered ahead, not the default sixteen: the rest are rendered only
            // as the socket drains.
            await pipeline(Readable.from(lease.pack(chunks), { highWaterMark: 1 }), sink);
          } catch (error) {
            lease.discard();
            throw error;
          }
          lease.release();
        },
      };
      const result = await work(tx);
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /**
   * LISTEN on a connection of its own. When that connection drops (a restart, a failover)
   * it is opened again, and `onNotify('')` is called once it is back, so that a follower
   * reads whatever it may have missed meanwhile.
   */
  async listen(channel: string, onNotify: (payload: string) => void) {
    let stopped = false;
    let reconnecting = false;
    let client: pg.Client | null = null;
    const connect = async (): Promise<void> => {
      const next = new pg.Client({ connectionString: this.url });
      next.on('error', () => undefined);
      next.on('notification', (n) => {
        if (n.channel === channel) onNotify(n.payload ?? '');
      });
      next.on('end', () => {
        if (stopped || reconnecting || client !== next) return;
        reconnecting = true;
        const retry = () =>
          void connect()
            .then(() => {
              reconnecting = false;
              onNotify('');
            })
            .catch(() => setTimeout(retry, 1000));
        setTimeout(retry, 100);
      });
      await next.connect();
      await next.query(`listen ${pg.escapeIdentifier(channel)}`);
      client = next;
    };
    await connect();
    return async () => {
      stopped = true;
      await client?.end().catch(() => undefined);
    };
  }

  private closing: Promise<void> | null = null;

  /** Idempotent: shutdown hooks and signal handlers may both close the database. */
  close(): Promise<void> {
    this.closing ??= this.pool.end();
    return this.closing;
  }
}

/** PGlite holds one connection; it serialises transactions itself. */
// PGlite's contrib extensions are subpath exports, which this CommonJS build resolves at
// run time only.
const loadModule = createRequire(__filename);
function contrib<T>(name: string): T {
  return loadModule(`@electric-sql/pglite/contrib/${name}`) as T;
}

export class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const;

  private constructor(readonly db: PGlite) {}

  /** `dataDir` undefined: in memory. */
  static async open(dataDir?: string): Promise<PgliteDatabase> {
    // The extensions the read models use (name search), as on a PostgreSQL server.
    const extensions = { pg_trgm: contrib<{ pg_trgm: Extension }>('pg_trgm').pg_trgm };
    const db = await PGlite.create(dataDir ? { dataDir, extensions } : { extensions });
    return new PgliteDatabase(db);
  }

  async query<R extends object>(text: string, params?: unknown[]): Promise<R[]> {
    return normalise<R>((await this.db.query<R>(text, params)).rows);
  }

  async exec(script: string): Promise<void> {
    await this.db.exec(script);
  }

  async transaction<T>(work: (tx: Transaction) => Promise<T>, opening?: string): Promise<T> {
    return this.db.transaction(async (inner) => {
      const tx: Transaction = {
        openingRows: opening
          ? normalise((await inner.query<Record<string, unknown>>(opening)).rows)
          : [],
        query: async <R extends object>(text: string, params?: unknown[]) =>
          normalise<R>((await inner.query<R>(text, params)).rows),
        exec: async (script) => {
          await inner.exec(script);
        },
        copyIn: async (table, columns, chunks) => {
          // PGlite reads COPY input from a blob on its virtual /dev/blob device.
          const blob = new Blob([...chunks]);
          await inner.query(`copy ${table} (${columns.join(', ')}) from '/dev/blob'`, [], {
            blob,
          });
        },
      };
      return work(tx);
    });
  }

  async listen(channel: string, onNotify: (payload: string) => void) {
    const unsubscribe = await this.db.listen(channel, onNotify);
    return async () => unsubscribe();
  }

  async close() {
    await this.db.close();
  }
}

// PGlite returns bytea as Uint8Array; the store works with Buffers like `pg` gives.
function normalise<R>(rows: R[]): R[] {
  for (const row of rows as Record<string, unknown>[]) {
    for (const key in row) {
      const value = row[key];
      if (value instanceof Uint8Array && !Buffer.isBuffer(value)) {
        row[key] = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      }
    }
  }
  return rows;
}

export async function openDatabase(options: {
  url?: string;
  dataDir?: string;
  poolSize?: number;
}): Promise<Database> {
  if (options.url) return new PostgresDatabase(options.url, options.poolSize);
  return PgliteDatabase.open(options.dataDir);
}
