import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/main';
import { freshDatabase } from '../support/databases';
import { describeWithPostgres } from '../support/describe-with-postgres';

describeWithPostgres('the HTTP server', () => {
  let app: NestFastifyApplication;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const fresh = await freshDatabase(2);
    drop = fresh.drop;
    process.env.DATABASE_URL = fresh.url;
    process.env.LOG_LEVEL = 'warn';
    app = await createApp();
    await app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await app.close();
    await drop();
  });

  const url = (path: string) => `${baseUrl()}${path}`;
  const baseUrl = () => {
    const address = app.getHttpServer().address();
    if (!address || typeof address === 'string') throw new Error('not listening');
    return `http://127.0.0.1:${address.port}`;
  };

  it('answers /health with the database kind and the log head', async () => {
    const res = await fetch(url('/health'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'postgres', headPosition: 0 });
  });

  it('serves its OpenAPI document and UI', async () => {
    const doc = (await (await fetch(url('/openapi.json'))).json()) as {
      openapi: string;
      paths: object;
    };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/health');
    const ui = await fetch(url('/docs'));
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });
});
