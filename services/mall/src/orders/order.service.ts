import {
  DomainError,
  ForbiddenError,
  hasRoleOver,
  isDuplicateKey,
  isWithinRegion,
  newId,
  NotFoundError,
  requireUser,
  Topics,
  VILLAGE_STAFF,
  type Logger,
  type RequestContext,
  type Transactor,
} from '@gongzhi/subgraph-kit';
import { randomInt } from 'node:crypto';
import type { PlatformPort } from '../gateway/points.port';
import { UpstreamUnavailableError } from '../gateway/gateway-client';
import type { MallRepositories } from '../repositories';
import type { StoreService } from '../stores/store.service';
import type { OrderEntity } from './order.entity';
import { chinaMonth, isEventActive, orderError, OrderErrors, OrderStatus, withinMonthlyLimit } from './order.state';

export interface PlaceOrder {
  storeId: string;
  productId: string;
  quantity: number;
  eventId?: string | null;
  /** The client's idempotency key for this submit. */
  clientRequestId: string;
}

export interface OrderSettings {
  pickupDays: number;
  recoveryGraceSeconds: number;
}

/**
 * Redemption that never loses points or stock. The order row (status PENDING) and the stock
 * decrement commit together before points is called; the reservation's idempotency key is
 * the order id, so retrying any step — by the caller or by recovery — lands on the same
 * reservation. Each move is a conditional update (`WHERE status = from`), so two processes
 * racing on one order cannot both act.
 */
export class OrderService {
  /** Set once the server's metrics exist: seconds per placeOrder. */
  observePlace: ((seconds: number) => void) | null = null;

  constructor(
    private readonly repos: MallRepositories,
    private readonly tx: Transactor<MallRepositories>,
    private readonly stores: StoreService,
    private readonly platform: PlatformPort,
    private readonly settings: OrderSettings,
    private readonly logger: Logger,
  ) {}

  async place(ctx: RequestContext, input: PlaceOrder): Promise<OrderEntity> {
    const started = performance.now();
    try {
      return await this.placeOrder(ctx, input);
    } finally {
      this.observePlace?.((performance.now() - started) / 1000);
    }
  }

  private async placeOrder(ctx: RequestContext, input: PlaceOrder): Promise<OrderEntity> {
    const user = requireUser(ctx);
    if (!user.householdId) throw orderError('NO_HOUSEHOLD', 'Only members of a household can redeem points');
    if (!Number.isInteger(input.quantity) || input.quantity < 1) throw new DomainError('BAD_USER_INPUT', 'quantity must be at least 1');
    const householdId = user.householdId;
    const now = new Date();

    // A pickup-code collision in the store reruns the whole transaction with a new code.
    let order: OrderEntity | null = null;
    for (let attempt = 1; !order; attempt++) {
      try {
        order = await this.createPending(user.userId, householdId, input, now);
      } catch (err) {
        if (!(err instanceof PickupCodeTaken) || attempt >= 5) throw err;
      }
    }

    const settled = order.status === OrderStatus.PENDING ? await this.reserve(order) : order;
    if (settled.status === OrderStatus.FAILED && settled.failureCode === OrderErrors.INSUFFICIENT_POINTS) {
      throw orderError('INSUFFICIENT_POINTS', 'Your household does not have enough points for this order');
    }
    return settled;
  }

