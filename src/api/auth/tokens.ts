/**
 * Bearer tokens: JWTs naming the user (sub), their role and their office. Verified with
 * a configured shared key (SIJILL_JWT_SECRET, HS256) or a JWKS endpoint (SIJILL_JWKS_URL);
 * on a development machine with neither, with a key generated once under the data folder,
 * which `npx sijill token` also uses.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { loadConfig } from '../../config';

export const ROLES = [
  'registrar',
  'health-facility',
  'legal',
  'planner',
  'partner',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  userId: string;
  role: Role;
  office?: string;
}

export class InvalidToken extends Error {}

const ISSUER = process.env.SIJILL_JWT_ISSUER ?? 'sijill';
const AUDIENCE = process.env.SIJILL_JWT_AUDIENCE ?? 'sijill-register';

function developmentSecret(): Uint8Array {
  const dir = loadConfig().dataDir;
  const file = join(dir, 'dev-jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
}

function sharedSecret(): Uint8Array | null {
  if (process.env.SIJILL_JWT_SECRET) return Buffer.from(process.env.SIJILL_JWT_SECRET, 'utf8');
  if (process.env.SIJILL_JWKS_URL) return null;
  if (process.env.NODE_ENV === 'production')
    throw new Error('set SIJILL_JWT_SECRET or SIJILL_JWKS_URL: no development key in production');
  return developmentSecret();
}

/**
 * Tokens already verified, so that a client sending the same token on every request pays
 * for its signature once. Keyed by the whole token, signature included: a token that
 * differs in any byte is verified afresh. An entry lasts until the token expires, and at
 * most VERIFIED_FOR_MS, so that a key withdrawn from the JWKS stops being honoured soon.
 */
const VERIFIED_FOR_MS = 60_000;
const MAX_VERIFIED = 10_000;

interface Verified {
  principal: Principal;
  until: number;
}

export class TokenService {
  private readonly secret: Uint8Array | null;
  private readonly jwks: JWTVerifyGetKey | null;
  private readonly verified = new Map<string, Verified>();

  constructor() {
    this.secret = sharedSecret();
    this.jwks = this.secret ? null : createRemoteJWKSet(new URL(process.env.SIJILL_JWKS_URL!));
  }

  async verify(token: string): Promise<Principal> {
    const known = this.verified.get(token);
    if (known) {
      if (Date.now() < known.until) return known.principal;
      this.verified.delete(token);
    }
    const { principal, expiresAt } = await this.verifyAfresh(token);
    if (this.verified.size >= MAX_VERIFIED) this.verified.clear();
    this.verified.set(token, {
      principal,
      until: Math.min(expiresAt ?? Infinity, Date.now() + VERIFIED_FOR_MS),
    });
    return principal;
  }

  private async verifyAfresh(
    token: string,
  ): Promise<{ principal: Principal; expiresAt: number | undefined }> {
    let payload: Record<string, unknown>;
    try {
      const options = { issuer: ISSUER, audience: AUDIENCE };
      payload = (
        this.secret
          ? await jwtVerify(token, this.secret, options)
          : await jwtVerify(token, this.jwks!, options)
      ).payload;
    } catch (error) {
      throw new InvalidToken(error instanceof Error ? error.message : 'invalid token');
    }
    const role = payload.role;
    if (typeof payload.sub !== 'string' || !payload.sub)
      throw new InvalidToken('the token names no user (sub)');
    if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role))
      throw new InvalidToken(`the token's role must be one of ${ROLES.join(', ')}`);
    const office = typeof payload.office === 'string' ? payload.office : undefined;
    if ((role === 'registrar' || role === 'health-facility') && !office)
      throw new InvalidToken(`a ${role} token must name an office`);
    return {
      // Frozen: one object serves every request that presents the token.
      principal: Object.freeze({
        userId: payload.sub,
        role: role as Role,
        ...(office ? { office } : {}),
      }),
      // jwtVerify checked `exp` against now: the entry must not outlive it.
      expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : undefined,
    };
  }

  /** Signs a token with the shared or development key (not possible with a JWKS). */
  async sign(principal: Principal, expiresIn = '8h'): Promise<string> {
    if (!this.secret)
      throw new Error('tokens are issued by the identity provider behind SIJILL_JWKS_URL');
    return new SignJWT({
      role: principal.role,
      ...(principal.office ? { office: principal.office } : {}),
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(principal.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(expiresIn)
      .sign(this.secret);
  }
}
