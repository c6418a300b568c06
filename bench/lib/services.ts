import type { BenchService } from './platform';

/** The platform's processes for benchmarks, in start order, on ports 5001–5005 (gateway 5000). */
export const SERVICES: BenchService[] = [{ name: 'identity', port: 5001, seed: 'services/identity/dist/demo/seed-demo.js' }];
