import { hasRoleOver, mapConnection, requestLoader, VILLAGE_STAFF, type RequestContext } from '@gongzhi/subgraph-kit';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { TaskClaimRow } from './task.entity';
import { PublishTaskInput, VillageTasksArgs } from './task.inputs';
import type { TaskService } from './task.service';
import { TaskClaimType, TaskConnection, TaskType } from './task.type';

@Resolver(() => TaskType)
export class TaskResolver {
  constructor(private readonly tasks: TaskService) {}

  @Query(() => TaskConnection, { description: "A village's tasks, newest first" })
  async pointsTasks(@Args() args: VillageTasksArgs, @Ctx() ctx: RequestContext) {
    return mapConnection(await this.tasks.page(ctx, args.villageCode, args.first, args.after), TaskType.from);
  }

  @Mutation(() => TaskType)
  async publishTask(@Arg('input') input: PublishTaskInput, @Ctx() ctx: RequestContext): Promise<TaskType> {
    return TaskType.from(await this.tasks.publish(ctx, input));
  }

  @Mutation(() => TaskClaimType, { description: 'Claim a slot for your household' })
  async claimTask(@Arg('taskId', () => ID) taskId: string, @Ctx() ctx: RequestContext): Promise<TaskClaimType> {
    return TaskClaimType.from(await this.tasks.claim(ctx, taskId));
  }

  @Mutation(() => TaskClaimType, { description: 'A cadre confirms the household did it; the reward is posted' })
  async completeTask(@Arg('taskId', () => ID) taskId: string, @Arg('householdId', () => ID) householdId: string, @Ctx() ctx: RequestContext): Promise<TaskClaimType> {
    return TaskClaimType.from(await this.tasks.complete(ctx, taskId, householdId));
  }

  @FieldResolver(() => [TaskClaimType], { description: 'Staff see every claim; a villager their own' })
  async claims(@Root() task: TaskType, @Ctx() ctx: RequestContext): Promise<TaskClaimType[]> {
    const claims = await requestLoader<TaskClaimRow[]>(ctx, 'taskClaims', async (ids) => {
      const all = await this.tasks.claimsOf(ids);
      return ids.map((id) => all.filter((c) => c.taskId === id));
    }).load(task.id);
    const p = ctx.principal;
    const staff = hasRoleOver(p, task.villageCode, VILLAGE_STAFF);
    return (claims ?? []).filter((c) => staff || (p?.kind === 'user' && p.householdId === c.householdId)).map(TaskClaimType.from);
  }
}
