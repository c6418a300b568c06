#!/usr/bin/env node
// Writes the dev overlay's secrets.env, identity-secrets.env and mall-secrets.env with fresh random
// keys (never committed): a gateway secret, the dev Redis URL, an EC P-256 signing JWK, the
// ID-number keys, and the mall's OAuth client secret, which identity's INTERNAL_CLIENTS must carry too.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const force = process.argv.includes('--force');
const readEnv = (name) => {
  const path = join(here, name);
  if (!existsSync(path)) return {};
  return Object.fromEntries(
    readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
};

// Keep an existing mall secret unless --force (from either file), so identity and the mall keep agreeing.
const knownMallSecret = () => {
  if (readEnv('mall-secrets.env').MALL_CLIENT_SECRET) return readEnv('mall-secrets.env').MALL_CLIENT_SECRET;
  try {
    return JSON.parse(readEnv('identity-secrets.env').INTERNAL_CLIENTS ?? '[]').find((c) => c.clientId === 'gzc_internal_mall')?.clientSecret;
  } catch {
    return undefined;
  }
};
const mallSecret = (!force && knownMallSecret()) || randomBytes(32).toString('base64url');
const internalClients = JSON.stringify([
  {
    clientId: 'gzc_internal_mall',
    clientSecret: mallSecret,
    name: '积分超市 (mall service)',
    scopes: ['points:spend', 'household:verify'],
    regionCode: '510000000000',
  },
]);

const files = {
  'secrets.env': () => ({
    GATEWAY_SECRET: randomBytes(24).toString('base64url'),
    REDIS_URL: 'redis://redis:6379/0',
  }),
  'identity-secrets.env': () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = { ...privateKey.export({ format: 'jwk' }), kid: `dev-${Date.now()}`, alg: 'ES256', use: 'sig' };
    return {
      JWT_PRIVATE_JWK: JSON.stringify(jwk),
      ID_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      ID_HASH_KEY: randomBytes(32).toString('base64'),
      INTERNAL_CLIENTS: internalClients,
    };
  },
  'mall-secrets.env': () => ({ MALL_CLIENT_SECRET: mallSecret }),
};
for (const [name, make] of Object.entries(files)) {
  const path = join(here, name);
  if (existsSync(path) && !force) {
    // An identity-secrets.env from before the mall landed: add the mall's client, keep the keys.
    if (name === 'identity-secrets.env' && !readEnv(name).INTERNAL_CLIENTS) {
      appendFileSync(path, `INTERNAL_CLIENTS=${internalClients}\n`);
      console.log(`${name}: added INTERNAL_CLIENTS`);
      continue;
    }
    console.log(`${name} exists; keeping it (--force replaces it, and makes stored ID numbers unreadable)`);
    continue;
  }
  const values = make();
  writeFileSync(path, Object.entries(values).map(([k, v]) => `${k}=${v}`).join('\n') + '\n', { mode: 0o600 });
  console.log(`wrote k8s/overlays/dev/${name}`);
}
