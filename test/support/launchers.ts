import type { Logger, RunningServer } from '@gongzhi/subgraph-kit';
import type { IdentityApp } from '../../services/identity/src/app';

/** What the test platform hands each service when it starts it. */
export interface LaunchContext {
  gatewaySecret: string;
  /** Identity's JWKS on its ephemeral port. */
  jwksUrl: string;
  /** A fresh database (dropped after the run); returns its mysql:// URL. */
  createDatabase(label: string): Promise<string>;
  /** A queue/Redis key prefix base unique to this test run, e.g. "gzt_ab12". */
  runId: string;
  logger(service: string): Logger;
  /** The gateway's /graphql URL, known once the gateway is up (services calling the supergraph read it lazily). */
  gatewayUrl(): string;
  identity: IdentityApp;
  /** Whether to load the demo county data. */
  seed: boolean;
}

export interface LaunchedService {
  name: string;
  server: RunningServer;
  /** The environment the service was configured with (DATABASE_URL etc.), for tests that look inside. */
  env: Record<string, string>;
  /** The service's app object (composition root result), for tests that need internals. */
  app: unknown;
  stop(): Promise<void>;
}

/**
 * A subgraph the test platform starts after identity. Each service adds one launcher to
 * SERVICE_LAUNCHERS in services.ts (its own file `test/support/launch-<name>.ts`).
 */
export interface ServiceLauncher {
  name: string;
  launch(ctx: LaunchContext): Promise<LaunchedService>;
}
