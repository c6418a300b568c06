import { DomainError } from '@gongzhi/subgraph-kit';

export class CreditUnknownHouseholdError extends DomainError {
  constructor(id: string) {
    super('CREDIT_HOUSEHOLD_UNKNOWN', `Household ${id} has no credit reference yet`);
  }
}

export class ConsentRequiredError extends DomainError {
  constructor(why: string) {
    super('CONSENT_REQUIRED', `The household has not given this bank live consent (${why})`);
  }
}

export class ReviewPendingError extends DomainError {
  constructor() {
    super('CREDIT_REVIEW_PENDING', 'The household asked for a human review; the reference is not shared until a reviewer acts');
  }
}

export class NegativeListBlockedError extends DomainError {
  constructor(reasons: string) {
    super('NEGATIVE_LIST_BLOCKED', `The household is on the negative list (${reasons}); no automated offer can be made`);
  }
}

export class InvalidModelError extends DomainError {
  constructor(problems: string[]) {
    super('CREDIT_MODEL_INVALID', `The credit model is not valid: ${problems.join('; ')}`, { problems });
  }
}
