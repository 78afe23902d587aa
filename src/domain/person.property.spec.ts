import fc from 'fast-check';
import {
  AFTER_DEATH,
  annulAct,
  digitiseLegacyAct,
  earliestDay,
  endKafala,
  evolveRegisterBook,
  identifyDeceased,
  initialRegisterBook,
  InvalidCommand,
  MOROCCO_RULES,
  noteDivorce,
  noteKafala,
  noteMarriage,
  noteRecognition,
  noteRectification,
  rebuildPerson,
  recordOf,
  registerBirth,
  registerDeath,
  registerUnidentifiedDeath,
  RuleViolation,
  type PersonEvent,
  type PersonState,
  type RegisterEvent,
  type Sex,
} from './index';
import { fullName, idcsOf, JUDGMENT, PLACE } from './testing/fixtures';

/**
 * Random sequences of commands, run through decide and evolve as the application would (load,
 * fold, decide, append), must never lead to a state the law forbids, whatever the deciders
 * accepted or refused on the way.
 */

const NOW = '2025-03-10T10:00:00+01:00';
const PEOPLE = 6;
const person = (i: number) => idcsOf(200 + i);
const body = (i: number) => idcsOf(300 + i);
const dayBefore = (days: number) =>
  new Date(Date.parse('2025-03-10T00:00:00Z') - days * 86_400_000).toISOString().slice(0, 10);

const who = fc.integer({ min: 0, max: PEOPLE - 1 });
const ago = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 80 * 365 }));
const action = fc.oneof(
  fc.record({
    kind: fc.constant('birth' as const),
    p: who,
    sex: fc.constantFrom<Sex>('M', 'F'),
    ago,
    judgment: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('legacy' as const),
    p: who,
    sex: fc.constantFrom<Sex>('M', 'F'),
    year: fc.option(fc.integer({ min: 1930, max: 2010 })),
  }),
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('marry' as const),
      h: who,
      w: who,
      ago: fc.integer({ min: 0, max: 3650 }),
      polygamy: fc.boolean(),
      minor: fc.boolean(),
    }),
  },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('divorce' as const),
      h: who,
      w: who,
      ago: fc.integer({ min: 0, max: 60 }),
    }),
  },
  fc.record({
    kind: fc.constant('death' as const),
    p: who,
    ago,
    institution: fc.boolean(),
    judgment: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('unidentified' as const), u: fc.integer({ min: 0, max: 1 }), ago }),
  fc.record({ kind: fc.constant('identify' as const), u: fc.integer({ min: 0, max: 1 }), p: who }),
  fc.record({
    kind: fc.constant('rectify' as const),
    p: who,
    field: fc.constantFrom('sex' as const, 'birthDate' as const, 'deathDate' as const),
    ago,
  }),
  fc.record({
    kind: fc.constant('annul' as const),
    p: who,
    act: fc.constantFrom('birth' as const, 'death' as const),
  }),
  fc.record({ kind: fc.constant('kafala' as const), p: who, end: fc.boolean() }),
  fc.record({ kind: fc.constant('recognise' as const), p: who, father: who }),
);
type Action = typeof action extends fc.Arbitrary<infer A> ? A : never;

class World {
  readonly streams = new Map<string, PersonEvent[]>();
  readonly books = new Map<string, RegisterEvent[]>();
  step = 0;

