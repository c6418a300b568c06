import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError } from '@gongzhi/subgraph-kit';
import type { LoginThrottle } from './session.service';
import { SessionErrors } from './session.errors';

/** Failed logins per account in Redis, shared by every identity replica. */
export class RedisLoginThrottle implements LoginThrottle {
  private readonly limiter: RateLimiterRedis;

  constructor(redis: Redis, attempts: number, windowSeconds = 900, keyPrefix = 'gz:login-failures') {
    this.limiter = new RateLimiterRedis({ storeClient: redis, keyPrefix, points: attempts, duration: windowSeconds });
  }

  async check(key: string): Promise<void> {
    const state = await this.limiter.get(key);
    if (state && state.remainingPoints <= 0) {
      const minutes = Math.ceil(state.msBeforeNext / 60_000);
      throw new DomainError(SessionErrors.TOO_MANY_ATTEMPTS, `Too many failed logins for this account; try again in ${minutes} min`);
    }
  }

  async recordFailure(key: string): Promise<void> {
    await this.limiter.consume(key).catch((res: unknown) => {
      if (!(res instanceof RateLimiterRes)) throw res;
    });
  }

  async reset(key: string): Promise<void> {
    await this.limiter.delete(key);
  }
}
