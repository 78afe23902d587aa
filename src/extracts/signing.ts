/**
 * The register's extract-signing key (Ed25519, Law 43-20's electronic signature in its
 * simplest form) and the public keys an extract may be verified with.
 *
 * - SIJILL_SIGNING_KEY: the private key, PEM (PKCS #8); or SIJILL_SIGNING_KEY_FILE, a path to
 *   it. Production refuses to start without one.
 * - Otherwise (development): a key generated on first use under the data folder
 *   (`<SIJILL_DATA_DIR>/dev-extract-signing-key.pem`), like the development JWT secret.
 * - SIJILL_EXTRACT_TRUSTED_KEYS: more PEM files of public keys (previous keys after a
 *   rotation), separated by the platform's path delimiter (":" on Linux).
 *
 * A key is named by its id: the first 16 hex digits of the SHA-256 of its 32-byte raw public
 * key. The extract names the id; a verifier looks the public key up by it.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign as edSign,
  verify as edVerify,
  type KeyObject,
} from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { loadConfig } from '../config';

export const SIGNATURE_ALGORITHM = 'Ed25519';

export interface SigningKey {
  keyId: string;
  sign(data: Uint8Array): Buffer;
  publicKey: KeyObject;
}

export interface PublishedKey {
  keyId: string;
  alg: typeof SIGNATURE_ALGORITHM;
  publicKeyPem: string;
}

export function keyIdOf(publicKey: KeyObject): string {
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string')
    throw new Error('extract keys are Ed25519 keys');
  const raw = Buffer.from(jwk.x, 'base64url');
  return createHash('sha256').update(raw).digest('hex').slice(0, 16);
}

export function signingKeyFrom(privateKeyPem: string | Buffer): SigningKey {
  const privateKey = createPrivateKey(privateKeyPem);
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new Error(`the extract-signing key must be Ed25519, not ${privateKey.asymmetricKeyType}`);
  const publicKey = createPublicKey(privateKey);
  return {
    keyId: keyIdOf(publicKey),
    publicKey,
    // Ed25519 signs the message itself (no pre-hash): the algorithm argument is null.
    sign: (data) => edSign(null, data, privateKey),
  };
}

/** A fresh key pair as PEM, for `npx sijill` operators and tests. */
export function generateSigningKeyPem(): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  return privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

const devKeyFile = (env: NodeJS.ProcessEnv) =>
  join(loadConfig(env).dataDir, 'dev-extract-signing-key.pem');

function configuredPem(env: NodeJS.ProcessEnv): string | null {
  if (env.SIJILL_SIGNING_KEY) return env.SIJILL_SIGNING_KEY.replace(/\\n/g, '\n');
  if (env.SIJILL_SIGNING_KEY_FILE) return readFileSync(env.SIJILL_SIGNING_KEY_FILE, 'utf8');
  return null;
}

/** The key extracts are signed with; in development, generated once under the data folder. */
export function loadSigningKey(env: NodeJS.ProcessEnv = process.env): SigningKey {
  const pem = configuredPem(env);
  if (pem) return signingKeyFrom(pem);
  if (env.NODE_ENV === 'production')
    throw new Error('set SIJILL_SIGNING_KEY or SIJILL_SIGNING_KEY_FILE: no development key');
  const file = devKeyFile(env);
  if (!existsSync(file)) {
    mkdirSync(loadConfig(env).dataDir, { recursive: true });
    // Written whole under another name, then linked: processes starting together (test
    // servers) all end up with the one key that won, never with a half-written file.
    const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(draft, generateSigningKeyPem(), { mode: 0o600 });
    try {
      linkSync(draft, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(draft);
    }
  }
  return signingKeyFrom(readFileSync(file));
}

/** The public keys extracts are verified with, by key id. */
export class TrustedKeys {
  private readonly byId = new Map<string, KeyObject>();

  constructor(keys: Iterable<KeyObject>) {
    for (const key of keys) this.byId.set(keyIdOf(key), key);
  }

  find(keyId: string): KeyObject | undefined {
    return this.byId.get(keyId);
  }

  verify(keyId: string, data: Uint8Array, signature: Uint8Array): boolean {
    const key = this.byId.get(keyId);
    return key !== undefined && edVerify(null, data, key, signature);
  }

  published(): PublishedKey[] {
    return [...this.byId].map(([keyId, key]) => ({
      keyId,
      alg: SIGNATURE_ALGORITHM,
      publicKeyPem: key.export({ format: 'pem', type: 'spki' }).toString(),
    }));
  }
}

/** Public keys in PEM files (public or private keys: only the public half is kept). */
export function publicKeysFromPem(text: string): KeyObject[] {
  const blocks = text.match(/-----BEGIN [A-Z ]+-----[\s\S]+?-----END [A-Z ]+-----/g) ?? [];
  return blocks.map((block) => createPublicKey(block));
}

/**
 * The signing key's public half (when one is configured, or the development key exists:
 * verifying never creates a key) and every key of SIJILL_EXTRACT_TRUSTED_KEYS, plus `extra`.
 */
export function loadTrustedKeys(
  env: NodeJS.ProcessEnv = process.env,
  extra: readonly KeyObject[] = [],
): TrustedKeys {
  const keys: KeyObject[] = [...extra];
  const pem = configuredPem(env);
  if (pem) keys.push(signingKeyFrom(pem).publicKey);
  else if (existsSync(devKeyFile(env))) keys.push(createPublicKey(readFileSync(devKeyFile(env))));
  for (const file of (env.SIJILL_EXTRACT_TRUSTED_KEYS ?? '').split(delimiter).filter(Boolean))
    keys.push(...publicKeysFromPem(readFileSync(file, 'utf8')));
  return new TrustedKeys(keys);
}
