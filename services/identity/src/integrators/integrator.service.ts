import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  BadInputError,
  DomainError,
  ForbiddenError,
  hasRoleOver,
  IntegratorKind,
  newId,
  normalizeRegionCode,
  NotFoundError,
  regionLevel,
  RegionLevel,
  requireUser,
  Role,
  type RequestContext,
} from '@gongzhi/subgraph-kit';
import type { IdentityRepositories } from '../repositories';
import type { TokenSigner } from '../sessions/token-signer';
import type { IntegratorClientEntity } from './integrator-client.entity';

/** What each kind of integrator may ever be granted. */
export const SCOPES_BY_KIND: Record<IntegratorKind, string[]> = {
  BANK: ['credit:read', 'credit:decide', 'household:verify'],
  HOSPITAL: ['benefit:check', 'household:verify'],
  MERCHANT: ['benefit:check', 'household:verify'],
  AGENCY: ['negative-list:write'],
  SERVICE: ['points:spend', 'household:verify'],
};

/** A service-to-service client declared in configuration (not created through the API). */
export interface InternalClientSpec {
  clientId: string;
  clientSecret: string;
  name: string;
  scopes: string[];
  regionCode: string;
}

const CLIENT_ADMINS = [Role.COUNTY_OFFICER, Role.CITY_OFFICER];

export interface NewIntegratorClient {
  name: string;
  kind: IntegratorKind;
  regionCode: string;
  scopes: string[];
}

export interface ClientCredentials {
  client: IntegratorClientEntity;
  /** Shown once; only its hash is kept. */
  clientSecret: string;
}

export interface ClientAccessToken {
  accessToken: string;
  expiresIn: number;
  scopes: string[];
}

// Secrets are 256 random bits, so a plain SHA-256 is enough; no slow KDF on every token call.
export function hashClientSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export class OAuthError extends Error {
  constructor(
    readonly error: 'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'invalid_scope',
    readonly description: string,
    readonly status: number,
  ) {
    super(description);
  }
}

export class IntegratorService {
  constructor(
    private readonly repos: IdentityRepositories,
    private readonly signer: TokenSigner,
    private readonly tokenTtlSeconds: number,
  ) {}

  async create(ctx: RequestContext, input: NewIntegratorClient): Promise<ClientCredentials> {
    const officer = requireUser(ctx);
    const regionCode = normalizeRegionCode(input.regionCode);
    if (!hasRoleOver(officer, regionCode, CLIENT_ADMINS)) throw new ForbiddenError('Only county or city officers of this region can register integrators');
    if (![RegionLevel.COUNTY, RegionLevel.TOWNSHIP, RegionLevel.VILLAGE].includes(regionLevel(regionCode))) {
      throw new BadInputError('An integrator serves a county or a place within one');
    }
    if (!(await this.repos.regions.findByCode(regionCode))) throw new NotFoundError('Region', regionCode);
    const name = input.name.trim();
    if (!name || name.length > 100) throw new BadInputError('Name must be 1 to 100 characters');
    const scopes = [...new Set(input.scopes)];
    const allowed = SCOPES_BY_KIND[input.kind];
    const bad = scopes.filter((s) => !allowed.includes(s));
    if (!scopes.length || bad.length) {
      throw new DomainError('SCOPE_NOT_ALLOWED', `A ${input.kind} may have scopes ${allowed.join(', ')}; not ${bad.join(', ') || '(none given)'}`);
    }
    const clientSecret = `gzs_${randomBytes(32).toString('base64url')}`;
    const now = new Date();
    const client: IntegratorClientEntity = {
      id: newId(),
      clientId: `gzc_${randomBytes(10).toString('hex')}`,
      name,
      kind: input.kind,
      regionCode,
      scopes: scopes.join(' '),
      secretHash: hashClientSecret(clientSecret),
      secretRotatedAt: now,
      createdBy: officer.userId,
      createdAt: now,
    };
    await this.repos.integrators.insert(client);
    return { client, clientSecret };
  }

