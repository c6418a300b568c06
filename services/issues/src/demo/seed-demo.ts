import { createLogger, createTokenVerifier, GATEWAY_SECRET_HEADER } from '@gongzhi/subgraph-kit';
import { createIssuesCore } from '../app';
import { loadIssuesConfig } from '../config';
import { SettableClock, seedDemoIssues } from './demo-issues';

const DEMO_PASSWORD = 'Gongzhi@2026';

/** `npm start` runs this once identity is up: it logs the demo people in and seeds issues through the services. */
async function seed() {
  const config = loadIssuesConfig();
  const logger = createLogger({ service: 'issues-seed', version: config.SERVICE_VERSION, level: config.LOG_LEVEL });
  const clock = new SettableClock();
  const core = await createIssuesCore(config, logger, { clock });
  const identityGraphql = new URL('/graphql', config.JWKS_URL).toString();
  const verify = createTokenVerifier({ jwks: new URL(config.JWKS_URL), issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE });
  try {
    await seedDemoIssues({
      issues: core.services.issues,
      calendars: core.services.calendars,
      clock,
      log: (line) => logger.info(line),
      async principal(phone) {
        const res = await fetch(identityGraphql, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [GATEWAY_SECRET_HEADER]: config.GATEWAY_SECRET },
          body: JSON.stringify({ query: 'mutation($p:String!,$w:String!){ login(phone:$p, password:$w) { accessToken } }', variables: { p: phone, w: DEMO_PASSWORD } }),
        });
        const body = (await res.json()) as { data?: { login?: { accessToken: string } } };
        const token = body.data?.login?.accessToken;
        if (!token) throw new Error(`demo login of ${phone} failed: ${JSON.stringify(body).slice(0, 200)}`);
        return verify(token);
      },
    });
  } finally {
    await core.stop();
  }
}

seed().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