  state(idcs: string): PersonState {
    return rebuildPerson(this.streams.get(idcs) ?? []);
  }
  book(office: string) {
    return (this.books.get(office) ?? []).reduce(evolveRegisterBook, initialRegisterBook());
  }
  spouses(idcs: string): Record<string, PersonState> {
    const record = recordOf(this.state(idcs));
    return Object.fromEntries((record?.spouses ?? []).map((s) => [s.idcs, this.state(s.idcs)]));
  }
  meta() {
    return {
      now: NOW,
      actor: { userId: 'u', role: 'registrar', office: 'RBT-01' },
      commandId: `cmd-${this.step}`,
    };
  }
  append(idcs: string, events: readonly PersonEvent[]): void {
    const before = this.state(idcs);
    // Nothing but rectification and annulment after death.
    if (before.status === 'deceased' || before.status === 'unidentified-deceased') {
      for (const e of events) expect(AFTER_DEATH.has(e.type)).toBe(true);
    }
    this.streams.set(idcs, [...(this.streams.get(idcs) ?? []), ...events]);
    // Kafala never creates filiation.
    if (events.some((e) => e.type === 'KafalaNoted' || e.type === 'KafalaEnded')) {
      const a = recordOf(before);
      const b = recordOf(this.state(idcs));
      expect([b?.father, b?.mother]).toEqual([a?.father, a?.mother]);
    }
  }
  number(events: readonly RegisterEvent[]): void {
    for (const e of events) {
      const book = this.books.get(e.data.office) ?? [];
      // The stream version is the act number: no gap, no duplicate.
      expect(e.data.actNumber).toBe(book.length + 1);
      this.books.set(e.data.office, [...book, e]);
    }
  }

