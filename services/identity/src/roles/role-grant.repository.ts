import { In, type EntityManager } from 'typeorm';
import { RoleGrantEntity } from './role-grant.entity';

export class RoleGrantRepository {
  constructor(private readonly manager: EntityManager) {}

  forUser(userId: string): Promise<RoleGrantEntity[]> {
    return this.manager.find(RoleGrantEntity, { where: { userId }, order: { createdAt: 'ASC' } });
  }

  forUsers(userIds: readonly string[]): Promise<RoleGrantEntity[]> {
    return userIds.length ? this.manager.findBy(RoleGrantEntity, { userId: In([...userIds]) }) : Promise.resolve([]);
  }

  findById(id: string): Promise<RoleGrantEntity | null> {
    return this.manager.findOneBy(RoleGrantEntity, { id });
  }

  find(userId: string, role: string, regionCode: string): Promise<RoleGrantEntity | null> {
    return this.manager.findOneBy(RoleGrantEntity, { userId, role: role as RoleGrantEntity['role'], regionCode });
  }

  /** Inserts unless the same (user, role, region) exists; returns the stored grant either way. */
  async insertIfAbsent(grant: RoleGrantEntity): Promise<RoleGrantEntity> {
    await this.manager
      .createQueryBuilder()
      .insert()
      .into(RoleGrantEntity)
      .values(grant)
      .orIgnore()
      .execute();
    return (await this.find(grant.userId, grant.role, grant.regionCode)) as RoleGrantEntity;
  }

  async insertManyIfAbsent(grants: RoleGrantEntity[]): Promise<void> {
    if (grants.length) await this.manager.createQueryBuilder().insert().into(RoleGrantEntity).values(grants).orIgnore().execute();
  }

  async delete(id: string): Promise<void> {
    await this.manager.delete(RoleGrantEntity, { id });
  }
}
