import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  ServiceUnavailableException,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { PROJECTIONS } from '../../projections';
import { AccessLog } from '../api/queries/access-log';
import { EventStore, type Database } from '../eventstore';
import { leasesFor, type Leases } from '../projection/leadership';
import { ProjectionRunner } from '../projection/runner';
import { loadConfig } from '../config';
import { ReadSql } from './read-sql';
import { DATABASE } from './store.module';

/**
 * Runs every projection in this process (each is applied by one instance at a time: the
 * others stand by until it stops) and lets queries wait for a command's position.
 * SIJILL_PROJECTIONS=off starts none: an instance that only answers queries while another
 * one projects.
 */
@Injectable()
export class ReadModels implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReadModels');
  private readonly runners = new Map<string, ProjectionRunner>();
  private leases: Leases | null = null;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly store: EventStore,
    private readonly sql: ReadSql,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (process.env.SIJILL_PROJECTIONS === 'off') return;
    const leases = (this.leases = leasesFor(this.db));
    for (const projection of PROJECTIONS) {
      const runner = new ProjectionRunner(this.db, this.store, projection, {
        leases,
        onError: (error) =>
          this.logger.error(
            `projection ${projection.name}: ${error instanceof Error ? error.message : String(error)}`,
          ),
      });
      this.runners.set(projection.name, runner);
    }
    await Promise.all([...this.runners.values()].map((r) => r.start()));
  }

  /**
   * Read your own writes: resolves once each named read model has applied `position`.
   * Answers 503 after `timeoutMs` rather than serve a reply older than the caller's write.
   */
  async waitFor(names: readonly string[], position?: number, timeoutMs = 2000): Promise<void> {
    if (position === undefined) return;
    await Promise.all(names.map((name) => this.waitForOne(name, position, timeoutMs)));
  }

  private async waitForOne(name: string, position: number, timeoutMs: number): Promise<void> {
    const runner = this.runners.get(name);
    try {
      if (runner) return await runner.waitFor(position, timeoutMs);
      // Not projected here (SIJILL_PROJECTIONS=off): poll the checkpoint another instance moves.
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const [row] = await this.sql.query<{ position: number }>(
          'select position from projection_checkpoints where name = $1',
          [name],
        );
        if ((row?.position ?? 0) >= position) return;
        if (Date.now() > deadline) throw new Error(`${name} has not reached ${position}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    } catch {
      throw new ServiceUnavailableException({
        statusCode: 503,
        error: 'Service Unavailable',
        message: `read model ${name} has not yet applied position ${position}; retry shortly`,
      });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.runners.values()].map((r) => r.stop()));
    await this.leases?.close();
  }
}

@Global()
@Module({
  providers: [
    ReadModels,
    {
      provide: ReadSql,
      useFactory: (db: Database) => ReadSql.open(db, loadConfig().readPoolSize),
      inject: [DATABASE],
    },
    { provide: AccessLog, useFactory: (sql: ReadSql) => new AccessLog(sql), inject: [ReadSql] },
  ],
  exports: [ReadModels, ReadSql, AccessLog],
})
export class ReadModelsModule {}
