/**
 * The load of a rebuild: the log from zero to a fixed position, each projection folding it
 * with its rebuilder into the fresh tables of schema `sijill_rebuild` (see rebuild.ts), in
 * this thread. A rebuild in several threads runs this in each (rebuild-threads.ts), for a
 * group of the projections.
 */
import type { EventStore } from '../eventstore';
import type { Database, Transaction } from '../eventstore/db';
import { HeapWatch, type HeapShareOf } from './heap-share';
import type { Projection, RebuildEvent, Rebuilder } from './projection';

export const REBUILD = 'sijill_rebuild';

export interface Lane {
  projection: Projection;
  rebuilder: Rebuilder | null;
  tail: Promise<void>;
}

/**
 * One lane per projection, each applying its pages in order in transactions of its own on
 * the fresh tables, so that one projection's statements run on the server while the
 * process folds another's page. The reader stays at most a few pages ahead.
 */
export class Lanes {
  readonly lanes: Lane[];
  private readonly inFlight: Promise<unknown>[] = [];
  private failed: Error | null = null;

  constructor(
    private readonly db: Database,
    projections: readonly Projection[],
    withRebuilders: boolean,
  ) {
    this.lanes = projections.map((projection) => ({
      projection,
      rebuilder: withRebuilders ? (projection.rebuilder?.() ?? null) : null,
      tail: Promise.resolve(),
    }));
  }

  readonly ownType = (lane: Lane, e: { type: string }) => lane.projection.eventTypes.has(e.type);

  inLane(lane: Lane, work: (tx: Transaction) => Promise<void>): void {
    lane.tail = lane.tail
      .then(() =>
        this.failed
          ? undefined
          : this.db.transaction(async (tx) => {
              await tx.exec(`set local search_path = ${REBUILD}, public`);
              await work(tx);
            }),
      )
      .catch((error: unknown) => {
        this.failed ??= error instanceof Error ? error : new Error(String(error));
      });
  }

  feed<E extends { type: string }>(
    page: readonly E[],
    wants: (lane: Lane, event: E) => boolean,
    run: (lane: Lane, tx: Transaction, events: E[]) => Promise<void>,
  ): void {
    for (const lane of this.lanes) {
      const relevant = page.filter((e) => wants(lane, e));
      if (relevant.length > 0) this.inLane(lane, (tx) => run(lane, tx, relevant));
    }
    this.inFlight.push(Promise.all(this.lanes.map((l) => l.tail)));
  }

  /** Waits until at most three pages are in flight; throws what a lane failed with. */
  async settle(): Promise<void> {
    while (this.inFlight.length > 3) await this.inFlight.shift();
    this.rethrow();
  }

  async drain(): Promise<void> {
    await Promise.all([...this.inFlight.splice(0), ...this.lanes.map((l) => l.tail)]);
    this.rethrow();
  }

  private rethrow(): void {
    if (this.failed) throw this.failed;
  }
}

export interface LoadProgress {
  position: number;
  events: number;
}

export interface Loaded {
  /** Events read from the log (every type). */
  events: number;
  /** The position each projection's tables reflect, by name. */
  upTo: Map<string, number>;
  /**
   * Where the rebuilders' open rows filled the heap and the rest of the log is left to the
   * projections' `apply`; null when they folded it all.
   */
  rebuildersUntil: number | null;
}

export async function loadFromZero(
  db: Database,
  store: EventStore,
  projections: readonly Projection[],
  target: number,
  options: { pageSize: number; heap: HeapShareOf; onProgress?: (p: LoadProgress) => void },
): Promise<Loaded> {
  const lanes = new Lanes(db, projections, true);
  let position = 0;
  let events = 0;
  // Rebuilders hold what is still open in memory: on a register larger than the heap
  // allows, they stop where it fills, write what they hold, and `apply` (slower, but
  // bounded: it reads and writes the tables) goes on from there.
  const heap = new HeapWatch(options.heap);
  let rebuildersUntil: number | null = null;
  const loaded = async <E extends { position: number }>(page: readonly E[]) => {
    await lanes.settle();
    position = page[page.length - 1]!.position;
    events += page.length;
    options.onProgress?.({ position, events });
    if (position >= target || !heap.full()) return false;
    rebuildersUntil = position;
    return true;
  };
  // A lane's own types, and the ends of every stream when its rebuilder asks for them.
  const wants = (lane: Lane, e: RebuildEvent) =>
    lanes.ownType(lane, e) || (e.lastOfStream && lane.rebuilder?.streamEnds === true);
  if (lanes.lanes.every((l) => l.rebuilder)) {
    // Every lane folds with its rebuilder: read only what rebuilders read.
    const dataTypes = new Set(projections.flatMap((p) => [...p.eventTypes]));
    for await (const page of store.readLeanForRebuild(0, target, dataTypes, options.pageSize)) {
      lanes.feed(page, wants, (lane, tx, relevant) => lane.rebuilder!.apply(tx, relevant));
      if (await loaded(page)) break;
    }
  } else {
    for await (const page of store.readForRebuild(0, target, options.pageSize)) {
      lanes.feed(page, wants, (lane, tx, relevant) =>
        lane.rebuilder
          ? lane.rebuilder.apply(tx, relevant)
          : lane.projection.apply(
              tx,
              relevant.filter((e) => lanes.ownType(lane, e)),
            ),
      );
      if (await loaded(page)) break;
    }
  }
  for (const lane of lanes.lanes)
    if (lane.rebuilder) lanes.inLane(lane, (tx) => lane.rebuilder!.finish(tx));
  await lanes.drain();
  return {
    events,
    upTo: new Map(projections.map((p) => [p.name, position])),
    rebuildersUntil,
  };
}
