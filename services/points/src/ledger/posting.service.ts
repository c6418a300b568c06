import { BadInputError, CADRES_AND_ABOVE, ForbiddenError, hasRoleOver, requireUser, type RequestContext } from '@gongzhi/subgraph-kit';
import { PointsErrors } from '../errors';
import type { RuleService } from '../rules/rule.service';
import type { RuleItemRow } from '../rules/rule.entity';
import type { LedgerEntryRow } from './ledger.entity';
import type { LedgerService } from './ledger.service';

/** Direct awards and deductions by cadres, one household or many (a clean-up day). */
export class PostingService {
  constructor(
    private readonly rules: RuleService,
    private readonly ledger: LedgerService,
    private readonly bulkMax: number,
  ) {}

  async award(ctx: RequestContext, input: { householdId: string; itemCode: string; reason: string; idempotencyKey: string }): Promise<LedgerEntryRow> {
    const [entry] = await this.bulk(ctx, { householdIds: [input.householdId], itemCode: input.itemCode, reason: input.reason, idempotencyKey: input.idempotencyKey }, false);
    return entry;
  }

  async bulk(ctx: RequestContext, input: { householdIds: string[]; itemCode: string; reason: string; idempotencyKey: string }, isBulk = true): Promise<LedgerEntryRow[]> {
    const user = requireUser(ctx);
    if (input.householdIds.length > this.bulkMax) throw PointsErrors.bulkTooLarge(this.bulkMax);
    if (!input.householdIds.length) throw new BadInputError('Name at least one household');
    if (new Set(input.householdIds).size !== input.householdIds.length) throw new BadInputError('A household is listed twice');
    const reason = input.reason.trim();
    if (!reason || reason.length > 200) throw new BadInputError('Reason must be 1 to 200 characters');
    // The balance rows, locked by the ledger, say each household's village: no lookup before the transaction.
    return this.ledger.postTo(input.householdIds, async (balances) => {
      const items = new Map<string, RuleItemRow>();
      for (const b of balances) {
        // Cadres reach only the households of the villages they serve.
        if (!hasRoleOver(user, b.villageCode, CADRES_AND_ABOVE)) throw new ForbiddenError(`Household ${b.householdId} is not in a village you serve`);
        if (!items.has(b.villageCode)) items.set(b.villageCode, await this.rules.resolve(b.villageCode, input.itemCode));
      }
      return balances.map((b) => {
        const item = items.get(b.villageCode)!;
        return {
          householdId: b.householdId,
          delta: item.points,
          source: isBulk ? 'BULK' : item.points < 0 ? 'DEDUCTION' : 'AWARD',
          item,
          reason,
          actorId: user.userId,
          idempotencyKey: `${isBulk ? 'bulk' : 'award'}:${user.userId}:${input.idempotencyKey}${isBulk ? `:${b.householdId}` : ''}`,
        };
      });
    });
  }
}
