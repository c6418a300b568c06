import type { JobHandlers } from '@gongzhi/subgraph-kit';
import type { OrderService } from './order.service';

export const RECOVERY_QUEUE = 'mall-recovery';
export const RECOVERY_JOB = 'recover-orders';
export const RECOVERY_SCHEDULER_ID = 'mall-recovery-sweep';

export function recoveryHandlers(orders: OrderService): JobHandlers {
  return { [RECOVERY_JOB]: async () => orders.recover() };
}
