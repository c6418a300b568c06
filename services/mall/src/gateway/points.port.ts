import { DomainError } from '@gongzhi/subgraph-kit';
import type { GatewayClient } from './gateway-client';

export type ReservationStatus = 'RESERVED' | 'COMMITTED' | 'RELEASED';

export interface PointsReservation {
  id: string;
  householdId: string;
  amount: number;
  status: ReservationStatus;
  idempotencyKey: string;
}

export interface HouseholdPointsView {
  balance: number;
  available: number;
}

/** What the mall needs from points and identity; tests of pure logic fake this. */
export interface PlatformPort {
  reserve(input: { householdId: string; amount: number; idempotencyKey: string; reason: string }): Promise<PointsReservation>;
  commit(reservationId: string): Promise<PointsReservation>;
  release(reservationId: string): Promise<PointsReservation>;
  findReservation(idempotencyKey: string): Promise<PointsReservation | null>;
  householdPoints(householdId: string): Promise<HouseholdPointsView>;
  verifyHouseholdCode(token: string): Promise<{ householdId: string; villageCode: string }>;
  /** The region's level, or null when identity does not know the code. */
  regionLevel(code: string): Promise<string | null>;
}

/** Error codes that are a definite answer from points or identity (no retry). */
export const DEFINITE_CODES = new Set([
  'INSUFFICIENT_POINTS',
  'IDEMPOTENCY_KEY_REUSED',
  'RESERVATION_RELEASED',
  'RESERVATION_COMMITTED',
  'QR_TOKEN_INVALID',
  'NOT_FOUND',
  'BAD_USER_INPUT',
]);

const RESERVATION = 'id householdId amount status idempotencyKey';

/** Points and identity through the gateway; times each points call (metrics, benchmark). */
export class GatewayPlatformPort implements PlatformPort {
  /** Set once the server's metrics exist: seconds per points call, by operation. */
  observe: ((op: string, seconds: number) => void) | null = null;

  constructor(private readonly gateway: GatewayClient) {}

  private async timed<T>(op: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.observe?.(op, (performance.now() - started) / 1000);
    }
  }

  reserve(input: { householdId: string; amount: number; idempotencyKey: string; reason: string }): Promise<PointsReservation> {
    return this.timed('reserve', async () => {
      const data = await this.gateway.request<{ reservePoints: PointsReservation }>(
        'The points service',
        `mutation($input: ReservePointsInput!) { reservePoints(input: $input) { ${RESERVATION} } }`,
        { input },
      );
      return data.reservePoints;
    });
  }

  commit(reservationId: string): Promise<PointsReservation> {
    return this.timed('commit', async () => {
      const data = await this.gateway.request<{ commitPointsReservation: PointsReservation }>(
        'The points service',
        `mutation($id: ID!) { commitPointsReservation(reservationId: $id) { ${RESERVATION} } }`,
        { id: reservationId },
      );
      return data.commitPointsReservation;
    });
  }

  release(reservationId: string): Promise<PointsReservation> {
    return this.timed('release', async () => {
      const data = await this.gateway.request<{ releasePointsReservation: PointsReservation }>(
        'The points service',
        `mutation($id: ID!) { releasePointsReservation(reservationId: $id) { ${RESERVATION} } }`,
        { id: reservationId },
      );
      return data.releasePointsReservation;
    });
  }

  findReservation(idempotencyKey: string): Promise<PointsReservation | null> {
    return this.timed('find', async () => {
      const data = await this.gateway.request<{ pointsReservation: PointsReservation | null }>(
        'The points service',
        `query($key: String!) { pointsReservation(idempotencyKey: $key) { ${RESERVATION} } }`,
        { key: idempotencyKey },
      );
      return data.pointsReservation;
    });
  }

  async householdPoints(householdId: string): Promise<HouseholdPointsView> {
    const data = await this.gateway.request<{ householdPoints: HouseholdPointsView }>(
      'The points service',
      'query($id: ID!) { householdPoints(householdId: $id) { balance available } }',
      { id: householdId },
    );
    return data.householdPoints;
  }

  async verifyHouseholdCode(token: string): Promise<{ householdId: string; villageCode: string }> {
    const data = await this.gateway.request<{ verifyHouseholdCode: { householdId: string; villageCode: string } }>(
      'The identity service',
      'query($token: String!) { verifyHouseholdCode(token: $token) { householdId villageCode } }',
      { token },
    );
    return data.verifyHouseholdCode;
  }

  async regionLevel(code: string): Promise<string | null> {
    try {
      const data = await this.gateway.request<{ region: { level: string } }>('The identity service', 'query($c: ID!) { region(code: $c) { level } }', { c: code });
      return data.region.level;
    } catch (err) {
      if (err instanceof DomainError && (err.code === 'NOT_FOUND' || err.code === 'BAD_USER_INPUT')) return null;
      throw err;
    }
  }
}
