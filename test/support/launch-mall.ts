import { randomBytes } from 'node:crypto';
import { createMallApp, type MallApp } from '../../services/mall/src/app';
import { loadMallConfig } from '../../services/mall/src/config';
import { seedDemoMall } from '../../services/mall/src/demo/seed-demo';
import type { LaunchContext, LaunchedService, ServiceLauncher } from './launchers';

export const MALL_CLIENT_ID = 'gzc_internal_mall';

/** The mall, with its own service client in identity (points:spend household:verify). */
export const mallLauncher: ServiceLauncher = {
  name: 'mall',
  async launch(ctx: LaunchContext): Promise<LaunchedService> {
    const secret = `gzs_${randomBytes(24).toString('base64url')}`;
    await ctx.identity.services.integrators.ensureInternalClients([
      { clientId: MALL_CLIENT_ID, clientSecret: secret, name: '积分超市 (mall service)', scopes: ['points:spend', 'household:verify'], regionCode: '510000000000' },
    ]);
    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: await ctx.createDatabase('mall'),
      GATEWAY_SECRET: ctx.gatewaySecret,
      JWKS_URL: ctx.jwksUrl,
      QUEUE_BASE: ctx.runId,
      MALL_CLIENT_ID,
      MALL_CLIENT_SECRET: secret,
      // Tests drive recovery themselves (app.services.orders.recover()); the scheduler stays slow.
      RECOVERY_GRACE_SECONDS: '0',
      RECOVERY_INTERVAL_SECONDS: '3600',
      // Generous: a timed-out call leaves the order PENDING, which tests of definite outcomes would misread.
      GATEWAY_TIMEOUT_MS: '30000',
      // Platforms run side by side in CI: MariaDB's 151 connections are shared.
      DB_POOL_SIZE: '5',
    };
    const app: MallApp = await createMallApp(loadMallConfig(env), ctx.logger('mall'), { gatewayUrl: () => ctx.gatewayUrl() });
    if (ctx.seed) await seedDemoMall(app);
    const server = await app.start(0, '127.0.0.1');
    return { name: 'mall', server, env, app, stop: () => app.stop() };
  },
};
