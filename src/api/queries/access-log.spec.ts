import { AccessLog, type AccessRecord } from './access-log';

/** A database whose INSERTs stay pending until the test settles them, one by one. */
class PendingInserts {
  readonly writes: { idcs: string[]; settle: (error?: Error) => void }[] = [];

  query = (_text: string, params?: unknown[]): Promise<never[]> =>
    new Promise((resolve, reject) => {
      this.writes.push({
        idcs: (JSON.parse(params?.[0] as string) as { idcs: string[] }[]).flatMap((r) => r.idcs),
        settle: (error) => (error ? reject(error) : resolve([])),
      });
    });
}

const read = (idcs: string): AccessRecord => ({
  principal: { userId: 'legal-1', role: 'legal' },
  action: 'person.read',
  idcs: [idcs],
});

/** Lets the access log's setImmediate and the promises it settles run, twice over. */
const turn = async () => {
  for (let i = 0; i < 2; i++) await new Promise((r) => setImmediate(r));
};

describe('AccessLog: reads are recorded in batches, several written at once', () => {
  it('writes the reads of one turn of the event loop in one INSERT', async () => {
    const db = new PendingInserts();
    const log = new AccessLog(db);
    const done = ['1', '2', '3'].map((id) => log.record(read(id)));
    await turn();
    expect(db.writes.map((w) => w.idcs)).toEqual([['1', '2', '3']]);
    db.writes[0]!.settle();
    await expect(Promise.all(done)).resolves.toBeDefined();
  });

  it('starts a new batch while earlier ones are in flight, up to three, then waits', async () => {
    const db = new PendingInserts();
    const log = new AccessLog(db);
    const settled: string[] = [];
    for (const id of ['a', 'b', 'c', 'd', 'e']) {
      void log.record(read(id)).then(() => settled.push(id));
      await turn();
    }
    // Three batches in flight; d and e wait together for one of them to end.
    expect(db.writes.map((w) => w.idcs)).toEqual([['a'], ['b'], ['c']]);
    db.writes[1]!.settle();
    await turn();
    expect(settled).toEqual(['b']);
    expect(db.writes.map((w) => w.idcs)).toEqual([['a'], ['b'], ['c'], ['d', 'e']]);
    db.writes[3]!.settle();
    await turn();
    // A read is answered once its own batch is written, not those before it.
    expect(settled).toEqual(['b', 'd', 'e']);
  });

  it('fails the reads of a batch whose write failed, and only those', async () => {
    const db = new PendingInserts();
    const log = new AccessLog(db);
    const first = log.record(read('1'));
    await turn();
    const second = log.record(read('2'));
    await turn();
    db.writes[0]!.settle(new Error('disk full'));
    db.writes[1]!.settle();
    await expect(first).rejects.toThrow('disk full');
    await expect(second).resolves.toBeUndefined();
  });
});
