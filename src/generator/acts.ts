/**
 * Turns the simulation's decisions into commands, runs them through the domain deciders and
 * packs each decision as one AppendRequest. The in-memory PersonStates and register books
 * are folded with the same evolve functions a reader uses, so expected versions are exact
 * and every event is one a registrar could have written.
 */
import { createHash } from 'node:crypto';
import {
  digitiseLegacyAct,
  evolvePerson,
  evolveRegisterBook,
  expectedRegisterVersion,
  initialRegisterBook,
  noteDivorce,
  noteMarriage,
  noteNameChange,
  noteRectification,
  personStream,
  registerBirth,
  registerDeath,
  registerStream,
  type Actor,
  type CommandMetadata,
  type DeathDeclarant,
  type Declarant,
  type DivorceKind,
  type FiliationInput,
  type Judgment,
  type LegalBasis,
  type PersonEvent,
  type PersonName,
  type Place,
  type RectifiableField,
  type RegisterBook,
  type RegisterEvent,
  type SpouseStates,
} from '../domain';
import type { AppendRequest, NewEvent, StreamAppend } from '../eventstore';
import { officeTime, type Sim } from './people';
import { isoDay, type Random } from './random';

interface Envelope {
  occurredAt: string | undefined;
  actor: Actor;
  basis: LegalBasis;
}

export class Recorder {
  /** Register books of the year being generated, by office; earlier years are closed. */
  private books = new Map<string, RegisterBook>();
  private booksYear = 0;
  private counter = 0;
  persons = 0;

  constructor(
    private readonly seed: number,
    private readonly random: Random,
  ) {}

  registrar(office: string, role = 'registrar'): Actor {
    // Short ids: the actor is repeated in every event's metadata and again in its data.
    return { userId: `${office}.${this.random.int(1, 3)}`, role, office };
  }

  /** The command id is the seed and a counter: the same generation yields the same ids. */
  private metadata(day: number, actor: Actor): CommandMetadata {
    return {
      now: officeTime(day, this.random),
      actor,
      commandId: `gen-${this.seed}-${++this.counter}`,
    };
  }

  private book(office: string, year: number): RegisterBook {
    // Actions come in date order, so a new year closes every book of the previous one.
    if (year !== this.booksYear) {
      this.books = new Map();
      this.booksYear = year;
    }
    return this.books.get(office) ?? initialRegisterBook();
  }

  private wrap(events: readonly { type: string; data: unknown }[], env: Envelope): NewEvent[] {
    return events.map((e) => ({
      type: e.type,
      data: e.data,
      ...(env.occurredAt !== undefined && { occurredAt: env.occurredAt }),
      metadata: { actor: env.actor, legalBasis: env.basis },
    }));
  }

  private person(p: Sim, events: PersonEvent[], env: Envelope): StreamAppend {
    const expectedVersion = p.version;
    for (const event of events) p.state = evolvePerson(p.state, event);
    p.version += events.length;
    return { streamId: personStream(p.idcs), expectedVersion, events: this.wrap(events, env) };
  }

  private register(events: RegisterEvent[], env: Envelope): StreamAppend[] {
    return events.map((event) => {
      const { office, year } = event.data;
      const before = this.book(office, year);
      this.books.set(office, evolveRegisterBook(before, event));
      return {
        streamId: registerStream(office, year),
        expectedVersion: expectedRegisterVersion(before),
        events: this.wrap([event], env),
      };
    });
  }

  birth(
    child: Sim,
    input: {
      office: string;
      time: string;
      filiation: FiliationInput;
      declarant: Declarant;
      basis: LegalBasis;
      regDay: number;
    },
  ): AppendRequest {
    const actor = this.registrar(input.office);
    const metadata = this.metadata(input.regDay, actor);
    const date = isoDay(child.born);
    const decision = registerBirth(
      {
        type: 'RegisterBirth',
        data: {
          office: input.office,
          place: child.commune.place,
          filiation: input.filiation,
          declarant: input.declarant,
          legalBasis: input.basis,
          child: {
            idcs: child.idcs,
            name: child.name,
            sex: child.sex,
            born: { date, time: input.time },
          },
        },
        metadata,
      },
      { child: child.state, register: this.book(input.office, Number(metadata.now.slice(0, 4))) },
    );
    const env = { occurredAt: `${date}T00:00:00Z`, actor, basis: input.basis };
    this.persons++;
    return {
      commandId: metadata.commandId,
      streams: [this.person(child, decision.child, env), ...this.register(decision.register, env)],
    };
  }

  digitise(p: Sim, day: number): AppendRequest {
    const paper = p.paper;
    if (!paper) throw new Error(`person-${p.idcs} has no paper act`);
    const actor = this.registrar(paper.key.office, 'digitisation-officer');
    const metadata = this.metadata(day, actor);
    const { office, year, actNumber, volume, folio } = paper.key;
    // A stand-in for the page image: deterministic, so a re-run stores the same hash.
    const scanSha256 = createHash('sha256')
      .update(`scan|${office}|${year}|${volume}|${folio}|${actNumber}`)
      .digest('hex');
    const events = digitiseLegacyAct(
      {
        type: 'DigitiseLegacyAct',
        data: { idcs: p.idcs, original: paper.key, scanSha256, transcription: paper.transcription },
        metadata,
      },
      p.state,
    );
    const born = paper.transcription.born?.date;
    const env: Envelope = {
      occurredAt: born && born.length === 10 ? `${born}T00:00:00Z` : undefined,
      actor,
      basis: {
        kind: 'transcription',
        source: `${office} ${year}, vol. ${volume}, f° ${folio}, n° ${actNumber}`,
      },
    };
    p.paper = undefined;
    this.persons++;
    return { commandId: metadata.commandId, streams: [this.person(p, events, env)] };
  }

