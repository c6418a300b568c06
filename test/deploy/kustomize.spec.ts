// k8s/: the kustomize base, components and overlays built by the real kubectl, then checked
// the same way as the chart.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildOnce,
  byKind,
  deploymentProblems,
  ingressPeers,
  K8sObject,
  kubeTools,
  labelsMatch,
  parseManifests,
  repoRoot,
  run,
  schemaError,
  supergraphSource,
} from './kube-tools';

const COMPONENTS = ['points', 'issues', 'mall', 'credit'];

/** A scratch copy of k8s/ with the generated files in place and an overlay enabling everything. */
const k8s = buildOnce(() => {
  const dir = join(mkdtempSync(join(tmpdir(), 'gongzhi-k8s-')), 'k8s');
  cpSync(join(repoRoot, 'k8s'), dir, { recursive: true });
  cpSync(supergraphSource(), join(dir, 'base', 'gateway', 'supergraph.graphql'));
  execFileSync(process.execPath, [join(dir, 'overlays', 'dev', 'make-secrets.mjs'), '--force'], { stdio: 'ignore' });
  // What an operator does when every service has landed: the production overlay with its
  // components block uncommented (the overlay's patches must see the components' objects).
  const production = readFileSync(join(dir, 'overlays', 'production', 'kustomization.yaml'), 'utf8');
  const components = ['components:', ...[...COMPONENTS, 'sla-worker-510681'].map((c) => `  - ../../components/${c}`)].join('\n');
  const everything = production.replace(/^# components:\n(#.*\n)*/m, `${components}\n`).replace('namespace: gongzhi', 'namespace: gongzhi-test');
  if (!everything.includes('components/sla-worker-510681')) throw new Error('production overlay lost its commented components block');
  mkdirSync(join(dir, 'overlays', 'everything'));
  writeFileSync(join(dir, 'overlays', 'everything', 'kustomization.yaml'), everything);
  return dir;
});

function build(path: string): K8sObject[] {
  const result = run(kubeTools().kubectl, ['kustomize', join(k8s(), path)]);
  if (result.status !== 0) throw new Error(`kubectl kustomize ${path} failed:\n${result.stderr}`);
  return parseManifests(result.stdout);
}

const overlays = ['dev', 'production', 'everything'];
const built = buildOnce(() => Object.fromEntries(overlays.map((o) => [o, build(`overlays/${o}`)])) as Record<string, K8sObject[]>);

describe('k8s/ (kustomize)', () => {
  beforeAll(() => kubeTools());

  it('builds every overlay and migration set, and each object validates against the API schemas', () => {
    const migrations = ['overlays/dev/migrate', 'overlays/production/migrate', ...readdirSync(join(repoRoot, 'k8s', 'migrations')).map((m) => `migrations/${m}`)];
    for (const objects of [...Object.values(built()), ...migrations.map(build)]) {
      expect(objects.length).toBeGreaterThan(0);
      expect(objects.map(schemaError).filter(Boolean)).toEqual([]);
    }
  });

  it('has a validator that does reject a broken object', () => {
    const broken = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { replicas: 'three', selector: {}, template: {} } };
    expect(schemaError(broken as K8sObject)).toMatch(/replicas/);
  });

  it.each(overlays)('%s: every Deployment has probes, requests and a non-root read-only securityContext', (overlay) => {
    const deployments = byKind(built()[overlay], 'Deployment');
    expect(deployments.length).toBeGreaterThanOrEqual(2);
    expect(deployments.flatMap(deploymentProblems)).toEqual([]);
  });

  it('runs migrations as Jobs with the same lock-down, outside the app kustomization', () => {
    for (const job of build('overlays/production/migrate')) {
      expect(job.kind).toBe('Job');
      const container = job.spec.template.spec.containers[0];
      expect(container.command[1]).toMatch(/^\/app\/services\/[a-z]+\/dist\/migrate\.js$/);
      expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
      expect(job.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    }
    expect(byKind(built().production, 'Job')).toHaveLength(0);
  });

  it.each(overlays)('%s: every Deployment that can run two or more pods has a PDB with maxUnavailable 1', (overlay) => {
    const objects = built()[overlay];
    const hpas = byKind(objects, 'HorizontalPodAutoscaler');
    for (const d of byKind(objects, 'Deployment')) {
      const hpa = hpas.find((h) => h.spec.scaleTargetRef.name === d.metadata.name);
      if ((hpa ? hpa.spec.maxReplicas : d.spec.replicas ?? 1) < 2) continue;
      const pdb = byKind(objects, 'PodDisruptionBudget').find((p) => labelsMatch(p.spec.selector.matchLabels, d.spec.template.metadata.labels));
      expect({ deployment: d.metadata.name, maxUnavailable: pdb?.spec.maxUnavailable }).toEqual({ deployment: d.metadata.name, maxUnavailable: 1 });
    }
  });

  it('autoscales the gateway at ≤ 50% CPU and every subgraph', () => {
    const hpas = byKind(built().everything, 'HorizontalPodAutoscaler');
    const gateway = hpas.find((h) => h.spec.scaleTargetRef.name === 'gongzhi-gateway')!;
    expect(gateway.spec.metrics[0].resource.target.averageUtilization).toBeLessThanOrEqual(50);
    for (const s of ['identity', ...COMPONENTS]) expect(hpas.find((h) => h.spec.scaleTargetRef.name === `gongzhi-${s}`)).toBeDefined();
  });

  it.each(overlays)('%s: denies by default and admits only the gateway to each subgraph', (overlay) => {
    const objects = built()[overlay];
    const deny = byKind(objects, 'NetworkPolicy').find((p) => p.metadata.name === 'gongzhi-default-deny')!;
    expect(deny.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(deny.spec.ingress ?? []).toEqual([]);
    expect(deny.spec.egress ?? []).toEqual([]);
    const deployments = byKind(objects, 'Deployment');
    for (const d of deployments) expect(labelsMatch(deny.spec.podSelector.matchLabels, d.spec.template.metadata.labels)).toBe(true);

    const gatewayLabels = deployments.find((d) => d.metadata.name === 'gongzhi-gateway')!.spec.template.metadata.labels;
    const subgraphs = deployments.filter((d) => ['identity', ...COMPONENTS].includes(d.metadata.labels!['app.kubernetes.io/component']));
    for (const d of subgraphs) {
      const name = d.metadata.labels!['app.kubernetes.io/component'];
      const rules = ingressPeers(objects, d.spec.template.metadata.labels);
      expect(rules.length).toBeGreaterThan(0);
      for (const { peers } of rules) {
        expect(peers).not.toBe('any');
        for (const peer of peers as any[]) {
          expect(peer.namespaceSelector ?? peer.ipBlock).toBeUndefined();
          const selector = peer.podSelector.matchLabels;
          const fromGateway = selector['app.kubernetes.io/component'] === 'gateway' && labelsMatch(selector, gatewayLabels);
          const jwksClient = name === 'identity' && selector['gongzhi.io/jwks-client'] === 'true';
          expect({ subgraph: name, peer: selector, allowed: fromGateway || jwksClient }).toEqual({ subgraph: name, peer: selector, allowed: true });
        }
      }
    }
  });

  it('points every egress placeholder at a real peer in the overlays', () => {
    for (const overlay of overlays) {
      const text = JSON.stringify(byKind(built()[overlay], 'NetworkPolicy'));
      expect({ overlay, placeholder: text.includes('192.0.2.') }).toEqual({ overlay, placeholder: false });
    }
  });

  it('lets the gateway reach each enabled component', () => {
    const gateway = byKind(built().everything, 'NetworkPolicy').find((p) => p.metadata.name === 'gongzhi-gateway')!;
    const ports = gateway.spec.egress.flatMap((r: any) => r.ports.map((p: any) => p.port));
    expect(ports).toEqual(expect.arrayContaining([4001, 4002, 4003, 4004, 4005, 6379, 53]));
  });

  it('gives the example county worker its own queue county', () => {
    const worker = byKind(built().everything, 'Deployment').find((d) => d.metadata.name === 'gongzhi-sla-worker-510681')!;
    const env = worker.spec.template.spec.containers[0].env;
    expect(env.find((e: any) => e.name === 'QUEUE_COUNTY').value).toBe('510681');
    expect(worker.spec.replicas).toBeGreaterThanOrEqual(1);
  });
});
