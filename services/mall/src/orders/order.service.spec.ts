import { DomainError, type Logger } from '@gongzhi/subgraph-kit';
import { UpstreamUnavailableError } from '../gateway/gateway-client';
import type { PlatformPort, PointsReservation } from '../gateway/points.port';
import type { MallRepositories } from '../repositories';
import type { StoreService } from '../stores/store.service';
import type { OrderEntity } from './order.entity';
import { OrderService } from './order.service';
import { OrderStatus } from './order.state';

// Recovery's decisions with a fake repository and a scripted points service (no I/O).
function setup(points: Partial<PlatformPort>) {
  const orders = new Map<string, OrderEntity>();
  const stock = new Map<string, number>([['p1', 0]]);
  const events: string[] = [];
  const repos = {
    orders: {
      findById: async (id: string) => (orders.has(id) ? { ...orders.get(id)! } : null),
      transition: async (id: string, from: OrderStatus, to: OrderStatus, changes: Partial<OrderEntity> = {}) => {
        const o = orders.get(id);
        if (!o || o.status !== from) return false;
        orders.set(id, { ...o, ...changes, status: to });
        return true;
      },
      stuck: async (statuses: OrderStatus[]) => [...orders.values()].filter((o) => statuses.includes(o.status)),
      expired: async (now: Date) => [...orders.values()].filter((o) => o.status === OrderStatus.RESERVED && o.expiresAt < now),
    },
    catalogue: { returnStock: async (id: string, q: number) => void stock.set(id, (stock.get(id) ?? 0) + q) },
    events: { record: async (topic: string) => void events.push(topic) },
  } as unknown as MallRepositories;
  const logger = { warn: () => undefined, error: () => undefined, info: () => undefined } as unknown as Logger;
  const service = new OrderService(repos, { run: (work) => work(repos) }, {} as StoreService, points as PlatformPort, { pickupDays: 7, recoveryGraceSeconds: 0 }, logger);
  const add = (status: OrderStatus, extra: Partial<OrderEntity> = {}) => {
    const o = { id: `o${orders.size + 1}`, householdId: 'h', productId: 'p1', quantity: 2, totalPoints: 10, status, reservationId: 'r1', failureCode: null, expiresAt: new Date(Date.now() + 86_400_000), ...extra } as OrderEntity;
    orders.set(o.id, o);
    return o.id;
  };
  return { service, orders, stock, events, add };
}

const reservation = (status: PointsReservation['status']): PointsReservation => ({ id: 'r1', householdId: 'h', amount: 10, status, idempotencyKey: 'o1' });
const unavailable = async (): Promise<never> => {
  throw new UpstreamUnavailableError('The points service', 'down');
};

describe('OrderService.recover', () => {
  it('leaves a pending order pending while points is away, and holds its stock', async () => {
    const t = setup({ reserve: unavailable });
    const id = t.add(OrderStatus.PENDING, { reservationId: null });
    await t.service.recover();
    expect(t.orders.get(id)!.status).toBe(OrderStatus.PENDING);
    expect(t.stock.get('p1')).toBe(0);
  });

  it('adopts a reservation that landed before a crash', async () => {
    const t = setup({ reserve: async () => reservation('RESERVED') });
    const id = t.add(OrderStatus.PENDING, { reservationId: null });
    await t.service.recover();
    expect(t.orders.get(id)).toMatchObject({ status: OrderStatus.RESERVED, reservationId: 'r1' });
  });

  it('fails an order points refuses for lack of points, and returns the stock once', async () => {
    const t = setup({ reserve: async () => Promise.reject(new DomainError('INSUFFICIENT_POINTS', 'no')) });
    const id = t.add(OrderStatus.PENDING, { reservationId: null });
    await t.service.recover();
    await t.service.recover();
    expect(t.orders.get(id)).toMatchObject({ status: OrderStatus.FAILED, failureCode: 'INSUFFICIENT_POINTS' });
    expect(t.stock.get('p1')).toBe(2);
  });

  it('commits a confirmed pickup and announces it once', async () => {
    const t = setup({ commit: async () => reservation('COMMITTED') });
    const id = t.add(OrderStatus.PICKUP_CONFIRMED);
    await t.service.recover();
    await t.service.recover();
    expect(t.orders.get(id)!.status).toBe(OrderStatus.COMPLETED);
    expect(t.events).toEqual(['mall.order.completed']);
  });

  it('sends a pickup points will not commit to review, stock untouched', async () => {
    const t = setup({ commit: async () => Promise.reject(new DomainError('RESERVATION_RELEASED', 'released')) });
    const id = t.add(OrderStatus.PICKUP_CONFIRMED);
    await t.service.recover();
    expect(t.orders.get(id)).toMatchObject({ status: OrderStatus.NEEDS_REVIEW, failureCode: 'RESERVATION_RELEASED' });
    expect(t.stock.get('p1')).toBe(0);
  });

  it('finishes a cancellation once points answers, and never returns stock for a committed reservation', async () => {
    const ok = setup({ release: async () => reservation('RELEASED') });
    const a = ok.add(OrderStatus.CANCELLING);
    await ok.service.recover();
    expect(ok.orders.get(a)!.status).toBe(OrderStatus.CANCELLED);
    expect(ok.stock.get('p1')).toBe(2);

    const committed = setup({ release: async () => Promise.reject(new DomainError('RESERVATION_COMMITTED', 'spent')) });
    const b = committed.add(OrderStatus.CANCELLING);
    await committed.service.recover();
    expect(committed.orders.get(b)!.status).toBe(OrderStatus.NEEDS_REVIEW);
    expect(committed.stock.get('p1')).toBe(0);
  });

  it('expires reservations nobody picked up', async () => {
    const t = setup({ release: async () => reservation('RELEASED') });
    const id = t.add(OrderStatus.RESERVED, { expiresAt: new Date(Date.now() - 1000) });
    await t.service.recover();
    expect(t.orders.get(id)).toMatchObject({ status: OrderStatus.CANCELLED, failureCode: 'EXPIRED' });
    expect(t.stock.get('p1')).toBe(2);
  });
});
