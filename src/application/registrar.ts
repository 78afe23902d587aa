/**
 * Runs a command the event-sourced way: load the streams it needs, fold them, decide,
 * append with each stream's expected version, and on a concurrency conflict start again
 * from fresh streams. Handlers say only which streams and which decider.
 */
import {
  evolvePerson,
  evolveRegisterBook,
  initialPersonState,
  initialRegisterBook,
  personStream,
  registerStream,
  type PersonEvent,
  type PersonState,
  type RegisterBook,
  type RegisterEvent,
} from '../domain';
import {
  EventStore,
  WrongExpectedVersionError,
  type AppendResult,
  type StoredEvent,
  type StreamAppend,
} from '../eventstore';
import { toNewEvents, type DomainEventLike, type RequestContext } from './envelope';
import { newIdcs } from './identifiers';
import { KeyedLock } from './keyed-lock';

export interface Loaded<State> {
  streamId: string;
  /** For person streams: the IDCS. */
  id: string;
  state: State;
  version: number;
  /** The append of `events` to this stream, expecting the version it was loaded at. */
  append(events: readonly DomainEventLike[]): PendingAppend;
}

export interface PendingAppend {
  streamId: string;
  expectedVersion: number;
  events: readonly DomainEventLike[];
}

export interface Loader {
  person(idcs: string): Promise<Loaded<PersonState>>;
  /** A person stream for a newly drawn IDCS; drawn again in the rare case it is taken. */
  newPerson(): Promise<Loaded<PersonState>>;
  register(office: string, year: number): Promise<Loaded<RegisterBook>>;
}

/** What a command did: the same whether it ran now or was a retry of a stored one. */
export interface CommandReply {
  commandId: string;
  /** Global position of the command's last event: pass it to a query to read your write. */
  position: number;
  duplicate: boolean;
  recordedAt: string;
  streams: { streamId: string; version: number }[];
  /** IDCS of the persons whose records the command wrote. */
  persons: string[];
  /** The acts the command drew up (office, year, number). */
  acts: { office: string; year: number; number: number; kind: string; idcs: string }[];
}

export class ConcurrencyExhausted extends Error {
  constructor(readonly conflict: WrongExpectedVersionError) {
    super(`the command kept meeting concurrent changes: ${conflict.message}`);
    this.name = 'ConcurrencyExhausted';
  }
}

const MAX_ATTEMPTS = 8;

export class Registrar {
  private readonly lock = new KeyedLock();

  constructor(private readonly store: EventStore) {}

  /**
   * `lockKeys`: streams this process should not work on concurrently (the register book,
   * the spouses). `decide` runs again on every attempt, with freshly loaded streams.
   */
  async run(
    context: RequestContext,
    lockKeys: readonly string[],
    decide: (load: Loader) => Promise<PendingAppend[]>,
  ): Promise<CommandReply> {
    return this.lock.run(lockKeys, async () => {
      for (let attempt = 1; ; attempt++) {
        const appends = (await decide(this.loader())).filter((a) => a.events.length > 0);
        const streams: StreamAppend[] = appends.map((a) => ({
          streamId: a.streamId,
          expectedVersion: a.expectedVersion,
          events: toNewEvents(a.events, context),
        }));
        try {
          const result = await this.store.append({ commandId: context.commandId, streams });
          if (result.duplicate) return this.replyFromStore(context.commandId, result);
          return reply(context.commandId, result, appends);
        } catch (error) {
          if (!(error instanceof WrongExpectedVersionError)) throw error;
          if (attempt >= MAX_ATTEMPTS) throw new ConcurrencyExhausted(error);
        }
      }
    });
  }

  private loader(): Loader {
    const store = this.store;
    async function load<State, Event>(
      streamId: string,
      initial: State,
      evolve: (state: State, event: Event) => State,
      lastOnly = false,
    ): Promise<Loaded<State>> {
      const events = await store.readStream(
        streamId,
        lastOnly ? { direction: 'backwards', maxCount: 1 } : {},
      );
      const state = events.reduce((s, e) => evolve(s, asDomainEvent(e) as Event), initial);
      const version = events.length === 0 ? 0 : events[events.length - 1]!.version;
      return {
        streamId,
        id: streamId.replace(/^person-/, ''),
        state,
        version,
        append: (appended) => ({ streamId, expectedVersion: version, events: appended }),
      };
    }
    const person = (idcs: string) =>
      load<PersonState, PersonEvent>(personStream(idcs), initialPersonState(), evolvePerson);
    return {
      person,
      newPerson: async () => {
        for (;;) {
          const drawn = await person(newIdcs());
          if (drawn.version === 0) return drawn;
        }
      },
      register: (office, year) =>
        // A register book's state is its last allocation: reading one event instead of
        // the year's thousands keeps a busy office's registrations fast.
        load<RegisterBook, RegisterEvent>(
          registerStream(office, year),
          initialRegisterBook(),
          evolveRegisterBook,
          true,
        ),
    };
  }

  /** A retried command gets the reply of its first run, rebuilt from the stored events. */
  private async replyFromStore(commandId: string, result: AppendResult): Promise<CommandReply> {
    const events = await this.store.readCommand(commandId);
    const byStream = new Map<string, DomainEventLike[]>();
    for (const e of events)
      byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), asDomainEvent(e)]);
    const appends = [...byStream].map(([streamId, evs]) => ({
      streamId,
      expectedVersion: 0,
      events: evs,
    }));
    return reply(commandId, result, appends);
  }
}

const asDomainEvent = (e: StoredEvent): DomainEventLike => ({ type: e.type, data: e.data });

function reply(commandId: string, result: AppendResult, appends: PendingAppend[]): CommandReply {
  const acts: CommandReply['acts'] = [];
  for (const a of appends)
    for (const e of a.events)
      if (e.type === 'ActNumberAllocated') {
        const d = e.data as {
          office: string;
          year: number;
          actNumber: number;
          actKind: string;
          idcs: string;
        };
        acts.push({
          office: d.office,
          year: d.year,
          number: d.actNumber,
          kind: d.actKind,
          idcs: d.idcs,
        });
      }
  return {
    commandId,
    position: result.position,
    duplicate: result.duplicate,
    recordedAt: result.recordedAt,
    streams: result.streams.map((s) => ({ streamId: s.streamId, version: s.version })),
    persons: result.streams
      .map((s) => s.streamId)
      .filter((id) => id.startsWith('person-'))
      .map((id) => id.slice('person-'.length)),
    acts,
  };
}