  async rotateSecret(ctx: RequestContext, clientId: string): Promise<ClientCredentials> {
    const client = await this.repos.integrators.findByClientId(clientId);
    if (!client) throw new NotFoundError('Integrator client', clientId);
    if (!hasRoleOver(requireUser(ctx), client.regionCode, CLIENT_ADMINS)) throw new ForbiddenError();
    const clientSecret = `gzs_${randomBytes(32).toString('base64url')}`;
    const changes = { secretHash: hashClientSecret(clientSecret), secretRotatedAt: new Date() };
    await this.repos.integrators.update(client.id, changes);
    return { client: { ...client, ...changes }, clientSecret };
  }

  async list(ctx: RequestContext, rawRegionCode: string): Promise<IntegratorClientEntity[]> {
    const regionCode = normalizeRegionCode(rawRegionCode);
    if (!hasRoleOver(requireUser(ctx), regionCode, CLIENT_ADMINS)) throw new ForbiddenError();
    return this.repos.integrators.inRegionPrefix(regionCode.replace(/0+$/, ''));
  }

  /** Creates or updates configured internal clients at boot; the secret comes from a Secret. */
  async ensureInternalClients(specs: InternalClientSpec[]): Promise<void> {
    for (const spec of specs) {
      const bad = spec.scopes.filter((s) => !SCOPES_BY_KIND.SERVICE.includes(s));
      if (bad.length) throw new Error(`internal client ${spec.clientId}: scopes ${bad.join(', ')} are not allowed`);
      const existing = await this.repos.integrators.findByClientId(spec.clientId);
      const secretHash = hashClientSecret(spec.clientSecret);
      const now = new Date();
      if (existing) {
        if (existing.secretHash !== secretHash || existing.scopes !== spec.scopes.join(' ')) {
          await this.repos.integrators.update(existing.id, { secretHash, scopes: spec.scopes.join(' '), secretRotatedAt: now });
        }
        continue;
      }
      await this.repos.integrators.insert({
        id: newId(),
        clientId: spec.clientId,
        name: spec.name,
        kind: IntegratorKind.SERVICE,
        regionCode: spec.regionCode,
        scopes: spec.scopes.join(' '),
        secretHash,
        secretRotatedAt: now,
        createdBy: 'config',
        createdAt: now,
      });
    }
  }

  /** OAuth2 client-credentials grant (RFC 6749 §4.4). */
  async issueToken(grantType: unknown, clientId: unknown, clientSecret: unknown, scope: unknown): Promise<ClientAccessToken> {
    if (grantType !== 'client_credentials') {
      throw new OAuthError('unsupported_grant_type', 'Only grant_type=client_credentials is supported', 400);
    }
    if (typeof clientId !== 'string' || typeof clientSecret !== 'string' || clientId.length > 40 || clientSecret.length > 100) {
      throw new OAuthError('invalid_client', 'Client authentication failed', 401);
    }
    const client = await this.repos.integrators.findByClientId(clientId);
    const given = Buffer.from(hashClientSecret(clientSecret), 'hex');
    const expected = Buffer.from(client?.secretHash ?? '0'.repeat(64), 'hex');
    if (!client || !timingSafeEqual(given, expected)) throw new OAuthError('invalid_client', 'Client authentication failed', 401);
    const granted = client.scopes.split(' ');
    const requested = typeof scope === 'string' && scope.trim() ? scope.trim().split(/\s+/) : granted;
    if (requested.some((s) => !granted.includes(s))) {
      throw new OAuthError('invalid_scope', `This client may request: ${granted.join(' ')}`, 400);
    }
    const accessToken = await this.signer.signClient(client.clientId, client.kind, requested, client.regionCode, this.tokenTtlSeconds);
    return { accessToken, expiresIn: this.tokenTtlSeconds, scopes: requested };
  }
}
