import { DEMO_STORES } from '../../../services/mall/src/demo/seed-demo';
import { CLIENT_ACTORS, OFFICERS_OVER_A, STAFF_OVER_A, type Actor } from '../actors';
import { chinaMonth, setup, shared, unique, type Fixtures, type MatrixRow } from '../matrix';

// Mall (积分超市): the store of village A (真武村积分超市) and orders of household A.

const STORE_A = DEMO_STORES[0].id;
/** Cadres and officers over village A manage its store (and its clerks, none among the actors). */
const MANAGERS_OF_A: Actor[] = ['cadre', ...OFFICERS_OVER_A];
/** Another village's people and staff: village A's store and its orders do not exist for them. */
const HIDDEN: Partial<Record<Actor, string>> = { villagerOther: 'NOT_FOUND', cadreOther: 'NOT_FOUND', townshipOther: 'NOT_FOUND' };
const MONTH = String(chinaMonth());

/** A product of store A cheap and plentiful enough for every order the rows place. */
const matrixProduct = shared('mall:product', async (fx) => {
  const data = await setup(fx, 'mutation($i: CreateProductInput!) { createProduct(input: $i) { id } }', {
    i: { storeId: STORE_A, name: '矩阵商品', category: 'DAILY_GOODS', price: 1, stock: 100000 },
  });
  return data.createProduct.id as string;
});

/** A fresh order of household A, placed by the demo villager: its id and pickup code. */
async function orderOfA(fx: Fixtures): Promise<{ id: string; pickupCode: string }> {
  const data = await setup(
    fx,
    'mutation($i: PlaceOrderInput!) { placeOrder(input: $i) { id status pickupCode } }',
    { i: { storeId: STORE_A, productId: await matrixProduct(fx), quantity: 1, clientRequestId: unique('order_') } },
    'villager',
  );
  if (data.placeOrder.status !== 'RESERVED') throw new Error(`order not reserved: ${JSON.stringify(data)}`);
  return data.placeOrder;
}

const sharedOrderOfA = shared('mall:order', orderOfA);

const programOfA = async (fx: Fixtures) => {
  const data = await setup(fx, 'mutation($i: CreateBenefitProgramInput!) { createBenefitProgram(input: $i) { id } }', {
    i: { name: '矩阵惠民卡', regionCode: fx.demo.villageA, tiers: [{ name: '银卡', minPoints: 100, discountPercent: 3, description: '九七折' }] },
  });
  return data.createBenefitProgram.id as string;
};

