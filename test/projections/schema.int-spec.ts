/**
 * The read models' MikroORM entities and their SQL migrations describe the same tables:
 * MikroORM, comparing a freshly migrated database with the entities, finds nothing to do.
 */
import { schemaDiff } from '../../src/projection/schema';
import { freshDatabase } from '../support/databases';
import { describeWithPostgres } from '../support/describe-with-postgres';

describeWithPostgres('read-model schema', () => {
  it('is exactly what the entities describe', async () => {
    const { url, drop } = await freshDatabase(1);
    try {
      expect(await schemaDiff(url)).toBe('');
    } finally {
      await drop();
    }
  }, 60_000);
});
