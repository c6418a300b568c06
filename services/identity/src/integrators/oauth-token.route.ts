import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { IntegratorService, OAuthError } from './integrator.service';

/** POST /oauth/token — client credentials in the form body or HTTP Basic (RFC 6749 §2.3.1). */
export function mountOAuthTokenRoute(app: Express, integrators: IntegratorService, logger: Logger): void {
  app.post(
    '/oauth/token',
    express.urlencoded({ extended: false, limit: '4kb' }),
    express.json({ limit: '4kb' }),
    async (req, res) => {
      res.set('Cache-Control', 'no-store');
      const body = (req.body ?? {}) as Record<string, unknown>;
      let clientId = body.client_id;
      let clientSecret = body.client_secret;
      const basic = /^Basic\s+(.+)$/i.exec(req.get('authorization') ?? '');
      if (basic) {
        const [id, secret] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
        clientId = decodeURIComponent(id ?? '');
        clientSecret = decodeURIComponent(secret ?? '');
      }
      try {
        const token = await integrators.issueToken(body.grant_type, clientId, clientSecret, body.scope);
        res.json({ access_token: token.accessToken, token_type: 'Bearer', expires_in: token.expiresIn, scope: token.scopes.join(' ') });
      } catch (err) {
        if (err instanceof OAuthError) {
          if (err.status === 401) res.set('WWW-Authenticate', 'Basic realm="gongzhi"');
          res.status(err.status).json({ error: err.error, error_description: err.description });
          return;
        }
        logger.error({ err }, 'token endpoint failed');
        res.status(500).json({ error: 'server_error' });
      }
    },
  );
}
