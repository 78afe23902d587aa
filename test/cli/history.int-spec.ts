/**
 * `sijill history` as an operator runs it: a separate process reading a fresh database
 * (DATABASE_URL), printing the events, what each changed, and the record at the point asked.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { toNewEvents, type RequestContext } from '../../src/application/envelope';
import {
  personStream,
  type DivorceNoted,
  type PersonEvent,
  type RectificationNoted,
} from '../../src/domain';
import {
  actDate,
  born,
  idcsOf,
  JUDGMENT,
  married,
  WIFE_NAME,
} from '../../src/domain/testing/fixtures';
import { EventStore, type PostgresDatabase } from '../../src/eventstore';
import { freshDatabase } from '../support/databases';
import { describeWithPostgres } from '../support/describe-with-postgres';

const BIN = join(__dirname, '..', '..', 'bin', 'sijill.js');
const H = idcsOf(501);
const W = idcsOf(502);
const ACTOR = { userId: 'registrar-5', role: 'registrar', office: 'RBT-01' };

function run(url: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, 'history', ...args],
      { env: { ...process.env, DATABASE_URL: url, SIJILL_FROM_SOURCE: '1' }, timeout: 120_000 },
      (error, out, err) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, out: String(out), err: String(err) }),
    );
  });
}

describeWithPostgres('sijill history (command line)', () => {
  let fresh: { url: string; db: PostgresDatabase; drop: () => Promise<void> };
  let afterMarriage: string;

  beforeAll(async () => {
    fresh = await freshDatabase(2);
    const store = new EventStore(fresh.db);
    let n = 0;
    const append = async (byPerson: [string, PersonEvent[]][]) => {
      const commandId = `cli-history-${n++}`;
      const context: RequestContext = {
        now: '2021-02-01T10:00:00+01:00',
        actor: ACTOR,
        commandId,
        correlationId: commandId,
      };
      return store.append({
        commandId,
        streams: byPerson.map(([idcs, events]) => ({
          streamId: personStream(idcs),
          expectedVersion: 'any',
          events: toNewEvents(events, context),
        })),
      });
    };
    const divorce: DivorceNoted = {
      type: 'DivorceNoted',
      data: {
        marriageId: 'm-1',
        husband: H,
        wife: W,
        kind: 'tatliq',
        date: actDate('2014-02-01'),
        legalBasis: { ...JUDGMENT, reference: 'J-2020-9', date: '2020-05-01' },
        noted: { by: ACTOR, on: actDate('2020-05-10') },
      },
    };
    const rectification: RectificationNoted = {
      type: 'RectificationNoted',
      data: {
        idcs: W,
        field: 'givenName.lat',
        oldValue: 'Fatima',
        newValue: 'Fatema',
        kind: 'substantive',
        legalBasis: { ...JUDGMENT, reference: 'J-2021-4' },
        noted: { by: ACTOR, on: actDate('2021-01-01') },
      },
    };
    await append([[H, [born(H, { date: '1980-01-01' })]]]);
    await append([[W, [born(W, { sex: 'F', date: '1985-03-01', name: WIFE_NAME })]]]);
    const marriage = married(H, W, 'm-1', '2010-06-01');
    afterMarriage = (
      await append([
        [H, [marriage]],
        [W, [marriage]],
      ])
    ).recordedAt;
    await append([
      [H, [divorce]],
      [W, [divorce]],
    ]);
    await append([[W, [rectification]]]);
  }, 60_000);
  afterAll(async () => fresh.drop());

  it('prints every event with when, who, on what basis and what it changed, then today’s record', async () => {
    const { code, out, err } = await run(fresh.url, [W]);
    expect(err).toBe('');
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toBe(`Legal history of ${W}: every event recorded (4)`);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^3 +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} +from 2014-02-01 +DivorceNoted +registrar-5 \(registrar, RBT-01\) +judgment J-2020-9 of 2020-05-01, TPI Rabat$/,
      ),
    );
    expect(lines).toContain(`    Divorce (tatliq) of ${H} and ${W}, in effect from 2014-02-01`);
    expect(lines).toContainEqual(expect.stringMatching(/^ {6}name\.given\.lat +Fatima → Fatema$/));
    expect(lines).toContainEqual(
      expect.stringMatching(/^4 .* from the start \(rectification\) +RectificationNoted /),
    );
    expect(lines).toContain('Record as recorded today, with every known event in effect: alive');
    expect(lines).toContainEqual(
      expect.stringMatching(/^name\.given\.lat +Fatema +#4 RectificationNoted$/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^endedMarriages\\[${H}@2010-06-01\\] +\\{.*"ended":"2014-02-01".*\\} +#3 DivorceNoted$`,
        ),
      ),
    );
  }, 120_000);

  it('prints the record as then recorded and valid at a day: still married in 2015, as the divorce was not yet known', async () => {
    const { code, out } = await run(fresh.url, [
      W,
      '--as-of',
      afterMarriage,
      '--valid-at',
      '2015-06-01',
    ]);
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(
      new RegExp(`^Legal history of ${W}: events recorded by .* UTC \\(2\\)$`),
    );
    expect(lines).toContainEqual(expect.stringMatching(/ valid at 2015-06-01: alive$/));
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^spouses\\[${H}@2010-06-01\\] +.* +#2 MarriageNoted$`)),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^name\.given\.lat +Fatima +#1 BirthRegistered$/),
    );
  }, 120_000);

  it('prints JSON with --json, and the read is in the access log', async () => {
    const { code, out } = await run(fresh.url, [W, '--valid-at', '2015-06-01', '--json']);
    expect(code).toBe(0);
    const reply = JSON.parse(out) as {
      validAt: string;
      events: unknown[];
      record: { status: string; record: { spouses: unknown[]; endedMarriages: unknown[] } };
    };
    expect(reply.validAt).toBe('2015-06-01');
    expect(reply.events).toHaveLength(4);
    expect(reply.record.record.spouses).toEqual([]);
    expect(reply.record.record.endedMarriages).toHaveLength(1);
    const rows = await fresh.db.query<{ user_id: string; role: string; idcs: string }>(
      `select distinct user_id, role, p.idcs from access_log, unnest(idcs) as p(idcs)
        where action = 'history.read' order by p.idcs`,
    );
    expect(rows).toEqual(
      [H, W].sort().map((idcs) => ({ user_id: `cli:${userInfo().username}`, role: 'admin', idcs })),
    );
  }, 120_000);

  it('refuses a malformed day and an unknown person, with exit code 1', async () => {
    const bad = await run(fresh.url, [W, '--valid-at', '2015-02-30']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('--valid-at 2015-02-30: must be a calendar day');
    const unknown = await run(fresh.url, [idcsOf(503)]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain(`no person ${idcsOf(503)} in the register`);
  }, 120_000);
});
