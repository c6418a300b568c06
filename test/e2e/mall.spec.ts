import mysql from 'mysql2/promise';
import { randomBytes } from 'node:crypto';
import { parseMysqlUrl } from '@gongzhi/subgraph-kit';
import { DEMO_MERCHANT, VILLAGE_A, VILLAGE_B } from '../../services/identity/src/demo/demo-county';
import type { MallApp } from '../../services/mall/src/app';
import { DEMO_STORES } from '../../services/mall/src/demo/seed-demo';
import type { LaunchedService } from '../support/launchers';
import { codes, TestPlatform } from '../support/platform';

// 积分超市 end to end through the gateway, with the real points service behind it.
jest.setTimeout(120_000);
let p: TestPlatform;
let mall: MallApp;
let db: mysql.Pool;

const VILLAGER_A = '13800000001';
const CADRE_A = '13800000002';
const CADRE_B = '13800000006';
const VILLAGER_B = '13800000007';
const STORE_A = DEMO_STORES[0].id;
const STORE_B = DEMO_STORES[1].id;

let villagerA: string;
let cadreA: string;
let householdA: string;

beforeAll(async () => {
  p = await TestPlatform.start();
  mall = p.services.get('mall')!.app as MallApp;
  db = mysql.createPool({ ...parseMysqlUrl(p.services.get('mall')!.env.DATABASE_URL), connectionLimit: 2 });
  villagerA = await p.token(VILLAGER_A);
  cadreA = await p.token(CADRE_A);
  const me = await p.gql('{ me { household { id } } }', {}, villagerA);
  householdA = me.data.me.household.id;
  // Identity's household events reach the mall through the queue; wait until they have.
  await until(async () => !!(await mall.repos.households.find(householdA)));
  await until(async () => (await mall.repos.households.count()) >= 22);
});
afterAll(async () => {
  await db?.end();
  await p?.stop();
});

async function until(check: () => Promise<boolean>, attempts = 200): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition never became true');
}

function key(): string {
  return `t_${randomBytes(8).toString('hex')}`;
}

async function rows<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
  const [r] = await db.query(sql, params);
  return r as T[];
}

async function stockOf(productId: string): Promise<number> {
  return Number((await rows('SELECT stock FROM product WHERE id = ?', [productId]))[0].stock);
}

async function orderCount(): Promise<number> {
  return Number((await rows('SELECT COUNT(*) AS n FROM mall_order'))[0].n);
}

async function available(householdId = householdA): Promise<number> {
  return (await mall.platform.householdPoints(householdId)).available;
}

async function newProduct(token: string, fields: { price: number; stock: number; monthlyLimit?: number; storeId?: string }): Promise<string> {
  const res = await p.gql(
    'mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }',
    { input: { storeId: fields.storeId ?? STORE_A, name: `测试商品 ${key()}`, category: 'DAILY_GOODS', price: fields.price, stock: fields.stock, monthlyLimit: fields.monthlyLimit ?? null } },
    token,
  );
  expect(res.errors).toBeUndefined();
  return res.data.createProduct.id;
}

const PLACE = `mutation($input: PlaceOrderInput!) {
  placeOrder(input: $input) { id status pickupCode totalPoints quantity failureCode }
}`;

function place(token: string, input: Record<string, unknown>, url?: string) {
  return p.gql(PLACE, { input: { storeId: STORE_A, quantity: 1, clientRequestId: key(), ...input } }, token, url);
}

/**
 * One household's orders queue on its row lock, so 100 at once take a while on a busy 2-core
 * machine; a gateway that waits longer for subgraphs keeps these correctness tests about
 * correctness (a gateway timeout would not undo the order — a resubmit would return it).
 */
let patientGateway: string | undefined;

/**
 * Submits like a client that retries a lost answer with the same request id (a transport
 * failure between gateway and mall under heavy load says nothing about the order).
 */
