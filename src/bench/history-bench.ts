/**
 * Legal history reads: a man married and divorced 24 times, with one rectification (50
 * events on his record), in a fresh database; then his history, and his record as of an
 * instant and valid at a day, read over and over in this process, each read being the whole
 * path the API takes (read the stream, fold, shape, diff).
 * Goals: history p99 ≤ 20 ms, as-of p99 ≤ 20 ms.
 */
import { toNewEvents, type DomainEventLike, type RequestContext } from '../application/envelope';
import {
  evolvePerson,
  noteDivorce,
  noteMarriage,
  noteRectification,
  personStream,
  type PersonEvent,
  type PersonState,
} from '../domain';
import { recordAt, timeline } from '../domain/history';
import { born, idcsOf, WIFE_NAME } from '../domain/testing/fixtures';
import type { EventStore } from '../eventstore';
import { withBenchStore } from './store-bench';
import { quantile } from './quantile';

export interface HistoryBenchResult {
  system: 'sijill';
  scenario: 'history' | 'as-of';
  events: number;
  reads: number;
  readsPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

const ACTOR = { userId: 'bench-registrar', role: 'registrar', office: 'RBT-01' };
const NOW = '2025-03-10T10:00:00+01:00';
const JUDGMENT = {
  kind: 'judgment' as const,
  court: 'TPI Rabat',
  reference: 'J-B',
  date: '2025-01-01',
};

/** Appends through the envelope the application uses, so metadata is as in production. */
class Writer {
  private states = new Map<string, PersonState>();
  private n = 0;

  constructor(private readonly store: EventStore) {}

  state(idcs: string): PersonState {
    return this.states.get(idcs) ?? { status: 'unregistered' };
  }

  context(): RequestContext {
    const commandId = `bench-history-${Date.now().toString(36)}-${this.n++}`;
    return { now: NOW, actor: ACTOR, commandId, correlationId: commandId };
  }

  async write(context: RequestContext, byPerson: [string, readonly PersonEvent[]][]) {
    const result = await this.store.append({
      commandId: context.commandId,
      streams: byPerson.map(([idcs, events]) => ({
        streamId: personStream(idcs),
        expectedVersion: 'any',
        events: toNewEvents(events as readonly DomainEventLike[], context),
      })),
    });
    for (const [idcs, events] of byPerson)
      this.states.set(idcs, events.reduce(evolvePerson, this.state(idcs)));
    return result;
  }
}

/** Writes the 50-event record; returns the man's IDCS and the instant of his 25th event. */
async function buildPerson(store: EventStore): Promise<{ idcs: string; midway: string }> {
  const w = new Writer(store);
  const man = idcsOf(7_000_000 + (Date.now() % 1_000_000));
  await w.write(w.context(), [[man, [born(man, { date: '1950-02-01' })]]]);
  let midway = '';
  for (let i = 0; i < 24; i++) {
    const wife = idcsOf(8_000_000 + i);
    await w.write(w.context(), [
      [wife, [born(wife, { sex: 'F', date: '1955-01-01', name: WIFE_NAME })]],
    ]);
    const spouses = { husband: man, wife };
    let context = w.context();
    const married = noteMarriage(
      {
        type: 'NoteMarriage',
        data: {
          ...spouses,
          date: { date: `${1975 + i}-01-01` },
          contract: {
            kind: 'act',
            authority: 'Adoul',
            reference: `ADL-${i}`,
            date: `${1975 + i}-01-01`,
          },
        },
        metadata: { now: NOW, actor: ACTOR, commandId: context.commandId },
      },
      { husband: w.state(man), wife: w.state(wife) },
    );
    await w.write(context, [
      [man, married.husband],
      [wife, married.wife],
    ]);
    context = w.context();
    const divorced = noteDivorce(
      {
        type: 'NoteDivorce',
        data: {
          ...spouses,
          kind: 'mutual-consent',
          date: { date: `${1975 + i}-06-01` },
          legalBasis: JUDGMENT,
        },
        metadata: { now: NOW, actor: ACTOR, commandId: context.commandId },
      },
      { husband: w.state(man), wife: w.state(wife) },
    );
    const result = await w.write(context, [
      [man, divorced.husband],
      [wife, divorced.wife],
    ]);
    if (i === 11) midway = result.recordedAt;
  }
  const context = w.context();
  const rectified = noteRectification(
    {
      type: 'NoteRectification',
      data: {
        idcs: man,
        field: 'givenName.lat',
        oldValue: 'Mohammed',
        newValue: 'Mohamed',
        legalBasis: JUDGMENT,
      },
      metadata: { now: NOW, actor: ACTOR, commandId: context.commandId },
    },
    w.state(man),
  );
  await w.write(context, [[man, rectified]]);
  return { idcs: man, midway };
}

async function measure(
  scenario: HistoryBenchResult['scenario'],
  events: number,
  reads: number,
  read: () => Promise<void>,
): Promise<HistoryBenchResult> {
  for (let i = 0; i < Math.min(200, reads); i++) await read(); // warm plans and the JIT
  const latencies: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < reads; i++) {
    const s = performance.now();
    await read();
    latencies.push(performance.now() - s);
  }
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    system: 'sijill',
    scenario,
    events,
    reads,
    readsPerSec: Math.round(reads / seconds),
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
  };
}

/** Prints one JSON line per scenario (history, as-of) and returns them. */
export async function benchHistory(
  url = process.env.DATABASE_URL,
  reads = 2000,
): Promise<HistoryBenchResult[]> {
  if (!url) throw new Error('benchmarks run on PostgreSQL: set DATABASE_URL');
  return withBenchStore(url, async (store) => {
    const { idcs, midway } = await buildPerson(store);
    const stream = personStream(idcs);
    const events = (await store.readStream(stream)).length;
    if (events !== 50) throw new Error(`expected 50 events on the record, built ${events}`);
    const results = [
      await measure('history', events, reads, async () => {
        timeline(await store.readStream(stream));
      }),
      await measure('as-of', events, reads, async () => {
        recordAt(await store.readStream(stream), { asOf: midway, validAt: '1980-03-01' });
      }),
    ];
    for (const line of results) process.stdout.write(`${JSON.stringify(line)}\n`);
    return results;
  });
}
