/**
 * Legal history and time travel through the API, on the family of family-life.e2e-spec.ts:
 * the record of its members at points on both time axes (as the register held it at an
 * instant between two steps, and as it was in law on a day, around the marriage, the
 * divorce noted decades after its effect, the rectifications, the annulment and the death),
 * each checked against expectations written by hand; then the history, the difference
 * between two points, the provenance of each field, who may ask, and what is refused.
 */
import { luhnCheckDigit } from '../../src/domain';
import { describeWithPostgres } from '../support/describe-with-postgres';
import { buildFamily, type Family } from '../support/family';
import { startServer, type Client, type Server } from '../support/http';

interface Link {
  idcs: string;
  since: string;
  ended?: string;
  by?: string;
}
interface RecordReply {
  asOf: string | null;
  validAt: string | null;
  record: {
    status: string;
    record?: {
      name: { given: { ar?: string; lat?: string } };
      birthDate: string | null;
      spouses: Link[];
      endedMarriages: Link[];
    };
  };
  applied: { version: number; type: string }[];
  notYetInEffect: { version: number; type: string }[];
}
interface Change {
  field: string;
  before: unknown;
  after: unknown;
}
interface Ref {
  version: number;
  type: string;
  recordedAt: string;
  effect: { kind: string; from?: string };
  actor: { userId: string; role: string; office?: string } | null;
  legalBasis: { kind: string; reference?: string; source?: string } | null;
}
interface HistoryReply {
  idcs: string;
  events: (Ref & { description: string; changes: Change[] })[];
}

