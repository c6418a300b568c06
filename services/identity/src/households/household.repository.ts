import { In, type EntityManager } from 'typeorm';
import { HouseholdEntity, HouseholdMemberEntity } from './household.entity';

export class HouseholdRepository {
  constructor(private readonly manager: EntityManager) {}

  findById(id: string): Promise<HouseholdEntity | null> {
    return this.manager.findOneBy(HouseholdEntity, { id });
  }

  /** Locks the household row for the rest of the transaction (membership changes). */
  findByIdForUpdate(id: string): Promise<HouseholdEntity | null> {
    return this.manager.findOne(HouseholdEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  findByIds(ids: readonly string[]): Promise<HouseholdEntity[]> {
    return ids.length ? this.manager.findBy(HouseholdEntity, { id: In([...ids]) }) : Promise.resolve([]);
  }

  findByQrTokenHash(hash: string): Promise<HouseholdEntity | null> {
    return this.manager.findOneBy(HouseholdEntity, { qrTokenHash: hash });
  }

  /** Keyset page of a village's households, ordered by id (UUIDv7, so by creation). */
  pageInVillage(villageCode: string, afterId: string | null, limit: number): Promise<HouseholdEntity[]> {
    const qb = this.manager
      .createQueryBuilder(HouseholdEntity, 'h')
      .where('h.village_code = :villageCode', { villageCode })
      .orderBy('h.id', 'ASC')
      .limit(limit);
    if (afterId) qb.andWhere('h.id > :afterId', { afterId });
    return qb.getMany();
  }

  async insert(household: HouseholdEntity): Promise<void> {
    await this.manager.insert(HouseholdEntity, household);
  }

  async update(id: string, changes: Partial<HouseholdEntity>): Promise<void> {
    await this.manager.update(HouseholdEntity, { id }, changes);
  }

  membershipOf(userId: string): Promise<HouseholdMemberEntity | null> {
    return this.manager.findOneBy(HouseholdMemberEntity, { userId });
  }

  membershipsOf(userIds: readonly string[]): Promise<HouseholdMemberEntity[]> {
    return userIds.length ? this.manager.findBy(HouseholdMemberEntity, { userId: In([...userIds]) }) : Promise.resolve([]);
  }

  membersOf(householdIds: readonly string[]): Promise<HouseholdMemberEntity[]> {
    return householdIds.length
      ? this.manager.find(HouseholdMemberEntity, { where: { householdId: In([...householdIds]) }, order: { joinedAt: 'ASC' } })
      : Promise.resolve([]);
  }

  async insertMany(households: HouseholdEntity[], members: HouseholdMemberEntity[]): Promise<void> {
    if (households.length) await this.manager.createQueryBuilder().insert().into(HouseholdEntity).values(households).execute();
    if (members.length) await this.manager.createQueryBuilder().insert().into(HouseholdMemberEntity).values(members).execute();
  }

  async addMember(member: HouseholdMemberEntity): Promise<void> {
    await this.manager.insert(HouseholdMemberEntity, member);
  }

  async removeMember(userId: string): Promise<void> {
    await this.manager.delete(HouseholdMemberEntity, { userId });
  }

  async setRelation(userId: string, relation: string): Promise<void> {
    await this.manager.update(HouseholdMemberEntity, { userId }, { relation });
  }
}
