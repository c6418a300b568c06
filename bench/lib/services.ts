import type { BenchService } from './platform';

/** The platform's processes for benchmarks, in start order, on ports 5001–5005 (gateway 5000). */
export const SERVICES: BenchService[] = [
  { name: 'identity', port: 5001, seed: 'services/identity/dist/demo/seed-demo.js' },
  { name: 'points', port: 5002, seed: 'services/points/dist/demo/seed-demo.js', seedWhenUp: true },
  { name: 'issues', port: 5003, env: { INLINE_WORKER_COUNTIES: '510681' } },
  { name: 'credit', port: 5005 },
  { name: 'mall', port: 5004 },
];
