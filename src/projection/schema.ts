/**
 * The read models' MikroORM entities are the source of their tables: a new migration in
 * migrations/projections is the SQL MikroORM's schema generator gives between the
 * migrated database and the entities (`npx sijill projections schema`), and a test keeps
 * the two equal.
 */
import { MikroORM } from '@mikro-orm/postgresql';
import { PROJECTIONS } from '../../projections';
import { AccessLogEntity } from '../api/queries/access-log';

export function readModelEntities() {
  return [...PROJECTIONS.flatMap((p) => p.entities), AccessLogEntity];
}

/** The SQL that would bring the database at `url` to the entities; empty when in step. */
export async function schemaDiff(url: string): Promise<string> {
  const orm = await MikroORM.init({
    clientUrl: url,
    entities: readModelEntities(),
    discovery: { warnWhenNoEntities: false },
    debug: false,
  });
  try {
    return (
      await orm.schema.getUpdateSchemaSQL({ wrap: false, safe: true, dropTables: false })
    ).trim();
  } finally {
    await orm.close();
  }
}
