import { createLocalJWKSet, createRemoteJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import { ForbiddenError, UnauthenticatedError, DomainError } from './errors';
import { isWithinRegion } from './region-code';

/** Roles bound to a region; order is authority, lowest first. */
export enum Role {
  VILLAGER = 'VILLAGER',
  GRID_WORKER = 'GRID_WORKER',
  VILLAGE_CADRE = 'VILLAGE_CADRE',
  TOWNSHIP_OFFICER = 'TOWNSHIP_OFFICER',
  COUNTY_OFFICER = 'COUNTY_OFFICER',
  CITY_OFFICER = 'CITY_OFFICER',
  PLATFORM_ADMIN = 'PLATFORM_ADMIN',
}

export const ROLE_RANK: Record<Role, number> = {
  VILLAGER: 1,
  GRID_WORKER: 2,
  VILLAGE_CADRE: 3,
  TOWNSHIP_OFFICER: 4,
  COUNTY_OFFICER: 5,
  CITY_OFFICER: 6,
  PLATFORM_ADMIN: 7,
};

export enum IntegratorKind {
  BANK = 'BANK',
  HOSPITAL = 'HOSPITAL',
  MERCHANT = 'MERCHANT',
  /** Public bodies feeding data in, e.g. a court's list of judgment defaulters. */
  AGENCY = 'AGENCY',
  /** Gongzhi's own services calling another service through the gateway (e.g. mall spending points). */
  SERVICE = 'SERVICE',
}

export interface RoleClaim {
  role: Role;
  region: string;
}

export interface UserPrincipal {
  kind: 'user';
  userId: string;
  roles: RoleClaim[];
  /** The household the person belonged to when the token was issued (claim `hh`). */
  householdId: string | null;
}

export interface ClientPrincipal {
  kind: 'client';
  clientId: string;
  clientKind: IntegratorKind;
  scopes: string[];
  region: string;
}

export type Principal = UserPrincipal | ClientPrincipal;

export interface RequestContext {
  principal: Principal | null;
  requestId: string;
}

export const TOKEN_ISSUER_DEFAULT = 'gongzhi-identity';

export interface TokenVerifierOptions {
  /** Remote JWKS (gateway, other subgraphs) or a local key set (identity itself). */
  jwks: URL | JSONWebKeySet;
  issuer: string;
  audience: string;
}

export type TokenVerifier = (token: string) => Promise<Principal>;

/**
 * Verified tokens are remembered until they expire (bounded, oldest dropped first): a client
 * sends the same token for minutes, and an ES256 verification per request is the gateway's
 * largest CPU cost. Safe because a token's validity only ends at `exp`.
 */
const VERIFIED_CACHE_SIZE = 10_000;

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const keys =
    options.jwks instanceof URL
      ? createRemoteJWKSet(options.jwks, { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 })
      : createLocalJWKSet(options.jwks);
  const verified = new Map<string, { principal: Principal; expiresAt: number }>();
  return async (token) => {
    const hit = verified.get(token);
    if (hit && hit.expiresAt > Date.now()) return hit.principal;
    if (hit) verified.delete(token);
    const { principal, expiresAt } = await verifyToken(token);
    if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value as string);
    verified.set(token, { principal, expiresAt });
    return principal;
  };

  async function verifyToken(token: string): Promise<{ principal: Principal; expiresAt: number }> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ['ES256'],
      }));
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw new DomainError('TOKEN_EXPIRED', 'The access token has expired; refresh it');
      throw new DomainError('TOKEN_INVALID', 'The access token is not valid');
    }
    return { principal: principalFromClaims(payload), expiresAt: (payload.exp ?? 0) * 1000 };
  }
}

export function principalFromClaims(payload: JWTPayload): Principal {
  if (payload.typ === 'client') {
    return {
      kind: 'client',
      clientId: String(payload.sub),
      clientKind: payload.ck as IntegratorKind,
      scopes: typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [],
      region: String(payload.region),
    };
  }
  if (payload.typ === 'user' && typeof payload.sub === 'string') {
    const roles = Array.isArray(payload.roles) ? (payload.roles as RoleClaim[]) : [];
    return { kind: 'user', userId: payload.sub, roles, householdId: typeof payload.hh === 'string' ? payload.hh : null };
  }
  throw new DomainError('TOKEN_INVALID', 'The access token is not valid');
}

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1] : null;
}

export function requireUser(ctx: RequestContext): UserPrincipal {
  if (!ctx.principal) throw new UnauthenticatedError();
  if (ctx.principal.kind !== 'user') throw new ForbiddenError('This needs a signed-in person, not an integrator');
  return ctx.principal;
}

export function requireClientScope(ctx: RequestContext, scope: string): ClientPrincipal {
  if (!ctx.principal) throw new UnauthenticatedError();
  if (ctx.principal.kind !== 'client' || !ctx.principal.scopes.includes(scope)) {
    throw new ForbiddenError(`This needs an integrator token with scope ${scope}`);
  }
  return ctx.principal;
}

/** True when the user holds one of `roles` in a region that contains `regionCode`. */
export function hasRoleOver(principal: Principal | null, regionCode: string, roles: readonly Role[]): boolean {
  if (!principal || principal.kind !== 'user') return false;
  return principal.roles.some(
    (grant) =>
      grant.role === Role.PLATFORM_ADMIN || (roles.includes(grant.role) && isWithinRegion(regionCode, grant.region)),
  );
}

export function requireRoleOver(ctx: RequestContext, regionCode: string, roles: readonly Role[]): UserPrincipal {
  const user = requireUser(ctx);
  if (!hasRoleOver(user, regionCode, roles)) throw new ForbiddenError();
  return user;
}

/** Staff who manage a village's people: grid workers, cadres and every officer above. */
export const VILLAGE_STAFF: readonly Role[] = [
  Role.GRID_WORKER,
  Role.VILLAGE_CADRE,
  Role.TOWNSHIP_OFFICER,
  Role.COUNTY_OFFICER,
  Role.CITY_OFFICER,
];
export const CADRES_AND_ABOVE: readonly Role[] = [
  Role.VILLAGE_CADRE,
  Role.TOWNSHIP_OFFICER,
  Role.COUNTY_OFFICER,
  Role.CITY_OFFICER,
];
export const OFFICERS: readonly Role[] = [Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER, Role.CITY_OFFICER];
