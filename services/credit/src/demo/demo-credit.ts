import { newId } from '@gongzhi/subgraph-kit';
import type { CreditApp } from '../app';
import type { LoanProductEntity } from '../products/product.entity';
import { creditRepositories } from '../repositories';

/** The demo bank's product (same client id as identity's demo bank). */
export const DEMO_BANK_CLIENT_ID = 'gzc_demo_gh_rural_bank';
export const DEMO_PRODUCT_NAME = '积分贷·惠农快贷';

/** 5.00% base, −0.10 pp per 100 points, floor 3.50%; top 20% of a township 4.00% up to 300,000 元. */
export async function seedDemoCredit(app: CreditApp, log: (line: string) => void = () => undefined): Promise<LoanProductEntity> {
  const repos = creditRepositories(app.dataSource.manager);
  const existing = await repos.products.findByName(DEMO_BANK_CLIENT_ID, DEMO_PRODUCT_NAME);
  if (existing) return existing;
  const product: LoanProductEntity = {
    id: newId(),
    bankClientId: DEMO_BANK_CLIENT_ID,
    bankName: '广汉农商银行',
    name: DEMO_PRODUCT_NAME,
    regionCode: '510681000000',
    baseRateBp: 500,
    reductionBpPer100Points: 10,
    floorRateBp: 350,
    maxAmountFenByGrade: { A: 20_000_000, B: 10_000_000, C: 5_000_000, D: 0 },
    topSharePermille: 200,
    topRateBp: 400,
    topMaxAmountFen: 30_000_000,
    termMonths: 36,
    active: true,
    createdAt: new Date(),
  };
  await repos.products.insert(product);
  log(`demo loan product ${product.name} of ${product.bankName} for 广汉市`);
  return product;
}
