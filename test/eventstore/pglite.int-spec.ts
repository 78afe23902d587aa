import { EventStore, PgliteDatabase, migrate } from '../../src/eventstore';
import { storeContract } from './store-contract';

// The embedded default needs no server: this suite runs on every machine.
storeContract(
  'PGlite (embedded)',
  async () => {
    const db = await PgliteDatabase.open();
    await migrate(db);
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
  async (f) => f.db.close(),
);
