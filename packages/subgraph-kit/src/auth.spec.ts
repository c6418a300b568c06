import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createTokenVerifier, hasRoleOver, Role } from './auth';

async function setup() {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' };
  const verify = createTokenVerifier({ jwks: { keys: [jwk] }, issuer: 'gongzhi-identity', audience: 'gongzhi' });
  const sign = (exp: number, claims: Record<string, unknown> = {}) =>
    new SignJWT({ typ: 'user', roles: [{ role: 'VILLAGE_CADRE', region: '510681106001' }], hh: 'h1', ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setSubject('u1')
      .setIssuer('gongzhi-identity')
      .setAudience('gongzhi')
      .setExpirationTime(exp)
      .sign(privateKey);
  return { verify, sign };
}

describe('token verification', () => {
  it('reads the principal, and a remembered token still stops working at its expiry', async () => {
    const { verify, sign } = await setup();
    // Two seconds ahead: with one, a token signed late in a second had expired before its first use.
    const expiresAt = Math.floor(Date.now() / 1000) + 2;
    const token = await sign(expiresAt);
    const principal = await verify(token);
    expect(principal).toEqual({ kind: 'user', userId: 'u1', roles: [{ role: 'VILLAGE_CADRE', region: '510681106001' }], householdId: 'h1' });
    expect(await verify(token)).toBe(principal);
    await new Promise((r) => setTimeout(r, expiresAt * 1000 - Date.now() + 100));
    await expect(verify(token)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
  });

  it('refuses a token for another audience', async () => {
    const { verify } = await setup();
    const { privateKey } = await generateKeyPair('ES256');
    const foreign = await new SignJWT({ typ: 'user' }).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setSubject('u1').setIssuer('gongzhi-identity').setAudience('other').setExpirationTime('5m').sign(privateKey);
    await expect(verify(foreign)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
  });

  it('scopes roles by region', () => {
    const cadre = { kind: 'user' as const, userId: 'u', roles: [{ role: Role.VILLAGE_CADRE, region: '510681106001' }], householdId: null };
    expect(hasRoleOver(cadre, '510681106001', [Role.VILLAGE_CADRE])).toBe(true);
    expect(hasRoleOver(cadre, '510681106002', [Role.VILLAGE_CADRE])).toBe(false);
    expect(hasRoleOver(cadre, '510681106001', [Role.TOWNSHIP_OFFICER])).toBe(false);
  });
});
