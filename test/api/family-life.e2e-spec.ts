/**
 * A family's life across decades, through the registration API: births (late, by
 * judgment, and on time), a legacy act, marriage, children, divorce, remarriage, a
 * rectification by judgment, an annulment, a death, and what the law refuses after it.
 */
import { describeWithPostgres } from '../support/describe-with-postgres';
import { startServer, type Client, type Server } from '../support/http';
import { FES, adoulAct, birth, daysAgo, judgment, lateBirth, name } from '../support/acts';

interface Reply {
  persons: string[];
  acts: { office: string; year: number; number: number; kind: string }[];
  position: number;
  rule?: string;
}

describeWithPostgres('a family’s life through the registration API', () => {
  let server: Server;
  let registrar: Client;
  beforeAll(async () => {
    server = await startServer();
    registrar = server.as('registrar', 'BEC-0412');
  });
  afterAll(async () => server.close());

  const created = async (path: string, body: unknown) => {
    const res = await registrar.post<Reply>(path, body);
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const events = async (idcs: string) =>
    (await server.store.readStream(`person-${idcs}`)).map((e) => e.type);

  it('follows the record of each member, act by act', async () => {
    // The father's birth was on a paper register in Fès: digitised as written.
    const fatherAct = await server.as('registrar', 'BEC-0101').post<Reply>('/legacy-acts', {
      original: { office: 'BEC-0101', year: 1962, actNumber: 317, volume: '4', folio: '112' },
      scanSha256: 'ab'.repeat(32),
      transcription: {
        name: {
          given: { ar: 'عبد الله', lat: 'Abdellah' },
          family: { ar: 'العلوي', lat: 'Alaoui' },
        },
        sex: 'M',
        born: { date: '1962', place: FES },
      },
    });
    expect(fatherAct.status).toBe(201);
    const father = fatherAct.body.persons[0]!;

    // The mother was never registered: a declaratory judgment, decades later.
    const mother = (
      await created(
        '/births',
        lateBirth(
          'BEC-0412',
          { given: 'فاطمة', family: 'بناني', sex: 'F', born: '1966-04-02' },
          'J-1',
        ),
      )
    ).persons[0]!;

    const marriage = await created('/marriages', {
      husband: father,
      wife: mother,
      date: { date: '1988-07-01' },
      contract: adoulAct('ADL-1988-12', '1988-07-01'),
    });
    expect(marriage.persons.sort()).toEqual([father, mother].sort());

    // Their first child, born 1990, registered late by judgment; the second on time.
    const first = (
      await created('/births', {
        ...lateBirth(
          'BEC-0412',
          { given: 'يوسف', family: 'العلوي', sex: 'M', born: '1990-02-11' },
          'J-2',
        ),
        filiation: {
          kind: 'both-parents',
          father: { idcs: father, name: name('عبد الله', 'العلوي') },
          mother: { idcs: mother, name: name('فاطمة', 'بناني') },
        },
      })
    ).persons[0]!;
    const second = await created(
      '/births',
      birth(
        'BEC-0412',
        { given: 'مريم', family: 'العلوي', sex: 'F', born: daysAgo(4) },
        { father, mother },
      ),
    );
    expect(second.acts).toEqual([
      expect.objectContaining({ office: 'BEC-0412', kind: 'birth', number: 3 }),
    ]);

    // Divorce, then the father remarries.
    await created('/divorces', {
      husband: father,
      wife: mother,
      kind: 'mutual-consent',
      date: { date: '2000-03-15' },
      legalBasis: judgment('J-3', '2000-03-15'),
    });
    const secondWife = (
      await created(
        '/births',
        lateBirth(
          'BEC-0412',
          { given: 'سعاد', family: 'الفاسي', sex: 'F', born: '1972-09-30' },
          'J-4',
        ),
      )
    ).persons[0]!;
    await created('/marriages', {
      husband: father,
      wife: secondWife,
      date: { date: '2002-05-20' },
      contract: adoulAct('ADL-2002-7', '2002-05-20'),
    });

    // A substantive error on the first child's act: rectified by judgment; the original stays.
    await created(`/persons/${first}/rectifications`, {
      field: 'birthDate',
      oldValue: '1990-02-11',
      newValue: '1990-02-12',
      legalBasis: judgment('J-5'),
    });

    // A duplicate registration of the second wife, annulled by judgment.
    const duplicate = (
      await created(
        '/births',
        lateBirth(
          'BEC-0412',
          { given: 'سعاد', family: 'الفاسي', sex: 'F', born: '1972-09-30' },
          'J-6',
        ),
      )
    ).persons[0]!;
    await created(`/persons/${duplicate}/annulments`, {
      act: 'birth',
      legalBasis: judgment('J-7'),
    });

    // The father dies; his current marriage ends with him.
    const death = await created('/deaths', {
      idcs: father,
      office: 'BEC-0412',
      died: { date: daysAgo(2) },
      place: FES,
      declarant: { kind: 'family', name: name('يوسف', 'العلوي'), relation: 'son', idcs: first },
      legalBasis: { kind: 'declaration' },
    });
    expect(death.persons.sort()).toEqual([father, secondWife].sort());

    // After death: no new marriage; a rectification is still allowed.
    const refused = await registrar.post<Reply>('/marriages', {
      husband: father,
      wife: mother,
      date: { date: daysAgo(1) },
      contract: adoulAct('ADL-X', daysAgo(1)),
    });
    expect(refused.status).toBe(409);
    expect(refused.body.rule).toBe('SPOUSES_ALIVE');
    await created(`/persons/${father}/rectifications`, {
      field: 'givenName.lat',
      oldValue: 'Abdellah',
      newValue: 'Abdallah',
      legalBasis: judgment('J-8'),
    });

    expect(await events(father)).toEqual([
      'LegacyActDigitised',
      'MarriageNoted',
      'DivorceNoted',
      'MarriageNoted',
      'DeathRegistered',
      'RectificationNoted',
    ]);
    expect(await events(mother)).toEqual(['BirthRegistered', 'MarriageNoted', 'DivorceNoted']);
    expect(await events(secondWife)).toEqual([
      'BirthRegistered',
      'MarriageNoted',
      'MarriageDissolvedByDeath',
    ]);
    expect(await events(first)).toEqual(['BirthRegistered', 'RectificationNoted']);
    expect(await events(duplicate)).toEqual(['BirthRegistered', 'ActAnnulled']);
    // The register book of the office numbered every act of the year without a gap.
    const book = await server.store.readStream(`register-BEC-0412-${new Date().getFullYear()}`);
    expect(book.map((e) => e.version)).toEqual(book.map((_, i) => i + 1));
    expect(book.map((e) => (e.data as { actKind: string }).actKind)).toEqual([
      'birth',
      'birth',
      'birth',
      'birth',
      'birth',
      'death',
    ]);
    // Every event names its actor and legal basis in its metadata.
    const [rectified] = await server.store.readStream(`person-${first}`, { fromVersion: 2 });
    expect(rectified!.metadata).toMatchObject({
      actor: { userId: 'registrar-1', role: 'registrar', office: 'BEC-0412' },
      legalBasis: { kind: 'judgment', reference: 'J-5' },
    });
  });
});
