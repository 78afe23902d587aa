/**
 * The family views through HTTP: a family registered through the registration API, read
 * back with read-your-writes; 400 for malformed parameters, 404 for unknown persons and
 * booklets, 403 for planners; and one access-log row for every person a reply holds.
 */
import { luhnCheckDigit } from '../../src/domain';
import { adoulAct, birth, daysAgo, judgment, lateBirth, name } from '../support/acts';
import { describeWithPostgres } from '../support/describe-with-postgres';
import { startServer, type Client, type Server } from '../support/http';

interface Reply {
  persons: string[];
  position: number;
}
interface Facts {
  idcs: string;
  status: string;
}
interface Linked {
  person: Facts;
}

const UNKNOWN = `123456789${luhnCheckDigit('123456789')}`;

/** Every IDCS a reply holds, wherever it sits. */
function idcsIn(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => idcsIn(v, out));
  else if (value && typeof value === 'object')
    for (const [key, v] of Object.entries(value)) {
      if ((key === 'idcs' || key === 'otherParent' || key === 'of') && typeof v === 'string')
        out.add(v);
      else idcsIn(v, out);
    }
  return out;
}

describeWithPostgres('family views through HTTP', () => {
  let server: Server;
  let registrar: Client;
  const p: Record<string, string> = {};
  let last = 0;

  const created = async (path: string, body: unknown) => {
    const res = await registrar.post<Reply>(path, body);
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    last = res.body.position;
    return res.body.persons[0]!;
  };
  const withParents = (body: ReturnType<typeof lateBirth>, father: string, mother: string) => ({
    ...body,
    filiation: {
      kind: 'both-parents',
      father: { idcs: father, name: name('محمد', 'العلوي') },
      mother: { idcs: mother, name: name('فاطمة', 'بناني') },
    },
  });

  beforeAll(async () => {
    server = await startServer();
    registrar = server.as('registrar', 'BEC-0412');
    const adult = (given: string, family: string, sex: 'M' | 'F', born: string) =>
      lateBirth('BEC-0412', { given, family, sex, born }, `J-${given}`);
    p.G = await created('/births', adult('عبد القادر', 'العلوي', 'M', '1936-02-02'));
    p.GM = await created('/births', adult('زينب', 'الفاسي', 'F', '1940-03-01'));
    p.F = await created(
      '/births',
      withParents(adult('محمد', 'العلوي', 'M', '1962-05-10'), p.G, p.GM),
    );
    p.M1 = await created('/births', adult('فاطمة', 'بناني', 'F', '1966-04-02'));
    p.M2 = await created('/births', adult('سعاد', 'الشرقاوي', 'F', '1972-09-30'));
    await created('/marriages', {
      husband: p.F,
      wife: p.M1,
      date: { date: '1988-07-01' },
      contract: adoulAct('ADL-1988-12', '1988-07-01'),
    });
    p.C1 = await created(
      '/births',
      withParents(adult('ياسين', 'العلوي', 'M', '1990-02-11'), p.F, p.M1),
    );
    await created('/divorces', {
      husband: p.F,
      wife: p.M1,
      kind: 'khul',
      date: { date: '2000-03-15' },
      legalBasis: judgment('J-DIV', '2000-03-15'),
    });
    await created('/marriages', {
      husband: p.F,
      wife: p.M2,
      date: { date: '2002-05-20' },
      contract: adoulAct('ADL-2002-7', '2002-05-20'),
    });
  }, 60_000);
  afterAll(async () => server.close());

  let reader = 0;
  /** A GET as a reader of its own, so that its access-log rows are told apart. */
  async function read<T>(path: string, role: 'registrar' | 'legal' | 'admin' = 'legal') {
    const userId = `${role}-family-${reader++}`;
    const res = await server
      .as(role, role === 'registrar' ? 'BEC-0412' : undefined, userId)
      .get<T>(path);
    // One log row per read (migration 0010), naming every person of the reply.
    const logged = await server.db.query<{ idcs: string; action: string; read: string }>(
      'select p.idcs, action, id as read from access_log, unnest(idcs) as p(idcs) where user_id = $1',
      [userId],
    );
    return { ...res, userId, logged, reads: new Set(logged.map((r) => r.read)).size };
  }

  const name0 = (idcs: string) => Object.entries(p).find(([, v]) => v === idcs)?.[0] ?? idcs;
  const names = (list: Linked[]) => list.map((x) => name0(x.person.idcs));

  it('reads its own write: a newborn is in the family view at the birth’s position', async () => {
    p.C3 = await created(
      '/births',
      birth(
        'BEC-0412',
        { given: 'آدم', family: 'العلوي', sex: 'M', born: daysAgo(3) },
        { father: p.F, mother: p.M2 },
      ),
    );
    const res = await read<{
      person: Facts;
      parents: { father: Linked; mother: Linked };
      children: Linked[];
      spouses: { current: Linked[]; former: (Linked & { ended: { by: string; on: string } })[] };
      siblings: { full: Linked[] };
    }>(`/persons/${p.F}/family?position=${last}`, 'registrar');
    expect(res.status).toBe(200);
    expect(names(res.body.children)).toEqual(['C1', 'C3']);
    expect(name0(res.body.parents.father.person.idcs)).toBe('G');
    expect(names(res.body.spouses.current)).toEqual(['M2']);
    expect(res.body.spouses.former).toEqual([
      expect.objectContaining({
        ended: expect.objectContaining({ by: 'divorce', on: '2000-03-15' }),
      }),
    ]);
    // One log row for the view, naming every person of the reply, under 'family.read'.
    expect(new Set(res.logged.map((r) => r.action))).toEqual(new Set(['family.read']));
    expect(res.reads).toBe(1);
    expect(res.logged.map((r) => r.idcs).sort()).toEqual([...idcsIn(res.body)].sort());
    expect(res.logged.map((r) => name0(r.idcs)).sort()).toEqual(
      ['C1', 'C3', 'F', 'G', 'GM', 'M1', 'M2'].sort(),
    );
    // Each person named finds the view in their own access log, the grandmother included.
    const ofGrandmother = await server
      .as('admin', undefined, 'auditor-family')
      .get<{ reads: { action: string; userId: string }[] }>(`/persons/${p.GM}/access-log`);
    expect(ofGrandmother.body.reads).toContainEqual(
      expect.objectContaining({ action: 'family.read', userId: res.userId }),
    );
  });

  it('a child: parents, a paternal half sibling', async () => {
    const res = await read<{
      parents: { father: Linked; mother: Linked };
      siblings: { full: Linked[]; paternalHalf: Linked[]; maternalHalf: Linked[] };
    }>(`/persons/${p.C1}/family?position=${last}`);
    expect(res.status).toBe(200);
    expect([
      name0(res.body.parents.father.person.idcs),
      name0(res.body.parents.mother.person.idcs),
    ]).toEqual(['F', 'M1']);
    expect(res.body.siblings).toMatchObject({ full: [], maternalHalf: [] });
    expect(names(res.body.siblings.paternalHalf)).toEqual(['C3']);
    expect(res.logged.map((r) => r.idcs).sort()).toEqual([...idcsIn(res.body)].sort());
  });

  it('ancestors and descendants within ?depth', async () => {
    const up = await read<{
      ancestors: { generation: number; line: string; person: Facts | null }[];
    }>(`/persons/${p.C1}/ancestors?depth=2`);
    expect(up.status).toBe(200);
    expect(
      up.body.ancestors
        .filter((a) => a.person)
        .map((a) => [a.generation, a.line, name0(a.person!.idcs)]),
    ).toEqual([
      [1, 'F', 'F'],
      [1, 'M', 'M1'],
      [2, 'FF', 'G'],
      [2, 'FM', 'GM'],
    ]);
    expect(up.logged.map((r) => r.idcs).sort()).toEqual([...idcsIn(up.body)].sort());
    const down = await read<{ descendants: Linked[]; truncated: boolean }>(
      `/persons/${p.G}/descendants`,
    );
    expect(down.status).toBe(200);
    expect(names(down.body.descendants)).toEqual(['F', 'C1', 'C3']);
    expect(down.logged.map((r) => r.idcs).sort()).toEqual([...idcsIn(down.body)].sort());
    const one = await read<{ descendants: Linked[] }>(`/persons/${p.G}/descendants?depth=1`);
    expect(names(one.body.descendants)).toEqual(['F']);
  });

  it('the family booklet: the husband’s, for him and his wife; none for a divorced woman', async () => {
    const booklet = await read<{
      holder: Facts;
      wives: (Linked & { ended: { by: string } | null; children: Facts[] })[];
    }>(`/persons/${p.M2}/family-booklet`);
    expect(booklet.status).toBe(200);
    expect(name0(booklet.body.holder.idcs)).toBe('F');
    expect(
      booklet.body.wives.map((w) => [
        name0(w.person.idcs),
        w.ended?.by ?? null,
        w.children.map((c) => name0(c.idcs)),
      ]),
    ).toEqual([
      ['M1', 'divorce', ['C1']],
      ['M2', null, ['C3']],
    ]);
    expect(booklet.logged.map((r) => r.idcs).sort()).toEqual([...idcsIn(booklet.body)].sort());
    const divorced = await read<{ message: string }>(`/persons/${p.M1}/family-booklet`);
    expect(divorced.status).toBe(404);
    expect(divorced.body.message).toMatch(/no current husband/);
    expect(divorced.logged).toEqual([]);
    expect((await read(`/persons/${p.C1}/family-booklet`)).status).toBe(404);
  });

  it('the degree of kinship with its path', async () => {
    const res = await read<{
      relationship: string;
      degree: number;
      path: Facts[];
    }>(`/persons/${p.C1}/kinship/${p.C3}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ relationship: 'half-sibling', degree: 2 });
    expect(res.body.path.map((x) => name0(x.idcs))).toEqual(['C1', 'F', 'C3']);
    expect(res.logged.map((r) => r.idcs).sort()).toEqual([...idcsIn(res.body)].sort());
    const grand = await read<{ relationship: string; degree: number }>(
      `/persons/${p.GM}/kinship/${p.C1}?depth=2`,
    );
    expect(grand.body).toMatchObject({ relationship: 'grandchild', degree: 2 });
    const spouses = await read<{ relationship: string }>(`/persons/${p.F}/kinship/${p.M1}`);
    expect(spouses.body.relationship).toBe('former-spouse');
  });

  it('400 for a malformed IDCS or depth, 404 for an unknown person, nothing logged', async () => {
    for (const depth of ['0', '11', 'abc', '2.5', '']) {
      const res = await read<{ statusCode: number; errors: { path: string }[] }>(
        `/persons/${p.C1}/ancestors?depth=${depth}`,
      );
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ path: 'query:depth' })]);
      expect(res.logged).toEqual([]);
    }
    const badOther = await read<{ errors: { path: string }[] }>(
      `/persons/${p.C1}/kinship/1234567890`,
    );
    expect(badOther.status).toBe(400);
    expect(badOther.body.errors).toEqual([expect.objectContaining({ path: 'other' })]);
    expect((await read(`/persons/12345/family`)).status).toBe(400);
    expect((await read(`/persons/${p.C1}/descendants?depth=99`)).status).toBe(400);
    for (const path of [
      'family',
      'ancestors',
      'descendants',
      'family-booklet',
      `kinship/${p.C1}`,
    ]) {
      const res = await read<{ message: string }>(`/persons/${UNKNOWN}/${path}`);
      expect(res.status).toBe(404);
      expect(res.logged).toEqual([]);
    }
    const otherUnknown = await read<{ message: string }>(`/persons/${p.C1}/kinship/${UNKNOWN}`);
    expect(otherUnknown.status).toBe(404);
    expect(otherUnknown.body.message).toContain(UNKNOWN);
  });

  it('403 for planners: they never see individuals', async () => {
    for (const path of ['family', 'ancestors', 'descendants', 'family-booklet', `kinship/${p.F}`]) {
      const res = await server
        .as('planner')
        .get<{ statusCode: number }>(`/persons/${p.C1}/${path}`);
      expect(res.status).toBe(403);
    }
    const logged = await server.db.query(`select 1 from access_log where role = 'planner'`);
    expect(logged).toEqual([]);
  });
});
