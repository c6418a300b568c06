import { auditHash, checkChain, GENESIS_HASH, type AuditRecord } from './audit.chain';

function chain(n: number): AuditRecord[] {
  const rows: AuditRecord[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const base = { seq: i, id: `id-${i}`, householdId: 'h1', actorKind: 'BANK', actorId: 'gzc_bank', action: 'BANK_READ', detail: { b: i, a: [1, { y: 2, x: 1 }] }, createdAt: new Date(1_700_000_000_000 + i), prevHash: prev };
    const row = { ...base, hash: auditHash(base) };
    rows.push(row);
    prev = row.hash;
  }
  return rows;
}

describe('audit chain', () => {
  it('verifies an intact chain', () => {
    expect(checkChain(chain(5), 0, GENESIS_HASH)).toMatchObject({ valid: true, checked: 5 });
  });

  it('does not depend on key order in details', () => {
    const [row] = chain(1);
    expect(auditHash({ ...row, detail: { a: [1, { x: 1, y: 2 }], b: 1 } })).toBe(row.hash);
  });

  it('finds an edited, a deleted and a re-hashed row', () => {
    const edited = chain(5);
    edited[2] = { ...edited[2], actorId: 'someone-else' };
    expect(checkChain(edited, 0, GENESIS_HASH)).toMatchObject({ valid: false, brokenAtSeq: 3, problem: 'row content does not match its hash' });
    const deleted = chain(5).filter((r) => r.seq !== 4);
    expect(checkChain(deleted, 0, GENESIS_HASH)).toMatchObject({ valid: false, brokenAtSeq: 5 });
    const rehashed = chain(5);
    rehashed[1] = { ...rehashed[1], detail: { forged: true } };
    rehashed[1].hash = auditHash(rehashed[1]);
    expect(checkChain(rehashed, 0, GENESIS_HASH)).toMatchObject({ valid: false, brokenAtSeq: 3, problem: 'link to the previous row does not match' });
  });
});