async function placeRetrying(token: string, input: Record<string, unknown>, url: string) {
  const withKey = { clientRequestId: key(), ...input };
  for (let attempt = 1; ; attempt++) {
    const res = await place(token, withKey, url);
    if (attempt >= 5 || codes(res)[0] !== 'INTERNAL_SERVER_ERROR') return res;
  }
}
async function patient(): Promise<string> {
  patientGateway ??= (await p.startGateway({ SUBGRAPH_TIMEOUT_MS: '110000' })).url;
  return patientGateway;
}

/** Status or error code → how many: a failed expectation shows every outcome at once. */
function outcomes(results: Array<{ data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> }>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of results) {
    const k = r.data?.placeOrder?.status ?? `${r.errors?.[0]?.extensions?.code}${r.errors?.[0]?.extensions?.code === 'OUT_OF_STOCK' || r.errors?.[0]?.extensions?.code === 'INSUFFICIENT_POINTS' ? '' : `: ${r.errors?.[0]?.message}`}`;
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

function pointsService(): LaunchedService {
  return p.services.get('points')!;
}

describe('browsing', () => {
  it('a villager sees the store serving the village and its products', async () => {
    const res = await p.gql('{ stores { id name regionCode products { name price stock category } } }', {}, villagerA);
    expect(res.errors).toBeUndefined();
    expect(res.data.stores.map((s: any) => s.id)).toEqual([STORE_A]);
    expect(res.data.stores[0].products.length).toBeGreaterThanOrEqual(5);
  });

  it("a villager cannot open another village's store", async () => {
    const res = await p.gql(`{ store(id: "${STORE_B}") { id } }`, {}, villagerA);
    expect(codes(res)).toEqual(['NOT_FOUND']);
  });

  it("a cadre cannot manage another village's store", async () => {
    const cadreB = await p.token(CADRE_B);
    const res = await p.gql(
      'mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }',
      { input: { storeId: STORE_A, name: '越权商品', category: 'DAILY_GOODS', price: 1, stock: 1 } },
      cadreB,
    );
    expect(codes(res)).toEqual(['FORBIDDEN']);
  });

  it('Store and Product are entities', async () => {
    const res = await p.gql('{ stores { id products { id store { id name } } } }', {}, villagerA);
    expect(res.data.stores[0].products[0].store.id).toBe(STORE_A);
  });
});

describe('redemption', () => {
  it('order, pick up with the code: points spent once, stock taken once, through Household.orders', async () => {
    const before = await available();
    const productId = await newProduct(cadreA, { price: 3, stock: 5 });
    const res = await place(villagerA, { productId, quantity: 2 });
    expect(res.errors).toBeUndefined();
    const order = res.data.placeOrder;
    expect(order.status).toBe('RESERVED');
    expect(order.pickupCode).toMatch(/^\d{8}$/);
    expect(order.totalPoints).toBe(6);
    expect(await stockOf(productId)).toBe(3);
    expect(await available()).toBe(before - 6);

    const pickup = await p.gql(
      'mutation($s: ID!, $c: String!) { confirmPickup(storeId: $s, pickupCode: $c) { id status completedAt } }',
      { s: STORE_A, c: order.pickupCode },
      cadreA,
    );
    expect(pickup.errors).toBeUndefined();
    expect(pickup.data.confirmPickup.status).toBe('COMPLETED');
    // Confirming again changes nothing.
    const again = await p.gql('mutation($s: ID!, $c: String!) { confirmPickup(storeId: $s, pickupCode: $c) { status } }', { s: STORE_A, c: order.pickupCode }, cadreA);
    expect(again.data.confirmPickup.status).toBe('COMPLETED');
    expect(await available()).toBe(before - 6);

    const mine = await p.gql('{ me { household { orders(first: 50) { edges { node { id status store { name } } } } } } }', {}, villagerA);
    expect(mine.errors).toBeUndefined();
    const node = mine.data.me.household.orders.edges.find((e: any) => e.node.id === order.id).node;
    expect(node).toEqual({ id: order.id, status: 'COMPLETED', store: { name: DEMO_STORES[0].name } });
  });

  it('cancel releases the points and returns the stock', async () => {
    const before = await available();
    const productId = await newProduct(cadreA, { price: 4, stock: 2 });
    const order = (await place(villagerA, { productId })).data.placeOrder;
    expect(await available()).toBe(before - 4);
    const res = await p.gql('mutation($id: ID!) { cancelOrder(id: $id) { status } }', { id: order.id }, villagerA);
    expect(res.data.cancelOrder.status).toBe('CANCELLED');
    expect(await available()).toBe(before);
    expect(await stockOf(productId)).toBe(2);
    const twice = await p.gql('mutation($id: ID!) { cancelOrder(id: $id) { status } }', { id: order.id }, villagerA);
    expect(twice.data.cancelOrder.status).toBe('CANCELLED');
    expect(await stockOf(productId)).toBe(2);
  });

  it('an order nobody picks up expires: points released, stock back', async () => {
    const before = await available();
    const productId = await newProduct(cadreA, { price: 2, stock: 1 });
    const order = (await place(villagerA, { productId })).data.placeOrder;
    await mall.services.orders.recover(new Date(Date.now() + 8 * 86_400_000));
    const [row] = await rows('SELECT status, failure_code FROM mall_order WHERE id = ?', [order.id]);
    expect(row).toEqual({ status: 'CANCELLED', failure_code: 'EXPIRED' });
    expect(await stockOf(productId)).toBe(1);
    expect(await available()).toBe(before);
  });

  it('100 concurrent orders for the last 10 items: exactly 10 succeed', async () => {
    const productId = await newProduct(cadreA, { price: 1, stock: 10 });
    const url = await patient();
    const results = await Promise.all(Array.from({ length: 100 }, () => placeRetrying(villagerA, { productId }, url)));
    expect(outcomes(results)).toEqual({ RESERVED: 10, OUT_OF_STOCK: 90 });
    expect(await stockOf(productId)).toBe(0);
    const [{ n }] = await rows("SELECT COUNT(*) AS n FROM mall_order WHERE product_id = ? AND status = 'RESERVED'", [productId]);
    expect(Number(n)).toBe(10);
  });

  it('100 concurrent orders against a balance that covers 10: exactly 10 succeed, never negative', async () => {
    const balance = await available();
    expect(balance).toBeGreaterThanOrEqual(10);
    const price = Math.floor(balance / 10);
    // Hold the remainder with one order, so what is left covers exactly 10 at this price.
    const remainder = balance - 10 * price;
    if (remainder > 0) {
      const hold = await place(villagerA, { productId: await newProduct(cadreA, { price: remainder, stock: 1 }) });
      expect(hold.data.placeOrder.status).toBe('RESERVED');
    }
    const productId = await newProduct(cadreA, { price, stock: 100 });
    const url = await patient();
    const results = await Promise.all(Array.from({ length: 100 }, () => placeRetrying(villagerA, { productId }, url)));
    expect(outcomes(results)).toEqual({ RESERVED: 10, INSUFFICIENT_POINTS: 90 });
    const after = await available();
    expect(after).toBe(0);
    // Failed orders gave their stock back.
    expect(await stockOf(productId)).toBe(90);
    // Release them so later tests have points again.
    const reserved = await rows("SELECT id FROM mall_order WHERE household_id = ? AND status = 'RESERVED'", [householdA]);
    for (const r of reserved) await p.gql('mutation($id: ID!) { cancelOrder(id: $id) { status } }', { id: r.id }, villagerA);
    const released = await available();
    expect(released).toBeGreaterThanOrEqual(balance);
    expect(await stockOf(productId)).toBe(100);
  });

  it('the same order submitted twice is one order', async () => {
    const before = await available();
    const productId = await newProduct(cadreA, { price: 5, stock: 10 });
    const clientRequestId = key();
    const [a, b] = await Promise.all([place(villagerA, { productId, clientRequestId }), place(villagerA, { productId, clientRequestId })]);
    expect(a.data.placeOrder.id).toBe(b.data.placeOrder.id);
    const c = await place(villagerA, { productId, clientRequestId });
    expect(c.data.placeOrder.id).toBe(a.data.placeOrder.id);
    expect(await stockOf(productId)).toBe(9);
    expect(await available()).toBe(before - 5);
    // The same key for a different order is refused.
    const other = await place(villagerA, { productId, clientRequestId, quantity: 2 });
    expect(codes(other)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
  });

  it('points stopped mid-order, then restarted: nothing lost, the order ends consistent', async () => {
    const before = await available();
    const productId = await newProduct(cadreA, { price: 7, stock: 3 });
    const points = pointsService();
    const port = points.server.port;
    await points.server.close();
    try {
      const res = await place(villagerA, { productId });
      expect(res.errors).toBeUndefined();
      expect(res.data.placeOrder.status).toBe('PENDING');
      // Stock is held by the order while points is away; recovery cannot finish it yet.
      expect(await stockOf(productId)).toBe(2);
      await mall.services.orders.recover();
      expect((await rows('SELECT status FROM mall_order WHERE id = ?', [res.data.placeOrder.id]))[0].status).toBe('PENDING');
      // Cancelling a pending order is refused (its reservation may still land).
      const cancel = await p.gql('mutation($id: ID!) { cancelOrder(id: $id) { status } }', { id: res.data.placeOrder.id }, villagerA);
      expect(codes(cancel)).toEqual(['ORDER_PROCESSING']);
      await restartPoints(port);
      await mall.services.orders.recover();
      const [row] = await rows('SELECT status, reservation_id FROM mall_order WHERE id = ?', [res.data.placeOrder.id]);
      expect(row.status).toBe('RESERVED');
      const reservation = await mall.platform.findReservation(res.data.placeOrder.id);
      expect(reservation).toMatchObject({ id: row.reservation_id, status: 'RESERVED', amount: 7 });
      expect(await available()).toBe(before - 7);

      // Now cancel while points is down again: the order waits in CANCELLING, then finishes.
      await pointsService().server.close();
      const cancelled = await p.gql('mutation($id: ID!) { cancelOrder(id: $id) { status } }', { id: res.data.placeOrder.id }, villagerA);
      expect(cancelled.data.cancelOrder.status).toBe('CANCELLING');
      expect(await stockOf(productId)).toBe(2);
      await restartPoints(port);
      await mall.services.orders.recover();
      expect((await rows('SELECT status FROM mall_order WHERE id = ?', [res.data.placeOrder.id]))[0].status).toBe('CANCELLED');
      expect(await stockOf(productId)).toBe(3);
      expect(await available()).toBe(before);
    } finally {
      await restartPoints(port);
    }
  });

  it('a crash after points reserved but before the order recorded it is adopted, not doubled', async () => {
    const before = await available();
    const productId = await newProduct(cadreA, { price: 6, stock: 1 });
    const points = pointsService();
    const port = points.server.port;
    await points.server.close();
    const res = await place(villagerA, { productId });
    const orderId = res.data.placeOrder.id;
    await restartPoints(port);
    // The reservation reached points (e.g. the reply was lost); the order still says PENDING.
    await mall.platform.reserve({ householdId: householdA, amount: 6, idempotencyKey: orderId, reason: 'lost reply' });
    await mall.services.orders.recover();
    expect((await rows('SELECT status FROM mall_order WHERE id = ?', [orderId]))[0].status).toBe('RESERVED');
    expect(await available()).toBe(before - 6);
  });
});

async function restartPoints(port: number): Promise<void> {
  const points = pointsService();
  const up = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
  if (up) return;
  points.server = await (points.app as { start(port: number, host: string): Promise<LaunchedService['server']> }).start(port, '127.0.0.1');
}

describe('bad input changes nothing', () => {
  let productId: string;
  beforeAll(async () => {
    productId = await newProduct(cadreA, { price: 1, stock: 5 });
  });

  async function expectNoChange(run: () => Promise<unknown>): Promise<void> {
    const [orders, stock, points] = [await orderCount(), await stockOf(productId), await available()];
    await run();
    expect([await orderCount(), await stockOf(productId), await available()]).toEqual([orders, stock, points]);
  }

  it.each([0, -1])('quantity %i', async (quantity) => {
    await expectNoChange(async () => {
      const res = await place(villagerA, { productId, quantity });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].message).toContain('quantity');
    });
  });

  it("another village's store", async () => {
    const villagerB = await p.token(VILLAGER_B);
    await expectNoChange(async () => {
      const res = await place(villagerB, { productId });
      expect(codes(res)).toEqual(['STORE_OUT_OF_REGION']);
    });
  });

  it('an expired exchange event', async () => {
    const event = await p.gql(
      'mutation($input: CreateExchangeEventInput!) { createExchangeEvent(input: $input) { id } }',
      { input: { storeId: STORE_A, name: '国庆兑换', startsAt: '2025-10-01T00:00:00Z', endsAt: '2025-10-08T00:00:00Z', prices: [{ productId, price: 1 }] } },
      cadreA,
    );
    expect(event.errors).toBeUndefined();
    await expectNoChange(async () => {
      const res = await place(villagerA, { productId, eventId: event.data.createExchangeEvent.id });
      expect(codes(res)).toEqual(['EVENT_NOT_ACTIVE']);
    });
  });

  it('an event price applies while the event runs', async () => {
    const start = new Date(Date.now() - 3600_000).toISOString();
    const end = new Date(Date.now() + 3600_000).toISOString();
    const pid = await newProduct(cadreA, { price: 10, stock: 5 });
    const event = await p.gql(
      'mutation($input: CreateExchangeEventInput!) { createExchangeEvent(input: $input) { id } }',
      { input: { storeId: STORE_A, name: '周末特惠', startsAt: start, endsAt: end, prices: [{ productId: pid, price: 3 }] } },
      cadreA,
    );
    const res = await place(villagerA, { productId: pid, eventId: event.data.createExchangeEvent.id });
    expect(res.data.placeOrder.totalPoints).toBe(3);
  });

  it('the monthly limit per household', async () => {
    const pid = await newProduct(cadreA, { price: 1, stock: 5, monthlyLimit: 1 });
    expect((await place(villagerA, { productId: pid })).data.placeOrder.status).toBe('RESERVED');
    const res = await place(villagerA, { productId: pid });
    expect(codes(res)).toEqual(['MONTHLY_LIMIT_EXCEEDED']);
    expect(await stockOf(pid)).toBe(4);
  });
});

