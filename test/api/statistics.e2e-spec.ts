/**
 * Statistics through HTTP: births registered by judgment years after they happened are
 * tabulated by their month of occurrence, as JSON and CSV, with small cells withheld; bad
 * parameters get 400 with their path, and registrars get 403.
 */
import { TokenService, type Role } from '../../src/api/auth/tokens';
import { lateBirth } from '../support/acts';
import { describeWithPostgres } from '../support/describe-with-postgres';
import { startServer, type Server } from '../support/http';

interface Table {
  rows: Record<string, unknown>[];
  total: number;
  suppressedCells: number;
}

describeWithPostgres('statistics through the API', () => {
  let server: Server;
  let position = 0;

  beforeAll(async () => {
    server = await startServer();
    const registrar = server.as('registrar', 'BEC-0412');
    // Six girls and two boys born in March 2001, registered now on declaratory judgments.
    const children: ['M' | 'F', string][] = [
      ...Array.from({ length: 6 }, (_, i): ['M' | 'F', string] => ['F', `2001-03-0${i + 1}`]),
      ['M', '2001-03-20'],
      ['M', '2001-03-21'],
    ];
    for (const [i, [sex, born]] of children.entries()) {
      const res = await registrar.post<{ position: number }>(
        '/births',
        lateBirth('BEC-0412', { given: 'سلمى', family: 'الإدريسي', sex, born }, `J-S-${i}`),
      );
      if (res.status !== 201) throw new Error(JSON.stringify(res.body));
      position = res.body.position;
    }
  }, 60_000);
  afterAll(async () => server?.close(), 30_000);

  const raw = async (role: Role, path: string, headers: Record<string, string> = {}) => {
    const token = await new TokenService().sign({ userId: `${role}-1`, role });
    return fetch(`${server.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${token}`, ...headers },
    });
  };
  const planner = () => server.as('planner');

  it('tabulates births by month of occurrence, withholding cells below five', async () => {
    const res = await planner().get<Table>(
      `/statistics/births?from=2001-03&to=2001-03&groupBy=year,month,sex&position=${position}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.rows).toEqual([
      { year: 2001, month: 3, sex: 'F', count: 6, suppressed: false },
      { year: 2001, month: 3, sex: 'M', count: null, suppressed: true },
    ]);
    expect(res.body.total).toBe(6);
    expect(res.body.suppressedCells).toBe(1);
    // Nothing is counted in the year of registration.
    const now = await planner().get<Table>(
      `/statistics/births?from=${new Date().getFullYear()}&position=${position}`,
    );
    expect(now.body.rows).toEqual([]);
  });

  it('answers CSV with a header row and an attachment name, on ?format=csv or Accept', async () => {
    const path = `/statistics/births?from=2001-03&to=2001-03&groupBy=sex,timeliness,registration&position=${position}`;
    for (const res of [
      await raw('planner', `${path}&format=csv`),
      await raw('planner', path, { accept: 'text/csv' }),
    ]) {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="births.csv"');
      expect(await res.text()).toBe(
        'sex,timeliness,registration,count\r\nF,delayed,judgment,6\r\nM,delayed,judgment,<5\r\n',
      );
    }
  });

  it('gives the population stock at a date by sex and age group', async () => {
    const res = await planner().get<Table & { at: string }>(
      `/statistics/population?at=2024-01-01&level=province&groupBy=sex,ageGroup&province=04.441`,
    );
    expect(res.status).toBe(200);
    expect(res.body.rows).toEqual([
      {
        region: '04',
        province: '04.441',
        sex: 'F',
        ageGroup: '20-24',
        count: 6,
        suppressed: false,
      },
      {
        region: '04',
        province: '04.441',
        sex: 'M',
        ageGroup: '20-24',
        count: null,
        suppressed: true,
      },
    ]);
    const before = await planner().get<Table>('/statistics/population?at=2001-03-01');
    expect(before.body.rows).toEqual([{ count: null, suppressed: true }]);
    const csv = await raw('planner', '/statistics/population?at=2024-01-01&groupBy=sex&format=csv');
    expect(csv.headers.get('content-disposition')).toBe(
      'attachment; filename="population-2024-01-01.csv"',
    );
    expect(await csv.text()).toBe('sex,count\r\nF,6\r\nM,<5\r\n');
  });

  it('gives the timeliness of registrations with shares of the cells shown', async () => {
    const res = await planner().get<Table>(`/statistics/timeliness?groupBy=year&from=2001`);
    expect(res.status).toBe(200);
    expect(res.body.rows).toEqual([
      { event: 'births', year: 2001, timeliness: 'delayed', count: 8, suppressed: false, share: 1 },
    ]);
  });

  it('refuses malformed or unknown parameters with their path', async () => {
    const cases: [string, string][] = [
      ['/statistics/births?groupBy=colour', 'query:groupBy'],
      ['/statistics/births?from=2001-13', 'query:from'],
      ['/statistics/births?from=2002&to=2001', 'query:to'],
      ['/statistics/births?region=Casa%20blanca', 'query:region'],
      ['/statistics/births?groupBy=commune,motherAge', 'query:groupBy'],
      ['/statistics/births?colour=blue', 'query:colour'],
      ['/statistics/marriages?region=06', 'query:region'],
      ['/statistics/weddings', 'param:kind'],
      ['/statistics/population?at=2024-02-30', 'query:at'],
      ['/statistics/population?at=2024-01-01&groupBy=month', 'query:groupBy'],
      ['/statistics/timeliness?groupBy=motherAge', 'query:groupBy'],
      ['/statistics/births?format=xml', 'query:format'],
    ];
    for (const [path, where] of cases) {
      const res = await planner().get<{ errors: { path: string }[] }>(path);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.body.errors.map((e) => e.path)).toContain(where);
    }
  });

  it('serves planners, legal staff and administrators, not registrars or partners', async () => {
    expect((await server.as('legal').get('/statistics/deaths')).status).toBe(200);
    expect((await server.as('admin').get('/statistics/marriages')).status).toBe(200);
    expect((await server.as('registrar', 'BEC-0412').get('/statistics/births')).status).toBe(403);
    expect((await server.as('partner').get('/statistics/population?at=2024-01-01')).status).toBe(
      403,
    );
  });
});
