import { IsOptional, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { PageArgs } from '@gongzhi/subgraph-kit';
import { OrderStatus } from './order.state';

@InputType()
export class PlaceOrderInput {
  @Field(() => ID)
  @Length(36, 36)
  storeId: string;

  @Field(() => ID)
  @Length(36, 36)
  productId: string;

  @Field(() => Int)
  @Min(1, { message: 'quantity must be at least 1' })
  @Max(99)
  quantity: number;

  @Field(() => ID, { nullable: true, description: 'Order at this exchange event’s special price' })
  @IsOptional()
  @Length(36, 36)
  eventId?: string | null;

  @Field({ description: 'A key the client makes once per order; resubmitting it returns the same order' })
  @Matches(/^[A-Za-z0-9_-]{8,64}$/, { message: 'clientRequestId must be 8-64 letters, digits, _ or -' })
  clientRequestId: string;
}

@ArgsType()
export class StoreOrdersArgs extends PageArgs {
  @Field(() => ID)
  @IsUUID()
  storeId: string;

  @Field(() => OrderStatus, { nullable: true })
  @IsOptional()
  status?: OrderStatus | null;
}

@ArgsType()
export class ConfirmPickupArgs {
  @Field(() => ID)
  @Length(36, 36)
  storeId: string;

  @Field()
  @Matches(/^\d{8}$/, { message: 'pickupCode has 8 digits' })
  pickupCode: string;
}
