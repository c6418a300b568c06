import {
  BadInputError,
  DomainError,
  ForbiddenError,
  createOnce,
  isWithinRegion,
  newId,
  NotFoundError,
  requireClientScope,
  requireUser,
  type ClientPrincipal,
  type RequestContext,
  type Transactor,
} from '@gongzhi/subgraph-kit';
import { ConsentRequiredError, NegativeListBlockedError, ReviewPendingError } from '../credit/credit.errors';
import type { CreditReferenceView, CreditService } from '../credit/credit.service';
import { DECIDE_SCOPE, READ_SCOPE, termsOf, type ProductService } from '../products/product.service';
import { quoteProduct } from '../products/quote';
import type { CreditRepositories } from '../repositories';
import type { ApplicationStatus, ConsentEntity, LoanApplicationEntity } from './loan.entity';

export const DATA_SHARED = ['CREDIT_REFERENCE', 'REASON_CODES'] as const;
export const MAX_CONSENT_DAYS = 365;

/** What a bank may record next from each status. */
export const TRANSITIONS: Record<ApplicationStatus, ApplicationStatus[]> = {
  SUBMITTED: ['APPROVED', 'REJECTED'],
  APPROVED: ['DISBURSED', 'REJECTED'],
  REJECTED: [],
  DISBURSED: ['REPAID', 'DEFAULTED'],
  REPAID: [],
  DEFAULTED: [],
};

export function consentIsLive(c: ConsentEntity, now: Date): boolean {
  return c.revokedAt === null && c.expiresAt.getTime() > now.getTime();
}

export interface BankApplicationView {
  application: LoanApplicationEntity;
  consent: ConsentEntity;
  reference: CreditReferenceView | null;
}

