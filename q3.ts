import { withBenchStore, bulkBench } from './src/bench/store-bench';
void withBenchStore(process.env.DATABASE_URL!, async (store) => {
  const db = store.db; const orig = db.transaction.bind(db);
  db.transaction = (async (w: any) => { const t = performance.now(); const r = await orig(w); console.log('tx', (performance.now()-t).toFixed(0)); return r; }) as any;
  console.log(await bulkBench(store, 100000));
});
