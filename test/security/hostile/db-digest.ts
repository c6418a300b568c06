import { createHash } from 'node:crypto';
import mysql from 'mysql2/promise';
import { parseMysqlUrl } from '@gongzhi/subgraph-kit';

/** Per service, per table: the set of row digests (a SELECT-based digest, so a diff can name the rows). */
export type Snapshot = Map<string, Map<string, Set<string>>>;

function rowDigest(row: unknown): string {
  return createHash('sha1')
    .update(JSON.stringify(row, (_k, v) => (Buffer.isBuffer(v) ? v.toString('hex') : typeof v === 'bigint' ? String(v) : v)))
    .digest('hex');
}

async function withConnection<T>(url: string, fn: (conn: mysql.Connection) => Promise<T>): Promise<T> {
  const conn = await mysql.createConnection({ ...parseMysqlUrl(url), dateStrings: true, supportBigNumbers: true, bigNumberStrings: true });
  try {
    return await fn(conn);
  } finally {
    await conn.end();
  }
}

async function tablesOf(conn: mysql.Connection): Promise<string[]> {
  const [rows] = await conn.query("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY table_name");
  return (rows as Array<{ t: string }>).map((r) => r.t);
}

/** Rows a rejected call may legitimately write, by `service.table` (see the spec for why). */
export type RowFilter = Record<string, (row: Record<string, unknown>) => boolean>;

export async function snapshot(databases: Record<string, string>, ignore: RowFilter = {}): Promise<Snapshot> {
  const out: Snapshot = new Map();
  for (const [service, url] of Object.entries(databases)) {
    const tables = new Map<string, Set<string>>();
    await withConnection(url, async (conn) => {
      for (const table of await tablesOf(conn)) {
        const [rows] = await conn.query(`SELECT * FROM \`${table}\``);
        const skip = ignore[`${service}.${table}`] ?? (() => false);
        tables.set(table, new Set((rows as Array<Record<string, unknown>>).filter((r) => !skip(r)).map(rowDigest)));
      }
    });
    out.set(service, tables);
  }
  return out;
}

export function rowCount(s: Snapshot): number {
  let n = 0;
  for (const tables of s.values()) for (const rows of tables.values()) n += rows.size;
  return n;
}

export interface TableChange {
  table: string;
  added: number;
  removed: number;
  /** Up to three of the added rows as they are now (truncated), to say what changed. */
  examples: string[];
}

/** What differs between two snapshots, by `service.table`. */
export async function diff(before: Snapshot, after: Snapshot, databases: Record<string, string>): Promise<TableChange[]> {
  const changes: TableChange[] = [];
  for (const [service, tables] of after) {
    const old = before.get(service) ?? new Map<string, Set<string>>();
    const names = new Set([...tables.keys(), ...old.keys()]);
    for (const table of names) {
      const now = tables.get(table) ?? new Set<string>();
      const was = old.get(table) ?? new Set<string>();
      const added = [...now].filter((d) => !was.has(d));
      const removed = [...was].filter((d) => !now.has(d));
      if (!added.length && !removed.length) continue;
      const examples: string[] = [];
      if (added.length && databases[service]) {
        await withConnection(databases[service], async (conn) => {
          const [rows] = await conn.query(`SELECT * FROM \`${table}\``);
          for (const row of rows as unknown[]) {
            if (examples.length >= 3) break;
            if (added.includes(rowDigest(row))) examples.push(JSON.stringify(row).slice(0, 400));
          }
        });
      }
      changes.push({ table: `${service}.${table}`, added: added.length, removed: removed.length, examples });
    }
  }
  return changes;
}
