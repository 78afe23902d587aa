/**
 * `npx sijill projections …`: the read models' operator commands.
 */
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
}
