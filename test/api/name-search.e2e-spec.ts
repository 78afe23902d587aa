/**
 * GET /persons/search and GET /duplicates through HTTP: a child declared at two offices
 * under two spellings, found under a third and listed as a duplicate; the errors (400 with
 * path and reason, 403 by role and office); and the access log rows every reply writes.
 */
import { describeWithPostgres } from '../support/describe-with-postgres';
import { startServer, type Client, type Server } from '../support/http';
import { birth, daysAgo } from '../support/acts';

interface CommandReply {
  persons: string[];
  position: number;
}

interface SearchReply {
  script: string;
  results: { idcs: string; score: number; matched: string[]; name: unknown; office: string }[];
  errors?: { path: string; reason: string }[];
}

interface DuplicatesReply {
  candidates: { score: number; matched: string[]; persons: { idcs: string; office: string }[] }[];
}

describeWithPostgres('name search and duplicates through HTTP', () => {
  let server: Server;
  let rabat: Client;
  let sale: Client;
  let first: string;
  let second: string;
  let other: string;
  let position = 0;

  const created = async (client: Client, body: unknown) => {
    const res = await client.post<CommandReply>('/births', body);
    if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    position = Math.max(position, res.body.position);
    return res.body.persons[0]!;
  };

  /** One row per read, its persons sorted. */
  const readsOf = (action: string, userId: string) =>
    server.db.query<{ idcs: string[]; role: string; office: string | null }>(
      `select array(select unnest(idcs) order by 1) as idcs, role, office from access_log
        where action = $1 and user_id = $2 order by id`,
      [action, userId],
    );

  beforeAll(async () => {
    server = await startServer();
    rabat = server.as('registrar', 'BEC-0412', 'registrar-rabat');
    sale = server.as('registrar', 'BEC-0500', 'registrar-sale');
    const born = daysAgo(4);
    first = await created(
      rabat,
      birth('BEC-0412', {
        given: 'يوسف',
        family: 'بن علي',
        sex: 'M',
        born,
        lat: ['Youssef', 'Ben Ali'],
      }),
    );
    second = await created(
      sale,
      birth('BEC-0500', {
        given: 'يُوسُف',
        family: 'بنعلي',
        sex: 'M',
        born,
        lat: ['Yousef', 'Benali'],
      }),
    );
    other = await created(
      rabat,
      birth('BEC-0412', { given: 'سلمى', family: 'العلوي', sex: 'F', lat: ['Salma', 'El Alaoui'] }),
    );
  });
  afterAll(async () => server.close(), 30_000);

  it('finds both acts under a third spelling, ranked, and logs every person returned', async () => {
    const res = await rabat.get<SearchReply>(
      `/persons/search?name=${encodeURIComponent('Youssouf Bin Ali')}&sex=M&limit=5&position=${position}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.script).toBe('lat');
    expect(res.body.results.map((r) => r.idcs).sort()).toEqual([first, second].sort());
    expect(res.body.results[0]).toMatchObject({ score: 1, matched: ['name', 'sex'] });
    expect(await readsOf('search', 'registrar-rabat')).toEqual([
      { idcs: [first, second].sort(), role: 'registrar', office: 'BEC-0412' },
    ]);
  });

  it('reads Arabic, with the year of birth, and is not taken for an IDCS', async () => {
    const year = daysAgo(0).slice(0, 4);
    const res = await server
      .as('legal', undefined, 'legal-1')
      .get<SearchReply>(
        `/persons/search?name=${encodeURIComponent('العلوي سلمى')}&birthYear=${year}&position=${position}`,
      );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ script: 'ar', results: [{ idcs: other, score: 1 }] });
    expect(await readsOf('search', 'legal-1')).toEqual([
      { idcs: [other], role: 'legal', office: null },
    ]);
  });

  it.each([
    ['', 'query:name', 'is required'],
    ['name=12', 'query:name', 'must hold a name in Arabic or Latin letters'],
    ['name=a+b+c+d+e+f+g', 'query:name', 'at most 6 words'],
    ['name=Ali&limit=51', 'query:limit', 'must be an integer from 1 to 50'],
    ['name=Ali&limit=0', 'query:limit', 'must be an integer from 1 to 50'],
    ['name=Ali&sex=X', 'query:sex', 'must be M or F'],
    ['name=Ali&birthDate=2020-02-30', 'query:birthDate', 'must be a date, YYYY-MM-DD'],
    ['name=Ali&birthYear=20', 'query:birthYear', 'must be an integer from 1800 to 2200'],
    ['name=Ali&place=a%20b', 'query:place', 'must be a commune, province or country code'],
    ['name=Ali&fatherName=%3F', 'query:fatherName', 'must hold a name in Arabic or Latin letters'],
    ['name=Ali&name=Omar', 'query:name', 'must be given once'],
    ['name=Ali&nom=Omar', 'query:nom', 'is not a parameter of this query'],
  ])('answers 400 for ?%s at %s', async (query, path, reason) => {
    const res = await rabat.get<SearchReply>(`/persons/search?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path, reason }]);
  });

  it('answers 403 to a planner, who never sees individuals', async () => {
    const res = await server.as('planner').get('/persons/search?name=Ali');
    expect(res.status).toBe(403);
  });

  it('lists the pair for either office, to legal staff, with its score and the fields that agreed', async () => {
    const res = await rabat.get<DuplicatesReply>(`/duplicates?position=${position}`);
    expect(res.status).toBe(200);
    expect(res.body.candidates).toHaveLength(1);
    const [pair] = res.body.candidates;
    expect(pair!.score).toBe(1);
    expect(pair!.matched).toEqual([
      'givenName',
      'familyName',
      'sex',
      'birthDate',
      'fatherName',
      'motherName',
      'birthPlace',
    ]);
    expect(pair!.persons.map((p) => [p.idcs, p.office]).sort()).toEqual(
      [
        [first, 'BEC-0412'],
        [second, 'BEC-0500'],
      ].sort(),
    );
    expect((await readsOf('duplicates.read', 'registrar-rabat')).map((r) => r.idcs)).toEqual([
      [first, second].sort(),
    ]);
    const fromSale = await sale.get<DuplicatesReply>('/duplicates?office=BEC-0500&minScore=0.9');
    expect(fromSale.body.candidates).toHaveLength(1);
    const legal = await server
      .as('legal', undefined, 'legal-2')
      .get<DuplicatesReply>('/duplicates?limit=10');
    expect(legal.body.candidates).toHaveLength(1);
    const elsewhere = await server.as('registrar', 'BEC-0999').get<DuplicatesReply>('/duplicates');
    expect(elsewhere.body.candidates).toEqual([]);
  });

  it('refuses another office’s pairs to a registrar, and the review to partners and planners', async () => {
    expect((await rabat.get('/duplicates?office=BEC-0500')).status).toBe(403);
    expect((await server.as('partner').get('/duplicates')).status).toBe(403);
    expect((await server.as('planner').get('/duplicates')).status).toBe(403);
    const bad = await rabat.get<SearchReply>('/duplicates?minScore=1.5&limit=x');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { path: 'query:minScore', reason: 'must be a number from 0 to 1' },
      { path: 'query:limit', reason: 'must be an integer from 1 to 200' },
    ]);
  });
});
