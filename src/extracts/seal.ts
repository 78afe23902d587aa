/**
 * Signing an extract file so that any change to any of its bytes is detected, and checking
 * it offline (with the public keys alone).
 *
 * PDF. The signature is a last line appended after PDFKit's `%%EOF` (readers ignore what
 * follows; PDF comments start with `%`):
 *
 *     %SIJILL-EXTRACT-SIGNATURE-1 <manifest> <signature>\n
 *
 * `<manifest>` is canonical JSON (ASCII only: other characters escaped as \uXXXX) naming the
 * key, the extract's code, IDCS, kind, languages, the position it reflects, when it was
 * issued, and `sha256`: the digest of every byte of the file before this line.
 * `<signature>` is the Ed25519 signature of the manifest's bytes, base64url. The verifier
 * recomputes the digest of the bytes before the line, re-serialises the manifest and checks
 * the signature: a changed byte before the line breaks the digest, in the manifest its
 * canonical form or the signature, in the signature the signature; nothing may follow the
 * line. The line is short (well under the 1024 bytes readers search for `%%EOF` in).
 *
 * JSON. The file is the canonical JSON of `{"extract": …, "signature": {"alg", "keyId",
 * "value"}}` followed by one newline; `value` signs the canonical bytes of `extract`. The
 * verifier requires the file to be exactly that canonical form, so even a changed space is
 * detected, and checks the signature.
 */
import { createHash } from 'node:crypto';
import type { ExtractKind, ExtractLanguage } from '../domain';
import { canonicalJson } from './canonical';
import type { ExtractDocument } from './document';
import { SIGNATURE_ALGORITHM, type SigningKey, type TrustedKeys } from './signing';

export const PDF_SIGNATURE_TAG = '%SIJILL-EXTRACT-SIGNATURE-1 ';

/** What an extract says about itself, as its signature covers it. */
export interface ExtractFacts {
  code: string;
  idcs: string;
  kind: ExtractKind;
  languages: ExtractLanguage[];
  reflects: { position: number; streamVersion: number };
  issuedAt: string;
  validUntil: string;
}

export interface PdfManifest extends ExtractFacts {
  v: 1;
  alg: typeof SIGNATURE_ALGORITHM;
  keyId: string;
  sha256: string;
}

export type ProblemCode =
  | 'NOT_AN_EXTRACT'
  | 'MALFORMED_SIGNATURE'
  | 'NOT_CANONICAL'
  | 'DATA_AFTER_SIGNATURE'
  | 'DIGEST_MISMATCH'
  | 'UNKNOWN_KEY'
  | 'BAD_SIGNATURE';

export interface Problem {
  code: ProblemCode;
  reason: string;
}

