import {
  isDuplicateKey,
  ancestorCodes,
  BadInputError,
  DomainError,
  ForbiddenError,
  isWithinRegion,
  newId,
  normalizeRegionCode,
  NotFoundError,
  requireClientScope,
  requireUser,
  type RequestContext,
  type Transactor,
} from '@gongzhi/subgraph-kit';
import type { CreditService } from '../credit/credit.service';
import type { CreditRepositories } from '../repositories';
import type { LoanProductEntity } from './product.entity';
import { quoteProduct, type Quote } from './quote';

export const DECIDE_SCOPE = 'credit:decide';
export const READ_SCOPE = 'credit:read';

export interface NewProduct {
  name: string;
  bankName: string;
  regionCode: string;
  baseRateBp: number;
  reductionBpPer100Points: number;
  floorRateBp: number;
  maxAmountFenA: number;
  maxAmountFenB: number;
  maxAmountFenC: number;
  maxAmountFenD: number;
  topSharePermille: number | null;
  topRateBp: number | null;
  topMaxAmountFen: number | null;
  termMonths: number;
}

export interface ProductQuote extends Quote {
  product: LoanProductEntity;
}

export function termsOf(p: LoanProductEntity) {
  return {
    baseRateBp: p.baseRateBp,
    reductionBpPer100Points: p.reductionBpPer100Points,
    floorRateBp: p.floorRateBp,
    maxAmountFenByGrade: p.maxAmountFenByGrade,
    topSharePermille: p.topSharePermille,
    topRateBp: p.topRateBp,
    topMaxAmountFen: p.topMaxAmountFen === null ? null : Number(p.topMaxAmountFen),
  };
}

export class ProductService {
  constructor(
    private readonly repos: CreditRepositories,
    private readonly tx: Transactor<CreditRepositories>,
    private readonly credit: CreditService,
  ) {}

  /** A bank integrator defines a product for a region inside its own. */
  async define(ctx: RequestContext, input: NewProduct): Promise<LoanProductEntity> {
    const bank = requireClientScope(ctx, DECIDE_SCOPE);
    const region = normalizeRegionCode(input.regionCode);
    if (!isWithinRegion(region, bank.region)) throw new ForbiddenError('A bank defines products only within its own region');
    if (input.floorRateBp > input.baseRateBp) throw new BadInputError('floorRateBp must not exceed baseRateBp');
    const top = [input.topSharePermille, input.topRateBp, input.topMaxAmountFen];
    if (top.some((v) => v === null) && top.some((v) => v !== null)) throw new BadInputError('topSharePermille, topRateBp and topMaxAmountFen go together');
    if (await this.repos.products.findByName(bank.clientId, input.name)) throw new DomainError('LOAN_PRODUCT_EXISTS', `You already have a product named ${input.name}`);
    const product: LoanProductEntity = {
      id: newId(), bankClientId: bank.clientId, bankName: input.bankName, name: input.name, regionCode: region,
      baseRateBp: input.baseRateBp, reductionBpPer100Points: input.reductionBpPer100Points, floorRateBp: input.floorRateBp,
      maxAmountFenByGrade: { A: input.maxAmountFenA, B: input.maxAmountFenB, C: input.maxAmountFenC, D: input.maxAmountFenD },
      topSharePermille: input.topSharePermille, topRateBp: input.topRateBp, topMaxAmountFen: input.topMaxAmountFen,
      termMonths: input.termMonths, active: true, createdAt: new Date(),
    };
    try {
      return await this.tx.run(async (repos) => {
        await repos.products.insert(product);
        await repos.audit.append({ householdId: null, actorKind: 'BANK', actorId: bank.clientId, action: 'PRODUCT_DEFINED', detail: { productId: product.id, ...termsOf(product) } });
        return product;
      });
    } catch (err) {
      // Two definitions racing past the check above: the unique key decides.
      if (isDuplicateKey(err, 'uq_product_name')) throw new DomainError('LOAN_PRODUCT_EXISTS', `You already have a product named ${input.name}`);
      throw err;
    }
  }

  async setActive(ctx: RequestContext, id: string, active: boolean): Promise<LoanProductEntity> {
    const bank = requireClientScope(ctx, DECIDE_SCOPE);
    const product = await this.repos.products.findById(id);
    if (!product || product.bankClientId !== bank.clientId) throw new NotFoundError('Loan product', id);
    await this.repos.products.update(id, { active });
    return { ...product, active };
  }

  /** Banks see their own products; people see those offered where their household lives. */
  async list(ctx: RequestContext): Promise<LoanProductEntity[]> {
    const p = ctx.principal;
    if (p?.kind === 'client') return this.repos.products.ofBank(requireClientScope(ctx, DECIDE_SCOPE).clientId);
    const user = requireUser(ctx);
    if (!user.householdId) return [];
    const village = await this.credit.villageOf(user.householdId);
    return this.repos.products.activeIn([village, ...ancestorCodes(village)]);
  }

  async productsFor(villageCode: string): Promise<LoanProductEntity[]> {
    return this.repos.products.activeIn([villageCode, ...ancestorCodes(villageCode)]);
  }

  /** Quotes for the caller's household across every product offered there. */
  async quotes(ctx: RequestContext): Promise<ProductQuote[]> {
    const user = requireUser(ctx);
    if (!user.householdId) throw new DomainError('NO_HOUSEHOLD', 'You do not belong to a household');
    const ref = await this.credit.reference(ctx, user.householdId);
    const products = await this.productsFor(ref.villageCode);
    const standing = await ref.standing();
    return products.map((product) => ({
      product,
      ...quoteProduct(termsOf(product), { points: ref.points, grade: ref.grade as 'A', blocked: ref.blocked, ...standing }),
    }));
  }
}
