import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { Redis } from 'ioredis';

/** A port nobody listens on right now (the OS picks it; we close and hand it on). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * "Redis lost its data", for one test run only: every key under the run's prefix goes
 * (SCAN + UNLINK). Never FLUSHDB — the shared Redis holds other runs' and benchmarks' keys.
 */
export async function deleteKeys(redis: Redis, pattern: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}

/**
 * A private redis-server on a spare port, in memory only, that a test may kill and start
 * again (the shared Redis on 6379 serves other work and is never restarted by tests).
 */
export class PrivateRedis {
  private child: ChildProcess | null = null;
  readonly output: string[] = [];

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.restart();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the server (empty: nothing is saved) and waits until it answers PING. */
  async restart(): Promise<void> {
    if (this.running) return;
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk) => this.output.push(String(chunk)));
    child.stderr!.on('data', (chunk) => this.output.push(String(chunk)));
    this.child = child;
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (!this.running) throw new Error(`redis-server on ${this.port} exited: ${this.output.join('').slice(-500)}`);
      if (await this.pings()) return;
      if (Date.now() > deadline) throw new Error(`redis-server on ${this.port} did not answer within 30 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Kills the server (SIGKILL by default: no shutdown, and with --save '' everything is lost). */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  }

  async stop(): Promise<void> {
    await this.kill('SIGKILL');
    this.child = null;
  }

  private async pings(): Promise<boolean> {
    const { Socket } = await import('node:net');
    return new Promise((resolve) => {
      const socket = new Socket();
      const done = (ok: boolean) => {
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(1000, () => done(false));
      socket.once('error', () => done(false));
      socket.connect(this.port, '127.0.0.1', () => socket.write('PING\r\n'));
      socket.once('data', (d) => done(String(d).startsWith('+PONG')));
    });
  }
}
