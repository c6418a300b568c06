import { ForbiddenError, hasRoleOver, Role, type RequestContext } from '@gongzhi/subgraph-kit';
import { canSeeHousehold, type CreditService } from '../credit/credit.service';
import type { CreditRepositories } from '../repositories';
import { checkChain, GENESIS_HASH, type AuditRecord, type ChainCheck } from './audit.chain';

/** What a household sees in "who accessed my data": everything about it except routine rescoring. */
export const ACCESS_ACTIONS = [
  'BANK_READ', 'BANK_READ_DENIED', 'BANK_READ_WITHHELD', 'BANK_DECISION', 'CONSENT_GRANTED', 'CONSENT_REVOKED', 'LOAN_APPLIED',
  'NEGATIVE_ADDED', 'NEGATIVE_REMOVED', 'REVIEW_REQUESTED', 'REVIEW_RESOLVED',
];

export class AuditService {
  constructor(
    private readonly repos: CreditRepositories,
    private readonly credit: CreditService,
  ) {}

  /** Walks the whole chain in pages; county officers and platform admins. */
  async verify(ctx: RequestContext): Promise<ChainCheck & { headSeq: number }> {
    const p = ctx.principal;
    const allowed = p?.kind === 'user' && p.roles.some((r) => r.role === Role.COUNTY_OFFICER || r.role === Role.CITY_OFFICER || r.role === Role.PLATFORM_ADMIN);
    if (!allowed) throw new ForbiddenError('Only county officers verify the audit chain');
    return this.verifyAll();
  }

  async verifyAll(pageSize = 2000): Promise<ChainCheck & { headSeq: number }> {
    const head = await this.repos.audit.head();
    let seq = 0;
    let hash = GENESIS_HASH;
    let checked = 0;
    for (;;) {
      const rows = await this.repos.audit.range(seq, pageSize);
      if (!rows.length) break;
      const result = checkChain(rows, seq, hash);
      if (!result.valid) return { ...result, checked: checked + result.checked, headSeq: head.seq };
      checked += result.checked;
      seq = result.lastSeq;
      hash = result.lastHash;
    }
    if (seq !== head.seq || hash !== head.hash) {
      return { valid: false, checked, brokenAtSeq: seq + 1, problem: 'rows at the end of the chain are missing', headSeq: head.seq };
    }
    return { valid: true, checked, brokenAtSeq: null, problem: null, headSeq: head.seq };
  }

  async accessLog(ctx: RequestContext, householdId: string, first: number, beforeSeq: number | null): Promise<AuditRecord[]> {
    const village = await this.credit.villageOf(householdId);
    if (!canSeeHousehold(ctx.principal, householdId, village) && !hasRoleOver(ctx.principal, village, [Role.COUNTY_OFFICER])) throw new ForbiddenError();
    return this.repos.audit.forHousehold(householdId, ACCESS_ACTIONS, beforeSeq, first);
  }
}
