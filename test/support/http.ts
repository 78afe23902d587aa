/**
 * The register's HTTP server on a fresh database, and a client that speaks as a given
 * user, role and office (tokens signed with a test key).
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TokenService, type Role } from '../../src/api/auth/tokens';
import { EventStore, type PostgresDatabase } from '../../src/eventstore';
import { createApp } from '../../src/main';
import { freshDatabase } from './databases';

export interface Server {
  app: NestFastifyApplication;
  baseUrl: string;
  db: PostgresDatabase;
  store: EventStore;
  as: (role: Role, office?: string, userId?: string) => Client;
  close: () => Promise<void>;
}

export interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export interface Client {
  post: <T = Record<string, unknown>>(
    path: string,
    body: unknown,
    headers?: Record<string, string>,
  ) => Promise<Reply<T>>;
  get: <T = Record<string, unknown>>(path: string) => Promise<Reply<T>>;
}

export async function startServer(): Promise<Server> {
  const fresh = await freshDatabase(10);
  process.env.DATABASE_URL = fresh.url;
  process.env.LOG_LEVEL = 'warn';
  process.env.SIJILL_JWT_SECRET = 'test-secret-of-the-register-at-least-32-bytes';
  const app = await createApp();
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  if (!address || typeof address === 'string') throw new Error('not listening');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const tokens = new TokenService();
  const as = (role: Role, office?: string, userId = `${role}-1`): Client => {
    const token = tokens.sign({ userId, role, ...(office ? { office } : {}) });
    const call = async <T>(
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ) => {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${await token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as T, headers: res.headers };
    };
    return {
      post: (path, body, headers) => call('POST', path, body, headers),
      get: (path) => call('GET', path),
    };
  };
  return {
    app,
    baseUrl,
    db: fresh.db,
    store: new EventStore(fresh.db),
    as,
    close: async () => {
      await app.close();
      await fresh.drop();
    },
  };
}