export interface OfflineVerification {
  format: 'pdf' | 'json' | 'unknown';
  /** Signed by a key this verifier trusts, and the signature holds. */
  authentic: boolean;
  /** Every byte is the one that was signed. */
  unaltered: boolean;
  keyId?: string;
  facts?: ExtractFacts;
  /** SHA-256 of the whole file, as the register recorded it when issuing. */
  sha256: string;
  problems: Problem[];
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const asciiJson = (value: unknown) =>
  canonicalJson(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
const BASE64URL_SIGNATURE = /^[A-Za-z0-9_-]{86}$/;

/** Decodes a base64url Ed25519 signature only in its one canonical spelling. */
function signatureBytes(text: unknown): Buffer | null {
  if (typeof text !== 'string' || !BASE64URL_SIGNATURE.test(text)) return null;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.length === 64 && bytes.toString('base64url') === text ? bytes : null;
}

export function factsOf(extract: ExtractDocument): ExtractFacts {
  return {
    code: extract.code,
    idcs: extract.idcs,
    kind: extract.kind,
    languages: extract.languages,
    reflects: extract.reflects,
    issuedAt: extract.issued.at,
    validUntil: extract.validUntil,
  };
}

export function sealPdf(pdf: Buffer, facts: ExtractFacts, key: SigningKey): Buffer {
  const body = pdf[pdf.length - 1] === 0x0a ? pdf : Buffer.concat([pdf, Buffer.from('\n')]);
  const manifest: PdfManifest = {
    v: 1,
    alg: SIGNATURE_ALGORITHM,
    keyId: key.keyId,
    ...facts,
    sha256: sha256(body),
  };
  const text = asciiJson(manifest);
  const signature = key.sign(Buffer.from(text, 'ascii')).toString('base64url');
  return Buffer.concat([body, Buffer.from(`${PDF_SIGNATURE_TAG}${text} ${signature}\n`, 'ascii')]);
}

export function sealJson(extract: ExtractDocument, key: SigningKey): Buffer {
  const value = key.sign(Buffer.from(canonicalJson(extract), 'utf8')).toString('base64url');
  const signed = { extract, signature: { alg: SIGNATURE_ALGORITHM, keyId: key.keyId, value } };
  return Buffer.from(`${canonicalJson(signed)}\n`, 'utf8');
}

/** Checks a file, PDF or JSON extract, with the trusted public keys only. */
export function verifyOffline(file: Buffer, keys: TrustedKeys): OfflineVerification {
  const digest = sha256(file);
  if (file.subarray(0, 5).toString('latin1') === '%PDF-') return verifyPdf(file, keys, digest);
  if (file[0] === 0x7b) return verifyJson(file, keys, digest);
  return {
    format: 'unknown',
    authentic: false,
    unaltered: false,
    sha256: digest,
    problems: [{ code: 'NOT_AN_EXTRACT', reason: 'neither a PDF nor a JSON extract' }],
  };
}

function verifyPdf(file: Buffer, keys: TrustedKeys, digest: string): OfflineVerification {
  const result: OfflineVerification = {
    format: 'pdf',
    authentic: false,
    unaltered: false,
    sha256: digest,
    problems: [],
  };
  const at = file.lastIndexOf(`\n${PDF_SIGNATURE_TAG}`, undefined, 'latin1');
  if (at < 0) {
    result.problems.push({ code: 'NOT_AN_EXTRACT', reason: 'the PDF carries no Sijill signature' });
    return result;
  }
  const body = file.subarray(0, at + 1);
  const end = file.indexOf('\n', at + 1);
  if (end !== file.length - 1)
    result.problems.push({
      code: 'DATA_AFTER_SIGNATURE',
      reason: 'bytes were added after the signature line (or its line end was changed)',
    });
  const line = file.subarray(at + 1 + PDF_SIGNATURE_TAG.length, end < 0 ? file.length : end);
  const text = line.toString('latin1');
  const space = text.lastIndexOf(' ');
  const manifestText = text.slice(0, space);
  let manifest: PdfManifest;
  try {
    manifest = JSON.parse(manifestText) as PdfManifest;
  } catch {
    result.problems.push({
      code: 'MALFORMED_SIGNATURE',
      reason: 'the signature line is not readable',
    });
    return result;
  }
  if (
    typeof manifest !== 'object' ||
    manifest === null ||
    manifest.v !== 1 ||
    manifest.alg !== SIGNATURE_ALGORITHM
  ) {
    result.problems.push({
      code: 'MALFORMED_SIGNATURE',
      reason: 'not a version 1 Ed25519 signature line',
    });
    return result;
  }
  if (asciiJson(manifest) !== manifestText) {
    result.problems.push({
      code: 'NOT_CANONICAL',
      reason: 'the signed manifest is not in its canonical form: it was edited',
    });
    return result;
  }
  result.keyId = manifest.keyId;
  const { v: _v, alg: _alg, keyId: _k, sha256: _s, ...facts } = manifest;
  result.facts = facts;
  checkSignature(
    result,
    keys,
    manifest.keyId,
    Buffer.from(manifestText, 'latin1'),
    text.slice(space + 1),
  );
  if (sha256(body) !== manifest.sha256)
    result.problems.push({
      code: 'DIGEST_MISMATCH',
      reason: 'the document was altered after signing: its bytes no longer match the signed digest',
    });
  // Without a trusted signature nothing says what the bytes should be.
  result.unaltered = result.authentic && result.problems.length === 0;
  return result;
}

function verifyJson(file: Buffer, keys: TrustedKeys, digest: string): OfflineVerification {
  const result: OfflineVerification = {
    format: 'json',
    authentic: false,
    unaltered: false,
    sha256: digest,
    problems: [],
  };
  let parsed: {
    extract?: ExtractDocument;
    signature?: { alg?: string; keyId?: string; value?: string };
  };
  try {
    parsed = JSON.parse(file.toString('utf8')) as typeof parsed;
  } catch {
    result.problems.push({ code: 'NOT_AN_EXTRACT', reason: 'not valid JSON' });
    return result;
  }
  const extract = parsed?.extract;
  const signature = parsed?.signature;
  if (
    !extract ||
    typeof extract !== 'object' ||
    typeof extract.issued !== 'object' ||
    !signature ||
    typeof signature.keyId !== 'string' ||
    signature.alg !== SIGNATURE_ALGORITHM
  ) {
    result.problems.push({ code: 'NOT_AN_EXTRACT', reason: 'not a signed Sijill extract' });
    return result;
  }
  result.keyId = signature.keyId;
  result.facts = factsOf(extract);
  const canonical = Buffer.from(`${canonicalJson(parsed)}\n`, 'utf8');
  if (!canonical.equals(file))
    result.problems.push({
      code: 'NOT_CANONICAL',
      reason: 'the file is not byte for byte the canonical form it was issued in: it was edited',
    });
  checkSignature(
    result,
    keys,
    signature.keyId,
    Buffer.from(canonicalJson(extract), 'utf8'),
    signature.value,
  );
  result.unaltered = result.authentic && result.problems.length === 0;
  return result;
}

function checkSignature(
  result: OfflineVerification,
  keys: TrustedKeys,
  keyId: string,
  signed: Buffer,
  signatureText: unknown,
): void {
  const signature = signatureBytes(signatureText);
  if (!signature) {
    result.problems.push({
      code: 'MALFORMED_SIGNATURE',
      reason: 'the signature is not a base64url Ed25519 signature',
    });
    return;
  }
  if (!keys.find(keyId)) {
    result.problems.push({
      code: 'UNKNOWN_KEY',
      reason: `signed with key ${keyId}, which is not one of the register's keys`,
    });
    return;
  }
  if (!keys.verify(keyId, signed, signature)) {
    result.problems.push({
      code: 'BAD_SIGNATURE',
      reason: `the signature does not verify with the register's key ${keyId}: signed by another key, or altered`,
    });
    return;
  }
  result.authentic = true;
}
