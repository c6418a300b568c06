import { applyEntry, entryHash, GENESIS_HASH, verifyChain } from './ledger.chain';
import type { BalanceRow, LedgerEntryRow } from './ledger.entity';

function chain(deltas: Array<[number, LedgerEntryRow['source']]>, at = new Date('2026-11-10T02:00:00Z')): LedgerEntryRow[] {
  let prev = GENESIS_HASH;
  return deltas.map(([delta, source], i) => {
    const base = {
      id: `e${i}`, householdId: 'h1', seq: i + 1, villageCode: '510681106001', itemId: null, itemCode: null, itemVersion: null,
      category: null, delta, source, honour: false, reason: 'r', actorId: 'a', idempotencyKey: `k${i}`, occurredAt: at, prevHash: prev,
    };
    const e = { ...base, hash: entryHash(base) };
    prev = e.hash;
    return e;
  });
}

const emptyBalance = (): BalanceRow => ({
  householdId: 'h1', villageCode: '510681106001', townshipCode: '510681106000', balance: 0, earned: 0, spent: 0, reserved: 0,
  monthKey: 0, thisMonth: 0, yearKey: 0, thisYear: 0, lastSeq: 0, lastHash: GENESIS_HASH, updatedAt: new Date(0),
});

describe('ledger chain', () => {
  it('verifies an intact chain and finds the first changed entry', () => {
    const entries = chain([[5, 'AWARD'], [2, 'APPLICATION'], [-3, 'SPEND']]);
    expect(verifyChain(entries)).toMatchObject({ valid: true, entries: 3, brokenAtSeq: null });
    entries[1].delta = 20;
    expect(verifyChain(entries)).toMatchObject({ valid: false, brokenAtSeq: 2 });
  });

  it('detects a removed entry', () => {
    const entries = chain([[5, 'AWARD'], [2, 'AWARD'], [1, 'AWARD']]);
    entries.splice(1, 1);
    expect(verifyChain(entries).valid).toBe(false);
  });

  it('projects spends apart from earnings and resets the month in China time', () => {
    const b = emptyBalance();
    for (const e of chain([[5, 'AWARD'], [-2, 'DEDUCTION'], [-1, 'SPEND']], new Date('2026-10-31T16:30:00Z'))) applyEntry(b, e);
    expect(b).toMatchObject({ balance: 2, earned: 3, spent: 1, thisMonth: 3, monthKey: 202611, lastSeq: 3 });
    const [later] = chain([[4, 'AWARD']], new Date('2026-12-01T00:00:00Z'));
    applyEntry(b, { ...later, seq: 4 });
    expect(b).toMatchObject({ balance: 6, thisMonth: 4, monthKey: 202612, thisYear: 7 });
  });
});
