import { createHash, randomBytes } from 'node:crypto';
import { DomainError, newId, type RoleClaim, type Transactor } from '@gongzhi/subgraph-kit';
import type { IdentityRepositories } from '../repositories';
import { DUMMY_PASSWORD_HASH, verifyPassword } from '../users/password';
import type { RefreshTokenEntity } from './refresh-token.entity';
import { SessionErrors } from './session.errors';
import type { TokenSigner } from './token-signer';

export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  userId: string;
}

/** Limits guesses per account; backed by Redis in the app, by a map in unit tests. */
export interface LoginThrottle {
  /** Throws TOO_MANY_ATTEMPTS once the account's budget is spent. */
  check(key: string): Promise<void>;
  recordFailure(key: string): Promise<void>;
  reset(key: string): Promise<void>;
}

export interface SessionSettings {
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** What a presented refresh token means; pure, so the rules are testable without a database. */
export function judgeRefreshToken(
  row: RefreshTokenEntity | null,
  now: Date,
): 'invalid' | 'revoked' | 'expired' | 'reused' | 'ok' {
  if (!row) return 'invalid';
  if (row.revokedAt) return 'revoked';
  if (row.usedAt) return 'reused';
  if (row.expiresAt <= now) return 'expired';
  return 'ok';
}

export class SessionService {
  constructor(
    private readonly repos: IdentityRepositories,
    private readonly tx: Transactor<IdentityRepositories>,
    private readonly signer: TokenSigner,
    private readonly throttle: LoginThrottle,
    private readonly settings: SessionSettings,
  ) {}

  async login(phone: string, password: string): Promise<SessionTokens> {
    const account = `login:${phone.trim()}`;
    await this.throttle.check(account);
    const user = await this.repos.users.findByPhone(phone.trim());
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
    if (!user || !ok) {
      await this.throttle.recordFailure(account);
      throw new DomainError(SessionErrors.INVALID_CREDENTIALS, 'Phone number or password is wrong');
    }
    await this.throttle.reset(account);
    return this.tx.run((repos) => this.issue(repos, user.id, newId()));
  }

  /**
   * Rotation with reuse detection: each refresh token works once. Presenting a used one means
   * it was copied, so the whole family (this login on every device holding it) is revoked.
   */
  async refresh(refreshToken: string): Promise<SessionTokens> {
    const outcome = await this.tx.run(async (repos) => {
      const now = new Date();
      const row = await repos.refreshTokens.findByHashForUpdate(hashToken(refreshToken));
      const verdict = judgeRefreshToken(row, now);
      if (verdict === 'reused') await repos.refreshTokens.revokeFamily(row!.familyId, now);
      if (verdict !== 'ok') return { verdict } as const;
      await repos.refreshTokens.markUsed(row!.id, now);
      return { verdict, tokens: await this.issue(repos, row!.userId, row!.familyId) } as const;
    });
    switch (outcome.verdict) {
      case 'ok':
        return outcome.tokens;
      case 'reused':
        throw new DomainError(SessionErrors.REFRESH_TOKEN_REUSED, 'This refresh token was already used; the session has been ended, sign in again');
      case 'expired':
        throw new DomainError(SessionErrors.REFRESH_TOKEN_EXPIRED, 'The session has expired; sign in again');
      default:
        throw new DomainError(SessionErrors.REFRESH_TOKEN_INVALID, 'The refresh token is not valid; sign in again');
    }
  }

  /** Ends the login the token belongs to; unknown tokens are ignored (logout is idempotent). */
  async logout(refreshToken: string): Promise<boolean> {
    await this.tx.run(async (repos) => {
      const row = await repos.refreshTokens.findByHashForUpdate(hashToken(refreshToken));
      if (row) await repos.refreshTokens.revokeFamily(row.familyId, new Date());
    });
    return true;
  }

  async rolesOf(userId: string): Promise<RoleClaim[]> {
    const grants = await this.repos.roles.forUser(userId);
    return grants.map((g) => ({ role: g.role, region: g.regionCode }));
  }

  private async issue(repos: IdentityRepositories, userId: string, familyId: string): Promise<SessionTokens> {
    const roles = (await repos.roles.forUser(userId)).map((g) => ({ role: g.role, region: g.regionCode }));
    const membership = await repos.households.membershipOf(userId);
    const accessToken = await this.signer.signUser(userId, roles, this.settings.accessTokenTtlSeconds, membership?.householdId ?? null);
    const refreshToken = `gzr_${randomBytes(32).toString('base64url')}`;
    const now = new Date();
    await repos.refreshTokens.insert({
      id: newId(),
      userId,
      familyId,
      tokenHash: hashToken(refreshToken),
      expiresAt: new Date(now.getTime() + this.settings.refreshTokenTtlDays * 86_400_000),
      usedAt: null,
      revokedAt: null,
      createdAt: now,
    });
    return { accessToken, refreshToken, expiresIn: this.settings.accessTokenTtlSeconds, userId };
  }
}
