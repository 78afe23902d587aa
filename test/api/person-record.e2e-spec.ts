/**
 * GET /persons/:idcs through HTTP: a registration read back at once with its position, the
 * partner view, the errors, and the access log that records every read.
 */
import { TokenService, type Role } from '../../src/api/auth/tokens';
import { luhnCheckDigit } from '../../src/domain';
import { describeWithPostgres } from '../support/describe-with-postgres';
import { startServer, type Client, type Server } from '../support/http';
import { adoulAct, birth, judgment, lateBirth, name } from '../support/acts';

interface CommandReply {
  persons: string[];
  position: number;
}

interface Record {
  idcs: string;
  status: string;
  name: { given: { ar: string; lat?: string }; family: { ar: string } };
  birth: { date: string; hijri?: { source: string }; act?: { office: string } };
  parents: { known?: string; father: { idcs?: string; name: unknown } | null };
  maritalStatus: string;
  formerSpouses: { idcs: string; by: string }[];
  marginalNotes: { kind: string; legalBasis?: { reference?: string } }[];
  asOf: { version: number; position: number };
  errors?: { path: string; reason: string }[];
}

interface AccessLogReply {
  reads: { userId: string; role: string; action: string; purpose: string | null }[];
}

describeWithPostgres('the person record through HTTP', () => {
  let server: Server;
  let registrar: Client;
  let tokens: TokenService;

  beforeAll(async () => {
    server = await startServer();
    // Signs with the key the server was started with.
    tokens = new TokenService();
    registrar = server.as('registrar', 'BEC-0412');
  });
  afterAll(async () => server.close());

  /** A GET with extra headers, which the shared client does not send. */
  async function get<T>(role: Role, path: string, headers: { [h: string]: string } = {}) {
    const token = await tokens.sign({ userId: `${role}-2`, role });
    const res = await fetch(`${server.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${token}`, ...headers },
    });
    return { status: res.status, body: (await res.json()) as T };
  }

  const created = async (path: string, body: unknown) => {
    const res = await registrar.post<CommandReply>(path, body);
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  const unknownIdcs = () => {
    const payload = String(Math.floor(100_000_000 + Math.random() * 800_000_000));
    return payload + String(luhnCheckDigit(payload));
  };

  it('reads a birth back at once with the position the registration returned', async () => {
    const reply = await created(
      '/births',
      birth('BEC-0412', { given: 'سلمى', family: 'الإدريسي', sex: 'F', lat: ['Salma', 'Idrissi'] }),
    );
    const idcs = reply.persons[0]!;
    const res = await registrar.get<Record>(`/persons/${idcs}?position=${reply.position}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      idcs,
      status: 'alive',
      name: { given: { ar: 'سلمى', lat: 'Salma' }, family: { ar: 'الإدريسي' } },
      birth: { hijri: { source: 'computed' }, act: { office: 'BEC-0412' } },
      parents: { known: 'both-parents' },
      maritalStatus: 'single',
      marginalNotes: [],
      asOf: { version: 1 },
    });
    expect(res.body.asOf.position).toBeLessThanOrEqual(reply.position);
  });

  it('shows marriage and divorce notes with their legal basis, in order', async () => {
    const husband = (
      await created(
        '/births',
        lateBirth(
          'BEC-0412',
          { given: 'كريم', family: 'الصقلي', sex: 'M', born: '1980-01-01' },
          'J-40',
        ),
      )
    ).persons[0]!;
    const wife = (
      await created(
        '/births',
        lateBirth(
          'BEC-0412',
          { given: 'نادية', family: 'برادة', sex: 'F', born: '1984-04-04' },
          'J-41',
        ),
      )
    ).persons[0]!;
    await created('/marriages', {
      husband,
      wife,
      date: { date: '2008-08-08' },
      contract: adoulAct('ADL-2008-9', '2008-08-08'),
    });
    const divorced = await created('/divorces', {
      husband,
      wife,
      kind: 'tatliq',
      date: { date: '2011-11-11' },
      legalBasis: judgment('J-42', '2011-11-11'),
    });
    const res = await registrar.get<Record>(`/persons/${wife}?position=${divorced.position}`);
    expect(res.status).toBe(200);
    expect(res.body.maritalStatus).toBe('divorced');
    expect(res.body.formerSpouses).toEqual([
      expect.objectContaining({ idcs: husband, by: 'divorce', ended: '2011-11-11' }),
    ]);
    expect(res.body.marginalNotes).toEqual([
      expect.objectContaining({
        kind: 'marriage',
        legalBasis: expect.objectContaining({ reference: 'ADL-2008-9' }),
      }),
      expect.objectContaining({
        kind: 'divorce',
        legalBasis: expect.objectContaining({ reference: 'J-42' }),
      }),
    ]);
  });

  it('answers 404 for an unknown IDCS, 400 for a malformed one, 403 for a planner', async () => {
    const missing = await registrar.get<Record>(`/persons/${unknownIdcs()}`);
    expect(missing.status).toBe(404);
    const malformed = await registrar.get<Record>('/persons/12345');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([expect.objectContaining({ path: 'idcs' })]);
    const good = unknownIdcs();
    const badCheck = `${good.slice(0, 9)}${(Number(good[9]) + 1) % 10}`;
    expect((await registrar.get<Record>(`/persons/${badCheck}`)).status).toBe(400);
    const reply = await created(
      '/births',
      birth('BEC-0412', { given: 'رضا', family: 'التازي', sex: 'M' }),
    );
    expect((await get('planner', `/persons/${reply.persons[0]}`)).status).toBe(403);
    const badPosition = await registrar.get<Record>(`/persons/${reply.persons[0]}?position=abc`);
    expect(badPosition.status).toBe(400);
  });

  it('gives a partner only its view, on a stated purpose, and logs one row per read', async () => {
    const father = (
      await created(
        '/births',
        lateBirth(
          'BEC-0412',
          { given: 'حسن', family: 'العمراني', sex: 'M', born: '1970-07-07' },
          'J-50',
        ),
      )
    ).persons[0]!;
    const reply = await created(
      '/births',
      birth('BEC-0412', { given: 'ليلى', family: 'العمراني', sex: 'F' }, { father }),
    );
    const idcs = reply.persons[0]!;
    const path = `/persons/${idcs}?position=${reply.position}`;

    const refused = await get<Record>('partner', path);
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ path: 'header:X-Sijill-Purpose' }),
    ]);

    const partner = await get<Record>('partner', path, {
      'x-sijill-purpose': encodeURIComponent('Dossier allocations 2026-118'),
    });
    expect(partner.status).toBe(200);
    expect(Object.keys(partner.body).sort()).toEqual(
      [
        'asOf',
        'birth',
        'death',
        'idcs',
        'maritalStatus',
        'name',
        'parents',
        'sex',
        'status',
      ].sort(),
    );
    expect(partner.body.parents.father).toEqual({ name: name('أحمد', 'العمراني') });
    expect(Object.keys(partner.body.birth).sort()).toEqual(['date', 'hijri', 'place', 'time']);
    expect(JSON.stringify(partner.body)).not.toMatch(/legalBasis|marginalNotes|act|declarant/);

    // The registrar's own view of the same person has the legal details.
    const full = await registrar.get<Record>(path);
    expect(full.body.parents.father?.idcs).toBe(father);
    expect(full.body.birth.act?.office).toBe('BEC-0412');
    await registrar.get<Record>(path);

    // Legal staff and administrators only; reading the log is itself a read.
    expect((await registrar.get(`/persons/${idcs}/access-log`)).status).toBe(403);
    expect(
      (await get('partner', `/persons/${idcs}/access-log`, { 'x-sijill-purpose': 'audit' })).status,
    ).toBe(403);
    const log = await get<AccessLogReply>('legal', `/persons/${idcs}/access-log`);
    expect(log.status).toBe(200);
    expect(log.body.reads).toEqual([
      expect.objectContaining({ action: 'access-log.read', role: 'legal', userId: 'legal-2' }),
      expect.objectContaining({ action: 'person.read', role: 'registrar', purpose: null }),
      expect.objectContaining({ action: 'person.read', role: 'registrar', purpose: null }),
      expect.objectContaining({
        action: 'person.read',
        role: 'partner',
        userId: 'partner-2',
        purpose: 'Dossier allocations 2026-118',
      }),
    ]);
    const again = await get<AccessLogReply>('admin', `/persons/${idcs}/access-log?limit=2`);
    expect(again.body.reads.map((r) => r.role)).toEqual(['admin', 'legal']);
    expect((await get('admin', `/persons/${idcs}/access-log?limit=0`)).status).toBe(400);
    expect((await get('admin', `/persons/${unknownIdcs()}/access-log`)).status).toBe(404);
  });

  it('documents what a partner does not get, in the OpenAPI description', async () => {
    const res = await fetch(`${server.baseUrl}/openapi.json`);
    const doc = (await res.json()) as {
      paths: { [path: string]: { get?: { description?: string } } };
    };
    expect(doc.paths['/persons/{idcs}']?.get?.description).toMatch(
      /Partner administrations get only .* They do not get the marginal notes, legal bases/,
    );
    expect(doc.paths['/persons/{idcs}/access-log']?.get).toBeDefined();
  });
});
