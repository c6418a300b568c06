#!/usr/bin/env node
// Writes the dev overlay's secrets.env and identity-secrets.env with fresh random keys (never
// committed): a gateway secret, the dev Redis URL, an EC P-256 signing JWK and the ID-number keys.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const force = process.argv.includes('--force');
const files = {
  'secrets.env': {
    GATEWAY_SECRET: randomBytes(24).toString('base64url'),
    REDIS_URL: 'redis://redis:6379/0',
  },
  'identity-secrets.env': (() => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = { ...privateKey.export({ format: 'jwk' }), kid: `dev-${Date.now()}`, alg: 'ES256', use: 'sig' };
    return {
      JWT_PRIVATE_JWK: JSON.stringify(jwk),
      ID_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      ID_HASH_KEY: randomBytes(32).toString('base64'),
    };
  })(),
};
for (const [name, values] of Object.entries(files)) {
  const path = join(here, name);
  if (existsSync(path) && !force) {
    console.log(`${name} exists; keeping it (--force replaces it, and makes stored ID numbers unreadable)`);
    continue;
  }
  writeFileSync(path, Object.entries(values).map(([k, v]) => `${k}=${v}`).join('\n') + '\n', { mode: 0o600 });
  console.log(`wrote k8s/overlays/dev/${name}`);
}
