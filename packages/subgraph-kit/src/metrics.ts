import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

// Services add their own metrics to a server's registry without depending on prom-client themselves.
export { Counter, Histogram } from 'prom-client';

/** One registry per server so several servers can live in one test process. */
export function createMetrics(service: string) {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const graphqlErrors = new Counter({
    name: 'graphql_errors_total',
    help: 'GraphQL errors returned, by code',
    labelNames: ['code'],
    registers: [registry],
  });
  return { registry, httpDuration, graphqlErrors };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** Counts GraphQL errors by code; `limit` (the gateway's operation-limit tag) wins over `code`. */
export function errorMetricsPlugin<C extends BaseContext>(metrics: Metrics): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          for (const e of errors) metrics.graphqlErrors.inc({ code: String(e.extensions?.limit ?? e.extensions?.code ?? 'UNKNOWN') });
        },
      };
    },
  };
}
