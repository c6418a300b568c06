import type { EntityManager } from 'typeorm';
import { IntegratorClientEntity } from './integrator-client.entity';

export class IntegratorClientRepository {
  constructor(private readonly manager: EntityManager) {}

  findByClientId(clientId: string): Promise<IntegratorClientEntity | null> {
    return this.manager.findOneBy(IntegratorClientEntity, { clientId });
  }

  inRegionPrefix(prefix: string): Promise<IntegratorClientEntity[]> {
    return this.manager
      .createQueryBuilder(IntegratorClientEntity, 'c')
      .where('c.region_code LIKE :prefix', { prefix: `${prefix}%` })
      .orderBy('c.created_at', 'ASC')
      .getMany();
  }

  async insert(client: IntegratorClientEntity): Promise<void> {
    await this.manager.insert(IntegratorClientEntity, client);
  }

  async update(id: string, changes: Partial<IntegratorClientEntity>): Promise<void> {
    await this.manager.update(IntegratorClientEntity, { id }, changes);
  }
}
