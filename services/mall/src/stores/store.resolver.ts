import { type RequestContext } from '@gongzhi/subgraph-kit';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { IsOptional, Length, Max, Min } from 'class-validator';
import type { StoreService } from './store.service';
import { CreateExchangeEventInput, CreateProductInput, CreateStoreInput, UpdateProductInput } from './store.inputs';
import { ExchangeEventType, ProductType, StoreType } from './store.type';

@ArgsType()
export class AdjustStockArgs {
  @Field(() => ID)
  @Length(36, 36)
  productId: string;

  @Field(() => Int, { description: 'Positive to restock, negative to write off' })
  @Min(-1_000_000)
  @Max(1_000_000)
  delta: number;
}

@ArgsType()
export class StoresArgs {
  @Field(() => ID, { nullable: true, description: 'Staff: stores within this region. Omitted: the stores serving your village' })
  @IsOptional()
  regionCode?: string | null;
}

@Resolver(() => StoreType)
export class StoreResolver {
  constructor(private readonly storeService: StoreService) {}

  @Query(() => [StoreType])
  async stores(@Args() args: StoresArgs, @Ctx() ctx: RequestContext): Promise<StoreType[]> {
    return (await this.storeService.list(ctx, args.regionCode)).map(StoreType.from);
  }

  @Query(() => StoreType)
  async store(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<StoreType> {
    return StoreType.from(await this.storeService.get(ctx, id));
  }

  @Mutation(() => StoreType)
  async createStore(@Arg('input') input: CreateStoreInput, @Ctx() ctx: RequestContext): Promise<StoreType> {
    return StoreType.from(await this.storeService.create(ctx, input));
  }

  @Mutation(() => StoreType, { description: 'A cadre makes a person clerk of a store' })
  async assignStoreClerk(
    @Arg('storeId', () => ID) storeId: string,
    @Arg('userId', () => ID) userId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<StoreType> {
    return StoreType.from(await this.storeService.assignClerk(ctx, storeId, userId));
  }

  @Mutation(() => ExchangeEventType)
  async createExchangeEvent(@Arg('input') input: CreateExchangeEventInput, @Ctx() ctx: RequestContext): Promise<ExchangeEventType> {
    const event = await this.storeService.createEvent(ctx, input);
    return ExchangeEventType.from(event, input.prices.map((p) => ({ eventId: event.id, ...p })));
  }

  @FieldResolver(() => [ProductType], { description: 'Active products; managers also see inactive ones' })
  async products(@Root() store: StoreType, @Ctx() ctx: RequestContext): Promise<ProductType[]> {
    return (await this.storeService.productsOf(ctx, store.id, true)).map(ProductType.from);
  }

  @FieldResolver(() => [ExchangeEventType])
  async exchangeEvents(@Root() store: StoreType, @Ctx() ctx: RequestContext): Promise<ExchangeEventType[]> {
    return (await this.storeService.eventsOf(ctx, store.id)).map((e) => ExchangeEventType.from(e, e.prices));
  }
}

@Resolver(() => ProductType)
export class ProductResolver {
  constructor(private readonly stores: StoreService) {}

  @Query(() => ProductType)
  async product(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<ProductType> {
    return ProductType.from(await this.stores.product(ctx, id));
  }

  @Mutation(() => ProductType)
  async createProduct(@Arg('input') input: CreateProductInput, @Ctx() ctx: RequestContext): Promise<ProductType> {
    return ProductType.from(await this.stores.createProduct(ctx, input));
  }

  @Mutation(() => ProductType)
  async updateProduct(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateProductInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ProductType> {
    return ProductType.from(await this.stores.updateProduct(ctx, id, input));
  }

  @Mutation(() => ProductType)
  async adjustStock(@Args() args: AdjustStockArgs, @Ctx() ctx: RequestContext): Promise<ProductType> {
    return ProductType.from(await this.stores.adjustStock(ctx, args.productId, args.delta));
  }

  @FieldResolver(() => StoreType)
  async store(@Root() product: ProductType, @Ctx() ctx: RequestContext): Promise<StoreType> {
    return StoreType.from(await this.stores.get(ctx, product.storeId));
  }
}