describe('benefits (强村惠民卡)', () => {
  async function merchantToken(): Promise<string> {
    const res = await fetch(`http://127.0.0.1:${p.gateway.port}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: DEMO_MERCHANT.clientId, client_secret: DEMO_MERCHANT.clientSecret }).toString(),
    });
    return ((await res.json()) as { access_token: string }).access_token;
  }

  const CHECK = 'mutation($c: String!) { checkBenefit(householdCode: $c) { programName eligible tierName discountPercent benefit } }';

  it('a merchant learns the tier and benefit only, and the check is logged', async () => {
    const code = await p.gql('mutation($h: ID!) { rotateHouseholdCode(householdId: $h) { token } }', { h: householdA }, villagerA);
    expect(code.errors).toBeUndefined();
    const merchant = await merchantToken();
    const res = await p.gql(CHECK, { c: code.data.rotateHouseholdCode.token }, merchant);
    expect(res.errors).toBeUndefined();
    expect(res.data.checkBenefit).toHaveLength(1);
    expect(Object.keys(res.data.checkBenefit[0]).sort()).toEqual(['benefit', 'discountPercent', 'eligible', 'programName', 'tierName']);
    expect(res.raw).not.toContain(householdA);
    const logged = await rows("SELECT outcome FROM benefit_check WHERE client_id = ? AND household_id = ?", [DEMO_MERCHANT.clientId, householdA]);
    expect(logged.length).toBe(1);
  });

  it('a forged household code gets QR_TOKEN_INVALID and is logged', async () => {
    const merchant = await merchantToken();
    const [before] = await rows("SELECT COUNT(*) AS n FROM benefit_check WHERE outcome = 'INVALID_CODE'");
    const res = await p.gql(CHECK, { c: `gzh_${randomBytes(24).toString('base64url')}` }, merchant);
    expect(codes(res)).toEqual(['QR_TOKEN_INVALID']);
    const [after] = await rows("SELECT COUNT(*) AS n FROM benefit_check WHERE outcome = 'INVALID_CODE'");
    expect(Number(after.n)).toBe(Number(before.n) + 1);
  });

  it('people cannot check benefits', async () => {
    const res = await p.gql(CHECK, { c: 'gzh_x' }, villagerA);
    expect(codes(res)).toEqual(['FORBIDDEN']);
  });
});

describe('figures', () => {
  it('staff see redemptions and points per store and village; villagers do not', async () => {
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).replace('-', '');
    const res = await p.gql(
      'query($r: ID!, $m: String!) { mallStoreFigures(regionCode: $r, month: $m) { storeId villageCode redemptions pointsSpent } mallVillageFigures(regionCode: $r, month: $m) { villageCode redemptions } mallTopProducts(regionCode: $r, month: $m) { productName quantity } mallStockAlerts(regionCode: $r) { id stock } }',
      { r: VILLAGE_A, m: month },
      cadreA,
    );
    expect(res.errors).toBeUndefined();
    const store = res.data.mallStoreFigures.find((f: any) => f.storeId === STORE_A);
    expect(store.redemptions).toBeGreaterThanOrEqual(1);
    expect(res.data.mallVillageFigures.map((v: any) => v.villageCode)).toContain(VILLAGE_A);
    expect(res.data.mallStockAlerts.length).toBeGreaterThan(0);
    const denied = await p.gql('query($r: ID!, $m: String!) { mallStoreFigures(regionCode: $r, month: $m) { storeId } }', { r: VILLAGE_B, m: month }, cadreA);
    expect(codes(denied)).toEqual(['FORBIDDEN']);
  });
});

describe('federation contract', () => {
  const direct = (query: string, variables: Record<string, unknown>, token: string) =>
    p.post(p.services.get('mall')!.server.url, { query, variables }, { 'x-gateway-secret': p.gatewaySecret, authorization: `Bearer ${token}` }).then((r) => JSON.parse(r.text));

  it('_service { sdl } declares Store, Product and the Household extension as entities', async () => {
    const res = await direct('{ _service { sdl } }', {}, villagerA);
    const sdl: string = res.data._service.sdl.replace(/\s+/g, ' ');
    for (const type of ['Store', 'Product', 'Household']) expect(sdl).toContain(`type ${type} @key(fields: "id")`);
  });

  it('_entities resolves Store and Product for those who may see them, null for others', async () => {
    const product = (await p.gql(`{ store(id: "${STORE_A}") { products { id } } }`, {}, villagerA)).data.store.products[0].id;
    const query = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Store { id name } ... on Product { id storeId } } }';
    const r = [{ __typename: 'Store', id: STORE_A }, { __typename: 'Product', id: product }];
    const own = await direct(query, { r }, villagerA);
    expect(own.data._entities).toEqual([{ id: STORE_A, name: DEMO_STORES[0].name }, { id: product, storeId: STORE_A }]);
    const other = await direct(query, { r }, await p.token(VILLAGER_B));
    expect(other.data._entities).toEqual([null, null]);
  });

  it("Household.orders of another household is refused", async () => {
    const res = await direct(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Household { orders { edges { node { id } } } } } }',
      { r: [{ __typename: 'Household', id: householdA }] },
      await p.token(VILLAGER_B),
    );
    expect(res.errors.map((e: any) => e.extensions.code)).toEqual(['FORBIDDEN']);
  });
});

describe('store clerks and recovery schedule', () => {
  it('a clerk named by the cadre confirms pickups in that store only', async () => {
    const gridWorker = await p.token('13800000003');
    const me = await p.gql('{ me { id } }', {}, gridWorker);
    const productId = await newProduct(cadreA, { price: 1, stock: 3 });
    const order = (await place(villagerA, { productId })).data.placeOrder;
    // Staff see the order but not its pickup code: the villager shows it at the counter.
    const listed = await p.gql('query($s: ID!) { storeOrders(storeId: $s, status: RESERVED, first: 100) { edges { node { id pickupCode } } } }', { s: STORE_A }, cadreA);
    expect(listed.data.storeOrders.edges.find((e: any) => e.node.id === order.id).node.pickupCode).toBeNull();
    const before = await p.gql('mutation($s: ID!, $c: String!) { confirmPickup(storeId: $s, pickupCode: $c) { status } }', { s: STORE_A, c: order.pickupCode }, gridWorker);
    expect(codes(before)).toEqual(['FORBIDDEN']);
    const assign = await p.gql('mutation($s: ID!, $u: ID!) { assignStoreClerk(storeId: $s, userId: $u) { id } }', { s: STORE_A, u: me.data.me.id }, cadreA);
    expect(assign.errors).toBeUndefined();
    const after = await p.gql('mutation($s: ID!, $c: String!) { confirmPickup(storeId: $s, pickupCode: $c) { status } }', { s: STORE_A, c: order.pickupCode }, gridWorker);
    expect(after.data.confirmPickup.status).toBe('COMPLETED');
    const wrongCode = await p.gql('mutation($s: ID!, $c: String!) { confirmPickup(storeId: $s, pickupCode: $c) { status } }', { s: STORE_A, c: '00000000' }, gridWorker);
    expect(codes(wrongCode)).toEqual(['PICKUP_CODE_INVALID']);
  });

  it('the recovery sweep is registered as a BullMQ job scheduler', async () => {
    const { Queue } = await import('bullmq');
    const { queuePrefix } = await import('@gongzhi/subgraph-kit');
    const queue = new Queue('mall-recovery', { connection: mall.redis, prefix: queuePrefix('mall', p.runId) });
    try {
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.map((s) => s.key)).toContain('mall-recovery-sweep');
    } finally {
      await queue.close();
    }
  });
});

describe('opening stores', () => {
  const CREATE = 'mutation($input: CreateStoreInput!) { createStore(input: $input) { id name regionCode } }';

  it('a township officer opens a township store that serves its villages', async () => {
    const officer = await p.token('13800000004');
    const res = await p.gql(CREATE, { input: { name: '三星堆镇积分超市', regionCode: '510681106000', unmanned: true } }, officer);
    expect(res.errors).toBeUndefined();
    const visible = await p.gql('{ stores { id } }', {}, villagerA);
    expect(visible.data.stores.map((s: any) => s.id)).toContain(res.data.createStore.id);
    const elsewhere = await p.gql(`{ store(id: "${res.data.createStore.id}") { id } }`, {}, await p.token('13900000120'));
    expect(codes(elsewhere)).toEqual(['NOT_FOUND']);
  });

  it('a region identity does not know, a blank name or a cadre outside the region: refused, nothing stored', async () => {
    const admin = await p.token('13800000000');
    const [before] = await rows('SELECT COUNT(*) AS n FROM store');
    expect(codes(await p.gql(CREATE, { input: { name: '不存在的村', regionCode: '510681199001', unmanned: false } }, admin))).toEqual(['REGION_NOT_FOUND']);
    expect(codes(await p.gql(CREATE, { input: { name: '   ', regionCode: VILLAGE_A, unmanned: false } }, cadreA))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await p.gql(CREATE, { input: { name: '越权', regionCode: VILLAGE_B, unmanned: false } }, cadreA))).toEqual(['FORBIDDEN']);
    const [after] = await rows('SELECT COUNT(*) AS n FROM store');
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('product lookups need a signed-in person', async () => {
    const res = await p.gql('{ product(id: "7f3c2a10-0000-4000-8000-00000000dead") { id } }');
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('exchange events', () => {
  it.each(['', 'not a date', "2026-01-01' OR 1=1 --"])('a start of %j is refused with BAD_USER_INPUT', async (startsAt) => {
    const productId = await newProduct(cadreA, { price: 1, stock: 1 });
    const [before] = await rows('SELECT COUNT(*) AS n FROM exchange_event');
    const res = await p.gql(
      'mutation($input: CreateExchangeEventInput!) { createExchangeEvent(input: $input) { id } }',
      { input: { storeId: STORE_A, name: '坏日期', startsAt, endsAt: '2026-12-01T00:00:00Z', prices: [{ productId, price: 1 }] } },
      cadreA,
    );
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    const [after] = await rows('SELECT COUNT(*) AS n FROM exchange_event');
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
