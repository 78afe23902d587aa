/**
 * The family-links read model on PostgreSQL, fed by a three-generation family registered
 * through the application's command handlers (the real deciders and events): a legacy act,
 * late registrations, marriages, a divorce and a remarriage with a half sibling, a
 * recognition of paternity, a kafala, an annulled duplicate birth, a rectification of
 * filiation by judgment and a death. Every view is checked against expectations written
 * by hand, and the tables come out the same whatever the size of the pages applied.
 */
import { localNow } from '../../src/application/clock';
import {
  DigitiseLegacyActCommand,
  AnnulActCommand,
  NoteDivorceCommand,
  NoteKafalaCommand,
  NoteMarriageCommand,
  NoteRecognitionCommand,
  NoteRectificationCommand,
  RegisterBirthCommand,
  RegisterDeathCommand,
  type RegisterBirthData,
} from '../../src/application/commands';
import type { RequestContext } from '../../src/application/envelope';
import { RegisterBirthHandler } from '../../src/application/handlers/births.handlers';
import { RegisterDeathHandler } from '../../src/application/handlers/deaths.handlers';
import { DigitiseLegacyActHandler } from '../../src/application/handlers/legacy.handlers';
import {
  AnnulActHandler,
  NoteDivorceHandler,
  NoteKafalaHandler,
  NoteMarriageHandler,
  NoteRecognitionHandler,
  NoteRectificationHandler,
} from '../../src/application/handlers/notes.handlers';
import { Registrar, type CommandReply } from '../../src/application/registrar';
import type { FiliationInput, FullName, LegalBasis } from '../../src/domain';
import type { RectifiableField } from '../../src/domain/rules';
import { EventStore, loadMigrations, type PostgresDatabase } from '../../src/eventstore';
import { ProjectionRunner } from '../../src/projection/runner';
import { uuidv7 } from '../../src/shared/uuid';
import { familyLinks } from '../../projections/family-links/family-links.projection';
import { FamilyQueries } from '../../projections/family-links/family-links.queries';
import type { PersonFacts } from '../../projections/family-links/family-links.views';
import { FAMILY_TABLES } from '../../projections/family-links/family-links.entity';
import { STALE_VIEWS } from '../../projections/family-links/family-links.documents';
import { daysAgo, PLACE } from '../support/acts';
import { freshDatabase } from '../support/databases';
import { describeWithPostgres } from '../support/describe-with-postgres';

const OFFICE = 'BEC-0412';
const nm = (given: string, family: string): FullName => ({
  given: { ar: given },
  family: { ar: family },
});
const judgment = (reference: string, date = daysAgo(20)): LegalBasis => ({
  kind: 'judgment',
  court: 'Tribunal de première instance de Rabat',
  reference,
  date,
});
const adoul = (reference: string, date: string): LegalBasis => ({
  kind: 'act',
  authority: 'Section de la justice de la famille, Rabat',
  reference,
  date,
});

