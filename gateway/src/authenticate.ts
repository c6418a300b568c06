import { randomUUID } from 'node:crypto';
import {
  bearerToken,
  createTokenVerifier,
  DomainError,
  REQUEST_ID_HEADER,
  type Principal,
} from '@gongzhi/subgraph-kit';
import type { NextFunction, Request, Response } from 'express';
import type { GatewayConfig } from './config';

export interface GatewayContext {
  principal: Principal | null;
  /** Forwarded as is; each subgraph verifies it again. */
  authorization: string | null;
  requestId: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    gateway?: GatewayContext;
  }
}

export function errorBody(code: string, message: string) {
  return { errors: [{ message, extensions: { code } }] };
}

/** Verifies the bearer token against identity's JWKS before anything else runs. */
export function authenticate(config: GatewayConfig) {
  const verify = createTokenVerifier({ jwks: new URL(config.JWKS_URL), issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE });
  return async (req: Request, res: Response, next: NextFunction) => {
    const requestId = req.get(REQUEST_ID_HEADER)?.slice(0, 64) ?? randomUUID();
    res.set(REQUEST_ID_HEADER, requestId);
    const header = req.get('authorization');
    const token = bearerToken(header);
    if (header && !token) {
      res.status(401).json(errorBody('TOKEN_INVALID', 'Authorization must be "Bearer <token>"'));
      return;
    }
    try {
      const principal = token ? await verify(token) : null;
      req.gateway = { principal, authorization: token ? `Bearer ${token}` : null, requestId };
      next();
    } catch (err) {
      if (err instanceof DomainError) {
        res.status(401).json(errorBody(err.code, err.message));
        return;
      }
      next(err);
    }
  };
}

export function callerKey(req: Request): string {
  const principal = req.gateway?.principal;
  if (principal?.kind === 'user') return `user:${principal.userId}`;
  if (principal?.kind === 'client') return `client:${principal.clientId}`;
  return `ip:${req.ip}`;
}
