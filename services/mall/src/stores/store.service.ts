import {
  ancestorCodes,
  BadInputError,
  CADRES_AND_ABOVE,
  DomainError,
  ForbiddenError,
  hasRoleOver,
  isWithinRegion,
  newId,
  normalizeRegionCode,
  RegionLevel,
  regionPrefix,
  NotFoundError,
  requireUser,
  VILLAGE_STAFF,
  type RequestContext,
  type Transactor,
} from '@gongzhi/subgraph-kit';
import { ProductCategory, type ExchangeEventEntity, type ExchangeEventPriceEntity, type ProductEntity } from '../catalogue/product.entity';
import type { PlatformPort } from '../gateway/points.port';
import type { MallRepositories } from '../repositories';
import type { StoreEntity } from './store.entity';

export interface NewStore {
  name: string;
  regionCode: string;
  unmanned: boolean;
  address?: string | null;
}

export interface NewProduct {
  storeId: string;
  name: string;
  category: ProductCategory;
  photoUrl?: string | null;
  price: number;
  stock: number;
  monthlyLimit?: number | null;
  lowStockThreshold?: number | null;
}

export interface ProductChanges {
  name?: string | null;
  price?: number | null;
  photoUrl?: string | null;
  monthlyLimit?: number | null;
  lowStockThreshold?: number | null;
  active?: boolean | null;
}

export interface NewExchangeEvent {
  storeId: string;
  name: string;
  startsAt: Date;
  endsAt: Date;
  prices: Array<{ productId: string; price: number }>;
}

/**
 * Stores, their catalogue and exchange events. Villagers see the stores serving their
 * village; staff see stores within their region; cadres (and officers above) and the
 * store's clerks manage a store.
 */
export class StoreService {
  constructor(
    private readonly repos: MallRepositories,
    private readonly tx: Transactor<MallRepositories>,
    private readonly platform: Pick<PlatformPort, 'regionLevel'>,
  ) {}

  /** The caller's household village, from the projection of identity's events. */
  async householdVillage(ctx: RequestContext): Promise<string | null> {
    const user = ctx.principal?.kind === 'user' ? ctx.principal : null;
    if (!user?.householdId) return null;
    return (await this.repos.households.find(user.householdId))?.villageCode ?? null;
  }

  async canSee(ctx: RequestContext, store: StoreEntity): Promise<boolean> {
    if (hasRoleOver(ctx.principal, store.regionCode, VILLAGE_STAFF)) return true;
    const village = await this.householdVillage(ctx);
    return village !== null && isWithinRegion(village, store.regionCode);
  }

  async canManage(ctx: RequestContext, store: StoreEntity): Promise<boolean> {
    const user = requireUser(ctx);
    if (hasRoleOver(user, store.regionCode, CADRES_AND_ABOVE)) return true;
    return this.repos.stores.isClerk(store.id, user.userId);
  }

  async requireManage(ctx: RequestContext, storeId: string): Promise<StoreEntity> {
    const store = await this.repos.stores.findById(storeId);
    if (!store) throw new NotFoundError('Store', storeId);
    if (!(await this.canManage(ctx, store))) throw new ForbiddenError('Only the cadres and clerks of this store manage it');
    return store;
  }

  async get(ctx: RequestContext, id: string): Promise<StoreEntity> {
    requireUser(ctx);
    const store = await this.repos.stores.findById(id);
    if (!store || !(await this.canSee(ctx, store))) throw new NotFoundError('Store', id);
    return store;
  }

  async visibleByIds(ctx: RequestContext, ids: readonly string[]): Promise<Array<StoreEntity | null>> {
    const stores = await this.repos.stores.findByIds(ids);
    const out: Array<StoreEntity | null> = [];
    for (const id of ids) {
      const s = stores.find((x) => x.id === id) ?? null;
      out.push(s && (await this.canSee(ctx, s)) ? s : null);
    }
    return out;
  }

