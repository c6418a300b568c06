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
