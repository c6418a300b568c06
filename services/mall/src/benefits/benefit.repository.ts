import { In, type EntityManager } from 'typeorm';
import { BenefitCheckEntity, BenefitMemberEntity, BenefitProgramEntity, BenefitTierEntity } from './benefit.entity';

export class BenefitRepository {
  constructor(private readonly manager: EntityManager) {}

  findProgram(id: string): Promise<BenefitProgramEntity | null> {
    return this.manager.findOneBy(BenefitProgramEntity, { id });
  }

  programsUnderPrefix(prefix: string): Promise<BenefitProgramEntity[]> {
    return this.manager
      .createQueryBuilder(BenefitProgramEntity, 'p')
      .where('p.region_code LIKE :p', { p: `${prefix}%` })
      .orderBy('p.id', 'ASC')
      .getMany();
  }

  async programsJoinedBy(clientId: string): Promise<BenefitProgramEntity[]> {
    const members = await this.manager.findBy(BenefitMemberEntity, { clientId });
    return members.length ? this.manager.findBy(BenefitProgramEntity, { id: In(members.map((m) => m.programId)) }) : [];
  }

  tiersOf(programIds: readonly string[]): Promise<BenefitTierEntity[]> {
    return programIds.length
      ? this.manager.find(BenefitTierEntity, { where: { programId: In([...programIds]) }, order: { minPoints: 'ASC' } })
      : Promise.resolve([]);
  }

  membersOf(programIds: readonly string[]): Promise<BenefitMemberEntity[]> {
    return programIds.length ? this.manager.findBy(BenefitMemberEntity, { programId: In([...programIds]) }) : Promise.resolve([]);
  }

  async insertProgram(program: BenefitProgramEntity, tiers: BenefitTierEntity[]): Promise<void> {
    await this.manager.insert(BenefitProgramEntity, program);
    if (tiers.length) await this.manager.insert(BenefitTierEntity, tiers);
  }

  async addMember(programId: string, clientId: string): Promise<void> {
    await this.manager.createQueryBuilder().insert().into(BenefitMemberEntity).values({ programId, clientId, joinedAt: new Date() }).orIgnore().execute();
  }

  async logCheck(check: BenefitCheckEntity): Promise<void> {
    await this.manager.insert(BenefitCheckEntity, check);
  }

  countChecks(clientId: string): Promise<number> {
    return this.manager.countBy(BenefitCheckEntity, { clientId });
  }
}
