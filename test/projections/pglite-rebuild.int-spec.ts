/**
 * A rebuild on the embedded database (PGlite: one session, so the swap's transaction must
 * read the log's tail through itself, not beside it) — the register a fresh `npm start`
 * keeps under ./data.
 */
import { EventStore, PgliteDatabase, migrate } from '../../src/eventstore';
import { rebuildProjections } from '../../src/projection/rebuild';
import { registerIndex } from '../../projections/register-index/register-index.projection';

describe('rebuild on PGlite', () => {
  it('rebuilds the register index and swaps it in', async () => {
    const db = await PgliteDatabase.open();
    try {
      await migrate(db);
      const store = new EventStore(db);
      for (let actNumber = 1; actNumber <= 12; actNumber++)
        await store.append({
          streams: [
            {
              streamId: 'register-BEC-0301-2026',
              expectedVersion: actNumber - 1,
              events: [
                {
                  type: 'ActNumberAllocated',
                  data: {
                    office: 'BEC-0301',
                    year: 2026,
                    actNumber,
                    actKind: 'birth',
                    idcs: String(3_000_000_000 + actNumber),
                    allocatedAt: '2026-01-02',
                    by: {},
                  },
                },
              ],
            },
          ],
        });
      const report = await rebuildProjections(db, store, [registerIndex], { pageSize: 5 });
      expect(report.position).toBe(12);
      const rows = await db.query<{ act_number: number }>(
        'select act_number from register_index order by act_number',
      );
      expect(rows.map((r) => r.act_number)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      const [checkpoint] = await db.query<{ position: number }>(
        `select position from projection_checkpoints where name = 'register-index'`,
      );
      expect(Number(checkpoint!.position)).toBe(12);
    } finally {
      await db.close();
    }
  }, 60_000);
});
