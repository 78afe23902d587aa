import { PostgresDatabase, migrate } from './src/eventstore';
import { appendPrepared, copyRows, prepare, LOCK_HEAD } from './src/eventstore/append';
import { birthCommand } from './src/bench/store-bench';
import { withScratchDatabase } from './src/bench/bench-db';
async function run(label: string, setup: string, skipLookups: boolean) {
  await withScratchDatabase(process.env.DATABASE_URL!, 'q', async (url) => {
    const db = new PostgresDatabase(url, 2);
    await migrate(db);
    if (setup) await db.exec(setup);
    const N = 300000, C = 10000;
    const chunks = [];
    for (let i = 0; i < N; i += C) chunks.push(Array.from({ length: C }, (_, j) => prepare(birthCommand('x', i + j))));
    let dbTime = 0;
    const t0 = performance.now();
    for (const cmds of chunks) {
      const t = performance.now();
      await db.transaction(async (tx) => {
        if (skipLookups) {
          const q = tx.query.bind(tx);
          tx.query = (async (s: string, p?: unknown[]) => (s.includes('union all') ? [] : q(s, p))) as typeof tx.query;
        }
        return appendPrepared(tx, cmds, copyRows);
      }, LOCK_HEAD);
      dbTime += performance.now() - t;
    }
    console.log(label, Math.round(N / ((performance.now() - t0) / 1000)), 'events/s (prepared beforehand)');
    await db.close();
  });
}
void (async () => {
  await run('full', '', false);
  await run('no-lookups', '', true);
  await run('no-command-index', 'drop index events_command_id', false);
  await run('no-lookups-no-command-index', 'drop index events_command_id', true);
})();
