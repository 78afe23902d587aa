import fc from 'fast-check';
import { canonicalJson } from './canonical';
import { documentOf, sealed } from './draw';
import { verifyOffline, type OfflineVerification } from './seal';
import { generateSigningKeyPem, signingKeyFrom, TrustedKeys } from './signing';
import { draft, lifeOf, P } from './testing/fixtures';

const key = signingKeyFrom(generateSigningKeyPem());
const trusted = new TrustedKeys([key.publicKey]);
const doc = documentOf(draft(), lifeOf(), { ar: 'إدريس' }, key.keyId, 'http://localhost:3000');
let pdf: Buffer;
let json: Buffer;
beforeAll(async () => {
  pdf = await sealed(doc, 'pdf', key);
  json = await sealed(doc, 'json', key);
});

const ok = (r: OfflineVerification) => r.authentic && r.unaltered && r.problems.length === 0;
const codes = (r: OfflineVerification) => r.problems.map((p) => p.code);
const withByte = (file: Buffer, at: number, value: number) => {
  const copy = Buffer.from(file);
  copy[at] = value;
  return copy;
};

describe('sealed extracts, verified offline', () => {
  it('a PDF and a JSON extract verify, and say what they reflect', () => {
    for (const file of [pdf, json]) {
      const r = verifyOffline(file, trusted);
      expect(ok(r)).toBe(true);
      expect(r.keyId).toBe(key.keyId);
      expect(r.facts).toEqual({
        code: '7K3M9QW2XD',
        idcs: P,
        kind: 'full-copy',
        languages: ['ar', 'fr'],
        reflects: { position: 102, streamVersion: 3 },
        issuedAt: '2025-03-10T10:00:00+01:00',
        validUntil: '2025-06-10',
      });
    }
    expect(verifyOffline(pdf, trusted).format).toBe('pdf');
    expect(verifyOffline(json, trusted).format).toBe('json');
  });

  it('draws the same document to the same bytes', async () => {
    expect((await sealed(doc, 'pdf', key)).equals(pdf)).toBe(true);
    expect((await sealed(doc, 'json', key)).equals(json)).toBe(true);
  });

  it('detects a change of any one byte, anywhere in either file', () => {
    for (const file of [pdf, json])
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: file.length - 1 }),
          fc.integer({ min: 1, max: 255 }),
          (at, delta) => !ok(verifyOffline(withByte(file, at, (file[at]! + delta) % 256), trusted)),
        ),
        { numRuns: 400 },
      );
  });

  it('names the reason: content, signature line, bytes appended, another key', () => {
    // A byte inside the PDF's body (its first content stream).
    const body = verifyOffline(withByte(pdf, 2000, pdf[2000]! ^ 1), trusted);
    expect(body.authentic).toBe(true);
    expect(codes(body)).toEqual(['DIGEST_MISMATCH']);
    expect(body.problems[0]!.reason).toMatch(/altered after signing/);

    const tag = pdf.lastIndexOf('"code":"') + 8;
    expect(codes(verifyOffline(withByte(pdf, tag, 'Z'.charCodeAt(0)), trusted))).toEqual([
      'BAD_SIGNATURE',
    ]);
    expect(codes(verifyOffline(Buffer.concat([pdf, Buffer.from(' ')]), trusted))).toContain(
      'DATA_AFTER_SIGNATURE',
    );

    const other = signingKeyFrom(generateSigningKeyPem());
    const forged = documentOf(draft(), lifeOf(), null, other.keyId, 'http://x');
    return Promise.all([sealed(forged, 'pdf', other), sealed(forged, 'json', other)]).then(
      (files) => {
        for (const f of files) {
          const r = verifyOffline(f, trusted);
          expect(r.authentic).toBe(false);
          expect(codes(r)).toEqual(['UNKNOWN_KEY']);
          expect(r.problems[0]!.reason).toContain(other.keyId);
        }
      },
    );
  });

  it('a signature by another key under the register’s key id does not verify', async () => {
    const other = signingKeyFrom(generateSigningKeyPem());
    const impostor = { ...other, keyId: key.keyId };
    for (const format of ['pdf', 'json'] as const) {
      const r = verifyOffline(await sealed(doc, format, impostor), trusted);
      expect(codes(r)).toEqual(['BAD_SIGNATURE']);
      expect(r.problems[0]!.reason).toMatch(/another key/);
    }
  });

  it('a JSON extract must stay in its canonical form', () => {
    const spaced = Buffer.from(json.toString('utf8').replace('{"extract":', '{ "extract":'));
    expect(codes(verifyOffline(spaced, trusted))).toEqual(['NOT_CANONICAL']);
    const parsed = JSON.parse(json.toString('utf8'));
    parsed.extract.idcs = '1234567897';
    const edited = Buffer.from(`${canonicalJson(parsed)}\n`);
    expect(codes(verifyOffline(edited, trusted))).toEqual(['BAD_SIGNATURE']);
  });

  it('refuses what is not an extract', () => {
    expect(codes(verifyOffline(Buffer.from('%PDF-1.7\n%%EOF\n'), trusted))).toEqual([
      'NOT_AN_EXTRACT',
    ]);
    expect(codes(verifyOffline(Buffer.from('hello'), trusted))).toEqual(['NOT_AN_EXTRACT']);
    expect(codes(verifyOffline(Buffer.from('{"a":1}'), trusted))).toEqual(['NOT_AN_EXTRACT']);
  });
});