describeWithPostgres('legal history and time travel', () => {
  let server: Server;
  let legal: Client;
  let f: Family;
  beforeAll(async () => {
    server = await startServer();
    legal = server.as('legal');
    f = await buildFamily(server);
  }, 60_000);
  afterAll(async () => server.close());

  const query = (params: Record<string, string>) =>
    new URLSearchParams(params).toString().replace(/^(?=.)/, '?');

  /** The record at a point, reduced to what the expectations speak of. */
  async function at(idcs: string, params: Record<string, string>) {
    const res = await legal.get<RecordReply>(`/persons/${idcs}/as-of${query(params)}`);
    expect(res.status).toBe(200);
    const { status, record } = res.body.record;
    if (!record) return { status };
    return {
      status,
      lat: record.name.given.lat,
      birthDate: record.birthDate,
      spouses: record.spouses.map((s) => `${s.idcs} since ${s.since}`),
      ended: record.endedMarriages.map((s) => `${s.idcs} ${s.since}–${s.ended} by ${s.by}`),
    };
  }

  describe('the record at ten points on both axes', () => {
    it('1. the father as the register held him right after his paper act was digitised', async () => {
      expect(await at(f.father, { asOf: f.at.fatherDigitised })).toEqual({
        status: 'alive',
        lat: 'Abdellah',
        birthDate: '1962',
        spouses: [],
        ended: [],
      });
    });

    it('2. the father as held after the first marriage was noted', async () => {
      expect(await at(f.father, { asOf: f.at.married })).toMatchObject({
        spouses: [`${f.mother} since 1988-07-01`],
        ended: [],
      });
    });

    it('3. as then recorded, the father was still married in 2001: the divorce was not yet known', async () => {
      expect(await at(f.father, { asOf: f.at.secondBorn, validAt: '2001-01-01' })).toMatchObject({
        status: 'alive',
        spouses: [`${f.mother} since 1988-07-01`],
        ended: [],
      });
    });

    it('4. with everything known, the father on the eve of his marriage: unmarried, his Latin name as rectified', async () => {
      expect(await at(f.father, { validAt: '1988-06-30' })).toEqual({
        status: 'alive',
        lat: 'Abdallah',
        birthDate: '1962',
        spouses: [],
        ended: [],
      });
    });

    it('5. with everything known, the father in 1995: married to the mother', async () => {
      expect(await at(f.father, { validAt: '1995-01-01' })).toMatchObject({
        spouses: [`${f.mother} since 1988-07-01`],
        ended: [],
      });
    });

    it('6. with everything known, the father in 2001: the divorce noted years later ended the marriage in 2000', async () => {
      expect(await at(f.father, { validAt: '2001-01-01' })).toMatchObject({
        status: 'alive',
        spouses: [],
        ended: [`${f.mother} 1988-07-01–2000-03-15 by divorce`],
      });
      expect(await at(f.mother, { validAt: '2000-03-14' })).toMatchObject({
        spouses: [`${f.father} since 1988-07-01`],
      });
      expect(await at(f.mother, { validAt: '2000-03-15' })).toMatchObject({ spouses: [] });
    });

    it('7. with everything known, the father in 2003: remarried', async () => {
      expect(await at(f.father, { validAt: '2003-01-01' })).toMatchObject({
        spouses: [`${f.secondWife} since 2002-05-20`],
        ended: [`${f.mother} 1988-07-01–2000-03-15 by divorce`],
      });
    });

    it('8. the father as held right after his death, before his name was rectified', async () => {
      expect(await at(f.father, { asOf: f.at.fatherDied })).toEqual({
        status: 'deceased',
        lat: 'Abdellah',
        birthDate: '1962',
        spouses: [],
        ended: [
          `${f.mother} 1988-07-01–2000-03-15 by divorce`,
          `${f.secondWife} 2002-05-20–${f.deathDate} by death`,
        ],
      });
    });

    it('9. with everything known, the day before his death and the day of it', async () => {
      const dayBefore = new Date(Date.parse(f.deathDate) - 86_400_000).toISOString().slice(0, 10);
      expect(await at(f.father, { validAt: dayBefore })).toMatchObject({
        status: 'alive',
        lat: 'Abdallah',
        spouses: [`${f.secondWife} since 2002-05-20`],
      });
      expect(await at(f.secondWife, { validAt: dayBefore })).toMatchObject({
        spouses: [`${f.father} since 2002-05-20`],
      });
      expect(await at(f.father, { validAt: f.deathDate })).toMatchObject({ status: 'deceased' });
      expect(await at(f.secondWife, { validAt: f.deathDate })).toMatchObject({
        spouses: [],
        ended: [`${f.father} 2002-05-20–${f.deathDate} by death`],
      });
    });

    it('10. the first child on 11 February 1990: born, as then recorded; not yet born, once the birth date was rectified', async () => {
      expect(await at(f.first, { asOf: f.at.firstBorn, validAt: '1990-02-11' })).toMatchObject({
        status: 'alive',
        birthDate: '1990-02-11',
      });
      expect(await at(f.first, { validAt: '1990-02-11' })).toEqual({ status: 'unregistered' });
      expect(await at(f.first, { validAt: '1990-02-12' })).toMatchObject({
        status: 'alive',
        birthDate: '1990-02-12',
      });
    });

    it('11. the annulled duplicate: void at every date after the birth; alive as held before the judgment', async () => {
      expect(await at(f.duplicate, { validAt: '1980-01-01' })).toEqual({ status: 'annulled' });
      expect(await at(f.duplicate, { validAt: '1972-09-29' })).toEqual({ status: 'unregistered' });
      expect(
        await at(f.duplicate, { asOf: f.at.duplicateBorn, validAt: '1980-01-01' }),
      ).toMatchObject({ status: 'alive' });
    });

    it('12. before the father’s paper act was digitised, the register had nothing on him; nor before 1962 in law', async () => {
      const before = new Date(Date.parse(f.at.fatherDigitised) - 1000).toISOString();
      expect(await at(f.father, { asOf: before })).toEqual({ status: 'unregistered' });
      expect(await at(f.father, { validAt: '1961-12-31' })).toEqual({ status: 'unregistered' });
      expect(await at(f.father, { validAt: '1962-01-01' })).toMatchObject({ status: 'alive' });
    });

    it('says which known events were not yet in effect on the day asked', async () => {
      const res = await legal.get<RecordReply>(`/persons/${f.father}/as-of?validAt=1995-01-01`);
      expect(res.body.asOf).toBeNull();
      expect(res.body.validAt).toBe('1995-01-01');
      expect(res.body.applied.map((e) => e.type)).toEqual([
        'LegacyActDigitised',
        'MarriageNoted',
        'RectificationNoted',
      ]);
      expect(res.body.notYetInEffect.map((e) => e.type)).toEqual([
        'DivorceNoted',
        'MarriageNoted',
        'DeathRegistered',
      ]);
    });
  });

  describe('history', () => {
    it('lists every event of the father in order, with recorded and effective times, actor, legal basis and changes', async () => {
      const res = await legal.get<HistoryReply>(`/persons/${f.father}/history`);
      expect(res.status).toBe(200);
      const events = res.body.events;
      expect(events.map((e) => [e.version, e.type, e.recordedAt])).toEqual([
        [1, 'LegacyActDigitised', f.at.fatherDigitised],
        [2, 'MarriageNoted', f.at.married],
        [3, 'DivorceNoted', f.at.divorced],
        [4, 'MarriageNoted', f.at.remarried],
        [5, 'DeathRegistered', f.at.fatherDied],
        [6, 'RectificationNoted', f.at.fatherRectified],
      ]);
      const [legacy, , divorce, , death, rectification] = events;
      expect(legacy).toMatchObject({
        effect: { kind: 'dated', from: '1962-01-01' },
        actor: { userId: 'registrar-1', role: 'registrar', office: 'BEC-0101' },
        description: 'Paper act BEC-0101/1962/317 (volume 4, folio 112) digitised: born 1962',
      });
      expect(legacy!.changes).toEqual(
        expect.arrayContaining([
          { field: 'status', before: 'unregistered', after: 'alive' },
          { field: 'name.given.lat', before: null, after: 'Abdellah' },
        ]),
      );
      expect(divorce).toMatchObject({
        effect: { kind: 'dated', from: '2000-03-15' },
        actor: { userId: 'registrar-1', role: 'registrar', office: 'BEC-0412' },
        legalBasis: { kind: 'judgment', reference: 'J-3' },
      });
      expect(divorce!.changes.map((c) => [c.field, c.before === null, c.after === null])).toEqual([
        [`spouses[${f.mother}@1988-07-01]`, false, true],
        [`endedMarriages[${f.mother}@1988-07-01]`, true, false],
      ]);
      expect(death!.changes).toEqual(
        expect.arrayContaining([
          { field: 'status', before: 'alive', after: 'deceased' },
          { field: 'death.date', before: null, after: f.deathDate },
        ]),
      );
      expect(rectification).toMatchObject({
        effect: { kind: 'retroactive', because: 'rectification' },
        legalBasis: { kind: 'judgment', reference: 'J-8' },
        description:
          'Rectification (material) of givenName.lat: "Abdellah" → "Abdallah"; the original entry stays',
      });
      expect(rectification!.changes[0]).toEqual({
        field: 'name.given.lat',
        before: 'Abdellah',
        after: 'Abdallah',
      });
    });

    it('as of an instant, lists only what was recorded by then', async () => {
      const res = await legal.get<HistoryReply>(
        `/persons/${f.father}/history${query({ asOf: f.at.divorced })}`,
      );
      expect(res.body.events.map((e) => e.type)).toEqual([
        'LegacyActDigitised',
        'MarriageNoted',
        'DivorceNoted',
      ]);
    });

    it('writes every person the reply names to the access log, before replying', async () => {
      await server.as('legal', undefined, 'judge-77').get(`/persons/${f.father}/history`);
      const rows = await server.db.query<{ idcs: string; action: string; role: string }>(
        `select p.idcs, action, role from access_log, unnest(idcs) as p(idcs)
          where user_id = 'judge-77' order by p.idcs`,
      );
      expect(rows).toEqual(
        [f.father, f.mother, f.secondWife]
          .sort()
          .map((idcs) => ({ idcs, action: 'history.read', role: 'legal' })),
      );
    });
  });

  describe('diff', () => {
    it('between the register of the day of the divorce’s registration and today', async () => {
      const res = await legal.get<{ changes: Change[]; from: unknown; to: unknown }>(
        `/persons/${f.father}/diff${query({ fromAsOf: f.at.married })}`,
      );
      expect(res.status).toBe(200);
      expect(res.body.from).toEqual({ asOf: f.at.married, validAt: null });
      expect(res.body.to).toEqual({ asOf: null, validAt: null });
      expect(res.body.changes.map((c) => c.field)).toEqual([
        'status',
        'name.given.lat',
        `spouses[${f.mother}@1988-07-01]`,
        `endedMarriages[${f.mother}@1988-07-01]`,
        `endedMarriages[${f.secondWife}@2002-05-20]`,
        'rectifications[0]',
        'death.act.office',
        'death.act.year',
        'death.act.number',
        'death.date',
        'death.place.region',
        'death.place.province',
        'death.place.commune',
      ]);
    });

    it('between two days in law: the divorce and the second marriage', async () => {
      const res = await legal.get<{ changes: Change[] }>(
        `/persons/${f.father}/diff${query({ fromValidAt: '1995-01-01', toValidAt: '2003-01-01' })}`,
      );
      expect(res.body.changes).toEqual([
        {
          field: `spouses[${f.secondWife}@2002-05-20]`,
          before: null,
          after: expect.objectContaining({ idcs: f.secondWife, since: '2002-05-20' }),
        },
        {
          field: `spouses[${f.mother}@1988-07-01]`,
          before: expect.objectContaining({ idcs: f.mother, since: '1988-07-01' }),
          after: null,
        },
        {
          field: `endedMarriages[${f.mother}@1988-07-01]`,
          before: null,
          after: expect.objectContaining({ ended: '2000-03-15', by: 'divorce' }),
        },
      ]);
    });
  });

  describe('provenance', () => {
    it('names, for each field of the father’s record, the event that set it, when, by whom and on what basis', async () => {
      const res = await legal.get<{ fields: { field: string; value: unknown; setBy: Ref }[] }>(
        `/persons/${f.father}/provenance`,
      );
      expect(res.status).toBe(200);
      const fields = new Map(res.body.fields.map((p) => [p.field, p]));
      expect(fields.get('name.given.lat')).toMatchObject({
        value: 'Abdallah',
        setBy: {
          version: 6,
          type: 'RectificationNoted',
          recordedAt: f.at.fatherRectified,
          actor: { userId: 'registrar-1', office: 'BEC-0412' },
          legalBasis: { kind: 'judgment', reference: 'J-8' },
        },
      });
      expect(fields.get('name.given.ar')).toMatchObject({
        value: 'عبد الله',
        setBy: {
          version: 1,
          type: 'LegacyActDigitised',
          actor: { office: 'BEC-0101' },
          legalBasis: { kind: 'transcription' },
        },
      });
      expect(fields.get(`endedMarriages[${f.mother}@1988-07-01]`)).toMatchObject({
        setBy: { version: 3, legalBasis: { reference: 'J-3' } },
      });
      expect(fields.get('status')).toMatchObject({ value: 'deceased', setBy: { version: 5 } });
      expect([...fields.keys()].some((k) => k.startsWith('spouses['))).toBe(false);
    });

    it('at a day in law, of the record on that day', async () => {
      const res = await legal.get<{ fields: { field: string; setBy: Ref }[] }>(
        `/persons/${f.father}/provenance?validAt=1995-01-01`,
      );
      const spouse = res.body.fields.find((p) => p.field.startsWith('spouses['));
      expect(spouse).toMatchObject({ setBy: { version: 2, type: 'MarriageNoted' } });
    });
  });

  describe('who may ask, and what is refused', () => {
    it.each([['registrar'], ['planner'], ['partner']] as const)(
      'refuses role %s (403)',
      async (role) => {
        const res = await server.as(role, 'BEC-0412').get(`/persons/${f.father}/history`);
        expect(res.status).toBe(403);
        for (const path of [
          'as-of?validAt=2000-01-01',
          'diff?fromValidAt=2000-01-01',
          'provenance',
        ])
          expect(
            (await server.as(role, 'BEC-0412').get(`/persons/${f.father}/${path}`)).status,
          ).toBe(403);
      },
    );

    it('lets an administrator read', async () => {
      expect((await server.as('admin').get(`/persons/${f.father}/provenance`)).status).toBe(200);
    });

    it.each([
      ['as-of?asOf=2019-03-03', 'query:asOf'],
      ['as-of?asOf=2019-03-03T10:00:00', 'query:asOf'],
      ['as-of?validAt=2019-02-30', 'query:validAt'],
      ['as-of?validat=2019-02-03', 'query:validat'],
      ['as-of', 'query'],
      ['history?asOf=yesterday', 'query:asOf'],
      ['history?validAt=2019-01-01', 'query:validAt'],
      ['diff', 'query'],
      ['diff?fromAsOf=2019-01-01T00:00:00Z&toValidAt=31/12/2020', 'query:toValidAt'],
      ['provenance?asOf=2019-13-01T00:00:00Z', 'query:asOf'],
    ])('answers 400 to %s, naming %s', async (path, errorPath) => {
      const res = await legal.get<{
        statusCode: number;
        errors: { path: string; reason: string }[];
      }>(`/persons/${f.father}/${path}`);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e) => e.path)).toEqual([errorPath]);
      expect(res.body.errors[0]!.reason).toEqual(expect.any(String));
    });

    it('answers 400 to a malformed IDCS and 404 to an unknown person', async () => {
      expect((await legal.get(`/persons/12345/history`)).status).toBe(400);
      const unknown = `999999999${luhnCheckDigit('999999999')}`;
      const res = await legal.get<{ message: string }>(`/persons/${unknown}/history`);
      expect(res.status).toBe(404);
      expect(res.body.message).toContain(unknown);
    });
  });
});
