import { canMove, chinaMonth, isEventActive, OrderStatus, returnsStock, withinMonthlyLimit } from './order.state';

describe('order state machine', () => {
  it('only allows the documented moves', () => {
    expect(canMove(OrderStatus.PENDING, OrderStatus.RESERVED)).toBe(true);
    expect(canMove(OrderStatus.RESERVED, OrderStatus.PICKUP_CONFIRMED)).toBe(true);
    expect(canMove(OrderStatus.PICKUP_CONFIRMED, OrderStatus.COMPLETED)).toBe(true);
    expect(canMove(OrderStatus.RESERVED, OrderStatus.CANCELLING)).toBe(true);
    expect(canMove(OrderStatus.CANCELLING, OrderStatus.CANCELLED)).toBe(true);
    // A pending order is never cancelled blind: its reservation may still land.
    expect(canMove(OrderStatus.PENDING, OrderStatus.CANCELLING)).toBe(false);
    expect(canMove(OrderStatus.COMPLETED, OrderStatus.CANCELLING)).toBe(false);
    expect(canMove(OrderStatus.CANCELLED, OrderStatus.RESERVED)).toBe(false);
  });

  it('returns stock only when the order ends without a sale', () => {
    expect(returnsStock(OrderStatus.CANCELLED)).toBe(true);
    expect(returnsStock(OrderStatus.FAILED)).toBe(true);
    expect(returnsStock(OrderStatus.COMPLETED)).toBe(false);
  });

  it('counts months in China time', () => {
    expect(chinaMonth(new Date('2026-01-31T16:00:00Z'))).toBe('202602');
    expect(chinaMonth(new Date('2026-01-31T15:59:59Z'))).toBe('202601');
  });

  it('treats the event window as [start, end)', () => {
    const e = { startsAt: new Date('2026-05-01T00:00:00Z'), endsAt: new Date('2026-05-02T00:00:00Z') };
    expect(isEventActive(e, new Date('2026-05-01T00:00:00Z'))).toBe(true);
    expect(isEventActive(e, new Date('2026-05-02T00:00:00Z'))).toBe(false);
  });

  it('applies the monthly limit per household', () => {
    expect(withinMonthlyLimit(1, 1, 2)).toBe(true);
    expect(withinMonthlyLimit(2, 1, 2)).toBe(false);
    expect(withinMonthlyLimit(100, 1, null)).toBe(true);
  });
});
