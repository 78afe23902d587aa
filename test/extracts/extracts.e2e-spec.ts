/**
 * Extracts through HTTP: issued as signed PDF and JSON, verified by the public endpoints
 * and the CLI; a byte altered, another key, a record rectified after issue, each detected
 * with its reason; the marginal note of a marriage file; who may obtain a full copy; the
 * PDF read back by pdf.js (text, glyphs, positions) and rendered to an image.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenService, type Role } from '../../src/api/auth/tokens';
import { canonicalJson } from '../../src/extracts/canonical';
import type { ExtractDocument } from '../../src/extracts/document';
import { sealJson } from '../../src/extracts/seal';
import { generateSigningKeyPem, signingKeyFrom } from '../../src/extracts/signing';
import { birth, daysAgo, judgment, lateBirth } from '../support/acts';
import { describeWithPostgres } from '../support/describe-with-postgres';
import { startServer, type Server } from '../support/http';
import { arabicLines, arabicWordLines, probePdf, type Probe } from './pdf-probe';

const ROOT = join(__dirname, '..', '..');
const SIGNING_KEY = generateSigningKeyPem();

interface Raw {
  status: number;
  headers: Headers;
  bytes: Buffer;
  json: () => Record<string, unknown>;
}

describeWithPostgres('extracts of a birth act', () => {
  let server: Server;
  let dir: string;
  let father: string;
  let child: string;
  const saved = { ...process.env };

  const call = async (
    method: string,
    path: string,
    options: { role?: Role; body?: unknown; raw?: Buffer; key?: string } = {},
  ): Promise<Raw> => {
    const headers: Record<string, string> = {};
    if (options.role)
      headers.authorization = `Bearer ${await new TokenService().sign({
        userId: `${options.role}-9`,
        role: options.role,
        office: 'BEC-0412',
      })}`;
    if (options.key) headers['idempotency-key'] = options.key;
    let body: string | Buffer | undefined;
    if (options.raw) {
      headers['content-type'] = 'application/octet-stream';
      body = options.raw;
    } else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const res = await fetch(`${server.baseUrl}${path}`, { method, headers, body });
    const bytes = Buffer.from(await res.arrayBuffer());
    return {
      status: res.status,
      headers: res.headers,
      bytes,
      json: () => JSON.parse(bytes.toString('utf8')) as Record<string, unknown>,
    };
  };
  const issue = (idcs: string, body: object, key?: string) =>
    call('POST', `/persons/${idcs}/extracts`, { role: 'registrar', body, key });
  const verify = async (file: Buffer) => {
    const res = await call('POST', '/extracts/verify', { raw: file });
    expect(res.status).toBe(200);
    return res.json() as { verdict: string; reasons: string[]; problems: { code: string }[] };
  };
  const asFather = { name: 'عبد الله العلوي', relation: 'father', idcs: '' };

  beforeAll(async () => {
    process.env.SIJILL_SIGNING_KEY = SIGNING_KEY;
    process.env.SIJILL_PUBLIC_URL = 'https://sijill.example';
    server = await startServer();
    dir = mkdtempSync(join(tmpdir(), 'sijill-extracts-'));
    const registrar = server.as('registrar', 'BEC-0412');
    const f = await registrar.post<{ persons: string[] }>(
      '/births',
      lateBirth(
        'BEC-0412',
        { given: 'عبد الله', family: 'العلوي', sex: 'M', born: '1960-03-02' },
        'J-1',
      ),
    );
    father = f.body.persons[0]!;
    const c = await registrar.post<{ persons: string[] }>(
      '/births',
      birth(
        'BEC-0412',
        {
          given: 'يوسف',
          family: 'العلوي',
          sex: 'M',
          born: daysAgo(3),
          lat: ['Youssef', 'El Alaoui'],
        },
        { father },
      ),
    );
    child = c.body.persons[0]!;
    asFather.idcs = father;
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
    process.env = saved;
  });

  describe('a PDF full copy', () => {
    let pdf: Raw;
    let json: ExtractDocument;
    let probe: Probe;
    beforeAll(async () => {
      const body = {
        kind: 'full-copy',
        format: 'pdf',
        purpose: 'administrative',
        requester: asFather,
      };
      pdf = await issue(child, body, 'pdf-full-copy-1');
      const j = await issue(child, { ...body, format: 'json' });
      json = (j.json() as { extract: ExtractDocument }).extract;
      writeFileSync(join(dir, 'full.pdf'), pdf.bytes);
      probe = probePdf(join(dir, 'full.pdf'), join(dir, 'full.png'));
    });

    it('is issued to a parent, signed, with its code, position and public status', async () => {
      expect(pdf.status).toBe(201);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
      const code = pdf.headers.get('x-sijill-extract-code')!;
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
      expect(pdf.headers.get('location')).toBe(`/extracts/${code}`);
      expect(Number(pdf.headers.get('x-sijill-position'))).toBeGreaterThan(0);
      const report = await verify(pdf.bytes);
      expect(report).toMatchObject({ verdict: 'valid', authentic: true, unaltered: true });
      const status = (await call('GET', `/extracts/${code}`)).json();
      expect(status).toMatchObject({ code, status: 'valid', kind: 'full-copy', changes: [] });
      // The issue itself is recorded: who, for whom, why, and what state it reflects.
      const [issued] = await server.store.readStream(`extract-${code}`);
      expect(issued).toMatchObject({
        type: 'ExtractIssued',
        data: {
          idcs: child,
          requester: asFather,
          purpose: 'administrative',
          issued: { by: { userId: 'registrar-9', office: 'BEC-0412' } },
          reflects: { father: { idcs: father } },
        },
      });
      const person = await server.store.readStream(`person-${child}`);
      expect((issued!.data as { reflects: { position: number } }).reflects.position).toBe(
        person[person.length - 1]!.position,
      );
    });

    it('renders to a page with ink in both columns', () => {
      expect(probe.pages).toBe(1);
      expect(probe.image.width).toBeGreaterThan(1000);
      expect(probe.image.ink).toBeGreaterThan(20_000);
      expect(probe.image.inkRight).toBeGreaterThan(10_000);
      expect(probe.image.ink - probe.image.inkRight).toBeGreaterThan(10_000);
    });

    it('reads back, in logical order, the Arabic the register holds', () => {
      const rows = json.text.rows
        .filter((r) =>
          [
            'givenName',
            'familyName',
            'sex',
            'birthDate',
            'father',
            'paternalGrandfather',
            'mother',
            'declarant',
          ].includes(r.key),
        )
        .map((r) => `${r.label.ar}: ${r.value.ar}`);
      expect(rows).toEqual(
        expect.arrayContaining([
          'الاسم الشخصي: يوسف',
          'الاسم العائلي: العلوي',
          'الجنس: ذكر',
          'الأب: أحمد العلوي',
          'اسم الجد من جهة الأب: أحمد',
          'الأم: خديجة التازي',
          'المصرح: أحمد العلوي (الأب)',
        ]),
      );
      expect(rows.find((r) => r.startsWith('تاريخ الازدياد: '))).toMatch(
        /^تاريخ الازدياد: \d+ \S+ \d{4} على الساعة 08:10$/,
      );
      // As drawn: words from right to left, the letters of each Arabic word right to left.
      const drawn = arabicWordLines(probe).map((l) => l.text);
      for (const row of rows) expect(drawn).toContain(row);
      // As pdf.js extracts the text (its own right-to-left reading of each text item).
      const extracted = arabicLines(probe).map((l) => l.text);
      expect(extracted).toContain(json.text.title.ar);
      expect(extracted).toContain('الاسم الشخصي: يوسف');
      expect(extracted).toContain('الأم: خديجة التازي');
    });

    it('lays Arabic out right to left: words further in the line sit further left', () => {
      const lines = arabicWordLines(probe);
      const x = (line: string, word: string) =>
        lines.find((l) => l.text === line)!.words.find((w) => w.text === word)!.x;
      const name = 'الاسم الشخصي: يوسف';
      expect(x(name, 'الاسم')).toBeGreaterThan(x(name, 'الشخصي:'));
      expect(x(name, 'الشخصي:')).toBeGreaterThan(x(name, 'يوسف'));
      // Digits inside Arabic read left to right within themselves, the words around them
      // right to left: day, month, year, hour in reading order, each further left.
      const born = lines.find((l) => l.text.startsWith('تاريخ الازدياد: '))!;
      const words = born.text.split(' ');
      const xs = words.map((w) => born.words.find((b) => b.text === w)!.x);
      expect(xs).toEqual([...xs].sort((a, b) => b - a));
      expect(new Set(xs).size).toBe(words.length);
      expect(words[words.length - 1]).toBe('08:10');
    });

    it('draws shaped glyphs: one letter takes different forms by its place in the word', () => {
      const codes = (letter: string) =>
        new Set(
          probe.runs
            .flatMap((r) => r.glyphs)
            .filter((g) => g.unicode === letter)
            .map((g) => g.code),
        );
      // ل, م and ي open, continue and end words all over the page: initial, medial, final.
      expect(codes('ل').size).toBeGreaterThanOrEqual(2);
      expect(codes('م').size).toBeGreaterThanOrEqual(2);
      expect(codes('ي').size).toBeGreaterThanOrEqual(2);
      // يوسف is drawn from its last letter on the left to its first on the right, and its
      // initial ي is not the final ي of الشخصي.
      const glyphs = probe.runs.flatMap((r) => r.glyphs);
      const drawn = (visual: string) => {
        const at = glyphs.findIndex((_, i) =>
          [...visual].every((c, k) => glyphs[i + k]?.unicode === c),
        );
        expect(at).toBeGreaterThanOrEqual(0);
        return glyphs.slice(at, at + visual.length);
      };
      const yusuf = drawn('فسوي');
      const shakhsi = drawn(':يصخشلا');
      expect(yusuf[3]!.code).not.toBe(shakhsi[1]!.code);
    });

    it('an idempotent retry returns the same file; registrars can draw it again', async () => {
      const again = await issue(
        child,
        { kind: 'full-copy', format: 'pdf', purpose: 'administrative', requester: asFather },
        'pdf-full-copy-1',
      );
      expect(again.status).toBe(201);
      expect(again.bytes.equals(pdf.bytes)).toBe(true);
      const code = pdf.headers.get('x-sijill-extract-code')!;
      const file = await call('GET', `/extracts/${code}/file`, { role: 'registrar' });
      expect(file.bytes.equals(pdf.bytes)).toBe(true);
      expect((await call('GET', `/extracts/${code}/file`)).status).toBe(401);
    });

    it('one byte altered: detected, with the reason', async () => {
      const altered = Buffer.from(pdf.bytes);
      altered[3000] = altered[3000]! ^ 0x01;
      const report = await verify(altered);
      expect(report.verdict).toBe('altered');
      expect(report.problems.map((p) => p.code)).toEqual(['DIGEST_MISMATCH']);
      expect(report.reasons.join(' ')).toMatch(/altered after signing/);
    });
  });

  it('a JSON summary for a third party, verified; the same with one byte changed is not', async () => {
    const res = await issue(child, {
      kind: 'summary',
      format: 'json',
      languages: ['ar'],
      purpose: 'identity-document',
      requester: { name: 'Agence X', relation: 'third-party', idDocument: 'RC 1234' },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const doc = res.json() as { extract: ExtractDocument; signature: { keyId: string } };
    expect(doc.extract).toMatchObject({ kind: 'summary', idcs: child, languages: ['ar'] });
    expect(doc.extract.text.rows.find((r) => r.key === 'paternalGrandfather')?.value).toEqual({
      ar: 'أحمد',
    });
    expect((await verify(res.bytes)).verdict).toBe('valid');

    const at = res.bytes.indexOf(child) + 2;
    const altered = Buffer.from(res.bytes);
    altered[at] = altered[at] === 0x30 ? 0x31 : 0x30;
    const report = await verify(altered);
    expect(report.verdict).toBe('not-authentic');
    expect(report.problems.map((p) => p.code)).toEqual(['BAD_SIGNATURE']);

    // Re-signed by someone else's key: the register does not know it.
    const other = signingKeyFrom(generateSigningKeyPem());
    const forged = await verify(sealJson(doc.extract, other));
    expect(forged.verdict).toBe('not-authentic');
    expect(forged.problems.map((p) => p.code)).toEqual(['UNKNOWN_KEY']);
    expect(forged.reasons[0]).toContain(other.keyId);

    // Sent as application/json: checked after parsing, and says so.
    const parsed = await call('POST', '/extracts/verify', {
      body: JSON.parse(res.bytes.toString('utf8')),
    });
    expect(parsed.json()).toMatchObject({ verdict: 'valid' });
  });

  it('a full copy only to the person, family, spouse or on authorisation (409 with the rule)', async () => {
    const stranger = await issue(child, {
      kind: 'full-copy',
      format: 'pdf',
      purpose: 'administrative',
      requester: { name: 'Agence X', relation: 'third-party' },
    });
    expect(stranger.status).toBe(409);
    expect(stranger.json()).toMatchObject({ rule: 'FULL_COPY_REQUESTER' });
    const notTheSpouse = await issue(child, {
      kind: 'full-copy',
      format: 'pdf',
      purpose: 'administrative',
      requester: { name: 'X', relation: 'spouse', idcs: father },
    });
    expect(notTheSpouse.status).toBe(409);
    expect(notTheSpouse.json()).toMatchObject({ rule: 'REQUESTER_RELATION_ON_RECORD' });
    const bad = await issue(child, { kind: 'copy', format: 'pdf', purpose: 'x', requester: {} });
    expect(bad.status).toBe(400);
    expect(
      (await call('POST', `/persons/${child}/extracts`, { role: 'planner', body: {} })).status,
    ).toBe(403);
  });

  it('a marriage file writes the marginal note, which does not supersede its own extract', async () => {
    const res = await issue(father, {
      kind: 'summary',
      format: 'pdf',
      purpose: 'marriage-file',
      requester: { name: 'عبد الله العلوي', relation: 'self', idcs: father },
    });
    expect(res.status).toBe(201);
    const code = res.headers.get('x-sijill-extract-code')!;
    const events = await server.store.readStream(`person-${father}`);
    expect(events[events.length - 1]).toMatchObject({
      type: 'MarriageFileExtractNoted',
      data: { idcs: father, extractCode: code },
    });
    expect((await call('GET', `/extracts/${code}`)).json()).toMatchObject({
      status: 'valid',
      changes: [],
    });
    // A full copy issued afterwards lists the note among the marginal notes.
    const full = await issue(father, {
      kind: 'full-copy',
      format: 'json',
      purpose: 'administrative',
      requester: { name: 'x', relation: 'self' },
    });
    const notes = (full.json() as { extract: ExtractDocument }).extract.text.notes;
    expect(notes.map((n) => [n.type, n.text.ar])).toEqual([
      ['MarriageFileExtractNoted', expect.stringContaining(code)],
    ]);
  });

  it('a record rectified after issue: the extract is superseded, the event named; and the CLI says so', async () => {
    const res = await issue(child, {
      kind: 'summary',
      format: 'pdf',
      purpose: 'administrative',
      requester: asFather,
    });
    const code = res.headers.get('x-sijill-extract-code')!;
    const file = join(dir, 'summary.pdf');
    writeFileSync(file, res.bytes);
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [join(ROOT, 'bin', 'sijill.js'), 'verify-extract', ...args], {
        cwd: ROOT,
        env: {
          ...process.env,
          DATABASE_URL: server.db.url,
          SIJILL_SIGNING_KEY: SIGNING_KEY,
          LOG_LEVEL: 'warn',
        },
        encoding: 'utf8',
      });
    const before = cli(file);
    expect(before.stdout).toMatch(/^VALID: pdf extract/);
    expect(before.status).toBe(0);

    const rectified = await server
      .as('registrar', 'BEC-0412')
      .post<{ position: number }>(`/persons/${child}/rectifications`, {
        field: 'givenName.lat',
        oldValue: 'Youssef',
        newValue: 'Youssouf',
        legalBasis: judgment('J-77'),
      });
    expect(rectified.status).toBe(201);

    const status = (await call('GET', `/extracts/${code}`)).json();
    expect(status).toMatchObject({
      status: 'superseded',
      changes: [
        {
          type: 'RectificationNoted',
          change: 'rectified',
          field: 'givenName.lat',
          position: rectified.body.position,
          supersedes: true,
        },
      ],
    });
    const report = await verify(res.bytes);
    expect(report.verdict).toBe('superseded');
    expect(report.reasons.join('\n')).toMatch(
      /rectified after issue: RectificationNoted \(givenName\.lat\)/,
    );

    const after = cli(file, '--json');
    expect(after.status).toBe(2);
    expect(JSON.parse(after.stdout)).toMatchObject({
      verdict: 'superseded',
      authentic: true,
      unaltered: true,
    });
    const offline = cli(file, '--offline');
    expect([offline.status, offline.stdout.split('\n')[0]]).toEqual([0, 'VALID: pdf extract']);

    const altered = Buffer.from(res.bytes);
    altered[1000] = altered[1000]! ^ 0x20;
    writeFileSync(file, altered);
    const tampered = cli(file);
    expect(tampered.status).toBe(1);
    expect(tampered.stdout).toMatch(/^ALTERED/);
    expect(tampered.stdout).toMatch(/altered after signing/);
  });

  it('publishes its keys; an unknown code is unknown', async () => {
    const keys = (await call('GET', '/extracts/keys')).json() as unknown as { keyId: string }[];
    expect(keys.map((k) => k.keyId)).toContain(signingKeyFrom(SIGNING_KEY).keyId);
    const unknown = await call('GET', '/extracts/ABCDE-12345');
    expect([unknown.status, unknown.json().status]).toEqual([404, 'unknown']);
    expect((await call('GET', '/extracts/not-a-code')).status).toBe(400);
    expect(canonicalJson({ b: 1, a: [1, 'x'] })).toBe('{"a":[1,"x"],"b":1}');
    expect(readFileSync(join(dir, 'full.png')).subarray(1, 4).toString()).toBe('PNG');
  });
});
