import type { EntityManager } from 'typeorm';
import { newId } from '@gongzhi/subgraph-kit';
import { auditHash, type AuditRecord } from './audit.chain';
import { AuditHeadEntity, AuditLogEntity } from './audit.entity';

export interface AuditInput {
  householdId: string | null;
  actorKind: 'USER' | 'BANK' | 'AGENCY' | 'SYSTEM' | 'CLIENT';
  actorId: string;
  action: string;
  detail: Record<string, unknown>;
}

const toRecord = (e: AuditLogEntity): AuditRecord => ({ ...e, seq: Number(e.seq) });

export class AuditRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Appends under the chain head's row lock; call inside a transaction. */
  async append(input: AuditInput): Promise<AuditRecord> {
    const head = await this.manager.findOne(AuditHeadEntity, { where: { id: 1 }, lock: { mode: 'pessimistic_write' } });
    if (!head) throw new Error('audit_head row missing');
    const base = { seq: Number(head.seq) + 1, id: newId(), ...input, createdAt: new Date(), prevHash: head.hash };
    const row = { ...base, hash: auditHash(base) };
    await this.manager.insert(AuditLogEntity, row as never);
    await this.manager.update(AuditHeadEntity, { id: 1 }, { seq: row.seq, hash: row.hash });
    return row;
  }

  /** Many records under one lock of the chain head: one insert and one head update, however many. */
  async appendMany(inputs: AuditInput[]): Promise<AuditRecord[]> {
    if (!inputs.length) return [];
    const head = await this.manager.findOne(AuditHeadEntity, { where: { id: 1 }, lock: { mode: 'pessimistic_write' } });
    if (!head) throw new Error('audit_head row missing');
    let [seq, prevHash] = [Number(head.seq), head.hash];
    const rows = inputs.map((input) => {
      const base = { seq: ++seq, id: newId(), ...input, createdAt: new Date(), prevHash };
      const row = { ...base, hash: auditHash(base) };
      prevHash = row.hash;
      return row;
    });
    await this.manager.insert(AuditLogEntity, rows as never);
    await this.manager.update(AuditHeadEntity, { id: 1 }, { seq, hash: prevHash });
    return rows;
  }

  async head(): Promise<{ seq: number; hash: string }> {
    const head = await this.manager.findOneByOrFail(AuditHeadEntity, { id: 1 });
    return { seq: Number(head.seq), hash: head.hash };
  }

  async range(afterSeq: number, limit: number): Promise<AuditRecord[]> {
    const rows = await this.manager
      .createQueryBuilder(AuditLogEntity, 'a')
      .where('a.seq > :afterSeq', { afterSeq })
      .orderBy('a.seq', 'ASC')
      .limit(limit)
      .getMany();
    return rows.map(toRecord);
  }

  async forHousehold(householdId: string, actions: string[], beforeSeq: number | null, limit: number): Promise<AuditRecord[]> {
    const qb = this.manager
      .createQueryBuilder(AuditLogEntity, 'a')
      .where('a.household_id = :householdId', { householdId })
      .andWhere('a.action IN (:...actions)', { actions })
      .orderBy('a.seq', 'DESC')
      .limit(limit);
    if (beforeSeq !== null) qb.andWhere('a.seq < :beforeSeq', { beforeSeq });
    return (await qb.getMany()).map(toRecord);
  }
}
