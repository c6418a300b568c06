import { ConnectionType } from '@gongzhi/subgraph-kit';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { TaskClaimRow, TaskRow } from './task.entity';

@ObjectType('TaskClaim')
export class TaskClaimType {
  @Field(() => ID) id: string;
  @Field(() => ID) taskId: string;
  @Field(() => ID) householdId: string;
  @Field({ description: 'CLAIMED or COMPLETED' }) status: string;
  @Field(() => ID, { nullable: true }) entryId: string | null;
  @Field() createdAt: Date;

  static from(c: TaskClaimRow): TaskClaimType {
    return Object.assign(new TaskClaimType(), { id: c.id, taskId: c.taskId, householdId: c.householdId, status: c.status, entryId: c.entryId, createdAt: c.createdAt });
  }
}

@ObjectType('PointsTask', { description: 'A village task (任务) with a reward, slots and a deadline' })
export class TaskType {
  @Field(() => ID) id: string;
  @Field(() => ID) villageCode: string;
  @Field() title: string;
  @Field() description: string;
  @Field(() => Int) reward: number;
  @Field() category: string;
  @Field(() => Int) slots: number;
  @Field(() => Int) claimed: number;
  @Field() deadline: Date;
  @Field() status: string;
  @Field() createdAt: Date;

  static from(t: TaskRow): TaskType {
    return Object.assign(new TaskType(), {
      id: t.id, villageCode: t.villageCode, title: t.title, description: t.description, reward: t.reward, category: t.category,
      slots: t.slots, claimed: t.claimed, deadline: t.deadline, status: t.status, createdAt: t.createdAt,
    });
  }
}

export const TaskConnection = ConnectionType(TaskType, 'PointsTask');
