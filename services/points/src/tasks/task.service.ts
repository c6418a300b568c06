import {
  BadInputError,
  decodeCursor,
  createOnce,
  isDuplicateKey,
  newId,
  normalizeRegionCode,
  regionLevel,
  RegionLevel,
  requireUser,
  hasRoleOver,
  VILLAGE_STAFF,
  ForbiddenError,
  toConnection,
  Topics,
  type Connection,
  type PointsTaskCompletedEvent,
  type RequestContext,
  type Transactor,
} from '@gongzhi/subgraph-kit';
import { requireCadreOver } from '../access';
import { PointsErrors } from '../errors';
import type { HouseholdService } from '../households/household.service';
import type { LedgerService } from '../ledger/ledger.service';
import type { PointsRepositories } from '../repositories';
import { CATEGORIES } from '../rules/rule.entity';
import type { TaskClaimRow, TaskRow } from './task.entity';

export interface PublishTaskInput {
  villageCode: string;
  title: string;
  description: string;
  reward: number;
  category: string;
  slots: number;
  deadline: Date;
  idempotencyKey: string;
}

export class TaskService {
  constructor(
    private readonly repos: PointsRepositories,
    private readonly tx: Transactor<PointsRepositories>,
    private readonly households: HouseholdService,
    private readonly ledger: LedgerService,
  ) {}

  async publish(ctx: RequestContext, input: PublishTaskInput): Promise<TaskRow> {
    const villageCode = normalizeRegionCode(input.villageCode);
    if (regionLevel(villageCode) !== RegionLevel.VILLAGE) throw new BadInputError('Tasks are published by a village');
    const cadre = requireCadreOver(ctx, villageCode);
    if (!(CATEGORIES as readonly string[]).includes(input.category)) throw new BadInputError(`Category must be one of ${CATEGORIES.join(', ')}`);
    if (!Number.isInteger(input.reward) || input.reward < 1 || input.reward > 1000) throw new BadInputError('Reward must be 1 to 1000 points');
    if (input.deadline.getTime() <= Date.now()) throw new BadInputError('The deadline must be in the future');
    const key = `${cadre.userId}:${input.idempotencyKey}`;
    return createOnce(key, (k) => this.repos.tasks.findByKey(k), async () => {
      const row: TaskRow = {
        id: newId(), villageCode, title: input.title.trim(), description: input.description.trim(), reward: input.reward, category: input.category,
        slots: input.slots, claimed: 0, deadline: input.deadline, status: 'OPEN', createdBy: cadre.userId, idempotencyKey: key, createdAt: new Date(),
      };
      await this.repos.tasks.insert(row);
      return row;
    }, 'uq_task_key');
  }

  /** A villager claims a slot for their household; one claim per household. */
  async claim(ctx: RequestContext, taskId: string): Promise<TaskClaimRow> {
    const household = await this.households.own(ctx);
    const user = requireUser(ctx);
    const task = await this.repos.tasks.find(taskId);
    if (!task || task.villageCode !== household.villageCode) throw PointsErrors.taskNotFound(taskId);
    const existing = await this.repos.tasks.claim(taskId, household.id);
    if (existing) throw PointsErrors.alreadyClaimed();
    try {
      return await this.tx.run(async (repos) => {
        const now = new Date();
        if (!(await repos.tasks.takeSlot(taskId, now))) {
          const t = (await repos.tasks.find(taskId))!;
          throw t.status !== 'OPEN' || t.deadline <= now ? PointsErrors.taskClosed() : PointsErrors.taskFull();
        }
        const claim: TaskClaimRow = { id: newId(), taskId, householdId: household.id, claimedBy: user.userId, status: 'CLAIMED', entryId: null, createdAt: now };
        await repos.tasks.insertClaim(claim);
        return claim;
      });
    } catch (err) {
      if (isDuplicateKey(err, 'uq_task_claim')) throw PointsErrors.alreadyClaimed();
      throw err;
    }
  }

  /** A cadre confirms a household did the task; the reward is posted once. */
  async complete(ctx: RequestContext, taskId: string, householdId: string): Promise<TaskClaimRow> {
    const task = await this.repos.tasks.find(taskId);
    if (!task) throw PointsErrors.taskNotFound(taskId);
    const cadre = requireCadreOver(ctx, task.villageCode);
    return this.tx.run(async (repos) => {
      const claim = await repos.tasks.claim(taskId, householdId, true);
      if (!claim) throw PointsErrors.claimNotFound();
      if (claim.status === 'COMPLETED') throw PointsErrors.claimCompleted();
      const now = new Date();
      const [entry] = await this.ledger.postWithin(
        repos,
        [{ householdId, delta: task.reward, source: 'TASK', item: null, category: task.category, reason: `任务: ${task.title}`, actorId: cadre.userId, idempotencyKey: `task:${task.id}:${householdId}` }],
        now,
      );
      await repos.tasks.complete(claim.id, entry.id);
      const event: PointsTaskCompletedEvent = { taskId, householdId, villageCode: task.villageCode, occurredAt: now.toISOString() };
      await repos.events.record(Topics.POINTS_TASK_COMPLETED, event as unknown as Record<string, unknown>);
      return { ...claim, status: 'COMPLETED', entryId: entry.id };
    });
  }

  /** Villagers see their own village's tasks; staff the villages they serve. */
  async page(ctx: RequestContext, villageCode: string, first: number, after?: string | null): Promise<Connection<TaskRow>> {
    const user = requireUser(ctx);
    const village = normalizeRegionCode(villageCode);
    if (!hasRoleOver(user, village, VILLAGE_STAFF)) {
      const own = user.householdId ? (await this.households.byIds([user.householdId]))[0] : null;
      if (own?.villageCode !== village) throw new ForbiddenError();
    }
    const rows = await this.repos.tasks.page(village, after ? String(decodeCursor(after)[0]) : null, first + 1);
    return toConnection(rows, first, (t) => [t.id]);
  }

  claimsOf(taskIds: readonly string[]) {
    return this.repos.tasks.claimsOf(taskIds);
  }
}
