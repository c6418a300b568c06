import { createCreditApp } from '../../services/credit/src/app';
import { loadCreditConfig } from '../../services/credit/src/config';
import { seedDemoCredit } from '../../services/credit/src/demo/demo-credit';
import type { ServiceLauncher } from './launchers';

export const creditLauncher: ServiceLauncher = {
  name: 'credit',
  async launch(ctx) {
    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: await ctx.createDatabase('credit'),
      GATEWAY_SECRET: ctx.gatewaySecret,
      JWKS_URL: ctx.jwksUrl,
      QUEUE_BASE: ctx.runId,
    };
    const app = await createCreditApp(loadCreditConfig(env), ctx.logger('credit'));
    if (ctx.seed) await seedDemoCredit(app);
    const server = await app.start(0, '127.0.0.1');
    return { name: 'credit', server, env, app, stop: () => app.stop() };
  },
};
