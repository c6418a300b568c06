import { decodeCursor, mapConnection, PageArgs, toConnection, type RequestContext } from '@gongzhi/subgraph-kit';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { StoreService } from '../stores/store.service';
import { ProductType, StoreType } from '../stores/store.type';
import type { OrderService } from './order.service';
import { ConfirmPickupArgs, PlaceOrderInput, StoreOrdersArgs } from './order.inputs';
import { OrderStatus } from './order.state';
import { HouseholdRef, OrderConnection, OrderType } from './order.type';

function afterId(after?: string | null): string | null {
  return after ? String(decodeCursor(after)[0]) : null;
}

@Resolver(() => OrderType)
export class OrderResolver {
  constructor(
    private readonly orders: OrderService,
    private readonly stores: StoreService,
  ) {}

  @Mutation(() => OrderType, { description: 'Redeem points for goods; status RESERVED comes with a pickup code' })
  async placeOrder(@Arg('input') input: PlaceOrderInput, @Ctx() ctx: RequestContext): Promise<OrderType> {
    return OrderType.from(await this.orders.place(ctx, input));
  }

  @Mutation(() => OrderType, { description: 'The clerk hands the goods over; the reserved points are spent' })
  async confirmPickup(@Args() args: ConfirmPickupArgs, @Ctx() ctx: RequestContext): Promise<OrderType> {
    return OrderType.from(await this.orders.confirmPickup(ctx, args.storeId, args.pickupCode));
  }

  @Mutation(() => OrderType, { description: 'Points released and stock returned' })
  async cancelOrder(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<OrderType> {
    return OrderType.from(await this.orders.cancel(ctx, id));
  }

  @Query(() => OrderType)
  async mallOrder(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<OrderType> {
    return OrderType.from(await this.orders.get(ctx, id));
  }

  @Query(() => OrderConnection, { description: "A store's orders, for its cadres and clerks" })
  async storeOrders(@Args() args: StoreOrdersArgs, @Ctx() ctx: RequestContext) {
    const rows = await this.orders.ofStore(ctx, args.storeId, args.status ?? null, args.first, afterId(args.after));
    return mapConnection(toConnection(rows, args.first, (o) => [o.id]), OrderType.from);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "Shown to the household while the order waits for pickup; the clerk asks for it (staff never see it)",
  })
  pickupCode(@Root() order: OrderType, @Ctx() ctx: RequestContext): string | null {
    const own = ctx.principal?.kind === 'user' && ctx.principal.householdId === order.householdId;
    return own && order.status === OrderStatus.RESERVED ? order.code : null;
  }

  @FieldResolver(() => StoreType, { nullable: true })
  async store(@Root() order: OrderType, @Ctx() ctx: RequestContext): Promise<StoreType | null> {
    const [s] = await this.stores.visibleByIds(ctx, [order.storeId]);
    return s ? StoreType.from(s) : null;
  }

  @FieldResolver(() => ProductType, { nullable: true })
  async product(@Root() order: OrderType, @Ctx() ctx: RequestContext): Promise<ProductType | null> {
    const [p] = await this.stores.visibleProducts(ctx, [order.productId]);
    return p ? ProductType.from(p) : null;
  }
}

@Resolver(() => HouseholdRef)
export class HouseholdOrdersResolver {
  constructor(private readonly orderService: OrderService) {}

  @FieldResolver(() => OrderConnection, { description: "The household's mall orders, newest first" })
  async orders(@Root() household: HouseholdRef, @Args() page: PageArgs, @Ctx() ctx: RequestContext) {
    const rows = await this.orderService.ofHousehold(ctx, household.id, page.first, afterId(page.after));
    return mapConnection(toConnection(rows, page.first, (o) => [o.id]), OrderType.from);
  }
}