describeWithPostgres('family links: a three-generation family', () => {
  let db: PostgresDatabase;
  let drop: () => Promise<void>;
  let store: EventStore;
  let runner: ProjectionRunner;
  let queries: FamilyQueries;
  const p: Record<string, string> = {};

  const context = (): RequestContext => {
    const commandId = uuidv7();
    return {
      now: localNow('Africa/Casablanca'),
      actor: { userId: 'registrar-1', role: 'registrar', office: OFFICE },
      commandId,
      correlationId: commandId,
    };
  };

  beforeAll(async () => {
    ({ db, drop } = await freshDatabase(4));
    store = new EventStore(db);
    const registrar = new Registrar(store);
    const births = new RegisterBirthHandler(registrar);
    const marriages = new NoteMarriageHandler(registrar);
    const run = (reply: Promise<CommandReply>) => reply.then((r) => r.persons[0]!);
    const parentOf = (idcs: string | undefined, name: FullName) => ({
      ...(idcs ? { idcs } : {}),
      name,
    });
    /** A birth registered late, on a declaratory judgment, declared by the person. */
    const late = (
      given: string,
      family: string,
      sex: 'M' | 'F',
      born: string,
      filiation: FiliationInput,
      declarant: RegisterBirthData['declarant'] = { relation: 'self', name: nm(given, family) },
    ) =>
      run(
        births.execute(
          new RegisterBirthCommand(context(), {
            office: OFFICE,
            place: PLACE,
            filiation,
            declarant,
            legalBasis: judgment(`J-${given}-${born}`),
            child: { name: nm(given, family), sex, born: { date: born } },
          }),
        ),
      );
    const both = (father: string | undefined, mother: string | undefined): FiliationInput => ({
      kind: 'both-parents',
      father: parentOf(father, nm('أحمد', 'العلوي')),
      mother: parentOf(mother, nm('خديجة', 'التازي')),
    });
    const marry = (husband: string, wife: string, date: string) =>
      marriages.execute(
        new NoteMarriageCommand(context(), {
          husband,
          wife,
          date: { date },
          contract: adoul(`ADL-${date}`, date),
        }),
      );

    // Generation 1: a grandfather from an old paper register, a grandmother registered late.
    p.G = await run(
      new DigitiseLegacyActHandler(registrar).execute(
        new DigitiseLegacyActCommand(context(), {
          original: { office: 'BEC-0101', year: 1936, actNumber: 12, volume: '2', folio: '40' },
          scanSha256: 'cd'.repeat(32),
          transcription: {
            name: { given: { ar: 'عبد القادر', lat: 'Abdelkader' }, family: { ar: 'العلوي' } },
            sex: 'M',
            born: { date: '1935' },
          },
        }),
      ),
    );
    p.GM = await late('زينب', 'الفاسي', 'F', '1940-03-01', both(undefined, undefined));
    await marry(p.G, p.GM, '1960-06-01');
    // Generation 2: the father and his sister, their spouses.
    p.F = await late('محمد', 'العلوي', 'M', '1962-05-10', both(p.G, p.GM));
    p.A = await late('أمينة', 'العلوي', 'F', '1965-08-20', both(p.G, p.GM));
    p.M1 = await late('فاطمة', 'بناني', 'F', '1966-04-02', both(undefined, undefined));
    p.M2 = await late('سعاد', 'الشرقاوي', 'F', '1972-09-30', both(undefined, undefined));
    p.H = await late('يوسف', 'التازي', 'M', '1960-01-15', both(undefined, undefined));
    p.W = await late('نادية', 'السلاوي', 'F', '1975-11-11', both(undefined, undefined));
    await marry(p.H, p.A, '1985-07-01');
    await marry(p.F, p.M1, '1988-07-01');
    // Generation 3.
    p.K = await late('كريم', 'التازي', 'M', '1987-02-02', both(p.H, p.A));
    p.C1 = await late('ياسين', 'العلوي', 'M', '1990-02-11', both(p.F, p.M1));
    p.C2 = await late('مريم', 'العلوي', 'F', '1993-06-06', both(p.F, p.M1));
    // Named on the act without being linked; a judgment later rectifies the filiation.
    p.X = await late('سلمى', 'العلوي', 'F', '1998-01-20', both(undefined, p.M1));
    await new NoteDivorceHandler(registrar).execute(
      new NoteDivorceCommand(context(), {
        husband: p.F,
        wife: p.M1,
        kind: 'mutual-consent',
        date: { date: '2000-03-15' },
        legalBasis: judgment('J-DIV', '2000-03-15'),
      }),
    );
    await marry(p.F, p.M2, '2002-05-20');
    p.C3 = await run(
      births.execute(
        new RegisterBirthCommand(context(), {
          office: OFFICE,
          place: PLACE,
          filiation: both(p.F, p.M2),
          declarant: { relation: 'father', name: nm('محمد', 'العلوي') },
          legalBasis: { kind: 'declaration' },
          child: { name: nm('آدم', 'العلوي'), sex: 'M', born: { date: daysAgo(5) } },
        }),
      ),
    );
    // A child of unknown father, recognised by the father.
    p.R = await late(
      'عبد الرحيم',
      'السلاوي',
      'M',
      '2005-04-04',
      {
        kind: 'unknown-father',
        mother: parentOf(p.W, nm('نادية', 'السلاوي')),
        fatherGivenName: { ar: 'عبد الله' },
      },
      { relation: 'mother', name: nm('نادية', 'السلاوي') },
    );
    await new NoteRecognitionHandler(registrar).execute(
      new NoteRecognitionCommand(context(), {
        idcs: p.R,
        father: { idcs: p.F, name: nm('محمد', 'العلوي') },
        legalBasis: adoul('REC-1', daysAgo(15)),
        newFamilyName: { ar: 'العلوي', lat: 'Alaoui' },
      }),
    );
    // A child of unknown parents, in the couple's kafala: guardianship, no filiation.
    p.KF = await run(
      births.execute(
        new RegisterBirthCommand(context(), {
          office: OFFICE,
          place: PLACE,
          filiation: { kind: 'unknown-parents' },
          declarant: { relation: 'public-prosecutor', name: nm('وكيل', 'الملك') },
          legalBasis: { kind: 'declaration' },
          child: { name: nm('إلياس', 'المغربي'), sex: 'M', born: { date: daysAgo(10) } },
        }),
      ),
    );
    await new NoteKafalaHandler(registrar).execute(
      new NoteKafalaCommand(context(), {
        idcs: p.KF,
        kafil: {
          kind: 'couple',
          husband: { idcs: p.F, name: nm('محمد', 'العلوي') },
          wife: { idcs: p.M2, name: nm('سعاد', 'الشرقاوي') },
        },
        order: judgment('K-1', daysAgo(3)),
      }),
    );
    // A duplicate registration of the second child, annulled by judgment.
    p.D = await late('مريم', 'العلوي', 'F', '1993-06-06', both(p.F, p.M1));
    await new AnnulActHandler(registrar).execute(
      new AnnulActCommand(context(), { idcs: p.D, act: 'birth', legalBasis: judgment('J-ANN') }),
    );
    await new NoteRectificationHandler(registrar).execute(
      new NoteRectificationCommand(context(), {
        idcs: p.X,
        field: 'father.idcs',
        oldValue: null,
        newValue: p.F,
        legalBasis: judgment('J-FIL'),
      }),
    );
    // The grandfather dies: marked deceased; his widow's marriage ends with him.
    await new RegisterDeathHandler(registrar).execute(
      new RegisterDeathCommand(context(), {
        idcs: p.G,
        office: OFFICE,
        died: { date: daysAgo(2) },
        place: PLACE,
        declarant: { kind: 'family', name: nm('محمد', 'العلوي'), relation: 'son', idcs: p.F },
        legalBasis: { kind: 'declaration' },
      }),
    );

    runner = new ProjectionRunner(db, store, familyLinks);
    await runner.start();
    await runner.waitFor(await store.headPosition(), 10_000);
    queries = new FamilyQueries(db);
  }, 60_000);

  afterAll(async () => {
    await runner?.stop();
    await drop?.();
  }, 30_000);

  const ids = (list: { person: PersonFacts }[]) => list.map((x) => x.person.idcs);
  const who = (idcs: string) => Object.entries(p).find(([, v]) => v === idcs)?.[0] ?? idcs;
  const named = (list: readonly string[]) => list.map(who);

  it('a grandchild: parents, full and half siblings, no children, no spouse', async () => {
    const { view, persons } = (await queries.family(p.C1!))!;
    expect(view.person).toMatchObject({
      idcs: p.C1,
      name: { given: { ar: 'ياسين', lat: null }, family: { ar: 'العلوي', lat: null } },
      sex: 'M',
      birthDate: '1990-02-11',
      status: 'alive',
    });
    expect(view.parents.father).toMatchObject({
      role: 'father',
      person: { idcs: p.F, birthDate: '1962-05-10' },
      nameOnAct: { given: { ar: 'أحمد' } },
      establishedBy: 'birth-act',
    });
    expect(view.parents.mother?.person?.idcs).toBe(p.M1);
    expect(view.children).toEqual([]);
    expect(view.spouses).toEqual({ current: [], former: [] });
    // X's filiation was rectified by judgment: a full sister now. D was annulled.
    expect(named(ids(view.siblings.full))).toEqual(['C2', 'X']);
    expect(named(ids(view.siblings.paternalHalf))).toEqual(['R', 'C3']);
    expect(view.siblings.paternalHalf.every((s) => s.otherParentIdentified)).toBe(true);
    expect(view.siblings.maternalHalf).toEqual([]);
    expect(named(persons).sort()).toEqual(['C1', 'C2', 'C3', 'F', 'M1', 'R', 'X'].sort());
  });

  it('the father: parents, children by birth, recognition, wives, sister, ward', async () => {
    const { view, persons } = (await queries.family(p.F!))!;
    expect(named([view.parents.father!.person!.idcs, view.parents.mother!.person!.idcs])).toEqual([
      'G',
      'GM',
    ]);
    expect(view.parents.father!.person).toMatchObject({
      status: 'deceased',
      deathDate: daysAgo(2),
    });
    // Not the annulled duplicate D, not the ward KF.
    expect(
      view.children.map((c) => [
        who(c.person.idcs),
        c.as,
        c.establishedBy,
        who(c.otherParent ?? '-'),
      ]),
    ).toEqual([
      ['C1', 'father', 'birth-act', 'M1'],
      ['C2', 'father', 'birth-act', 'M1'],
      ['X', 'father', 'rectification', 'M1'],
      ['R', 'father', 'recognition', 'W'],
      ['C3', 'father', 'birth-act', 'M2'],
    ]);
    expect(view.children.find((c) => c.person.idcs === p.R)?.person.name?.family).toEqual({
      ar: 'العلوي',
      lat: 'Alaoui',
    });
    expect(view.spouses.current).toEqual([
      expect.objectContaining({
        person: expect.objectContaining({ idcs: p.M2 }),
        married: { on: '2002-05-20', contract: adoul('ADL-2002-05-20', '2002-05-20') },
        ended: null,
      }),
    ]);
    expect(view.spouses.former).toEqual([
      expect.objectContaining({
        person: expect.objectContaining({ idcs: p.M1 }),
        married: { on: '1988-07-01', contract: adoul('ADL-1988-07-01', '1988-07-01') },
        ended: {
          by: 'divorce',
          on: '2000-03-15',
          kind: 'mutual-consent',
          legalBasis: judgment('J-DIV', '2000-03-15'),
        },
      }),
    ]);
    expect(named(ids(view.siblings.full))).toEqual(['A']);
    expect(view.kafala.wards).toEqual([
      expect.objectContaining({
        person: expect.objectContaining({ idcs: p.KF }),
        guardianRole: 'husband',
        ended: null,
      }),
    ]);
    expect(named(persons).sort()).toEqual(
      ['F', 'G', 'GM', 'C1', 'C2', 'X', 'R', 'C3', 'M1', 'M2', 'W', 'A', 'KF'].sort(),
    );
  });

  it('kafala stays guardianship; an annulled act has no links; a death ends the marriage', async () => {
    const ward = (await queries.family(p.KF!))!.view;
    expect(ward.parents).toEqual({ father: null, mother: null });
    expect(ward.kafala.guardians.map((k) => [k.guardianRole, who(k.person!.idcs)])).toEqual([
      ['husband', 'F'],
      ['wife', 'M2'],
    ]);
    expect(ward.kafala.guardians[0]!.judgment).toMatchObject({ reference: 'K-1' });
    const annulled = (await queries.family(p.D!))!.view;
    expect(annulled.person.status).toBe('annulled');
    expect(annulled.parents).toEqual({ father: null, mother: null });
    expect(annulled.siblings).toEqual({ full: [], paternalHalf: [], maternalHalf: [] });
    const widow = (await queries.family(p.GM!))!.view;
    expect(widow.spouses.former).toEqual([
      expect.objectContaining({
        person: expect.objectContaining({ idcs: p.G, status: 'deceased' }),
        ended: { by: 'death', on: daysAgo(2) },
      }),
    ]);
    expect(named(widow.children.map((c) => c.person.idcs))).toEqual(['F', 'A']);
    expect(await queries.family('1234567897')).toBeNull();
  });

  it('ancestors and descendants, generation by generation, within the depth', async () => {
    const up = (await queries.ancestors(p.C1!, 2))!;
    expect(
      up.view.ancestors.map((a) => [
        a.generation,
        a.line,
        a.person ? who(a.person.idcs) : a.nameOnAct.given.ar,
      ]),
    ).toEqual([
      [1, 'F', 'F'],
      [1, 'M', 'M1'],
      [2, 'FF', 'G'],
      [2, 'FM', 'GM'],
      // The mother's parents are named on her act, not linked to records.
      [2, 'MF', 'أحمد'],
      [2, 'MM', 'خديجة'],
    ]);
    expect(named(up.persons).sort()).toEqual(['C1', 'F', 'M1', 'G', 'GM'].sort());
    expect((await queries.ancestors(p.C1!, 1))!.view.ancestors).toHaveLength(2);

    const down = (await queries.descendants(p.G!, 2))!;
    expect(down.view.descendants.map((d) => [d.generation, who(d.person.idcs), who(d.of)])).toEqual(
      [
        [1, 'F', 'G'],
        [1, 'A', 'G'],
        [2, 'K', 'A'],
        [2, 'C1', 'F'],
        [2, 'C2', 'F'],
        [2, 'X', 'F'],
        [2, 'R', 'F'],
        [2, 'C3', 'F'],
      ],
    );
    expect(down.view.truncated).toBe(false);
    expect((await queries.descendants(p.G!, 1))!.view.descendants).toHaveLength(2);
  });

  it('the family booklet: the husband, his wives and the children of each with him', async () => {
    const result = await queries.booklet(p.F!);
    if (result.kind !== 'booklet') throw new Error(result.kind);
    expect(who(result.view.holder.idcs)).toBe('F');
    expect(
      result.view.wives.map((w) => [
        who(w.person.idcs),
        w.ended?.by ?? null,
        named(w.children.map((c) => c.idcs)),
      ]),
    ).toEqual([
      ['M1', 'divorce', ['C1', 'C2', 'X']],
      ['M2', null, ['C3']],
    ]);
    // R's mother is not a wife: not in this booklet.
    expect(named(result.persons).sort()).toEqual(['F', 'M1', 'C1', 'C2', 'X', 'M2', 'C3'].sort());
    // A wife reads her husband's; a widow her late husband's; a divorced woman has none.
    const wife = await queries.booklet(p.M2!);
    expect(wife.kind === 'booklet' && who(wife.view.holder.idcs)).toBe('F');
    const widow = await queries.booklet(p.GM!);
    expect(
      widow.kind === 'booklet' && named(widow.view.wives[0]!.children.map((c) => c.idcs)),
    ).toEqual(['F', 'A']);
    expect(await queries.booklet(p.M1!)).toMatchObject({ kind: 'no-booklet' });
    expect(await queries.booklet(p.C1!)).toMatchObject({ kind: 'no-booklet' });
    expect(await queries.booklet('1234567897')).toEqual({ kind: 'unknown-person' });
  });

  it('the degree of kinship, its name and its path', async () => {
    const kin = async (a: string, b: string, depth = 3) =>
      (await queries.kinship(p[a]!, p[b]!, depth))!.view;
    const cousin = await kin('C1', 'K');
    expect(cousin).toMatchObject({
      relationship: 'cousin',
      degree: 4,
      generations: { up: 2, down: 2 },
      half: false,
      side: 'paternal',
    });
    expect(named(cousin.path.map((x) => x.idcs))).toEqual(['C1', 'F', 'G', 'A', 'K']);
    expect(named(cousin.commonAncestors.map((x) => x.idcs))).toEqual(['G', 'GM']);
    expect(await kin('C1', 'C3')).toMatchObject({
      relationship: 'half-sibling',
      degree: 2,
      half: true,
    });
    expect(await kin('C1', 'R')).toMatchObject({ relationship: 'half-sibling', degree: 2 });
    expect(await kin('C1', 'C2')).toMatchObject({
      relationship: 'sibling',
      degree: 2,
      half: false,
    });
    expect(await kin('C1', 'A')).toMatchObject({ relationship: 'uncle-aunt', degree: 3 });
    expect(await kin('C1', 'G')).toMatchObject({ relationship: 'grandparent', degree: 2 });
    expect(await kin('G', 'C3')).toMatchObject({
      relationship: 'grandchild',
      degree: 2,
      side: null,
    });
    expect(await kin('F', 'M2')).toMatchObject({ relationship: 'spouse', degree: null });
    expect(await kin('F', 'M1')).toMatchObject({ relationship: 'former-spouse', degree: null });
    expect(await kin('C1', 'KF')).toMatchObject({ relationship: 'none', degree: null, path: [] });
    expect(await kin('C1', 'K', 1)).toMatchObject({ relationship: 'none' });
    expect(await kin('C1', 'D')).toMatchObject({ relationship: 'none' });
  });

  it('the same rows whatever the size of the pages applied, every family document in step after each page', async () => {
    const columns = async (schema: string, table: string) =>
      (
        await db.query<{ c: string }>(
          `select string_agg(quote_ident(column_name), ', ' order by ordinal_position) as c
             from information_schema.columns where table_schema = $1 and table_name = $2`,
          [schema, table],
        )
      )[0]!.c;
    const dump = async (schema: string) => {
      const out: Record<string, unknown[]> = {};
      for (const table of FAMILY_TABLES) {
        const cols = await columns('public', table);
        // The kafala key is the event's global position: the same in every replay. Rows
        // are ordered as text: a family document has no ordering of its own (json).
        out[table] = await db.query(
          `select ${cols} from ${schema}.${table} t order by row_to_json(t)::text`,
        );
      }
      return out;
    };
    const expected = await dump('public');
    expect(expected.family_person!.length).toBe(Object.keys(p).length);
    expect(expected.family_view!.length).toBe(Object.keys(p).length);
    for (const size of [1, 4, 17]) {
      const schema = `family_pages_${size}`;
      const stale: string[] = [];
      await db.exec(`drop schema if exists ${schema} cascade; create schema ${schema}`);
      for (const table of FAMILY_TABLES)
        await db.exec(`create table ${schema}.${table} (like public.${table} including all)`);
      for await (const page of store.readAllPages(0, size)) {
        const relevant = page.filter((e) => familyLinks.eventTypes.has(e.type));
        if (relevant.length === 0) continue;
        await db.transaction(async (tx) => {
          await tx.exec(`set local search_path = ${schema}, public`);
          await familyLinks.apply(tx, relevant);
          // Every family document the page altered was rewritten with it.
          stale.push(...(await tx.query<{ idcs: string }>(STALE_VIEWS)).map((r) => r.idcs));
        });
      }
      expect(stale).toEqual([]);
      expect(await dump(schema)).toEqual(expected);
    }
  });

  // Last: it appends to the family the tests above read.
  it('keeps every family document in step when the facts of a relative change', async () => {
    const registrar = new Registrar(store);
    // After each act: every family document equals the one its links give.
    const inStep = async () => {
      await runner.waitFor(await store.headPosition(), 10_000);
      expect(await db.query(STALE_VIEWS)).toEqual([]);
    };
    const died = (idcs: string) =>
      new RegisterDeathHandler(registrar).execute(
        new RegisterDeathCommand(context(), {
          idcs,
          office: OFFICE,
          died: { date: daysAgo(1) },
          place: PLACE,
          declarant: { kind: 'family', name: nm('محمد', 'العلوي'), relation: 'father', idcs: p.F },
          legalBasis: { kind: 'declaration' },
        }),
      );
    const rectified = (
      idcs: string,
      field: RectifiableField,
      oldValue: string | null,
      newValue: string,
    ) =>
      new NoteRectificationHandler(registrar).execute(
        new NoteRectificationCommand(context(), {
          idcs,
          field,
          oldValue,
          newValue,
          legalBasis: judgment(`J-${idcs}-${field}`),
        }),
      );
    // A sister dies: her full and half siblings' views show it.
    await died(p.C2!);
    await inStep();
    // A guardian dies: the ward's view shows it.
    await died(p.M2!);
    await inStep();
    // The mother of a child whose father never married her: his view names her.
    await rectified(p.W!, 'givenName.lat', null, 'Nadia');
    await inStep();
    // A ward's name: the guardians' views show it.
    await rectified(p.KF!, 'givenName.lat', null, 'Ilyas');
    await inStep();
    const births = new RegisterBirthHandler(registrar);
    const born = (given: string, filiation: FiliationInput, declarant: 'mother' | 'self') =>
      births
        .execute(
          new RegisterBirthCommand(context(), {
            office: OFFICE,
            place: PLACE,
            filiation,
            declarant: { relation: declarant, name: nm(given, 'السلاوي') },
            legalBasis: judgment(`J-${given}`),
            child: { name: nm(given, 'السلاوي'), sex: 'F', born: { date: '2008-08-08' } },
          }),
        )
        .then((r) => r.persons[0]!);
    // R's half sister by their mother, of unknown father, then recognised: R's view tells
    // her father.
    p.N = await born(
      'نوال',
      {
        kind: 'unknown-father',
        mother: { idcs: p.W!, name: nm('نادية', 'السلاوي') },
        fatherGivenName: { ar: 'عبد الله' },
      },
      'mother',
    );
    await inStep();
    await new NoteRecognitionHandler(registrar).execute(
      new NoteRecognitionCommand(context(), {
        idcs: p.N,
        father: { idcs: p.H!, name: nm('يوسف', 'التازي') },
        legalBasis: adoul('REC-2', daysAgo(1)),
      }),
    );
    await inStep();
    // A wife without children, last: her husband's view shows her name.
    p.S = await born(
      'سناء',
      {
        kind: 'both-parents',
        father: { name: nm('علي', 'السلاوي') },
        mother: { name: nm('حليمة', 'السلاوي') },
      },
      'self',
    );
    await inStep();
    await new NoteMarriageHandler(registrar).execute(
      new NoteMarriageCommand(context(), {
        husband: p.K!,
        wife: p.S,
        date: { date: daysAgo(30) },
        contract: adoul('ADL-K-S', daysAgo(30)),
      }),
    );
    await inStep();
    await rectified(p.S, 'givenName.lat', null, 'Sanaa');
    await inStep();
    await rectified(p.K!, 'givenName.lat', null, 'Karim');
    await inStep();

    const c1 = (await queries.family(p.C1!))!.view;
    expect(c1.siblings.full.find((s) => s.person.idcs === p.C2)?.person.status).toBe('deceased');
    expect(c1.siblings.paternalHalf.find((s) => s.person.idcs === p.C3)).toBeDefined();
    const ward = (await queries.family(p.KF!))!.view;
    expect(ward.kafala.guardians.find((k) => k.person?.idcs === p.M2)?.person?.status).toBe(
      'deceased',
    );
    const father = (await queries.family(p.F!))!;
    expect(father.persons).toContain(p.W);
    const r = (await queries.family(p.R!))!.view;
    expect(r.parents.mother?.person?.name?.given.lat).toBe('Nadia');
    expect(r.siblings.maternalHalf.map((h) => h.person.idcs)).toEqual([p.N]);
    expect(r.siblings.maternalHalf[0]!.otherParentIdentified).toBe(true);
    expect(
      father.view.kafala.wards.find((k) => k.person?.idcs === p.KF)?.person?.name?.given.lat,
    ).toBe('Ilyas');
    const k = (await queries.family(p.K!))!.view;
    expect(k.spouses.current.map((m) => m.person.name?.given.lat)).toEqual(['Sanaa']);
    const wife = (await queries.family(p.S))!.view;
    expect(wife.spouses.current.map((m) => m.person.name?.given.lat)).toEqual(['Karim']);
  });

  it('migration 0011 builds, from the projected links, the documents the projection wrote', async () => {
    const sql = loadMigrations().find((m) => m.name === 'projections/0011_family_view.sql')!.sql;
    // The fill alone: the table exists, and the runner has applied every event.
    const fill = sql.slice(sql.indexOf('set local work_mem'), sql.lastIndexOf('do $$ begin'));
    const documents = 'select idcs, view::text as view, persons from family_view order by idcs';
    const written = await db.query(documents);
    expect(written.length).toBeGreaterThan(Object.keys(p).length - 1);
    const rebuilt = await db.transaction(async (tx) => {
      await tx.exec('delete from family_view');
      await tx.exec(fill);
      return tx.query(documents);
    });
    expect(rebuilt).toEqual(written);
  });
});