export class LoanService {
  constructor(
    private readonly repos: CreditRepositories,
    private readonly tx: Transactor<CreditRepositories>,
    private readonly credit: CreditService,
    private readonly products: ProductService,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private ownHousehold(ctx: RequestContext) {
    const user = requireUser(ctx);
    if (!user.householdId) throw new DomainError('NO_HOUSEHOLD', 'You do not belong to a household');
    return { user, householdId: user.householdId };
  }

  async grantConsent(ctx: RequestContext, input: { bankClientId: string; purpose: string; dataShared: string[]; expiresAt: Date }): Promise<ConsentEntity> {
    const { user, householdId } = this.ownHousehold(ctx);
    const now = this.clock();
    const village = await this.credit.villageOf(householdId);
    const bankProduct = (await this.products.productsFor(village)).find((p) => p.bankClientId === input.bankClientId);
    if (!bankProduct) throw new NotFoundError('Bank offering loans to your household', input.bankClientId);
    const shared = [...new Set(input.dataShared)];
    if (!shared.length || shared.some((d) => !(DATA_SHARED as readonly string[]).includes(d))) throw new BadInputError(`dataShared must list some of ${DATA_SHARED.join(', ')}`);
    if (!shared.includes('CREDIT_REFERENCE')) throw new BadInputError('dataShared must include CREDIT_REFERENCE');
    if (input.expiresAt.getTime() <= now.getTime()) throw new BadInputError('expiresAt must be in the future');
    if (input.expiresAt.getTime() > now.getTime() + MAX_CONSENT_DAYS * 86400_000) throw new BadInputError(`Consent lasts at most ${MAX_CONSENT_DAYS} days`);
    const consent: ConsentEntity = {
      id: newId(), householdId, grantedBy: user.userId, bankClientId: input.bankClientId, bankName: bankProduct.bankName,
      purpose: input.purpose, dataShared: shared, expiresAt: input.expiresAt, createdAt: now, revokedAt: null,
    };
    return this.tx.run(async (repos) => {
      await repos.loans.insertConsent(consent);
      await repos.audit.append({
        householdId, actorKind: 'USER', actorId: user.userId, action: 'CONSENT_GRANTED',
        detail: { consentId: consent.id, bankClientId: consent.bankClientId, purpose: consent.purpose, dataShared: shared, expiresAt: consent.expiresAt.toISOString() },
      });
      return consent;
    });
  }

  async revokeConsent(ctx: RequestContext, id: string): Promise<ConsentEntity> {
    const { user, householdId } = this.ownHousehold(ctx);
    const consent = await this.repos.loans.findConsent(id);
    if (!consent || consent.householdId !== householdId) throw new NotFoundError('Consent', id);
    if (consent.revokedAt) return consent;
    const revokedAt = this.clock();
    return this.tx.run(async (repos) => {
      await repos.loans.updateConsent(id, { revokedAt });
      await repos.audit.append({ householdId, actorKind: 'USER', actorId: user.userId, action: 'CONSENT_REVOKED', detail: { consentId: id, bankClientId: consent.bankClientId } });
      return { ...consent, revokedAt };
    });
  }

  async myConsents(ctx: RequestContext): Promise<ConsentEntity[]> {
    return this.repos.loans.consentsOf(this.ownHousehold(ctx).householdId);
  }

  async myApplications(ctx: RequestContext): Promise<LoanApplicationEntity[]> {
    return this.repos.loans.applicationsOf(this.ownHousehold(ctx).householdId);
  }

  async apply(ctx: RequestContext, input: { productId: string; consentId: string; amountFen: number; termMonths: number; idempotencyKey?: string | null }): Promise<LoanApplicationEntity> {
    const { user } = this.ownHousehold(ctx);
    // A retry with the applicant's key (a weak signal, a double tap) returns the application already made.
    return createOnce(input.idempotencyKey, (key) => this.repos.loans.findApplicationByKey(user.userId, key), () => this.applyNew(ctx, input), 'uq_application_applicant_key');
  }

  private async applyNew(ctx: RequestContext, input: { productId: string; consentId: string; amountFen: number; termMonths: number; idempotencyKey?: string | null }): Promise<LoanApplicationEntity> {
    const { user, householdId } = this.ownHousehold(ctx);
    const now = this.clock();
    const ref = await this.credit.reference(ctx, householdId);
    const product = (await this.products.productsFor(ref.villageCode)).find((p) => p.id === input.productId);
    if (!product) throw new NotFoundError('Loan product', input.productId);
    const consent = await this.repos.loans.findConsent(input.consentId);
    if (!consent || consent.householdId !== householdId) throw new NotFoundError('Consent', input.consentId);
    if (consent.bankClientId !== product.bankClientId) throw new BadInputError('The consent names another bank than the product');
    if (!consentIsLive(consent, now)) throw new ConsentRequiredError(consent.revokedAt ? 'revoked' : 'expired');
    const quote = quoteProduct(termsOf(product), { points: ref.points, grade: ref.grade as 'A', blocked: ref.blocked, ...(await ref.standing()) });
    if (ref.blocked) {
      const entries = await this.repos.negative.unremovedFor([householdId]);
      throw new NegativeListBlockedError(entries.map((e) => `${e.kind}: ${e.reason}, ${e.source}`).join('; '));
    }
    if (!quote.eligible) throw new DomainError('LOAN_NOT_ELIGIBLE', `Grade ${ref.grade} has no limit with this product`);
    if (input.amountFen > quote.limitFen) throw new DomainError('LOAN_AMOUNT_OVER_LIMIT', `The amount ${input.amountFen} fen is over your limit of ${quote.limitFen} fen`, { limitFen: quote.limitFen });
    const application: LoanApplicationEntity = {
      id: newId(), householdId, villageCode: ref.villageCode, productId: product.id, bankClientId: product.bankClientId, consentId: consent.id,
      applicantId: user.userId, idempotencyKey: input.idempotencyKey ?? null, amountFen: input.amountFen, termMonths: input.termMonths, quotedRateBp: quote.rateBp, quotedLimitFen: quote.limitFen,
      status: 'SUBMITTED', decisionNote: null, createdAt: now, updatedAt: now,
    };
    return this.tx.run(async (repos) => {
      await repos.loans.insertApplication(application);
      await repos.audit.append({
        householdId, actorKind: 'USER', actorId: user.userId, action: 'LOAN_APPLIED',
        detail: { applicationId: application.id, productId: product.id, amountFen: input.amountFen, quotedRateBp: quote.rateBp, calculation: quote.calculation },
      });
      return application;
    });
  }

  /** Records a refused bank read in its own transaction (the refusal itself changes nothing else). */
  private async refuse(bank: ClientPrincipal, application: LoanApplicationEntity | null, applicationId: string, error: DomainError): Promise<never> {
    await this.tx.run((repos) =>
      repos.audit.append({
        householdId: application?.householdId ?? null, actorKind: 'BANK', actorId: bank.clientId, action: 'BANK_READ_DENIED',
        detail: { applicationId, code: error.code },
      }),
    );
    throw error;
  }

  /** The checks every bank access passes: own application, own region, live consent, no open review. */
  private async checkAccess(bank: ClientPrincipal, applicationId: string, now: Date): Promise<{ application: LoanApplicationEntity; consent: ConsentEntity }> {
    const application = await this.repos.loans.findApplication(applicationId);
    if (!application || application.bankClientId !== bank.clientId) return this.refuse(bank, null, applicationId, new NotFoundError('Loan application', applicationId));
    if (!isWithinRegion(application.villageCode, bank.region)) return this.refuse(bank, application, applicationId, new ForbiddenError('This household is outside the region of your token'));
    const consent = await this.repos.loans.findConsent(application.consentId);
    if (!consent || consent.bankClientId !== bank.clientId || !consentIsLive(consent, now)) {
      return this.refuse(bank, application, applicationId, new ConsentRequiredError(!consent ? 'none' : consent.revokedAt ? 'revoked' : 'expired'));
    }
    return { application, consent };
  }

  async bankRead(ctx: RequestContext, applicationId: string): Promise<BankApplicationView> {
    const bank = requireClientScope(ctx, READ_SCOPE);
    const now = this.clock();
    const { application, consent } = await this.checkAccess(bank, applicationId, now);
    const reference = (await this.credit.views([application.householdId])).get(application.householdId) ?? null;
    if (reference?.reviewPending) return this.refuse(bank, application, applicationId, new ReviewPendingError());
    await this.tx.run((repos) =>
      repos.audit.append({
        householdId: application.householdId, actorKind: 'BANK', actorId: bank.clientId, action: 'BANK_READ',
        detail: { applicationId, consentId: consent.id, purpose: consent.purpose, dataShared: consent.dataShared, score: reference?.score ?? null },
      }),
    );
    return { application, consent, reference };
  }

  /** Only applications with live consent are listed; each one listed is a read and is audited. */
  async bankList(ctx: RequestContext, first: number, afterId: string | null): Promise<BankApplicationView[]> {
    const bank = requireClientScope(ctx, READ_SCOPE);
    const now = this.clock();
    const apps = (await this.repos.loans.liveApplicationsOfBank(bank.clientId, now, afterId, first)).filter((a) => isWithinRegion(a.villageCode, bank.region));
    const views = await this.credit.views(apps.map((a) => a.householdId));
    const out: BankApplicationView[] = [];
    await this.tx.run(async (repos) => {
      for (const application of apps) {
        const consent = (await repos.loans.findConsent(application.consentId))!;
        const ref = views.get(application.householdId) ?? null;
        // An open review withholds the reference; the application itself stays visible.
        const reference = ref && !ref.reviewPending ? ref : null;
        await repos.audit.append({
          householdId: application.householdId, actorKind: 'BANK', actorId: bank.clientId, action: reference ? 'BANK_READ' : 'BANK_READ_WITHHELD',
          detail: { applicationId: application.id, consentId: consent.id, purpose: consent.purpose },
        });
        out.push({ application, consent, reference });
      }
    });
    return out;
  }

  async decide(ctx: RequestContext, applicationId: string, decision: ApplicationStatus, note: string | null): Promise<LoanApplicationEntity> {
    const bank = requireClientScope(ctx, DECIDE_SCOPE);
    const now = this.clock();
    const existing = await this.repos.loans.findApplication(applicationId);
    if (!existing || existing.bankClientId !== bank.clientId) throw new NotFoundError('Loan application', applicationId);
    if (!isWithinRegion(existing.villageCode, bank.region)) throw new ForbiddenError('This household is outside the region of your token');
    // Deciding needs live consent; outcomes of a disbursed loan are recorded even after consent ends.
    if (decision === 'APPROVED' || (decision === 'REJECTED' && existing.status === 'SUBMITTED')) await this.checkAccess(bank, applicationId, now);
    return this.tx.run(async (repos) => {
      const application = (await repos.loans.findApplicationForUpdate(applicationId))!;
      if (!TRANSITIONS[application.status].includes(decision)) {
        throw new DomainError('LOAN_TRANSITION_INVALID', `A ${application.status} application cannot become ${decision}`);
      }
      await repos.loans.updateApplication(applicationId, { status: decision, decisionNote: note, updatedAt: now });
      // Facts and score rows before the chain head, in the same order as the event consumer.
      if (decision === 'REPAID' || decision === 'DEFAULTED') {
        await repos.projection.increment(application.householdId, decision === 'REPAID' ? 'loans_repaid' : 'loans_defaulted');
        await this.credit.rescore(repos, [application.householdId], { loanOutcome: decision, applicationId });
      }
      await repos.audit.append({
        householdId: application.householdId, actorKind: 'BANK', actorId: bank.clientId, action: 'BANK_DECISION',
        detail: { applicationId, from: application.status, to: decision, note },
      });
      return { ...application, status: decision, decisionNote: note, updatedAt: now };
    });
  }
}
