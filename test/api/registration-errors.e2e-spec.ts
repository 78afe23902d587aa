/**
 * Every class of error the registration API answers, and that none of them writes
 * anything; idempotent retries; concurrent registrations in one office and concurrent
 * marriages of one woman.
 */
import { describeWithPostgres } from '../support/describe-with-postgres';
import { startServer, type Server } from '../support/http';
import { luhnCheckDigit } from '../../src/domain';
import { adoulAct, birth, daysAgo, judgment, lateBirth } from '../support/acts';

interface Body {
  statusCode?: number;
  rule?: string;
  message?: string;
  errors?: { path: string; reason: string }[];
  persons: string[];
  acts: { number: number }[];
  position: number;
  duplicate: boolean;
}

describeWithPostgres('registration API: errors, idempotency, concurrency', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => server.close());

  const registrar = () => server.as('registrar', 'BEC-0001');
  const aBirth = (given = 'محمد', sex: 'M' | 'F' = 'M') =>
    birth('BEC-0001', { given, family: 'العلوي', sex });

  /** Runs `call` and checks that the event log did not move. */
  async function writesNothing<T>(call: () => Promise<T>): Promise<T> {
    const before = await server.store.headPosition();
    const result = await call();
    expect(await server.store.headPosition()).toBe(before);
    return result;
  }

  it('400: an unknown field, with its path', async () => {
    const res = await writesNothing(() =>
      registrar().post<Body>('/births', {
        ...aBirth(),
        child: { ...aBirth().child, nickname: 'Simo' },
      }),
    );
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { path: 'child.nickname', reason: 'property nickname should not exist' },
    ]);
  });

  it('400: a malformed field, with its path and reason', async () => {
    const body = aBirth();
    const res = await writesNothing(() =>
      registrar().post<Body>('/births', {
        ...body,
        child: { ...body.child, born: { date: '12/05/2025' } },
      }),
    );
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { path: 'child.born.date', reason: 'must be a date YYYY-MM-DD' },
    ]);
  });

  it('400: a semantic error found by the decider, with its path', async () => {
    const body = aBirth();
    const res = await writesNothing(() =>
      registrar().post<Body>('/births', {
        ...body,
        child: { ...body.child, born: { date: '2025-02-30' } },
      }),
    );
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.path).toBe('child.born.date');
  });

  it('400: an IDCS with a wrong check digit or of the wrong form', async () => {
    const res = await writesNothing(() =>
      registrar().post<Body>('/persons/1234567890/annulments', {
        act: 'birth',
        legalBasis: judgment('J'),
      }),
    );
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]).toMatchObject({ path: 'idcs' });
    expect(res.body.message).toMatch(/check digit/i);
    const short = await registrar().post<Body>('/persons/12345/annulments', {
      act: 'birth',
      legalBasis: judgment('J'),
    });
    expect(short.status).toBe(400);
  });

  it('401 without a valid token; 403 for a role that may not append or another office', async () => {
    const anonymous = await fetch(`${server.baseUrl}/births`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(aBirth()),
    });
    expect(anonymous.status).toBe(401);
    const forged = await fetch(`${server.baseUrl}/births`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer not.a.jwt' },
      body: JSON.stringify(aBirth()),
    });
    expect(forged.status).toBe(401);
    for (const role of ['planner', 'legal', 'partner'] as const) {
      const res = await writesNothing(() => server.as(role).post<Body>('/births', aBirth()));
      expect(res.status).toBe(403);
    }
    const elsewhere = await writesNothing(() =>
      server.as('registrar', 'BEC-0002').post<Body>('/births', aBirth()),
    );
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.message).toMatch(/BEC-0002/);
  });

  it('404: a marginal note on a person who is not registered', async () => {
    const unknownIdcs = `100000000${luhnCheckDigit('100000000')}`;
    const res = await writesNothing(() =>
      registrar().post<Body>(`/persons/${unknownIdcs}/name-changes`, {
        name: { given: { ar: 'سعيد' } },
        legalBasis: {
          kind: 'authorisation',
          authority: 'Haut-commissariat',
          reference: 'HC-1',
          date: daysAgo(3),
        },
      }),
    );
    expect(res.status).toBe(404);
    expect(res.body.rule).toBe('PERSON_REGISTERED');
  });

  it('409 with the rule named: a late birth without a judgment', async () => {
    const res = await writesNothing(() =>
      registrar().post<Body>(
        '/births',
        birth('BEC-0001', { given: 'علي', family: 'العلوي', sex: 'M', born: daysAgo(90) }),
      ),
    );
    expect(res.status).toBe(409);
    expect(res.body.rule).toBe('LATE_BIRTH_NEEDS_JUDGMENT');
  });

  it('an Idempotency-Key makes a retried request return the first reply and write once', async () => {
    const key = { 'idempotency-key': `retry-${Date.now()}` };
    const first = await registrar().post<Body>('/births', aBirth('سلمى', 'F'), key);
    expect(first.status).toBe(201);
    const again = await writesNothing(() =>
      registrar().post<Body>('/births', aBirth('سلمى', 'F'), key),
    );
    expect(again.status).toBe(201);
    expect(again.body).toEqual({ ...first.body, duplicate: true });
    const bad = await registrar().post<Body>('/births', aBirth(), { 'idempotency-key': 'x' });
    expect(bad.status).toBe(400);
  });

  it('500 concurrent births in one office get act numbers 1..500 without gaps', async () => {
    const office = 'BEC-0777';
    const client = server.as('registrar', office);
    const replies = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        client.post<Body>(
          '/births',
          birth(office, { given: 'ولد', family: `عائلة${i}`, sex: i % 2 ? 'M' : 'F' }),
        ),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 201));
    const numbers = replies.map((r) => r.body.acts[0]!.number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    expect(new Set(replies.map((r) => r.body.persons[0])).size).toBe(500);
    const book = await server.store.readStream(`register-${office}-${new Date().getFullYear()}`);
    expect(book.map((e) => (e.data as { actNumber: number }).actNumber)).toEqual(numbers);
  }, 60_000);

  it('100 concurrent marriages of one woman: exactly one is noted', async () => {
    const client = registrar();
    const bride = (
      await client.post<Body>(
        '/births',
        lateBirth(
          'BEC-0001',
          { given: 'ليلى', family: 'بناني', sex: 'F', born: '1995-01-01' },
          'J-B',
        ),
      )
    ).body.persons[0]!;
    const grooms = await Promise.all(
      Array.from(
        { length: 100 },
        async (_, i) =>
          (
            await client.post<Body>(
              '/births',
              lateBirth(
                'BEC-0001',
                { given: 'رجل', family: `عائلة${i}`, sex: 'M', born: '1990-01-01' },
                `J-G${i}`,
              ),
            )
          ).body.persons[0]!,
      ),
    );
    const replies = await Promise.all(
      grooms.map((groom, i) =>
        client.post<Body>('/marriages', {
          husband: groom,
          wife: bride,
          date: { date: daysAgo(1) },
          contract: adoulAct(`ADL-${i}`, daysAgo(1)),
        }),
      ),
    );
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(99);
    replies
      .filter((r) => r.status === 409)
      .forEach((r) => expect(r.body.rule).toBe('WIFE_HAS_ONE_HUSBAND'));
    const brideEvents = await server.store.readStream(`person-${bride}`);
    expect(brideEvents.map((e) => e.type)).toEqual(['BirthRegistered', 'MarriageNoted']);
  }, 60_000);
});
