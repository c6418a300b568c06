import { In, type EntityManager } from 'typeorm';
import { LoanProductEntity } from './product.entity';

export class ProductRepository {
  constructor(private readonly manager: EntityManager) {}

  async insert(p: LoanProductEntity): Promise<void> {
    await this.manager.insert(LoanProductEntity, p);
  }

  findById(id: string): Promise<LoanProductEntity | null> {
    return this.manager.findOneBy(LoanProductEntity, { id });
  }

  findByName(bankClientId: string, name: string): Promise<LoanProductEntity | null> {
    return this.manager.findOneBy(LoanProductEntity, { bankClientId, name });
  }

  async update(id: string, changes: Partial<LoanProductEntity>): Promise<void> {
    await this.manager.update(LoanProductEntity, { id }, changes);
  }

  /** Active products defined for any of `regionCodes` (a village and its ancestors). */
  activeIn(regionCodes: string[]): Promise<LoanProductEntity[]> {
    return this.manager.find(LoanProductEntity, { where: { regionCode: In(regionCodes), active: true }, order: { createdAt: 'ASC' } });
  }

  ofBank(bankClientId: string): Promise<LoanProductEntity[]> {
    return this.manager.find(LoanProductEntity, { where: { bankClientId }, order: { createdAt: 'ASC' } });
  }
}
