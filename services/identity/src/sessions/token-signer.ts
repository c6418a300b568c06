import { exportJWK, importJWK, SignJWT, type JSONWebKeySet, type JWK, type KeyLike } from 'jose';
import type { IntegratorKind, RoleClaim } from '@gongzhi/subgraph-kit';

/** Signs access tokens with the current EC P-256 key and publishes the public keys (JWKS). */
export class TokenSigner {
  private constructor(
    private readonly privateKey: KeyLike | Uint8Array,
    private readonly kid: string,
    private readonly publicKeys: JWK[],
    private readonly issuer: string,
    private readonly audience: string,
  ) {}

  static async fromJwk(
    privateJwkJson: string,
    previousPublicJwksJson: string,
    issuer: string,
    audience: string,
  ): Promise<TokenSigner> {
    const jwk = JSON.parse(privateJwkJson) as JWK;
    const privateKey = await importJWK(jwk, 'ES256');
    const { d: _d, ...publicPart } = jwk;
    const current: JWK = { ...publicPart, alg: 'ES256', use: 'sig' };
    const previous = (JSON.parse(previousPublicJwksJson) as JWK[]).filter((k) => k.kid !== jwk.kid);
    return new TokenSigner(privateKey, String(jwk.kid), [current, ...previous], issuer, audience);
  }

  jwks(): JSONWebKeySet {
    return { keys: this.publicKeys };
  }

  signUser(userId: string, roles: RoleClaim[], ttlSeconds: number, householdId: string | null = null): Promise<string> {
    return this.sign({ typ: 'user', roles, ...(householdId ? { hh: householdId } : {}) }, userId, ttlSeconds);
  }

  signClient(clientId: string, kind: IntegratorKind, scopes: string[], region: string, ttlSeconds: number): Promise<string> {
    return this.sign({ typ: 'client', ck: kind, scope: scopes.join(' '), region }, clientId, ttlSeconds);
  }

  private sign(claims: Record<string, unknown>, subject: string, ttlSeconds: number): Promise<string> {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: this.kid, typ: 'JWT' })
      .setSubject(subject)
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .sign(this.privateKey);
  }
}

/** A fresh signing key as a private JWK (for `npm run keys`, dev start and tests). */
export async function generateSigningJwk(): Promise<JWK> {
  const { generateKeyPair } = await import('jose');
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: `gz-${new Date().toISOString().slice(0, 10)}-${Math.random().toString(36).slice(2, 8)}` };
}
