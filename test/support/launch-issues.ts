import { principalFromClaims } from '@gongzhi/subgraph-kit';
import { decodeJwt } from 'jose';
import { DEMO_PASSWORD } from '../../services/identity/src/demo/demo-county';
import { createIssuesApp } from '../../services/issues/src/app';
import { loadIssuesConfig } from '../../services/issues/src/config';
import { SettableClock, seedDemoIssues } from '../../services/issues/src/demo/demo-issues';
import type { LaunchContext, LaunchedService, ServiceLauncher } from './launchers';

/** The issues subgraph with an in-process SLA worker for 广汉市 (510681) and a short sweep. */
export const issuesLauncher: ServiceLauncher = {
  name: 'issues',
  async launch(ctx: LaunchContext): Promise<LaunchedService> {
    const env: Record<string, string> = {
      NODE_ENV: 'test',
      DATABASE_URL: await ctx.createDatabase('issues'),
      GATEWAY_SECRET: ctx.gatewaySecret,
      JWKS_URL: ctx.jwksUrl,
      QUEUE_BASE: ctx.runId,
      INLINE_WORKER_COUNTIES: '510681',
      SLA_SWEEP_INTERVAL_MS: '1000',
      SLA_LOCK_MS: '2000',
    };
    const clock = new SettableClock();
    const app = await createIssuesApp(loadIssuesConfig(env), ctx.logger('issues'), { clock });
    if (ctx.seed) {
      await seedDemoIssues({
        issues: app.services.issues,
        calendars: app.services.calendars,
        clock,
        async principal(phone) {
          const { accessToken } = await ctx.identity.services.sessions.login(phone, DEMO_PASSWORD);
          return principalFromClaims(decodeJwt(accessToken));
        },
      });
    }
    const server = await app.start(0, '127.0.0.1');
    return { name: 'issues', server, env, app, stop: () => app.stop() };
  },
};
