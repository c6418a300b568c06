import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ProductCategory, type ExchangeEventEntity, type ExchangeEventPriceEntity, type ProductEntity } from '../catalogue/product.entity';
import type { StoreEntity } from './store.entity';

registerEnumType(ProductCategory, { name: 'ProductCategory' });

@ObjectType('Store', { description: 'A village or township store (积分超市)' })
@Directive('@key(fields: "id")')
export class StoreType {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => ID, { description: 'The village or township it serves' })
  regionCode: string;

  @Field()
  unmanned: boolean;

  @Field(() => String, { nullable: true })
  address: string | null;

  @Field()
  createdAt: Date;

  static from(e: StoreEntity): StoreType {
    return Object.assign(new StoreType(), e);
  }
}

@ObjectType('Product')
@Directive('@key(fields: "id")')
export class ProductType {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  storeId: string;

  @Field()
  name: string;

  @Field(() => ProductCategory)
  category: ProductCategory;

  @Field(() => String, { nullable: true })
  photoUrl: string | null;

  @Field(() => Int, { description: 'Points per item' })
  price: number;

  @Field(() => Int)
  stock: number;

  @Field(() => Int, { nullable: true, description: 'Most a household may redeem per month' })
  monthlyLimit: number | null;

  @Field(() => Int)
  lowStockThreshold: number;

  @Field()
  active: boolean;

  static from(e: ProductEntity): ProductType {
    return Object.assign(new ProductType(), e);
  }
}

@ObjectType('ExchangeEventPrice')
export class ExchangeEventPriceType {
  @Field(() => ID)
  productId: string;

  @Field(() => Int)
  price: number;
}

@ObjectType('ExchangeEvent', { description: '兑换活动: special prices for a time window' })
export class ExchangeEventType {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  storeId: string;

  @Field()
  name: string;

  @Field()
  startsAt: Date;

  @Field()
  endsAt: Date;

  @Field(() => [ExchangeEventPriceType])
  prices: ExchangeEventPriceType[];

  static from(e: ExchangeEventEntity, prices: ExchangeEventPriceEntity[]): ExchangeEventType {
    return Object.assign(new ExchangeEventType(), {
      id: e.id,
      storeId: e.storeId,
      name: e.name,
      startsAt: e.startsAt,
      endsAt: e.endsAt,
      prices: prices.map((p) => Object.assign(new ExchangeEventPriceType(), { productId: p.productId, price: p.price })),
    });
  }
}