  run(a: Action): void {
    this.step++;
    const metadata = this.meta();
    switch (a.kind) {
      case 'birth': {
        const id = person(a.p);
        const out = registerBirth(
          {
            type: 'RegisterBirth',
            data: {
              office: 'RBT-01',
              child: {
                idcs: id,
                name: fullName('سعد', 'الناصري'),
                sex: a.sex,
                born: { date: dayBefore(a.ago) },
              },
              place: PLACE,
              filiation: {
                kind: 'unknown-father',
                mother: { name: fullName('هند', 'الناصري') },
                fatherGivenName: { ar: 'عبد الله' },
              },
              declarant: { relation: 'mother', name: fullName('هند', 'الناصري') },
              legalBasis: a.judgment ? JUDGMENT : { kind: 'declaration' },
            },
            metadata,
          },
          { child: this.state(id), register: this.book('RBT-01') },
        );
        this.append(id, out.child);
        return this.number(out.register);
      }
      case 'legacy': {
        const id = person(a.p);
        const out = digitiseLegacyAct(
          {
            type: 'DigitiseLegacyAct',
            data: {
              idcs: id,
              original: {
                office: 'FES-03',
                year: (a.year ?? 1950) + 1,
                actNumber: a.p + 1,
                volume: '1',
                folio: '2',
              },
              scanSha256: 'cd'.repeat(32),
              transcription: {
                sex: a.sex,
                ...(a.year !== null && { born: { date: String(a.year) } }),
              },
            },
            metadata,
          },
          this.state(id),
        );
        return this.append(id, out);
      }
      case 'marry': {
        const [h, w] = [person(a.h), person(a.w)];
        const out = noteMarriage(
          {
            type: 'NoteMarriage',
            data: {
              husband: h,
              wife: w,
              date: { date: dayBefore(a.ago) },
              contract: { kind: 'act', authority: 'adoul', reference: 'a', date: dayBefore(a.ago) },
              authorisations: {
                ...(a.polygamy && { polygamy: JUDGMENT }),
                ...(a.minor && { husbandUnderAge: JUDGMENT, wifeUnderAge: JUDGMENT }),
              },
            },
            metadata,
          },
          { husband: this.state(h), wife: this.state(w) },
        );
        this.append(h, out.husband);
        return this.append(w, out.wife);
      }
      case 'divorce': {
        const [h, w] = [person(a.h), person(a.w)];
        const out = noteDivorce(
          {
            type: 'NoteDivorce',
            data: {
              husband: h,
              wife: w,
              kind: 'tatliq',
              date: { date: dayBefore(a.ago) },
              legalBasis: JUDGMENT,
            },
            metadata,
          },
          { husband: this.state(h), wife: this.state(w) },
        );
        this.append(h, out.husband);
        return this.append(w, out.wife);
      }
      case 'death': {
        const id = person(a.p);
        const out = registerDeath(
          {
            type: 'RegisterDeath',
            data: {
              idcs: id,
              office: 'RBT-02',
              died: { date: dayBefore(a.ago) },
              place: PLACE,
              declarant: a.institution
                ? { kind: 'institution', institution: { type: 'hospital', name: 'CHU' } }
                : { kind: 'family', name: fullName('علي', 'الناصري'), relation: 'son' },
              legalBasis: a.judgment ? JUDGMENT : { kind: 'declaration' },
            },
            metadata,
          },
          { deceased: this.state(id), register: this.book('RBT-02'), spouses: this.spouses(id) },
        );
        this.append(id, out.deceased);
        for (const [spouse, events] of Object.entries(out.spouses)) this.append(spouse, events);
        return this.number(out.register);
      }
      case 'unidentified': {
        const id = body(a.u);
        const out = registerUnidentifiedDeath(
          {
            type: 'RegisterUnidentifiedDeath',
            data: {
              idcs: id,
              office: 'RBT-02',
              died: { date: dayBefore(a.ago) },
              place: PLACE,
              legalBasis: {
                kind: 'police-report',
                authority: 'DGSN',
                reference: 'PV',
                date: '2025-03-01',
              },
            },
            metadata,
          },
          { deceased: this.state(id), register: this.book('RBT-02') },
        );
        this.append(id, out.deceased);
        return this.number(out.register);
      }
      case 'identify': {
        const [u, p] = [body(a.u), person(a.p)];
        const out = identifyDeceased(
          {
            type: 'IdentifyDeceased',
            data: {
              idcs: u,
              identifiedAs: { idcs: p, name: fullName('سعد', 'الناصري') },
              legalBasis: JUDGMENT,
            },
            metadata,
          },
          { unidentified: this.state(u), person: this.state(p), spouses: this.spouses(p) },
        );
        this.append(u, out.unidentified);
        this.append(p, out.person);
        for (const [spouse, events] of Object.entries(out.spouses)) this.append(spouse, events);
        return;
      }
      case 'rectify': {
        const id = person(a.p);
        const state = this.state(id);
        const record = recordOf(state);
        const old =
          a.field === 'sex'
            ? (record?.sex ?? null)
            : a.field === 'birthDate'
              ? (record?.birthDate ?? null)
              : state.status === 'deceased'
                ? state.death.date
                : null;
        const value = a.field === 'sex' ? (old === 'M' ? 'F' : 'M') : dayBefore(a.ago);
        const out = noteRectification(
          {
            type: 'NoteRectification',
            data: {
              idcs: id,
              field: a.field,
              oldValue: old,
              newValue: value,
              legalBasis: JUDGMENT,
            },
            metadata,
          },
          state,
        );
        return this.append(id, out);
      }
      case 'annul': {
        const id = person(a.p);
        return this.append(
          id,
          annulAct(
            { type: 'AnnulAct', data: { idcs: id, act: a.act, legalBasis: JUDGMENT }, metadata },
            this.state(id),
          ),
        );
      }
      case 'kafala': {
        const id = person(a.p);
        const out = a.end
          ? endKafala(
              {
                type: 'EndKafala',
                data: { idcs: id, reason: 'revoked', date: '2025-03-05', legalBasis: JUDGMENT },
                metadata,
              },
              this.state(id),
            )
          : noteKafala(
              {
                type: 'NoteKafala',
                data: {
                  idcs: id,
                  kafil: { kind: 'institution', name: 'Dar al-Atfal' },
                  order: JUDGMENT,
                },
                metadata,
              },
              this.state(id),
            );
        return this.append(id, out);
      }
      case 'recognise': {
        const [child, father] = [person(a.p), person(a.father)];
        const out = noteRecognition(
          {
            type: 'NoteRecognition',
            data: {
              idcs: child,
              father: { idcs: father, name: fullName('سعد', 'الناصري') },
              legalBasis: JUDGMENT,
            },
            metadata,
          },
          { child: this.state(child), father: this.state(father) },
        );
        return this.append(child, out);
      }
    }
  }

