import { In, type EntityManager } from 'typeorm';
import { CreditReviewEntity } from './review.entity';

export class ReviewRepository {
  constructor(private readonly manager: EntityManager) {}

  async insert(r: CreditReviewEntity): Promise<void> {
    await this.manager.insert(CreditReviewEntity, r);
  }

  findById(id: string): Promise<CreditReviewEntity | null> {
    return this.manager.findOneBy(CreditReviewEntity, { id });
  }

  async update(id: string, changes: Partial<CreditReviewEntity>): Promise<void> {
    await this.manager.update(CreditReviewEntity, { id }, changes);
  }

  async householdsWithOpenReview(ids: readonly string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await this.manager.findBy(CreditReviewEntity, { householdId: In([...ids]), status: 'OPEN' });
    return new Set(rows.map((r) => r.householdId));
  }

  forHousehold(householdId: string): Promise<CreditReviewEntity[]> {
    return this.manager.find(CreditReviewEntity, { where: { householdId }, order: { createdAt: 'DESC' } });
  }

  openInRegion(regionPrefix: string, limit: number): Promise<CreditReviewEntity[]> {
    return this.manager
      .createQueryBuilder(CreditReviewEntity, 'r')
      .where('r.status = :s', { s: 'OPEN' })
      .andWhere('r.village_code LIKE :p', { p: `${regionPrefix}%` })
      .orderBy('r.created_at', 'ASC')
      .limit(limit)
      .getMany();
  }
}
