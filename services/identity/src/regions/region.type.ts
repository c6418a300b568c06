import { RegionLevel } from '@gongzhi/subgraph-kit';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import type { RegionEntity } from './region.entity';

registerEnumType(RegionLevel, { name: 'RegionLevel', description: 'City > county > township > village/community > grid' });

@ObjectType('Region', { description: 'A place in the administrative tree, identified by its statistical code' })
export class RegionType {
  @Field(() => ID, { description: '12 digits (15 for a grid)' })
  code: string;

  @Field()
  name: string;

  @Field(() => RegionLevel)
  level: RegionLevel;

  @Field(() => ID, { nullable: true })
  parentCode: string | null;

  static from(entity: RegionEntity): RegionType {
    return Object.assign(new RegionType(), {
      code: entity.code,
      name: entity.name,
      level: entity.level as RegionLevel,
      parentCode: entity.parentCode,
    });
  }
}
