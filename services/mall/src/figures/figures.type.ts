import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType('StoreMonthFigures')
export class StoreMonthFiguresType {
  @Field(() => ID)
  storeId: string;

  @Field(() => ID, { description: 'The customers’ village' })
  villageCode: string;

  @Field(() => Int, { description: 'Orders picked up' })
  redemptions: number;

  @Field(() => Int)
  pointsSpent: number;

  @Field(() => Int, { description: 'Orders not yet picked up or cancelled' })
  openOrders: number;
}

@ObjectType('VillageMonthFigures')
export class VillageMonthFiguresType {
  @Field(() => ID)
  villageCode: string;

  @Field(() => Int)
  redemptions: number;

  @Field(() => Int)
  pointsSpent: number;
}

@ObjectType('TopProduct')
export class TopProductType {
  @Field(() => ID)
  productId: string;

  @Field()
  productName: string;

  @Field(() => Int)
  quantity: number;

  @Field(() => Int)
  pointsSpent: number;
}