  checkInvariants(): void {
    const states = new Map([...this.streams.keys()].map((id) => [id, this.state(id)]));
    for (const [id, state] of states) {
      const record = recordOf(state);
      if (state.status === 'deceased' && state.record.birthDate !== null) {
        expect(state.death.date >= earliestDay(state.record.birthDate)).toBe(true);
      }
      if (!record) continue;
      if (state.status === 'deceased') expect(record.spouses).toEqual([]);
      if (record.sex === 'F') expect(record.spouses.length).toBeLessThanOrEqual(1);
      if (record.sex === 'M')
        expect(record.spouses.length).toBeLessThanOrEqual(MOROCCO_RULES.marriage.maxWives);
      for (const spouse of record.spouses) {
        const other = states.get(spouse.idcs);
        // A current marriage is with a living person of the other sex, who says the same.
        expect(other?.status).toBe('alive');
        const otherRecord = other && recordOf(other);
        expect(otherRecord?.spouses.map((s) => s.idcs)).toContain(id);
        expect(otherRecord?.sex).not.toBe(record.sex);
      }
    }
  }
}

// Everyone is first born (or digitised) so that most random commands meet a living record.
const population = fc.array(
  fc.record({
    sex: fc.constantFrom<Sex>('M', 'F'),
    ago: fc.integer({ min: 0, max: 80 * 365 }),
    legacy: fc.boolean(),
  }),
  { minLength: PEOPLE, maxLength: PEOPLE },
);
const scenario = fc.tuple(
  population,
  fc.array(action, { minLength: 10, maxLength: 80, size: 'max' }),
);

function play(
  [people, actions]: [{ sex: Sex; ago: number; legacy: boolean }[], Action[]],
  check: boolean,
) {
  const world = new World();
  const accepted: Record<string, number> = {};
  const setup: Action[] = people.map((p, i) =>
    p.legacy
      ? { kind: 'legacy', p: i, sex: p.sex, year: 1930 + (p.ago % 80) }
      : { kind: 'birth', p: i, sex: p.sex, ago: p.ago, judgment: true },
  );
  for (const a of [...setup, ...actions]) {
    try {
      world.run(a);
      accepted[a.kind] = (accepted[a.kind] ?? 0) + 1;
    } catch (error) {
      // A refusal is a normal outcome; anything else (a crash, a malformed event) is not.
      if (!(error instanceof RuleViolation || error instanceof InvalidCommand)) throw error;
    }
    if (check) world.checkInvariants();
  }
  return { world, accepted };
}

describe('person records under random command sequences', () => {
  it('never reach a state the rules forbid', () => {
    const totals: Record<string, number> = {};
    fc.assert(
      fc.property(scenario, (s) => {
        for (const [kind, n] of Object.entries(play(s, true).accepted))
          totals[kind] = (totals[kind] ?? 0) + n;
      }),
      { numRuns: 300 },
    );
    // Guard against a vacuous pass: every kind of command was accepted many times.
    for (const kind of [
      'marry',
      'divorce',
      'death',
      'rectify',
      'annul',
      'kafala',
      'recognise',
      'identify',
    ]) {
      if ((totals[kind] ?? 0) <= 10)
        throw new Error(`only ${totals[kind] ?? 0} ${kind} accepted: ${JSON.stringify(totals)}`);
    }
  });

  it('rebuild the same state from events read back from storage (plain JSON)', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { world } = play(s, false);
        for (const events of world.streams.values()) {
          const stored = JSON.parse(JSON.stringify(events)) as PersonEvent[];
          expect(rebuildPerson(stored)).toEqual(rebuildPerson(events));
        }
      }),
      { numRuns: 50 },
    );
  });
});
