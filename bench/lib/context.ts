import type { BenchPlatform } from './platform';

export interface BenchContext {
  platform: BenchPlatform;
  /** Seconds of load per measurement. */
  durationSeconds: number;
  connections: number;
  /** Households for the data generator (--households). */
  households: number;
  seed: number;
}
