import { createLogger } from '@gongzhi/subgraph-kit';
import type { MallApp } from '../app';
import { ProductCategory } from '../catalogue/product.entity';
import { loadMallConfig } from '../config';

/** The demo merchant (三星堆镇惠民药店) in identity's demo county. */
export const DEMO_MERCHANT_CLIENT_ID = 'gzc_demo_sxd_pharmacy';

// Fixed ids so the seed is idempotent and demos can refer to them.
export const DEMO_STORES: Array<{ id: string; name: string; regionCode: string; unmanned: boolean }> = [
  { id: '019a0000-0000-7000-8000-000000000401', name: '真武村积分超市', regionCode: '510681106001', unmanned: false },
  { id: '019a0000-0000-7000-8000-000000000402', name: '回龙村积分超市', regionCode: '510681106002', unmanned: false },
  { id: '019a0000-0000-7000-8000-000000000403', name: '友谊村无人积分超市', regionCode: '510681107001', unmanned: true },
  { id: '019a0000-0000-7000-8000-000000000404', name: '东城社区积分兑换点', regionCode: '510681001001', unmanned: false },
];

const DEMO_PRODUCTS: Array<[name: string, category: ProductCategory, price: number, stock: number, monthlyLimit: number | null]> = [
  ['洗衣粉 1kg', ProductCategory.DAILY_GOODS, 30, 50, 2],
  ['食用油 5L', ProductCategory.DAILY_GOODS, 120, 20, 1],
  ['复合肥 20kg', ProductCategory.FARM_SUPPLIES, 200, 15, null],
  ['练习本（10本）', ProductCategory.STUDY_MATERIALS, 20, 100, null],
  ['理发服务', ProductCategory.SERVICES, 40, 30, 2],
];

export const DEMO_BENEFIT_PROGRAM_ID = '019a0000-0000-7000-8000-000000000501';

/** A store per demo village with products, and the county's 强村惠民卡 with the demo pharmacy. Idempotent. */
export async function seedDemoMall(app: MallApp, log: (line: string) => void = () => undefined): Promise<void> {
  const { repos } = app;
  let created = 0;
  for (const [i, s] of DEMO_STORES.entries()) {
    if (await repos.stores.findById(s.id)) continue;
    await repos.stores.insert({ ...s, address: null, createdAt: new Date() });
    for (const [j, [name, category, price, stock, monthlyLimit]] of DEMO_PRODUCTS.entries()) {
      await repos.catalogue.insertProduct({
        id: `019a0000-0000-7000-8000-0000000${String(i + 1).padStart(2, '0')}${String(j + 1).padStart(3, '0')}`,
        storeId: s.id,
        regionCode: s.regionCode,
        name,
        category,
        photoUrl: null,
        price,
        stock,
        monthlyLimit,
        lowStockThreshold: 5,
        active: true,
        createdAt: new Date(),
      });
    }
    created++;
  }
  if (!(await repos.benefits.findProgram(DEMO_BENEFIT_PROGRAM_ID))) {
    await repos.benefits.insertProgram(
      { id: DEMO_BENEFIT_PROGRAM_ID, name: '广汉市强村惠民卡', regionCode: '510681000000', createdBy: 'demo-seed', createdAt: new Date() },
      [
        { id: '019a0000-0000-7000-8000-000000000511', programId: DEMO_BENEFIT_PROGRAM_ID, name: '银卡', minPoints: 200, discountPercent: 3, description: '药品 97 折' },
        { id: '019a0000-0000-7000-8000-000000000512', programId: DEMO_BENEFIT_PROGRAM_ID, name: '金卡', minPoints: 500, discountPercent: 5, description: '药品 95 折' },
      ],
    );
    await repos.benefits.addMember(DEMO_BENEFIT_PROGRAM_ID, DEMO_MERCHANT_CLIENT_ID);
  }
  log(`demo mall ready: ${DEMO_STORES.length} stores (${created} new), benefit program 广汉市强村惠民卡`);
}

if (require.main === module) {
  (async () => {
    const config = loadMallConfig();
    const logger = createLogger({ service: 'mall-seed', version: config.SERVICE_VERSION, level: config.LOG_LEVEL });
    // Imported here so `npm start` can run this file on its own.
    const { createMallApp } = await import('../app');
    const app = await createMallApp({ ...config, RUN_WORKERS: false }, logger);
    try {
      await seedDemoMall(app, (line) => logger.info(line));
    } finally {
      await app.stop();
    }
  })().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
