import { createHash } from 'node:crypto';

export interface AuditRecord {
  seq: number;
  id: string;
  householdId: string | null;
  actorKind: string;
  actorId: string;
  action: string;
  detail: Record<string, unknown>;
  createdAt: Date;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with sorted keys: MySQL's JSON type may reorder keys, the hash must not care. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.keys(value as object)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value instanceof Date ? value.toISOString() : value);
}

export function auditHash(r: Omit<AuditRecord, 'hash'>): string {
  const body = canonicalJson([r.seq, r.id, r.householdId, r.actorKind, r.actorId, r.action, r.detail, r.createdAt.toISOString(), r.prevHash]);
  return createHash('sha256').update(body).digest('hex');
}

export interface ChainCheck {
  valid: boolean;
  checked: number;
  /** The first row whose hash or link does not match, when invalid. */
  brokenAtSeq: number | null;
  problem: string | null;
}

/** Checks one ordered run of rows continuing from (`prevSeq`, `prevHash`). */
export function checkChain(rows: AuditRecord[], prevSeq: number, prevHash: string): ChainCheck & { lastSeq: number; lastHash: string } {
  let seq = prevSeq;
  let hash = prevHash;
  for (const row of rows) {
    const broken = (problem: string) => ({ valid: false, checked: row.seq - prevSeq - 1, brokenAtSeq: row.seq, problem, lastSeq: seq, lastHash: hash });
    if (row.seq !== seq + 1) return broken(`row ${seq + 1} is missing`);
    if (row.prevHash !== hash) return broken('link to the previous row does not match');
    if (auditHash(row) !== row.hash) return broken('row content does not match its hash');
    seq = row.seq;
    hash = row.hash;
  }
  return { valid: true, checked: rows.length, brokenAtSeq: null, problem: null, lastSeq: seq, lastHash: hash };
}
