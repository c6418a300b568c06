#!/usr/bin/env node
// `npm run soak -- --minutes 5 [--users 8] [--seed 42]`: the reliability soak (test/reliability/soak.spec.ts)
// for longer than the short run `npm test` includes. Prints operations by kind, errors by code,
// the error rate and every invariant; exits non-zero when an invariant breaks.
'use strict';
const { spawn } = require('node:child_process');
const path = require('node:path');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const minutes = Number(arg('minutes', '5'));
if (!Number.isFinite(minutes) || minutes <= 0) {
  console.error('--minutes must be a positive number');
  process.exit(2);
}
const root = path.resolve(__dirname, '..');
const child = spawn(process.execPath, [path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'), 'test/reliability/soak.spec.ts', '--runInBand', '--verbose'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, SOAK_SECONDS: String(Math.round(minutes * 60)), SOAK_USERS: arg('users', '8'), SOAK_SEED: arg('seed', '42') },
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
