import { ConfigError, loadConfig, subgraphEnvSchema } from './config';

describe('config', () => {
  it('lists every bad key at once', () => {
    try {
      loadConfig(subgraphEnvSchema, { DATABASE_URL: 'postgres://x', GATEWAY_SECRET: 'short', LOG_LEVEL: 'loud' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const keys = (err as ConfigError).problems.map((p) => p.split(':')[0]).sort();
      expect(keys).toEqual(['DATABASE_URL', 'GATEWAY_SECRET', 'LOG_LEVEL']);
    }
  });

  it('applies defaults', () => {
    const config = loadConfig(subgraphEnvSchema, { DATABASE_URL: 'mysql://root@127.0.0.1:3306/gz', GATEWAY_SECRET: 'x'.repeat(16) });
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.NODE_ENV).toBe('development');
  });
});
