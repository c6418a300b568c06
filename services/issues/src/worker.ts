import http from 'node:http';
import express from 'express';
import { Counter, createLogger, createMetrics, Histogram, installShutdown, mountOperationalRoutes } from '@gongzhi/subgraph-kit';
import { createIssuesCore } from './app';
import { loadIssuesConfig } from './config';
import type { SlaServiceOptions } from './sla/sla.service';

/**
 * SLA worker of one county (QUEUE_COUNTY): same image as the API, `node dist/worker.js`.
 * Serves /healthz, /readyz and /metrics on PORT for the probes and Prometheus.
 */
async function main() {
  const config = loadIssuesConfig();
  if (!config.QUEUE_COUNTY) throw new Error('QUEUE_COUNTY: missing (the 6-digit county this worker serves)');
  const logger = createLogger({ service: 'issues-worker', version: config.SERVICE_VERSION, level: config.LOG_LEVEL });
  const metrics = createMetrics('issues-worker');
  const fired = new Counter({ name: 'issues_sla_reminders_fired_total', help: 'Reminders fired, by kind', labelNames: ['kind'], registers: [metrics.registry] });
  const lateness = new Histogram({
    name: 'issues_sla_reminder_lateness_seconds',
    help: 'How long after its planned time a reminder fired',
    labelNames: ['kind'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300],
    registers: [metrics.registry],
  });
  let hung = false;
  const sla: SlaServiceOptions = {
    onFired: (kind, ms) => {
      fired.inc({ kind });
      lateness.observe({ kind }, Math.max(0, ms) / 1000);
    },
  };
  if (config.SLA_FAULT_HANG_FIRST_JOB) {
    sla.beforeCommit = async (issueId, kind) => {
      if (hung) return;
      hung = true;
      logger.warn({ issueId, kind }, 'fault injection: holding the reminder transaction open');
      await new Promise(() => undefined);
    };
  }
  const core = await createIssuesCore(config, logger, { sla });
  await core.startWorker(config.QUEUE_COUNTY);

  const app = express();
  mountOperationalRoutes(app, {
    service: 'issues-worker',
    metrics,
    readinessChecks: { database: () => core.dataSource.query('SELECT 1'), redis: () => core.redis.ping() },
    details: { county: config.QUEUE_COUNTY },
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  logger.info({ port: (server.address() as { port: number }).port }, 'SLA worker health endpoints up');
  installShutdown(logger, async () => {
    await new Promise((r) => server.close(r));
    await core.stop();
  });
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
