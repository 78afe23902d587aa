/**
 * The extract's short code: ten characters of Crockford's base 32 (50 random bits), printed
 * under the QR code and typed by whoever checks a paper copy. Crockford's alphabet has no
 * I, L, O or U; reading takes I and L for 1 and O for 0, so a code copied by hand resolves.
 */
import { randomBytes } from 'node:crypto';
import { EXTRACT_CODE } from '../domain';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newExtractCode(): string {
  const bytes = randomBytes(10);
  let code = '';
  for (const b of bytes) code += ALPHABET[b & 31];
  return code;
}

/** The code as typed ("7k3m9-qw2xd", "7K3M 9QW2XD", "7K3M9QWZXO"), or null when it cannot be one. */
export function normaliseExtractCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  return EXTRACT_CODE.test(code) ? code : null;
}

/** As printed: two groups of five. */
export const displayCode = (code: string): string => `${code.slice(0, 5)}-${code.slice(5)}`;
