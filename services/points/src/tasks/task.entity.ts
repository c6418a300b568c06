export type TaskStatus = 'OPEN' | 'CLOSED';

/** Storage shape of a village task (任务); `claimed` never exceeds `slots`. */
export interface TaskRow {
  id: string;
  villageCode: string;
  title: string;
  description: string;
  reward: number;
  category: string;
  slots: number;
  claimed: number;
  deadline: Date;
  status: TaskStatus;
  createdBy: string;
  idempotencyKey: string;
  createdAt: Date;
}

export interface TaskClaimRow {
  id: string;
  taskId: string;
  householdId: string;
  claimedBy: string;
  status: 'CLAIMED' | 'COMPLETED';
  entryId: string | null;
  createdAt: Date;
}
