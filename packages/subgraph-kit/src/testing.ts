import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { dropDatabase, ensureDatabase } from './data-source';

/** Each test run gets its own databases and queue prefixes, dropped afterwards. */
export function uniqueTestName(label: string): string {
  return `gzt_${label}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

export async function createTestDatabase(
  label: string,
  server = 'mysql://root@127.0.0.1:3306',
): Promise<{ url: string; drop: () => Promise<void> }> {
  const url = `${server}/${uniqueTestName(label)}`;
  await ensureDatabase(url);
  return { url, drop: () => dropDatabase(url) };
}

/** A log destination that keeps every line, so tests can check what was (not) logged. */
export class CapturedLog extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }

  text(): string {
    return this.lines.join('\n');
  }
}

/** mulberry32: a small seeded PRNG, so generated data and hostile inputs are the same every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
