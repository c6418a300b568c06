import { DEMO_BANK, VILLAGE_A, VILLAGE_B } from '../../services/identity/src/demo/demo-county';
import { DEMO_STORES } from '../../services/mall/src/demo/seed-demo';
import type { ProcessPlatform } from '../support/process-platform';
import { waitFor } from '../support/wait';

export const COUNTY = '510681';
export const COUNTY_REGION = '510681000000';
export const COUNTY_OFFICER = '13800000005';
export const TOWNSHIP_OFFICER = '13800000004';
export const BANK = DEMO_BANK;
/** Seconds a village has to answer a matter in the reliability suites (the API's minimum). */
export const RESPONSE_SLA_SECONDS = 60;
/** Stock of every product the suites create: never the limit, so stock checks stay exact. */
export const PRODUCT_STOCK = 100_000;

export interface Village {
  code: string;
  /** The village cadre who approves, answers and hands goods over (null: nobody does here). */
  cadre: string | null;
  storeId: string | null;
  products: string[];
  villagers: Villager[];
}

export interface Villager {
  phone: string;
  householdId: string;
  village: Village;
}

export interface Fixture {
  villages: Village[];
  villagers: Villager[];
  loanProductId: string;
  /** Every household id of the county (demo and new). */
  householdIds(): Promise<string[]>;
}

// The demo county (services/identity/src/demo/demo-county.ts): heads of households are the
// demo villagers and the even numbers from 13900000100, ten to a village.
const heads = (from: number) => Array.from({ length: 5 }, (_, i) => `139${String(from + 2 * i).padStart(8, '0')}`);
const VILLAGES: Array<{ code: string; cadre: string | null; heads: string[] }> = [
  { code: VILLAGE_A, cadre: '13800000002', heads: ['13800000001', ...heads(100)] },
  { code: VILLAGE_B, cadre: '13800000006', heads: ['13800000007', ...heads(110)] },
  { code: '510681107001', cadre: null, heads: heads(120) },
  { code: '510681001001', cadre: null, heads: heads(130) },
];

function allWorkingDays(year: number) {
  const weekends: string[] = [];
  for (let d = new Date(Date.UTC(year, 0, 1)); d.getUTCFullYear() === year; d = new Date(d.getTime() + 86_400_000)) {
    if (d.getUTCDay() === 0 || d.getUTCDay() === 6) weekends.push(d.toISOString().slice(0, 10));
  }
  return { countyCode: COUNTY, year, holidays: [], makeUpWorkdays: weekends, source: 'reliability suite: every day a working day' };
}

async function ok<T = any>(p: ProcessPlatform, what: string, query: string, variables: Record<string, unknown>, token: string): Promise<T> {
  const res = await p.gql<T>(query, variables, token);
  if (res.errors?.length || !res.data) throw new Error(`${what}: ${res.raw.slice(0, 400)}`);
  return res.data;
}

/**
 * What the suites need on top of the demo county, set up through the gateway as the people
 * who would do it: a county calendar where every day is a working day and a matter is due
 * within a minute (reminder at half time), cheap products in the two villages with cadres,
 * and each villager's household.
 */
export async function prepareFixture(p: ProcessPlatform): Promise<Fixture> {
  const county = await p.token(COUNTY_OFFICER);
  const year = new Date().getUTCFullYear();
  for (const y of [year, year + 1]) {
    await ok(p, 'calendar', 'mutation($i: LoadCalendarYearInput!) { loadCalendarYear(input: $i) { countyCode } }', { i: allWorkingDays(y) }, county);
  }
  await ok(
    p,
    'SLA settings',
    'mutation($i: CountyIssueSettingsInput!) { updateCountyIssueSettings(input: $i) { responseSlaSeconds } }',
    { i: { countyCode: COUNTY, workStart: '00:00', workEnd: '24:00', responseSlaSeconds: RESPONSE_SLA_SECONDS, reminderPercents: [50] } },
    county,
  );

  const villages: Village[] = [];
  for (const v of VILLAGES) {
    const store = DEMO_STORES.find((s) => s.regionCode === v.code) ?? null;
    const village: Village = { code: v.code, cadre: v.cadre, storeId: store?.id ?? null, products: [], villagers: [] };
    if (v.cadre && store) {
      const cadre = await p.token(v.cadre);
      for (const price of [1, 2, 3]) {
        const created = await ok(
          p,
          'product',
          'mutation($i: CreateProductInput!) { createProduct(input: $i) { id } }',
          { i: { storeId: store.id, name: `可靠性测试商品 ${price} 分`, category: 'DAILY_GOODS', price, stock: PRODUCT_STOCK } },
          cadre,
        );
        village.products.push(created.createProduct.id);
      }
    }
    for (const phone of v.heads) {
      const me = await ok(p, 'me', '{ me { household { id } } }', {}, await p.token(phone));
      village.villagers.push({ phone, householdId: me.me.household.id, village });
    }
    villages.push(village);
  }
  const products = await ok(p, 'loan products', '{ loanProducts { id bankClientId } }', {}, await p.token(VILLAGES[0].heads[0]));
  const loanProductId = products.loanProducts.find((x: { bankClientId: string }) => x.bankClientId === BANK.clientId).id;

  // Identity's household events reach the mall, points and credit through the queues.
  const expected = villages.flatMap((v) => v.villagers.map((x) => x.householdId));
  await waitFor('households known to the mall', async () => {
    const [{ n }] = await p.sql('mall', `SELECT COUNT(*) AS n FROM household_projection WHERE household_id IN (?)`, [expected]);
    return Number(n) === expected.length;
  });

  return {
    villages,
    villagers: villages.flatMap((v) => v.villagers),
    loanProductId,
    async householdIds() {
      const rows = await p.sql<{ id: string }>('identity', 'SELECT id FROM household ORDER BY id');
      return rows.map((r) => r.id);
    },
  };
}
