import { In, type EntityManager } from 'typeorm';
import { RegionEntity } from './region.entity';

export class RegionRepository {
  constructor(private readonly manager: EntityManager) {}

  findByCode(code: string): Promise<RegionEntity | null> {
    return this.manager.findOneBy(RegionEntity, { code });
  }

  findByCodes(codes: string[]): Promise<RegionEntity[]> {
    return codes.length ? this.manager.findBy(RegionEntity, { code: In(codes) }) : Promise.resolve([]);
  }

  children(parentCode: string): Promise<RegionEntity[]> {
    return this.manager.find(RegionEntity, { where: { parentCode }, order: { code: 'ASC' } });
  }

  async upsert(regions: RegionEntity[]): Promise<void> {
    if (regions.length) await this.manager.upsert(RegionEntity, regions, ['code']);
  }
}
