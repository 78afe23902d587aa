import { PostgresDatabase, migrate } from './src/eventstore';
import { appendPrepared, copyRows, prepare } from './src/eventstore/append';
import { birthEvent } from './src/bench/store-bench';
import { withScratchDatabase } from './src/bench/bench-db';
void withScratchDatabase(process.env.DATABASE_URL!, 'q', async (url) => {
  const db = new PostgresDatabase(url, 2);
  await migrate(db);
  let n = 0;
  for (let round = 0; round < 6; round++) {
    let t = performance.now();
    const cmds = Array.from({ length: 20000 }, () => prepare({ commandId: 'c'+n, streams: [{ streamId: 'p' + n, expectedVersion: 'no_stream', events: [birthEvent(n++)] }] }));
    const tp = performance.now() - t;
    const times: string[] = [];
    t = performance.now();
    await db.transaction(async (tx) => {
      const q = tx.query.bind(tx); const c = tx.copyIn.bind(tx);
      tx.query = async (s: string, p?: unknown[]) => { const a = performance.now(); const r = await q(s, p); times.push('q' + (performance.now() - a).toFixed(1)); return r as never; };
      tx.copyIn = async (a1, a2, a3) => { const a = performance.now(); await c(a1, a2, a3); times.push('copy' + (performance.now() - a).toFixed(1)); };
      await appendPrepared(tx, cmds, async (tx2, rows, head) => { const a = performance.now(); await copyRows(tx2, rows, head); times.push('write' + (performance.now() - a).toFixed(1)); });
    });
    console.log('prepare', tp.toFixed(1), 'tx', (performance.now() - t).toFixed(1), times.join(' '));
  }
  await db.close();
});
