import { hash } from 'node:crypto';
import { monthKey, yearKey } from '../periods';
import type { BalanceRow, LedgerEntryRow } from './ledger.entity';

/** The first entry of every household chains to this. */
export const GENESIS_HASH = '0'.repeat(64);

/** Everything that makes an entry what it is goes into its hash, with the previous hash. */
export function entryHash(e: Omit<LedgerEntryRow, 'hash'>): string {
  const fields = [
    e.prevHash,
    e.id,
    e.householdId,
    e.seq,
    e.villageCode,
    e.itemId ?? '',
    e.itemCode ?? '',
    e.itemVersion ?? '',
    e.category ?? '',
    e.delta,
    e.source,
    e.honour ? 1 : 0,
    e.reason,
    e.actorId,
    e.idempotencyKey,
    e.occurredAt.toISOString(),
  ];
  // One-shot hash: a bulk posting chains a thousand entries, and a Hash object each costs twice as much.
  return hash('sha256', JSON.stringify(fields), 'hex');
}

/** Applies one entry to the projection in memory (same rules the reconciliation recomputes). */
export function applyEntry(balance: BalanceRow, entry: LedgerEntryRow): void {
  const m = monthKey(entry.occurredAt);
  const y = yearKey(entry.occurredAt);
  if (balance.monthKey !== m) {
    balance.monthKey = m;
    balance.thisMonth = 0;
  }
  if (balance.yearKey !== y) {
    balance.yearKey = y;
    balance.thisYear = 0;
  }
  balance.balance += entry.delta;
  if (entry.source === 'SPEND') {
    balance.spent -= entry.delta;
  } else {
    // Earned is net of deductions; spending in the mall does not lower a household's standing.
    balance.earned += entry.delta;
    balance.thisMonth += entry.delta;
    balance.thisYear += entry.delta;
  }
  balance.lastSeq = entry.seq;
  balance.lastHash = entry.hash;
  balance.updatedAt = entry.occurredAt;
}

export interface ChainCheck {
  valid: boolean;
  entries: number;
  /** Sequence number of the first entry whose hash or link does not match. */
  brokenAtSeq: number | null;
  headHash: string;
}

/** Entries in seq order. */
export function verifyChain(entries: LedgerEntryRow[]): ChainCheck {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  for (const e of entries) {
    if (e.seq !== expectedSeq || e.prevHash !== prev || entryHash(e) !== e.hash) {
      return { valid: false, entries: entries.length, brokenAtSeq: e.seq, headHash: prev };
    }
    prev = e.hash;
    expectedSeq++;
  }
  return { valid: true, entries: entries.length, brokenAtSeq: null, headHash: prev };
}
