import { DomainError } from '@gongzhi/subgraph-kit';

/**
 * The order's life, persisted before every call to points so a crash at any point leaves a
 * state recovery knows how to finish:
 *   PENDING ──reserve ok──> RESERVED ──pickup──> PICKUP_CONFIRMED ──commit──> COMPLETED
 *      │                       │
 *      └─insufficient─> FAILED └─cancel/expire─> CANCELLING ──release──> CANCELLED
 * Stock leaves in the transaction that creates the order and comes back in the one that
 * enters FAILED or CANCELLED. NEEDS_REVIEW: points and the order disagree (a person looks).
 */
export enum OrderStatus {
  PENDING = 'PENDING',
  RESERVED = 'RESERVED',
  PICKUP_CONFIRMED = 'PICKUP_CONFIRMED',
  COMPLETED = 'COMPLETED',
  CANCELLING = 'CANCELLING',
  CANCELLED = 'CANCELLED',
  FAILED = 'FAILED',
  NEEDS_REVIEW = 'NEEDS_REVIEW',
}

const NEXT: Record<OrderStatus, OrderStatus[]> = {
  PENDING: [OrderStatus.RESERVED, OrderStatus.FAILED, OrderStatus.NEEDS_REVIEW],
  RESERVED: [OrderStatus.PICKUP_CONFIRMED, OrderStatus.CANCELLING],
  PICKUP_CONFIRMED: [OrderStatus.COMPLETED, OrderStatus.NEEDS_REVIEW],
  CANCELLING: [OrderStatus.CANCELLED, OrderStatus.NEEDS_REVIEW],
  COMPLETED: [],
  CANCELLED: [],
  FAILED: [],
  NEEDS_REVIEW: [],
};

export function canMove(from: OrderStatus, to: OrderStatus): boolean {
  return NEXT[from].includes(to);
}

/** States in which the order still holds stock (and maybe points). */
export const HOLDING_STATES: OrderStatus[] = [
  OrderStatus.PENDING,
  OrderStatus.RESERVED,
  OrderStatus.PICKUP_CONFIRMED,
  OrderStatus.COMPLETED,
  OrderStatus.CANCELLING,
  OrderStatus.NEEDS_REVIEW,
];

/** Entering these returns the stock. */
export function returnsStock(to: OrderStatus): boolean {
  return to === OrderStatus.CANCELLED || to === OrderStatus.FAILED;
}

export const OrderErrors = {
  OUT_OF_STOCK: 'OUT_OF_STOCK',
  STORE_OUT_OF_REGION: 'STORE_OUT_OF_REGION',
  EVENT_NOT_ACTIVE: 'EVENT_NOT_ACTIVE',
  EVENT_PRODUCT_NOT_INCLUDED: 'EVENT_PRODUCT_NOT_INCLUDED',
  PRODUCT_UNAVAILABLE: 'PRODUCT_UNAVAILABLE',
  MONTHLY_LIMIT_EXCEEDED: 'MONTHLY_LIMIT_EXCEEDED',
  NO_HOUSEHOLD: 'NO_HOUSEHOLD',
  HOUSEHOLD_UNKNOWN: 'HOUSEHOLD_UNKNOWN',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  INSUFFICIENT_POINTS: 'INSUFFICIENT_POINTS',
  ORDER_PROCESSING: 'ORDER_PROCESSING',
  ORDER_NOT_CANCELLABLE: 'ORDER_NOT_CANCELLABLE',
  ORDER_NOT_RESERVED: 'ORDER_NOT_RESERVED',
  PICKUP_CODE_INVALID: 'PICKUP_CODE_INVALID',
} as const;

export function orderError(code: keyof typeof OrderErrors, message: string): DomainError {
  return new DomainError(OrderErrors[code], message);
}

/** YYYYMM of an instant in China Standard Time (UTC+8, no daylight saving). */
export function chinaMonth(at: Date): string {
  const shifted = new Date(at.getTime() + 8 * 3600_000);
  return `${shifted.getUTCFullYear()}${String(shifted.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function isEventActive(event: { startsAt: Date; endsAt: Date }, now: Date): boolean {
  return event.startsAt.getTime() <= now.getTime() && now.getTime() < event.endsAt.getTime();
}

/** Checks a household's monthly quantity of one product; `limit` null means unlimited. */
export function withinMonthlyLimit(alreadyThisMonth: number, quantity: number, limit: number | null): boolean {
  return limit === null || alreadyThisMonth + quantity <= limit;
}
