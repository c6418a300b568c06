import type { EntityManager } from 'typeorm';
import { ConsentEntity, LoanApplicationEntity } from './loan.entity';

export class LoanRepository {
  constructor(private readonly manager: EntityManager) {}

  async insertConsent(c: ConsentEntity): Promise<void> {
    await this.manager.insert(ConsentEntity, c);
  }

  findConsent(id: string): Promise<ConsentEntity | null> {
    return this.manager.findOneBy(ConsentEntity, { id });
  }

  async updateConsent(id: string, changes: Partial<ConsentEntity>): Promise<void> {
    await this.manager.update(ConsentEntity, { id }, changes);
  }

  consentsOf(householdId: string): Promise<ConsentEntity[]> {
    return this.manager.find(ConsentEntity, { where: { householdId }, order: { createdAt: 'DESC' } });
  }

  async insertApplication(a: LoanApplicationEntity): Promise<void> {
    await this.manager.insert(LoanApplicationEntity, a);
  }

  findApplicationByKey(applicantId: string, idempotencyKey: string): Promise<LoanApplicationEntity | null> {
    return this.manager.findOneBy(LoanApplicationEntity, { applicantId, idempotencyKey });
  }

  findApplication(id: string): Promise<LoanApplicationEntity | null> {
    return this.manager.findOneBy(LoanApplicationEntity, { id });
  }

  findApplicationForUpdate(id: string): Promise<LoanApplicationEntity | null> {
    return this.manager.findOne(LoanApplicationEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async updateApplication(id: string, changes: Partial<LoanApplicationEntity>): Promise<void> {
    await this.manager.update(LoanApplicationEntity, { id }, changes);
  }

  applicationsOf(householdId: string): Promise<LoanApplicationEntity[]> {
    return this.manager.find(LoanApplicationEntity, { where: { householdId }, order: { createdAt: 'DESC' } });
  }

  /** A bank's applications whose consent is live at `now`: the only ones it may see. */
  async liveApplicationsOfBank(bankClientId: string, now: Date, afterId: string | null, limit: number): Promise<LoanApplicationEntity[]> {
    const qb = this.manager
      .createQueryBuilder(LoanApplicationEntity, 'a')
      .innerJoin(ConsentEntity, 'c', 'c.id = a.consent_id')
      .where('a.bank_client_id = :bank', { bank: bankClientId })
      .andWhere('c.bank_client_id = :bank')
      .andWhere('c.revoked_at IS NULL')
      .andWhere('c.expires_at > :now', { now })
      .orderBy('a.id', 'ASC')
      .limit(limit);
    if (afterId) qb.andWhere('a.id > :afterId', { afterId });
    return qb.getMany();
  }
}
