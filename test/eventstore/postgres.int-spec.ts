import { EventStore } from '../../src/eventstore';
import { freshDatabase } from '../support/databases';
import { describeWithPostgres } from '../support/describe-with-postgres';
import { storeContract } from './store-contract';

describeWithPostgres('PostgreSQL backend', () => {
  const drops = new Map<unknown, () => Promise<void>>();
  storeContract(
    'PostgreSQL (pg)',
    async () => {
      const { db, drop } = await freshDatabase();
      drops.set(db, drop);
      return {
        db,
        store: new EventStore(db),
        tamper: async (sql) => {
          await db.exec(
            `set session_replication_role = replica; ${sql}; set session_replication_role = origin;`,
          );
        },
      };
    },
    async (f) => drops.get(f.db)?.(),
  );
});
