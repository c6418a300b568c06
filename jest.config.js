// Unit specs sit beside pure code (src/**/*.spec.ts); integration specs live in test/
// folders and talk to the real MariaDB and Redis. Both compile with SWC (decorator metadata on).
const swc = ['@swc/jest', { ...require('./swc.config.js') }];
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: { '^@gongzhi/([a-z-]+)$': '<rootDir>/packages/$1/src' },
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/'],
};
module.exports = {
  // Global (jest ignores it per project): platform start-up in integration specs takes seconds.
  testTimeout: 120_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{packages,services,gateway}/**/src/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{packages,services,gateway}/**/test/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
    },
  ],
};