  marriage(
    husband: Sim,
    wife: Sim,
    input: { date: number; day: number; contract: LegalBasis; polygamy?: Judgment },
  ): AppendRequest {
    const office = husband.commune.offices[0] ?? 'BEC-0001';
    const actor = this.registrar(office);
    const metadata = this.metadata(input.day, actor);
    const decision = noteMarriage(
      {
        type: 'NoteMarriage',
        data: {
          husband: husband.idcs,
          wife: wife.idcs,
          date: { date: isoDay(input.date) },
          contract: input.contract,
          ...(input.polygamy && { authorisations: { polygamy: input.polygamy } }),
        },
        metadata,
      },
      { husband: husband.state, wife: wife.state },
    );
    const env = { occurredAt: `${isoDay(input.date)}T00:00:00Z`, actor, basis: input.contract };
    husband.spouses.push(wife);
    wife.spouses.push(husband);
    return {
      commandId: metadata.commandId,
      streams: [this.person(husband, decision.husband, env), this.person(wife, decision.wife, env)],
    };
  }

  divorce(
    husband: Sim,
    wife: Sim,
    input: { date: number; day: number; kind: DivorceKind; basis: LegalBasis },
  ): AppendRequest {
    const actor = this.registrar(husband.commune.offices[0] ?? 'BEC-0001');
    const metadata = this.metadata(input.day, actor);
    const date = isoDay(input.date);
    const decision = noteDivorce(
      {
        type: 'NoteDivorce',
        data: {
          husband: husband.idcs,
          wife: wife.idcs,
          kind: input.kind,
          date: { date },
          legalBasis: input.basis,
        },
        metadata,
      },
      { husband: husband.state, wife: wife.state },
    );
    const env = { occurredAt: `${date}T00:00:00Z`, actor, basis: input.basis };
    husband.spouses = husband.spouses.filter((s) => s !== wife);
    wife.spouses = wife.spouses.filter((s) => s !== husband);
    return {
      commandId: metadata.commandId,
      streams: [this.person(husband, decision.husband, env), this.person(wife, decision.wife, env)],
    };
  }

  death(
    p: Sim,
    input: {
      office: string;
      place: Place;
      day: number;
      declarant: DeathDeclarant;
      basis: LegalBasis;
      icd10?: string;
    },
  ): AppendRequest {
    const actor = this.registrar(input.office);
    const metadata = this.metadata(input.day, actor);
    const date = isoDay(p.death);
    const spouses: SpouseStates = {};
    for (const s of p.spouses) spouses[s.idcs] = s.state;
    const decision = registerDeath(
      {
        type: 'RegisterDeath',
        data: {
          idcs: p.idcs,
          office: input.office,
          died: { date },
          place: input.place,
          declarant: input.declarant,
          ...(input.icd10 && { cause: { icd10: input.icd10 } }),
          legalBasis: input.basis,
        },
        metadata,
      },
      {
        deceased: p.state,
        register: this.book(input.office, Number(metadata.now.slice(0, 4))),
        spouses,
      },
    );
    const env = { occurredAt: `${date}T00:00:00Z`, actor, basis: input.basis };
    const streams = [
      this.person(p, decision.deceased, env),
      ...this.register(decision.register, env),
    ];
    for (const s of p.spouses) {
      const events = decision.spouses[s.idcs];
      if (events) streams.push(this.person(s, events, env));
      s.spouses = s.spouses.filter((x) => x !== p);
    }
    p.spouses = [];
    return { commandId: metadata.commandId, streams };
  }

  rectify(
    p: Sim,
    input: {
      day: number;
      field: RectifiableField;
      oldValue: string | null;
      newValue: string;
      basis: LegalBasis;
    },
  ): AppendRequest {
    const actor = this.registrar(p.commune.offices[0] ?? 'BEC-0001');
    const metadata = this.metadata(input.day, actor);
    const { field, oldValue, newValue } = input;
    const events = noteRectification(
      {
        type: 'NoteRectification',
        data: { idcs: p.idcs, field, oldValue, newValue, legalBasis: input.basis },
        metadata,
      },
      p.state,
    );
    const env = { occurredAt: undefined, actor, basis: input.basis };
    return { commandId: metadata.commandId, streams: [this.person(p, events, env)] };
  }

  rename(p: Sim, input: { day: number; family: PersonName; basis: LegalBasis }): AppendRequest {
    const actor = this.registrar(p.commune.offices[0] ?? 'BEC-0001');
    const metadata = this.metadata(input.day, actor);
    const events = noteNameChange(
      {
        type: 'NoteNameChange',
        data: { idcs: p.idcs, name: { family: input.family }, legalBasis: input.basis },
        metadata,
      },
      p.state,
    );
    const env = { occurredAt: undefined, actor, basis: input.basis };
    return { commandId: metadata.commandId, streams: [this.person(p, events, env)] };
  }
}
