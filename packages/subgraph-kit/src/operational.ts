import type { Express } from 'express';
import type { Metrics } from './metrics';

/**
 * /healthz (the process runs), /readyz (every dependency answers) and /metrics, plus request
 * timing: the same on every process Kubernetes probes — subgraphs, the gateway and workers.
 */
export function mountOperationalRoutes(
  app: Express,
  options: { service: string; metrics: Metrics; readinessChecks: Record<string, () => Promise<unknown>>; details?: Record<string, unknown> },
): void {
  const { metrics } = options;
  app.use((req, res, next) => {
    const end = metrics.httpDuration.startTimer();
    res.on('finish', () => end({ route: req.path, status: String(res.statusCode) }));
    next();
  });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: options.service, ...options.details });
  });
  app.get('/readyz', async (_req, res) => {
    const checks: Record<string, string> = {};
    for (const [name, check] of Object.entries(options.readinessChecks)) {
      checks[name] = await check().then(
        () => 'ok',
        (err: Error) => err?.message || 'failed',
      );
    }
    const ready = Object.values(checks).every((v) => v === 'ok');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
