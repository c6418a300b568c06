import mysql from 'mysql2/promise';
import { DataSource, type EntityManager, type EntitySchema, type MixedList, type MigrationInterface } from 'typeorm';
import type { Logger } from 'pino';

type EntityList = MixedList<Function | string | EntitySchema>;

export interface MysqlTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

export function parseMysqlUrl(url: string): MysqlTarget {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 3306),
    user: decodeURIComponent(u.username || 'root'),
    password: decodeURIComponent(u.password),
    database: u.pathname.replace(/^\//, ''),
  };
}

/** Clear message naming what does not answer, instead of a driver stack trace. */
export class DependencyUnavailableError extends Error {
  constructor(what: string, target: string, cause: unknown) {
    super(`${what} at ${target} does not answer: ${(cause as Error)?.message ?? cause}`);
    this.name = 'DependencyUnavailableError';
  }
}

export async function ensureDatabase(url: string): Promise<void> {
  const target = parseMysqlUrl(url);
  let conn: mysql.Connection;
  try {
    conn = await mysql.createConnection({ host: target.host, port: target.port, user: target.user, password: target.password });
  } catch (err) {
    throw new DependencyUnavailableError('MySQL/MariaDB', `${target.host}:${target.port}`, err);
  }
  try {
    await conn.query(
      `CREATE DATABASE IF NOT EXISTS \`${target.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await conn.end();
  }
}

export async function dropDatabase(url: string): Promise<void> {
  const target = parseMysqlUrl(url);
  const conn = await mysql.createConnection({ host: target.host, port: target.port, user: target.user, password: target.password });
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${target.database}\``);
  } finally {
    await conn.end();
  }
}

export interface DataSourceOptions {
  url: string;
  entities: EntityList;
  migrations: Array<new () => MigrationInterface>;
  poolSize?: number;
}

export function createDataSource(options: DataSourceOptions): DataSource {
  const target = parseMysqlUrl(options.url);
  return new DataSource({
    type: 'mysql',
    host: target.host,
    port: target.port,
    username: target.user,
    password: target.password,
    database: target.database,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    supportBigNumbers: true,
    bigNumberStrings: false,
    poolSize: options.poolSize ?? 10,
  });
}

/**
 * Creates the database if needed, connects and runs pending migrations. An advisory lock
 * keeps two replicas starting together from migrating at once.
 */
export async function openDataSource(dataSource: DataSource, url: string, logger: Logger): Promise<DataSource> {
  await ensureDatabase(url);
  try {
    await dataSource.initialize();
  } catch (err) {
    const target = parseMysqlUrl(url);
    throw new DependencyUnavailableError('MySQL/MariaDB', `${target.host}:${target.port}`, err);
  }
  const lockName = `migrations:${parseMysqlUrl(url).database}`;
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    const [{ locked }] = await runner.query('SELECT GET_LOCK(?, 60) AS locked', [lockName]);
    if (Number(locked) !== 1) throw new Error('could not take the migration lock within 60s');
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    for (const m of applied) logger.info({ migration: m.name }, 'migration applied');
  } finally {
    await runner.query('SELECT RELEASE_LOCK(?)', [lockName]).catch(() => undefined);
    await runner.release();
  }
  return dataSource;
}

/**
 * Lets a service run a unit of work atomically without knowing TypeORM: it receives the
 * repositories bound to one transaction.
 */
export interface Transactor<Repos> {
  run<T>(work: (repos: Repos) => Promise<T>): Promise<T>;
}

export function typeormTransactor<Repos>(
  dataSource: DataSource,
  makeRepos: (manager: EntityManager) => Repos,
  attempts = 4,
): Transactor<Repos> {
  return {
    async run(work) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await dataSource.transaction((manager) => work(makeRepos(manager)));
        } catch (err) {
          // InnoDB picks a victim when two transactions lock in opposite order; the MySQL manual's
          // answer is to run the victim again. The work is rerun from the start, so it must not
          // have side effects outside the transaction.
          if (attempt >= attempts || !isRetryableLockError(err)) throw err;
          await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
        }
      }
    },
  };
}

export function isRetryableLockError(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } };
  const code = e?.code ?? e?.driverError?.code;
  return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT';
}

/** True for MySQL/MariaDB duplicate-key errors (unique constraint), optionally on one key. */
export function isDuplicateKey(err: unknown, keyName?: string): boolean {
  const e = err as { code?: string; driverError?: { code?: string }; message?: string };
  const code = e?.code ?? e?.driverError?.code;
  if (code !== 'ER_DUP_ENTRY') return false;
  return keyName ? String(e.message).includes(keyName) : true;
}

/**
 * Makes something once per caller's idempotency key: what the key already made, else what
 * `create` makes. When requests with the same key race, the loser's insert hits `uniqueKey` and
 * it returns the winner's. Without a key, it just creates.
 */
export async function createOnce<T>(key: string | null | undefined, find: (key: string) => Promise<T | null>, create: () => Promise<T>, uniqueKey: string): Promise<T> {
  if (!key) return create();
  const made = await find(key);
  if (made) return made;
  try {
    return await create();
  } catch (err) {
    const winner = isDuplicateKey(err, uniqueKey) ? await find(key) : null;
    if (winner) return winner;
    throw err;
  }
}