  /** Without a region: the stores serving the caller's village. With one: staff browse their region. */
  async list(ctx: RequestContext, regionCode?: string | null): Promise<StoreEntity[]> {
    const user = requireUser(ctx);
    if (regionCode) {
      const code = normalizeRegionCode(regionCode);
      if (!hasRoleOver(user, code, VILLAGE_STAFF)) throw new ForbiddenError('This region is outside yours');
      return this.repos.stores.findUnderPrefix(regionPrefix(code));
    }
    const village = await this.householdVillage(ctx);
    if (!village) return [];
    return this.repos.stores.findInRegions([...ancestorCodes(village), village]);
  }

  async create(ctx: RequestContext, input: NewStore): Promise<StoreEntity> {
    const code = normalizeRegionCode(input.regionCode);
    const user = requireUser(ctx);
    if (!hasRoleOver(user, code, CADRES_AND_ABOVE)) throw new ForbiddenError('Only cadres and officers over this region open stores');
    const name = requireText(input.name, 'name');
    // Identity owns the regions: a store serves a village or township that exists.
    const level = await this.platform.regionLevel(code);
    if (!level) throw new DomainError('REGION_NOT_FOUND', `Region ${code} does not exist`);
    if (level !== RegionLevel.VILLAGE && level !== RegionLevel.TOWNSHIP) throw new BadInputError('A store serves a village or a township');
    const store: StoreEntity = { id: newId(), name, regionCode: code, unmanned: input.unmanned, address: input.address ?? null, createdAt: new Date() };
    await this.repos.stores.insert(store);
    return store;
  }

  async assignClerk(ctx: RequestContext, storeId: string, userId: string): Promise<StoreEntity> {
    const store = await this.repos.stores.findById(storeId);
    if (!store) throw new NotFoundError('Store', storeId);
    if (!hasRoleOver(requireUser(ctx), store.regionCode, CADRES_AND_ABOVE)) throw new ForbiddenError('Only cadres assign store clerks');
    await this.repos.stores.addClerk(storeId, userId);
    return store;
  }

  async productsOf(ctx: RequestContext, storeId: string, includeInactive: boolean): Promise<ProductEntity[]> {
    const store = await this.get(ctx, storeId);
    const manage = includeInactive && ctx.principal?.kind === 'user' && (await this.canManage(ctx, store));
    return (await this.repos.catalogue.productsOfStores([store.id])).filter((p) => p.active || manage);
  }

  async product(ctx: RequestContext, id: string): Promise<ProductEntity> {
    requireUser(ctx);
    const p = await this.repos.catalogue.findProduct(id);
    if (!p) throw new NotFoundError('Product', id);
    await this.get(ctx, p.storeId).catch(() => {
      throw new NotFoundError('Product', id);
    });
    return p;
  }

  async visibleProducts(ctx: RequestContext, ids: readonly string[]): Promise<Array<ProductEntity | null>> {
    const products = await this.repos.catalogue.findProducts(ids);
    const stores = await this.visibleByIds(ctx, [...new Set(products.map((p) => p.storeId))]);
    const visible = new Set(stores.filter((s): s is StoreEntity => !!s).map((s) => s.id));
    return ids.map((id) => products.find((p) => p.id === id && visible.has(p.storeId)) ?? null);
  }

  async createProduct(ctx: RequestContext, input: NewProduct): Promise<ProductEntity> {
    const store = await this.requireManage(ctx, input.storeId);
    const product: ProductEntity = {
      id: newId(),
      storeId: store.id,
      regionCode: store.regionCode,
      name: requireText(input.name, 'name'),
      category: input.category,
      photoUrl: input.photoUrl ?? null,
      price: input.price,
      stock: input.stock,
      monthlyLimit: input.monthlyLimit ?? null,
      lowStockThreshold: input.lowStockThreshold ?? 5,
      active: true,
      createdAt: new Date(),
    };
    await this.repos.catalogue.insertProduct(product);
    return product;
  }

