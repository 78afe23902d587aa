/** Configuration from the environment, read in one place. */
import { join } from 'node:path';

export interface Config {
  /** PostgreSQL URL; when absent the embedded PGlite database under dataDir is used. */
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  logLevel: string;
  /** PostgreSQL connections per process for commands and projections. */
  poolSize: number;
  /** And for queries (PostgreSQL only: PGlite has one connection). */
  readPoolSize: number;
  /** Apply pending migrations when the server starts. */
  migrateOnStart: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    dataDir: env.SIJILL_DATA_DIR || join(process.cwd(), 'data'),
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    logLevel: env.LOG_LEVEL ?? 'info',
    poolSize: Number(env.DATABASE_POOL_SIZE ?? 10),
    readPoolSize: Number(env.DATABASE_READ_POOL_SIZE ?? 10),
    migrateOnStart: env.SIJILL_MIGRATE_ON_START !== 'false',
  };
}
