import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createTestDatabase } from '@gongzhi/subgraph-kit';
import { generateSigningJwk } from '../src/sessions/token-signer';

// The built process as Kubernetes runs it (npm test builds first): boots, answers, and on
// SIGTERM drains and exits 0; a bad environment stops it at boot naming every bad key.
const main = join(__dirname, '..', 'dist', 'main.js');

function runProcess(env: Record<string, string>) {
  const child = spawn(process.execPath, [main], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

it('refuses to boot with a bad environment and lists every bad key', async () => {
  const proc = runProcess({ DATABASE_URL: 'postgres://nope', GATEWAY_SECRET: 'short' });
  expect(await proc.exited).toBe(1);
  for (const key of ['DATABASE_URL', 'GATEWAY_SECRET', 'JWT_PRIVATE_JWK', 'ID_ENCRYPTION_KEY', 'ID_HASH_KEY']) {
    expect(proc.output()).toContain(key);
  }
});

it('serves, then drains and exits 0 on SIGTERM', async () => {
  const db = await createTestDatabase('identity_proc');
  try {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const proc = runProcess({
      DATABASE_URL: db.url,
      PORT: String(port),
      GATEWAY_SECRET: randomBytes(24).toString('base64url'),
      JWT_PRIVATE_JWK: JSON.stringify(await generateSigningJwk()),
      ID_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      ID_HASH_KEY: randomBytes(32).toString('base64'),
    });
    let ready = false;
    for (let i = 0; i < 100 && !ready; i++) {
      ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
      if (!ready) await new Promise((r) => setTimeout(r, 100));
    }
    expect(ready).toBe(true);
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
    expect(proc.output()).toContain('"msg":"stopped"');
  } finally {
    await db.drop();
  }
});