export const mallRows: MatrixRow[] = [
  // ── queries ──────────────────────────────────────────────────────────────────
  {
    operation: 'Query.benefitPrograms',
    // Staff over the region; each integrator the programs it joined (none for the bank).
    allow: [...STAFF_OVER_A, ...CLIENT_ACTORS],
    request: (fx) => ({ query: 'query($r: ID) { benefitPrograms(regionCode: $r) { id name } }', variables: { r: fx.demo.villageA } }),
  },
  {
    operation: 'Query.mallStoreFigures',
    allow: STAFF_OVER_A,
    request: (fx) => ({ query: 'query($r: ID!, $m: String!) { mallStoreFigures(regionCode: $r, month: $m) { storeId redemptions } }', variables: { r: fx.demo.villageA, m: MONTH } }),
  },
  {
    operation: 'Query.mallVillageFigures',
    allow: STAFF_OVER_A,
    request: (fx) => ({ query: 'query($r: ID!, $m: String!) { mallVillageFigures(regionCode: $r, month: $m) { villageCode redemptions } }', variables: { r: fx.demo.villageA, m: MONTH } }),
  },
  {
    operation: 'Query.mallTopProducts',
    allow: STAFF_OVER_A,
    request: (fx) => ({ query: 'query($r: ID!, $m: String!) { mallTopProducts(regionCode: $r, month: $m) { productId quantity } }', variables: { r: fx.demo.villageA, m: MONTH } }),
  },
  {
    operation: 'Query.mallStockAlerts',
    allow: STAFF_OVER_A,
    request: (fx) => ({ query: 'query($r: ID!) { mallStockAlerts(regionCode: $r) { id stock } }', variables: { r: fx.demo.villageA } }),
  },
  {
    operation: 'Query.mallOrder',
    // The household and the staff over the store's village.
    allow: ['villager', ...STAFF_OVER_A],
    deny: HIDDEN,
    request: async (fx) => ({ query: 'query($id: ID!) { mallOrder(id: $id) { id status pickupCode } }', variables: { id: (await sharedOrderOfA(fx)).id } }),
  },
  {
    operation: 'Query.storeOrders',
    allow: MANAGERS_OF_A,
    request: () => ({ query: 'query($s: ID!) { storeOrders(storeId: $s, first: 3) { edges { node { id householdId } } } }', variables: { s: STORE_A } }),
  },
  {
    operation: 'Query.stores',
    // With a region: staff over it browse its stores.
    allow: STAFF_OVER_A,
    request: (fx) => ({ query: 'query($r: ID) { stores(regionCode: $r) { id name } }', variables: { r: fx.demo.villageA } }),
  },
  {
    operation: 'Query.store',
    allow: ['villager', ...STAFF_OVER_A],
    deny: HIDDEN,
    request: () => ({ query: 'query($id: ID!) { store(id: $id) { id name products { id } } }', variables: { id: STORE_A } }),
  },
  {
    operation: 'Query.product',
    allow: ['villager', ...STAFF_OVER_A],
    deny: HIDDEN,
    request: async (fx) => ({ query: 'query($id: ID!) { product(id: $id) { id name price } }', variables: { id: await matrixProduct(fx) } }),
  },

  // ── mutations ────────────────────────────────────────────────────────────────
  {
    operation: 'Mutation.createBenefitProgram',
    allow: MANAGERS_OF_A,
    request: (fx) => ({
      query: 'mutation($i: CreateBenefitProgramInput!) { createBenefitProgram(input: $i) { id } }',
      variables: { i: { name: '矩阵惠民卡', regionCode: fx.demo.villageA, tiers: [{ name: '金卡', minPoints: 500, discountPercent: 5, description: '九五折' }] } },
    }),
  },
  {
    operation: 'Mutation.addBenefitMember',
    allow: MANAGERS_OF_A,
    request: async (fx) => ({
      query: 'mutation($p: ID!, $c: String!) { addBenefitMember(programId: $p, clientId: $c) { id } }',
      variables: { p: await programOfA(fx), c: 'gzc_demo_gh_hospital' },
    }),
  },
  {
    operation: 'Mutation.checkBenefit',
    // Merchants and hospitals (scope benefit:check); the bank lacks the scope.
    allow: ['hospital', 'merchant'],
    request: async (fx) => ({ query: 'mutation($c: String!) { checkBenefit(householdCode: $c) { programName eligible tierName } }', variables: { c: await fx.householdCodeA() } }),
  },
  {
    operation: 'Mutation.placeOrder',
    // A household orders for itself from a store serving its village.
    allow: ['villager'],
    deny: {
      villagerOther: 'STORE_OUT_OF_REGION',
      ...Object.fromEntries(['gridWorker', 'cadre', 'cadreOther', 'township', 'townshipOther', 'county', 'city'].map((a) => [a, 'NO_HOUSEHOLD'])),
    },
    request: async (fx) => ({
      query: 'mutation($i: PlaceOrderInput!) { placeOrder(input: $i) { id status } }',
      variables: { i: { storeId: STORE_A, productId: await matrixProduct(fx), quantity: 1, clientRequestId: unique('place_') } },
    }),
  },
  {
    operation: 'Mutation.confirmPickup',
    allow: MANAGERS_OF_A,
    request: async (fx) => ({
      query: 'mutation($s: ID!, $c: String!) { confirmPickup(storeId: $s, pickupCode: $c) { id status } }',
      variables: { s: STORE_A, c: (await orderOfA(fx)).pickupCode },
    }),
  },
  {
    operation: 'Mutation.cancelOrder',
    // The household, or the managers of the store; for anyone else the order does not exist.
    allow: ['villager', ...MANAGERS_OF_A],
    deny: { ...HIDDEN, gridWorker: 'NOT_FOUND' },
    request: async (fx) => ({ query: 'mutation($id: ID!) { cancelOrder(id: $id) { id status } }', variables: { id: (await orderOfA(fx)).id } }),
  },
  {
    operation: 'Mutation.createStore',
    allow: MANAGERS_OF_A,
    request: (fx) => ({ query: 'mutation($i: CreateStoreInput!) { createStore(input: $i) { id } }', variables: { i: { name: '矩阵积分超市', regionCode: fx.demo.villageA, unmanned: true } } }),
  },
  {
    operation: 'Mutation.assignStoreClerk',
    allow: MANAGERS_OF_A,
    request: async (fx) => ({
      query: 'mutation($s: ID!, $u: ID!) { assignStoreClerk(storeId: $s, userId: $u) { id } }',
      variables: { s: STORE_A, u: (await fx.newPerson()).userId },
    }),
  },
  {
    operation: 'Mutation.createExchangeEvent',
    allow: MANAGERS_OF_A,
    request: async (fx) => ({
      query: 'mutation($i: CreateExchangeEventInput!) { createExchangeEvent(input: $i) { id } }',
      variables: {
        i: {
          storeId: STORE_A, name: '矩阵兑换周', startsAt: new Date(Date.now() + 30 * 86400_000).toISOString(),
          endsAt: new Date(Date.now() + 37 * 86400_000).toISOString(), prices: [{ productId: await matrixProduct(fx), price: 1 }],
        },
      },
    }),
  },
  {
    operation: 'Mutation.createProduct',
    allow: MANAGERS_OF_A,
    request: () => ({
      query: 'mutation($i: CreateProductInput!) { createProduct(input: $i) { id } }',
      variables: { i: { storeId: STORE_A, name: '矩阵新品', category: 'SERVICES', price: 5, stock: 1 } },
    }),
  },
  {
    operation: 'Mutation.updateProduct',
    allow: MANAGERS_OF_A,
    request: async (fx) => ({
      query: 'mutation($id: ID!, $i: UpdateProductInput!) { updateProduct(id: $id, input: $i) { id name } }',
      variables: { id: await matrixProduct(fx), i: { name: '矩阵商品' } },
    }),
  },
  {
    operation: 'Mutation.adjustStock',
    allow: MANAGERS_OF_A,
    request: async (fx) => ({ query: 'mutation($p: ID!) { adjustStock(productId: $p, delta: 1) { id stock } }', variables: { p: await matrixProduct(fx) } }),
  },
];
