import { createPointsApp, type PointsApp } from '../../services/points/src/app';
import { loadPointsConfig } from '../../services/points/src/config';
import { seedDemoPoints } from '../../services/points/src/demo/demo-points';
import { waitForHouseholds } from '../../services/points/src/demo/wait-households';
import type { ServiceLauncher } from './launchers';

/** A SERVICE client with points:spend, standing in for the mall in tests. */
export const POINTS_TEST_SPENDER = {
  clientId: 'gzc_test_points_spender',
  clientSecret: 'gzs_test_points_spender_secret_0123',
};

export const pointsLauncher: ServiceLauncher = {
  name: 'points',
  async launch(ctx) {
    await ctx.identity.services.integrators.ensureInternalClients([
      { ...POINTS_TEST_SPENDER, name: '积分超市 (test)', scopes: ['points:spend'], regionCode: '510681000000' },
    ]);
    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: await ctx.createDatabase('points'),
      GATEWAY_SECRET: ctx.gatewaySecret,
      JWKS_URL: ctx.jwksUrl,
      QUEUE_BASE: ctx.runId,
      BULK_MAX_HOUSEHOLDS: '500',
      // Many platforms share one MariaDB (151 connections) when tests run side by side.
      DB_POOL_SIZE: '5',
    };
    const app: PointsApp = await createPointsApp(loadPointsConfig(env), ctx.logger('points'));
    const server = await app.start(0, '127.0.0.1');
    if (ctx.seed) {
      await waitForHouseholds(app);
      await seedDemoPoints(app);
    }
    return { name: 'points', server, env, app, stop: () => app.stop() };
  },
};
