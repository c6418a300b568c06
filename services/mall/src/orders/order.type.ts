import { ConnectionType } from '@gongzhi/subgraph-kit';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { OrderEntity } from './order.entity';
import { OrderStatus } from './order.state';

registerEnumType(OrderStatus, {
  name: 'OrderStatus',
  valuesConfig: {
    PENDING: { description: 'Stock held; points being reserved (finished automatically if interrupted)' },
    RESERVED: { description: 'Points reserved; waiting for pickup with the pickup code' },
    PICKUP_CONFIRMED: { description: 'Handed over; points being spent' },
    COMPLETED: { description: 'Handed over and points spent' },
    CANCELLING: { description: 'Cancelled or expired; points being released' },
    CANCELLED: { description: 'Points released and stock returned' },
    FAILED: { description: 'Points could not be reserved; stock returned' },
    NEEDS_REVIEW: { description: 'Points and the order disagree; staff will look' },
  },
});

@ObjectType('MallOrder', { description: 'A redemption in a store (兑换订单)' })
export class OrderType {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  householdId: string;

  @Field(() => ID)
  storeId: string;

  @Field(() => ID)
  productId: string;

  @Field()
  productName: string;

  @Field(() => Int)
  quantity: number;

  @Field(() => Int)
  unitPrice: number;

  @Field(() => Int)
  totalPoints: number;

  @Field(() => ID, { nullable: true })
  eventId: string | null;

  @Field(() => OrderStatus)
  status: OrderStatus;

  /** Read through OrderResolver.pickupCode: only the household sees it. */
  code: string;

  @Field(() => String, { nullable: true })
  failureCode: string | null;

  @Field()
  expiresAt: Date;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  completedAt: Date | null;

  static from(e: OrderEntity): OrderType {
    return Object.assign(new OrderType(), { ...e, code: e.pickupCode });
  }
}

export const OrderConnection = ConnectionType(OrderType, 'MallOrder');

@ObjectType('Household')
@Directive('@key(fields: "id")')
export class HouseholdRef {
  @Field(() => ID)
  id: string;
}
