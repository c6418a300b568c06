import type { PointsApp } from '../app';
import { DEMO_VILLAGES } from './demo-points';

/** Waits until identity's household events reached the projection (the queue is drained and the demo villages are known). */
export async function waitForHouseholds(app: PointsApp, timeoutMs = 60_000): Promise<void> {
  app.startWorker();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const known = await Promise.all(DEMO_VILLAGES.slice(0, 2).map((v) => app.services.households.idsInVillage(v)));
    if (known.every((ids) => ids.length > 0) && (await queueIdle(app))) return;
    if (Date.now() > deadline) throw new Error('identity household events did not arrive in points-events; is identity running?');
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function queueIdle(app: PointsApp): Promise<boolean> {
  const counts = await app.householdEventsQueue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
  return Object.values(counts).every((n) => n === 0);
}