  async updateProduct(ctx: RequestContext, productId: string, changes: ProductChanges): Promise<ProductEntity> {
    const product = await this.repos.catalogue.findProduct(productId);
    if (!product) throw new NotFoundError('Product', productId);
    await this.requireManage(ctx, product.storeId);
    const set: Partial<ProductEntity> = {};
    if (changes.name != null) set.name = requireText(changes.name, 'name');
    if (changes.price != null) set.price = changes.price;
    if (changes.photoUrl !== undefined) set.photoUrl = changes.photoUrl;
    if (changes.monthlyLimit !== undefined) set.monthlyLimit = changes.monthlyLimit;
    if (changes.lowStockThreshold != null) set.lowStockThreshold = changes.lowStockThreshold;
    if (changes.active != null) set.active = changes.active;
    if (Object.keys(set).length) await this.repos.catalogue.updateProduct(productId, set);
    return (await this.repos.catalogue.findProduct(productId))!;
  }

  /** Restock (positive) or write off (negative); atomic, never below zero. */
  async adjustStock(ctx: RequestContext, productId: string, delta: number): Promise<ProductEntity> {
    if (!Number.isInteger(delta) || delta === 0) throw new BadInputError('delta must be a non-zero whole number');
    const product = await this.repos.catalogue.findProduct(productId);
    if (!product) throw new NotFoundError('Product', productId);
    await this.requireManage(ctx, product.storeId);
    if (!(await this.repos.catalogue.adjustStock(productId, delta))) {
      throw new DomainError('STOCK_WOULD_BE_NEGATIVE', `Only ${product.stock} in stock; cannot remove ${-delta}`);
    }
    return (await this.repos.catalogue.findProduct(productId))!;
  }

  async createEvent(ctx: RequestContext, input: NewExchangeEvent): Promise<ExchangeEventEntity> {
    const store = await this.requireManage(ctx, input.storeId);
    // Invalid Date compares false both ways: check validity before order.
    if (Number.isNaN(input.startsAt.getTime()) || Number.isNaN(input.endsAt.getTime())) throw new BadInputError('startsAt and endsAt must be valid date-times');
    if (input.endsAt.getTime() <= input.startsAt.getTime()) throw new BadInputError('endsAt must be after startsAt');
    const products = await this.repos.catalogue.findProducts(input.prices.map((p) => p.productId));
    for (const p of input.prices) {
      if (!products.some((x) => x.id === p.productId && x.storeId === store.id)) {
        throw new BadInputError(`Product ${p.productId} is not sold in this store`);
      }
    }
    if (new Set(input.prices.map((p) => p.productId)).size !== input.prices.length) throw new BadInputError('Each product may appear once');
    const event: ExchangeEventEntity = { id: newId(), storeId: store.id, name: requireText(input.name, 'name'), startsAt: input.startsAt, endsAt: input.endsAt, createdAt: new Date() };
    const prices: ExchangeEventPriceEntity[] = input.prices.map((p) => ({ eventId: event.id, productId: p.productId, price: p.price }));
    await this.tx.run((repos) => repos.catalogue.insertEvent(event, prices));
    return event;
  }

  async eventsOf(ctx: RequestContext, storeId: string): Promise<Array<ExchangeEventEntity & { prices: ExchangeEventPriceEntity[] }>> {
    const store = await this.get(ctx, storeId);
    const events = await this.repos.catalogue.eventsOfStores([store.id]);
    const prices = await this.repos.catalogue.pricesOfEvents(events.map((e) => e.id));
    return events.map((e) => ({ ...e, prices: prices.filter((p) => p.eventId === e.id) }));
  }
}

/** Names are shown to villagers: not blank once trimmed. */
export function requireText(value: string, field: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw new BadInputError(`${field} must not be blank`);
  return trimmed;
}
