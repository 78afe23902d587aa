import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningKeyPem, loadSigningKey, loadTrustedKeys, signingKeyFrom } from './signing';

describe('the extract-signing key', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sijill-keys-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is generated once under the data folder in development, then reused', () => {
    const env = { SIJILL_DATA_DIR: dir };
    const first = loadSigningKey(env);
    const file = join(dir, 'dev-extract-signing-key.pem');
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(loadSigningKey(env).keyId).toBe(first.keyId);
    expect(first.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(loadTrustedKeys(env).find(first.keyId)).toBeDefined();
  });

  it('comes from SIJILL_SIGNING_KEY or SIJILL_SIGNING_KEY_FILE; production has no default', () => {
    const pem = generateSigningKeyPem();
    const expected = signingKeyFrom(pem).keyId;
    expect(loadSigningKey({ SIJILL_SIGNING_KEY: pem, SIJILL_DATA_DIR: dir }).keyId).toBe(expected);
    writeFileSync(join(dir, 'k.pem'), pem);
    expect(loadSigningKey({ SIJILL_SIGNING_KEY_FILE: join(dir, 'k.pem') }).keyId).toBe(expected);
    expect(() => loadSigningKey({ NODE_ENV: 'production', SIJILL_DATA_DIR: dir })).toThrow(
      /SIJILL_SIGNING_KEY/,
    );
    expect(existsSync(join(dir, 'dev-extract-signing-key.pem'))).toBe(false);
  });

  it('must be Ed25519', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => signingKeyFrom(pem)).toThrow(/Ed25519/);
  });

  it('verifying trusts earlier keys listed in SIJILL_EXTRACT_TRUSTED_KEYS, and creates none', () => {
    const old = signingKeyFrom(generateSigningKeyPem());
    const file = join(dir, 'old.pem');
    writeFileSync(file, old.publicKey.export({ format: 'pem', type: 'spki' }));
    const keys = loadTrustedKeys({ SIJILL_DATA_DIR: dir, SIJILL_EXTRACT_TRUSTED_KEYS: file });
    expect(keys.find(old.keyId)).toBeDefined();
    expect(keys.published()).toEqual([
      { keyId: old.keyId, alg: 'Ed25519', publicKeyPem: readFileSync(file, 'utf8') },
    ]);
    expect(existsSync(join(dir, 'dev-extract-signing-key.pem'))).toBe(false);
  });
});
