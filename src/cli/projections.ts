/**
 * `npx sijill projections …`: the read models' operator commands.
 */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { loadConfig } from '../config';

export function registerProjectionCommands(program: Command): void {
  const projections = program
    .command('projections')
    .description('read models: schema, status, rebuild');

  projections
    .command('schema')
    .description(
      'print the SQL that brings the database (DATABASE_URL, migrated) to the read-model entities: the body of the next migration; nothing when in step',
    )
    .action(async () => {
      const url = loadConfig().databaseUrl;
      if (!url) throw new Error('projections schema needs DATABASE_URL (a PostgreSQL server)');
      const { schemaDiff } = await import('../projection/schema');
      const sql = await schemaDiff(url);
      process.stdout.write(sql ? `${sql}\n` : '-- the database matches the entities\n');
    });

  registerProjectionRunCommands(projections);
}

export function registerProjectionRunCommands(projections: Command): void {
  projections
    .command('status')
    .description("each projection's position, lag behind the log, and whether a runner holds it")
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const { projectionStatus } = await import('../projection/status');
      const { openStoreDatabase } = await import('../infrastructure/store.module');
      const db = await openStoreDatabase({ migrate: false });
      try {
        const rows = await projectionStatus(db);
        if (options.json) {
          for (const row of rows) process.stdout.write(`${JSON.stringify(row)}\n`);
          return;
        }
        const header = ['projection', 'position', 'head', 'lag (events)', 'lag (s)', 'runner'];
        const lines = rows.map((r) => [
          r.name,
          String(r.position),
          String(r.head),
          String(r.lagEvents),
          r.lagSeconds === null ? '-' : r.lagSeconds.toFixed(1),
          r.runner,
        ]);
        const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
        for (const line of [header, ...lines])
          process.stdout.write(`${line.map((c, i) => c.padEnd(widths[i]!)).join('  ')}\n`);
      } finally {
        await db.close();
      }
    });

  projections
    .command('rebuild')
    .description(
      'rebuild projections from position zero into new tables, then swap them in (the current tables serve meanwhile)',
    )
    .argument('<name...>', 'projection names, or "all"')
    .option('--page-size <n>', 'events per page', (v) => Number(v), 5000)
    .option('--json', 'print the report as one JSON line, no progress bar')
    .option(
      '--threads <n>',
      'threads to fold the log in (PostgreSQL; by default one per core)',
      (v) => Number(v),
      availableParallelism(),
    )
    .action(
      async (names: string[], options: { pageSize: number; json?: boolean; threads: number }) => {
        const { PROJECTIONS, projectionNamed } = await import('../../projections');
        const { rebuildProjections } = await import('../projection/rebuild');
        const { openStoreDatabase } = await import('../infrastructure/store.module');
        const { EventStore } = await import('../eventstore');
        const { SingleBar, Presets } = await import('cli-progress');
        const chosen = names.includes('all') ? [...PROJECTIONS] : names.map(projectionNamed);
        const db = await openStoreDatabase({ migrate: false });
        const bar = options.json
          ? null
          : new SingleBar(
              {
                format:
                  'rebuild [{bar}] {percentage}% | {value}/{total} | {rate} events/s | ETA {eta}s',
              },
              Presets.shades_classic,
            );
        const started = performance.now();
        try {
          const store = new EventStore(db);
          bar?.start(await store.headPosition(), 0, { rate: 0 });
          const report = await rebuildProjections(db, store, chosen, {
            pageSize: options.pageSize,
            threads: options.threads,
            onProgress: (p) => {
              bar?.setTotal(Math.max(p.head, p.position));
              bar?.update(p.position, {
                rate: Math.round(p.events / ((performance.now() - started) / 1000)),
              });
            },
          });
          bar?.stop();
          process.stdout.write(`${JSON.stringify(report)}\n`);
        } finally {
          bar?.stop();
          await db.close();
        }
      },
    );
}
