import type { NextFunction, Request, Response } from 'express';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { callerKey, errorBody } from './authenticate';

/**
 * Per-caller budget kept in Redis so every gateway replica shares it; if Redis is away,
 * each replica falls back to its own in-memory budget rather than failing open or closed.
 */
export function rateLimit(redis: Redis, perMinute: number, keyPrefix = 'gz:rate') {
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix,
    points: perMinute,
    duration: 60,
    insuranceLimiter: new RateLimiterMemory({ points: perMinute, duration: 60 }),
  });
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const state = await limiter.consume(callerKey(req));
      res.set('RateLimit-Remaining', String(state.remainingPoints));
      next();
    } catch (err) {
      if (err instanceof RateLimiterRes) {
        res.set('Retry-After', String(Math.ceil(err.msBeforeNext / 1000)));
        res.status(429).json(errorBody('RATE_LIMITED', 'Too many requests; slow down and retry later'));
        return;
      }
      next(err);
    }
  };
}
