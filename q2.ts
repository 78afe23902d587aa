import { withBenchStore, appendBench, bulkBench, readAllBench } from './src/bench/store-bench';
void withBenchStore(process.env.DATABASE_URL!, async (store) => {
  console.log(await appendBench(store, 20000, 64));
  console.log(await bulkBench(store, 200000));
  console.log(await readAllBench(store));
});
