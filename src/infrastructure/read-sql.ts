/**
 * The queries' access to the database: each statement is prepared once per connection
 * (a named statement, keyed by a hash of its text) and then only bound and executed.
 * PostgreSQL otherwise parses and plans every statement anew, and for the read models'
 * statements planning costs more than running them: measured on the 100,000-person
 * register, the family statement took 1.9 ms of backend CPU unprepared and 0.3 ms
 * prepared, the name-search probe 4 ms of planning for 0.4 ms of execution.
 *
 * Only statements whose text is one of a bounded set (the same text on every call, the
 * values as parameters) should come through here; past MAX_NAMED distinct texts the rest
 * run unprepared, so that a caller building texts freely cannot fill the backends' memory.
 * PGlite, embedded and in process, gains nothing from it: its queries go straight through.
 *
 * On PostgreSQL the queries have connections of their own (`ReadSql.open`), where every
 * prepared statement is planned once for all values (a generic plan). By default the server
 * plans a statement for its values five times, then keeps doing so whenever that looks
 * cheaper than a plan for any values, and for the read models' batched lookups it always
 * looks cheaper: an array parameter of one or two IDCS is planned for as one or two rows,
 * against ten for any array. So each call was planned anew: measured on the 1-million
 * register, a name search's statement took 167–233 µs of PostgreSQL's CPU with a generic
 * plan and 267–300 without, a family view read alone about half as much (ADR 0011). The
 * commands and projections keep the server's default: their statements are not prepared.
 */
import { createHash } from 'node:crypto';
import { PostgresDatabase, type Database, type Sql } from '../eventstore';

/** The read pool's connections: every prepared statement planned once, for any values. */
const GENERIC_PLANS = '-c plan_cache_mode=force_generic_plan';

/**
 * Each pooled connection keeps every statement it prepared, with its plan (tens of kB for
 * the larger ones): a few hundred distinct texts at most, across the read side's routes.
 */
const MAX_NAMED = 200;

/** PostgreSQL refuses to reuse a prepared statement whose result columns changed. */
const resultTypeChanged = (error: unknown) =>
  (error as { code?: unknown }).code === '0A000' &&
  /cached plan must not change result type/.test((error as Error).message);

export class ReadSql implements Sql {
  private readonly names = new Map<string, string>();
  /** Bumped when a migration changed a prepared statement's result type under it. */
  private generation = 0;

  /** `owned`: a pool this opened, closed with it. */
  constructor(
    private readonly db: Database,
    private readonly owned?: PostgresDatabase,
  ) {}

  /** The queries' access to `db`: on PostgreSQL, through a pool of their own. */
  static open(db: Database, poolSize: number): ReadSql {
    if (!(db instanceof PostgresDatabase)) return new ReadSql(db);
    const own = new PostgresDatabase(db.url, poolSize, GENERIC_PLANS);
    return new ReadSql(own, own);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.owned?.close();
  }

  async query<R extends object = Record<string, unknown>>(
    text: string,
    params?: unknown[],
  ): Promise<R[]> {
    const db = this.db;
    if (!(db instanceof PostgresDatabase)) return db.query<R>(text, params);
    const name = this.nameOf(text);
    if (name === null) return db.query<R>(text, params);
    try {
      return (await db.pool.query<R>({ name, text, values: params })).rows;
    } catch (error) {
      if (!resultTypeChanged(error)) throw error;
      // Every connection holds the stale statement under the old names: prepare anew.
      this.generation += 1;
      this.names.clear();
      return (
        await db.pool.query<R>({ name: this.nameOf(text) ?? undefined, text, values: params })
      ).rows;
    }
  }

  exec(script: string): Promise<void> {
    return this.db.exec(script);
  }

  private nameOf(text: string): string | null {
    const known = this.names.get(text);
    if (known !== undefined) return known;
    if (this.names.size >= MAX_NAMED) return null;
    const name = `r${this.generation}_${createHash('sha1').update(text).digest('base64url')}`;
    this.names.set(text, name);
    return name;
  }
}