  /** One transaction: checks, stock taken, order row PENDING — or nothing at all. */
  private createPending(userId: string, householdId: string, input: PlaceOrder, now: Date): Promise<OrderEntity> {
    return this.tx.run(async (repos) => {
      // Serialises this household's orders: monthly limits and duplicate submits stay exact.
      const household = await repos.households.findForUpdate(householdId);
      if (!household) throw orderError('HOUSEHOLD_UNKNOWN', 'Your household is not known to the mall yet; try again in a moment');
      const existing = await repos.orders.findByClientKey(householdId, input.clientRequestId);
      if (existing) {
        const same = existing.storeId === input.storeId && existing.productId === input.productId && existing.quantity === input.quantity && existing.eventId === (input.eventId ?? null);
        if (!same) throw orderError('IDEMPOTENCY_KEY_REUSED', 'This request id was already used for a different order');
        return existing;
      }
      const store = await repos.stores.findById(input.storeId);
      if (!store) throw new NotFoundError('Store', input.storeId);
      if (!isWithinRegion(household.villageCode, store.regionCode)) {
        throw orderError('STORE_OUT_OF_REGION', 'This store does not serve your village');
      }
      const product = await repos.catalogue.findProduct(input.productId);
      if (!product || product.storeId !== store.id) throw new NotFoundError('Product', input.productId);
      if (!product.active) throw orderError('PRODUCT_UNAVAILABLE', 'This product is not offered at the moment');
      let unitPrice = product.price;
      if (input.eventId) {
        const event = await repos.catalogue.findEvent(input.eventId);
        if (!event || event.storeId !== store.id) throw new NotFoundError('Exchange event', input.eventId);
        if (!isEventActive(event, now)) throw orderError('EVENT_NOT_ACTIVE', `The exchange event ${event.name} is not running now`);
        const special = await repos.catalogue.eventPrice(event.id, product.id);
        if (!special) throw orderError('EVENT_PRODUCT_NOT_INCLUDED', 'This product is not part of the exchange event');
        unitPrice = special.price;
      }
      const month = chinaMonth(now);
      const already = await repos.orders.quantityThisMonth(householdId, product.id, month);
      if (!withinMonthlyLimit(already, input.quantity, product.monthlyLimit)) {
        throw orderError('MONTHLY_LIMIT_EXCEEDED', `A household may redeem at most ${product.monthlyLimit} of ${product.name} a month`);
      }
      if (!(await repos.catalogue.takeStock(product.id, input.quantity))) {
        throw orderError('OUT_OF_STOCK', `Not enough ${product.name} in stock`);
      }
      const created: OrderEntity = {
        id: newId(),
        householdId,
        villageCode: household.villageCode,
        storeId: store.id,
        regionCode: store.regionCode,
        productId: product.id,
        productName: product.name,
        quantity: input.quantity,
        unitPrice,
        totalPoints: unitPrice * input.quantity,
        eventId: input.eventId ?? null,
        status: OrderStatus.PENDING,
        reservationId: null,
        pickupCode: pickupCode(),
        clientKey: input.clientRequestId,
        placedBy: userId,
        month,
        failureCode: null,
        expiresAt: new Date(now.getTime() + this.settings.pickupDays * 86_400_000),
        createdAt: now,
        updatedAt: now,
        completedAt: null,
      };
      try {
        await repos.orders.insert(created);
      } catch (err) {
        if (isDuplicateKey(err, 'uq_order_pickup')) throw new PickupCodeTaken();
        throw err;
      }
      return created;
    });
  }

  /** PENDING → RESERVED, or FAILED (stock back) when points says no; unknown outcomes stay PENDING. */
  async reserve(order: OrderEntity): Promise<OrderEntity> {
    try {
      const reservation = await this.platform.reserve({
        householdId: order.householdId,
        amount: order.totalPoints,
        idempotencyKey: order.id,
        reason: `积分超市 ${order.productName} ×${order.quantity}`,
      });
      if (reservation.status === 'RELEASED') {
        // Released by someone else before we recorded it: the points are back, so is the stock.
        await this.finishWithoutSale(order, OrderStatus.PENDING, OrderStatus.FAILED, 'RESERVATION_RELEASED');
      } else if (reservation.status === 'COMMITTED') {
        await this.repos.orders.transition(order.id, OrderStatus.PENDING, OrderStatus.NEEDS_REVIEW, { reservationId: reservation.id, failureCode: 'RESERVATION_COMMITTED' });
      } else {
        await this.repos.orders.transition(order.id, OrderStatus.PENDING, OrderStatus.RESERVED, { reservationId: reservation.id });
      }
    } catch (err) {
      if (err instanceof UpstreamUnavailableError) {
        this.logger.warn({ orderId: order.id, cause: err.details?.cause }, 'points unavailable; order left PENDING for recovery');
      } else if (err instanceof DomainError && (err.code === OrderErrors.INSUFFICIENT_POINTS || err.code === 'NOT_FOUND')) {
        await this.finishWithoutSale(order, OrderStatus.PENDING, OrderStatus.FAILED, OrderErrors.INSUFFICIENT_POINTS);
      } else if (err instanceof DomainError) {
        this.logger.error({ orderId: order.id, code: err.code }, 'points refused the reservation; order needs review');
        await this.repos.orders.transition(order.id, OrderStatus.PENDING, OrderStatus.NEEDS_REVIEW, { failureCode: err.code });
      } else {
        throw err;
      }
    }
    return (await this.repos.orders.findById(order.id))!;
  }

