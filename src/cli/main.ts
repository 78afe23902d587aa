/**
 * `npx sijill <command>`: the register's operator commands.
 */
import 'reflect-metadata';
import { Command, Option } from 'commander';
import { loadConfig } from '../config';
import { migrate, verifyLog } from '../eventstore';
import { openStoreDatabase } from '../infrastructure/store.module';
import { runBench } from '../bench/run';
import { ROLES, TokenService, type Role } from '../api/auth/tokens';
import { registerProjectionCommands } from './projections';
import { registerExtractCommands } from './extracts';
import { registerHistoryCommand } from './history';

const program = new Command('sijill').description(
  'Sijill: the event-sourced national civil-status register',
);

program
  .command('serve')
  .description('run the register HTTP server (PGlite under ./data when DATABASE_URL is unset)')
  .action(async () => {
    const { serve } = await import('../main');
    const app = await serve();
    const config = loadConfig();
    process.stdout.write(
      `Sijill listening on http://localhost:${config.port} (health: /health, API docs: /docs)\n`,
    );
    const stop = () => void app.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program
  .command('migrate')
  .description('apply pending schema migrations')
  .action(async () => {
    const db = await openStoreDatabase({ migrate: false, anySchema: true });
    try {
      const applied = await migrate(db);
      process.stdout.write(
        applied.length ? `applied: ${applied.join(', ')}\n` : 'nothing to apply\n',
      );
    } finally {
      await db.close();
    }
  });

program
  .command('verify')
  .description('recompute the hash chain over the whole event log and report tampering')
  .option('--anchor <position:hash>', 'a position and hash recorded earlier outside the database')
  .option('--json', 'print the report as JSON')
  .action(async (options: { anchor?: string; json?: boolean }) => {
    const db = await openStoreDatabase({ migrate: false, anySchema: true });
    try {
      let anchor: { position: number; hash: string } | undefined;
      if (options.anchor) {
        const [position, hash] = options.anchor.split(':');
        if (!position || !hash || !/^\d+$/.test(position) || !/^[0-9a-f]{64}$/.test(hash))
          throw new Error('--anchor takes <position>:<64 hex digits>');
        anchor = { position: Number(position), hash };
      }
      const report = await verifyLog(db, {
        anchor,
        onProgress: options.json
          ? undefined
          : (checked) => process.stderr.write(`\rchecked ${checked.toLocaleString('en')} events`),
      });
      if (!options.json) process.stderr.write('\n');
      if (options.json) process.stdout.write(`${JSON.stringify(report)}\n`);
      else if (report.ok)
        process.stdout.write(
          `OK: ${report.checked} events verified; head ${report.lastPosition}:${report.lastHash}\n`,
        );
      else {
        process.stdout.write(
          `TAMPERED: first problem at position ${report.problems[0]!.position}\n`,
        );
        for (const p of report.problems)
          process.stdout.write(`  ${p.position}\t${p.kind}\t${p.detail}\n`);
      }
      process.exitCode = report.ok ? 0 : 1;
    } finally {
      await db.close();
    }
  });

program
  .command('token')
  .description('issue a development token (signed with SIJILL_JWT_SECRET or the dev key)')
  .requiredOption('--user <id>', 'the user id (sub)')
  .addOption(new Option('--role <role>', 'the role').choices([...ROLES]).makeOptionMandatory())
  .option('--office <code>', 'the office (registrars and health facilities)')
  .option('--expires <duration>', 'lifetime, e.g. 8h, 30d', '8h')
  .action(async (o: { user: string; role: Role; office?: string; expires: string }) => {
    const token = await new TokenService().sign(
      { userId: o.user, role: o.role, ...(o.office ? { office: o.office } : {}) },
      o.expires,
    );
    process.stdout.write(`${token}\n`);
  });

program
  .command('generate')
  .description('fill the database with a synthetic national register, through the deciders')
  .requiredOption('--persons <n>', 'persons to generate', (v) => Number(v))
  .option('--seed <n>', 'seed: the same seed generates the same register', (v) => Number(v))
  .action(async (o: { persons: number; seed?: number }) => {
    const { generateCommand } = await import('../generator/cli');
    await generateCommand(o);
  });

program
  .command('bench')
  .description('run a benchmark on DATABASE_URL and print JSON lines')
  .argument(
    '<scenario>',
    'append | bulk-append | read-all | append-at-scale | store (the four) | rebuild | rebuild-ceiling | lag | http | history | extract',
  )
  .option('--events <n>', 'events to write', (v) => Number(v))
  .option('--concurrency <n>', 'concurrent commands', (v) => Number(v), 64)
  .option('--preload <n>', 'append-at-scale: events stored before measuring', (v) => Number(v))
  .option('--runs <n>', 'repeat and report each run', (v) => Number(v), 1)
  .option('--compare', 'also run the peer and the database ceiling (../shared/bench)')
  .option('--rate <n>', 'lag: appended events per second', (v) => Number(v))
  .option('--seconds <n>', 'lag, http: duration (per scenario)', (v) => Number(v))
  .option('--seed <n>', 'lag: seed of the population appended', (v) => Number(v))
  .option('--only <name>', 'http: one scenario (person-record, family, name-search, statistics)')
  .option('--sample <n>', 'http: births drawn from the register (5000)', (v) => Number(v))
  .option(
    '--warmup <n>',
    'http: seconds of the same load before each scenario, reported apart (5)',
    (v) => Number(v),
  )
  .option(
    '--in-place',
    'lag: on the generated register at DATABASE_URL (appending the births of the two years after it) instead of a scratch one',
  )
  .addOption(new Option('--json', 'JSON lines (the only output format)').default(true))
  .action(
    async (
      scenario: string,
      options: {
        events?: number;
        concurrency: number;
        preload?: number;
        runs: number;
        compare?: boolean;
        rate?: number;
        seconds?: number;
        seed?: number;
        only?: string;
        sample?: number;
        warmup?: number;
        inPlace?: boolean;
      },
    ) => {
      await runBench(scenario, options);
    },
  );

registerProjectionCommands(program);
registerExtractCommands(program);
registerHistoryCommand(program);

// Node exits 0 when nothing is left to wake a pending promise (a wait on a lock that can
// no longer be released): a command that did not finish must not look like a success.
let finished = false;
process.on('exit', (code) => {
  if (!finished && code === 0) {
    process.stderr.write('sijill: the command stopped before it finished\n');
    process.exitCode = 1;
  }
});

program
  .parseAsync()
  .then(() => {
    finished = true;
  })
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
