// Process plumbing shared by `npm start` and the benchmarks: secrets for a local run,
// dependency checks with a clear message, child processes with prefixed output, readiness waits.
'use strict';
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');

function generateSecrets() {
  const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    JWT_PRIVATE_JWK: JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid: `dev-${crypto.randomBytes(4).toString('hex')}` }),
    ID_ENCRYPTION_KEY: crypto.randomBytes(32).toString('base64'),
    ID_HASH_KEY: crypto.randomBytes(32).toString('base64'),
    GATEWAY_SECRET: crypto.randomBytes(24).toString('base64url'),
  };
}

/** Secrets kept in a file so restarts keep tokens and encrypted ID numbers readable; new keys are added. */
function loadOrCreateSecrets(file, extra = {}) {
  const existing = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  const secrets = { ...generateSecrets(), ...extra, ...existing };
  if (JSON.stringify(secrets) !== JSON.stringify(existing)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}

async function checkDependencies(mysqlUrl, redisUrl) {
  const problems = [];
  const mysql = require('mysql2/promise');
  try {
    const u = new URL(mysqlUrl);
    const conn = await mysql.createConnection({
      host: u.hostname,
      port: Number(u.port || 3306),
      user: decodeURIComponent(u.username || 'root'),
      password: decodeURIComponent(u.password),
      connectTimeout: 3000,
    });
    await conn.end();
  } catch (err) {
    problems.push(`MariaDB/MySQL does not answer at ${mysqlUrl.replace(/\/\/[^@]*@/, '//')} (${err.code || err.message}). Start it, or set MYSQL_URL=mysql://user:pass@host:3306`);
  }
  const Redis = require('ioredis');
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 3000 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    problems.push(`Redis does not answer at ${redisUrl} (${err.code || err.message}). Start it, or set REDIS_URL=redis://host:6379`);
  } finally {
    redis.disconnect();
  }
  return problems;
}

async function waitReady(label, url, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${label} did not become ready at ${url} within ${timeoutMs / 1000}s`);
}

/** Old-space limit of each service process, in MiB (NODE_OPTIONS in the Dockerfiles says the same). */
const HEAP_MB = 192;

/** Children started together and stopped together; one dying unexpectedly stops the group. */
class ProcessGroup {
  constructor({ quiet = false, onUnexpectedExit } = {}) {
    this.children = [];
    this.stopping = false;
    this.quiet = quiet;
    this.onUnexpectedExit = onUnexpectedExit;
  }

  /** Starts `node <script>`; with `wait`, resolves when it exits 0 (for seeds and migrations). */
  run(label, script, env, { wait = false } = {}) {
    // NODE_FLAGS: extra flags for this child only, e.g. --cpu-prof (not allowed in NODE_OPTIONS).
    const flags = (env && env.NODE_FLAGS ? env.NODE_FLAGS.split(' ') : []).filter(Boolean);
    // The heap sized as in the containers (see the Dockerfiles): left alone, V8 sizes it from this
    // machine's memory and lets garbage pile up to hundreds of MiB before collecting it.
    if (!flags.some((f) => f.startsWith('--max-old-space-size'))) flags.unshift(`--max-old-space-size=${HEAP_MB}`);
    const child = spawn(process.execPath, [...flags, path.join(root, script)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const prefix = `[${label}] `;
    const forward = (stream, out) => {
      let buffer = '';
      stream.on('data', (chunk) => {
        buffer += chunk;
        const lines = buffer.split('\n');
        buffer = lines.pop();
        if (out) for (const line of lines) if (line.trim()) out.write(prefix + line + '\n');
      });
    };
    forward(child.stdout, this.quiet ? null : process.stdout);
    forward(child.stderr, process.stderr);
    if (wait) {
      return new Promise((resolve, reject) =>
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${label} exited with code ${code}`)))),
      );
    }
    child.label = label;
    this.children.push(child);
    child.on('exit', (code, signal) => {
      if (!this.stopping && this.onUnexpectedExit) this.onUnexpectedExit(label, code, signal);
    });
    return child;
  }

  async stop() {
    this.stopping = true;
    const exits = this.children.map((c) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.on('exit', r))));
    for (const child of this.children) child.kill('SIGTERM');
    await Promise.race([Promise.all(exits), new Promise((r) => setTimeout(r, 10_000))]);
  }
}

module.exports = { root, generateSecrets, loadOrCreateSecrets, checkDependencies, waitReady, ProcessGroup };