  /** Clerk hands the goods over: RESERVED → PICKUP_CONFIRMED → (commit) → COMPLETED. */
  async confirmPickup(ctx: RequestContext, storeId: string, code: string): Promise<OrderEntity> {
    await this.stores.requireManage(ctx, storeId);
    const order = await this.repos.orders.findByPickupCode(storeId, code.trim());
    if (!order || [OrderStatus.FAILED, OrderStatus.PENDING].includes(order.status)) {
      throw orderError('PICKUP_CODE_INVALID', 'No order with this pickup code is waiting in this store');
    }
    if (order.status === OrderStatus.CANCELLING || order.status === OrderStatus.CANCELLED) {
      throw orderError('ORDER_NOT_RESERVED', 'This order was cancelled or has expired');
    }
    if (order.status === OrderStatus.RESERVED) {
      await this.repos.orders.transition(order.id, OrderStatus.RESERVED, OrderStatus.PICKUP_CONFIRMED);
    }
    const current = (await this.repos.orders.findById(order.id))!;
    return current.status === OrderStatus.PICKUP_CONFIRMED ? this.commit(current) : current;
  }

  async commit(order: OrderEntity): Promise<OrderEntity> {
    try {
      await this.platform.commit(order.reservationId!);
      await this.tx.run(async (repos) => {
        if (await repos.orders.transition(order.id, OrderStatus.PICKUP_CONFIRMED, OrderStatus.COMPLETED, { completedAt: new Date() })) {
          await repos.events.record(Topics.ORDER_COMPLETED, {
            orderId: order.id,
            householdId: order.householdId,
            villageCode: order.villageCode,
            storeId: order.storeId,
            productId: order.productId,
            quantity: order.quantity,
            points: order.totalPoints,
            occurredAt: new Date().toISOString(),
          });
        }
      });
    } catch (err) {
      if (err instanceof UpstreamUnavailableError) {
        this.logger.warn({ orderId: order.id }, 'points unavailable; commit left to recovery');
      } else if (err instanceof DomainError) {
        this.logger.error({ orderId: order.id, code: err.code }, 'points would not commit a picked-up order; needs review');
        await this.repos.orders.transition(order.id, OrderStatus.PICKUP_CONFIRMED, OrderStatus.NEEDS_REVIEW, { failureCode: err.code });
      } else {
        throw err;
      }
    }
    return (await this.repos.orders.findById(order.id))!;
  }

  /** The household (any member) or staff of the store cancel a reserved order. */
  async cancel(ctx: RequestContext, orderId: string): Promise<OrderEntity> {
    const user = requireUser(ctx);
    const order = await this.repos.orders.findById(orderId);
    if (!order) throw new NotFoundError('Order', orderId);
    const own = user.householdId === order.householdId;
    if (!own && !(await this.stores.requireManage(ctx, order.storeId).then(() => true, () => false))) {
      throw new NotFoundError('Order', orderId);
    }
    switch (order.status) {
      case OrderStatus.CANCELLED:
        return order;
      case OrderStatus.PENDING:
        throw orderError('ORDER_PROCESSING', 'This order is still being processed; cancel it once it is reserved');
      case OrderStatus.RESERVED:
        await this.repos.orders.transition(order.id, OrderStatus.RESERVED, OrderStatus.CANCELLING, { failureCode: 'CANCELLED_BY_USER' });
        break;
      case OrderStatus.CANCELLING:
        break;
      default:
        throw orderError('ORDER_NOT_CANCELLABLE', `An order that is ${order.status} cannot be cancelled`);
    }
    const current = (await this.repos.orders.findById(order.id))!;
    return current.status === OrderStatus.CANCELLING ? this.release(current) : current;
  }

