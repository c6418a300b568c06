import { createLogger, installShutdown } from '@gongzhi/subgraph-kit';
import { createIssuesCore } from './app';
import { loadIssuesConfig } from './config';

/** SLA worker of one county (QUEUE_COUNTY): same image as the API, `node dist/worker.js`. */
async function main() {
  const config = loadIssuesConfig();
  if (!config.QUEUE_COUNTY) throw new Error('QUEUE_COUNTY: missing (the 6-digit county this worker serves)');
  const logger = createLogger({ service: 'issues-worker', version: config.SERVICE_VERSION, level: config.LOG_LEVEL });
  let hung = false;
  const core = await createIssuesCore(config, logger, {
    sla: config.SLA_FAULT_HANG_FIRST_JOB
      ? {
          beforeCommit: async (issueId, kind) => {
            if (hung) return;
            hung = true;
            logger.warn({ issueId, kind }, 'fault injection: holding the reminder transaction open');
            await new Promise(() => undefined);
          },
        }
      : {},
  });
  await core.startWorker(config.QUEUE_COUNTY);
  installShutdown(logger, () => core.stop());
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