  /** CANCELLING → (release) → CANCELLED with the stock back. */
  async release(order: OrderEntity): Promise<OrderEntity> {
    try {
      if (order.reservationId) await this.platform.release(order.reservationId);
      await this.finishWithoutSale(order, OrderStatus.CANCELLING, OrderStatus.CANCELLED, order.failureCode);
    } catch (err) {
      if (err instanceof UpstreamUnavailableError) {
        this.logger.warn({ orderId: order.id }, 'points unavailable; release left to recovery');
      } else if (err instanceof DomainError) {
        this.logger.error({ orderId: order.id, code: err.code }, 'points would not release a cancelled order; needs review');
        await this.repos.orders.transition(order.id, OrderStatus.CANCELLING, OrderStatus.NEEDS_REVIEW, { failureCode: err.code });
      } else {
        throw err;
      }
    }
    return (await this.repos.orders.findById(order.id))!;
  }

  /** Status change and stock return in one transaction; only the mover returns the stock. */
  private async finishWithoutSale(order: OrderEntity, from: OrderStatus, to: OrderStatus, failureCode: string | null): Promise<void> {
    await this.tx.run(async (repos) => {
      if (await repos.orders.transition(order.id, from, to, { failureCode })) {
        await repos.catalogue.returnStock(order.productId, order.quantity);
      }
    });
  }

  /**
   * Finishes or undoes what was left half-way: re-reserves PENDING orders (same key, so at
   * most one reservation), commits confirmed pickups, releases cancellations, expires
   * reservations nobody picked up. Safe to run on every replica at once.
   */
  async recover(now = new Date(), limit = 200): Promise<{ examined: number }> {
    const before = new Date(now.getTime() - this.settings.recoveryGraceSeconds * 1000);
    const stuck = await this.repos.orders.stuck([OrderStatus.PENDING, OrderStatus.PICKUP_CONFIRMED, OrderStatus.CANCELLING], before, limit);
    for (const order of stuck) {
      if (order.status === OrderStatus.PENDING) await this.reserve(order);
      else if (order.status === OrderStatus.PICKUP_CONFIRMED) await this.commit(order);
      else await this.release(order);
    }
    const expired = await this.repos.orders.expired(now, limit);
    for (const order of expired) {
      if (await this.repos.orders.transition(order.id, OrderStatus.RESERVED, OrderStatus.CANCELLING, { failureCode: 'EXPIRED' })) {
        await this.release({ ...order, status: OrderStatus.CANCELLING, failureCode: 'EXPIRED' });
      }
    }
    return { examined: stuck.length + expired.length };
  }

  async get(ctx: RequestContext, id: string): Promise<OrderEntity> {
    const [order] = await this.visibleByIds(ctx, [id]);
    if (!order) throw new NotFoundError('Order', id);
    return order;
  }

  async visibleByIds(ctx: RequestContext, ids: readonly string[]): Promise<Array<OrderEntity | null>> {
    const user = requireUser(ctx);
    const orders = await this.repos.orders.findByIds(ids);
    const out: Array<OrderEntity | null> = [];
    for (const id of ids) {
      const o = orders.find((x) => x.id === id) ?? null;
      const visible = o && (o.householdId === user.householdId || hasRoleOver(user, o.regionCode, VILLAGE_STAFF) || (await this.repos.stores.isClerk(o.storeId, user.userId)));
      out.push(visible ? o : null);
    }
    return out;
  }

  /** A household's orders: its members, or staff over its village. */
  async ofHousehold(ctx: RequestContext, householdId: string, first: number, after: string | null): Promise<OrderEntity[]> {
    const user = requireUser(ctx);
    if (user.householdId !== householdId) {
      const household = await this.repos.households.find(householdId);
      if (!household || !hasRoleOver(user, household.villageCode, VILLAGE_STAFF)) throw new ForbiddenError('You may see only your own household\'s orders');
    }
    return this.repos.orders.pageOfHouseholds([householdId], after, first + 1);
  }

  async ofStore(ctx: RequestContext, storeId: string, status: OrderStatus | null, first: number, after: string | null): Promise<OrderEntity[]> {
    await this.stores.requireManage(ctx, storeId);
    return this.repos.orders.pageOfStore(storeId, status, after, first + 1);
  }
}

class PickupCodeTaken extends Error {}

/** 8 digits; unique per store (a collision reruns the insert). */
function pickupCode(): string {
  return String(randomInt(0, 100_000_000)).padStart(8, '0');
}
