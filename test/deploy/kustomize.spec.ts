// k8s/: the kustomize base, components and overlays built by the real kubectl, then checked
// the same way as the chart.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildOnce,
  byKind,
  configProblems,
  deploymentProblems,
  ingressPeers,
  K8sObject,
  kubeTools,
  labelsMatch,
  parseManifests,
  repoRoot,
  resolvedEnv,
  run,
  schemaError,
  supergraphSource,
} from './kube-tools';

const SUBGRAPHS = { identity: 4001, points: 4002, issues: 4003, mall: 4004, credit: 4005 } as const;

/** A scratch copy of k8s/ with the generated files (supergraph, dev secrets) in place. */
const k8s = buildOnce(() => {
  const dir = join(mkdtempSync(join(tmpdir(), 'gongzhi-k8s-')), 'k8s');
  cpSync(join(repoRoot, 'k8s'), dir, { recursive: true });
  cpSync(supergraphSource(), join(dir, 'base', 'gateway', 'supergraph.graphql'));
  execFileSync(process.execPath, [join(dir, 'overlays', 'dev', 'make-secrets.mjs'), '--force'], { stdio: 'ignore' });
  return dir;
});

function build(path: string): K8sObject[] {
  const result = run(kubeTools().kubectl, ['kustomize', join(k8s(), path)]);
  if (result.status !== 0) throw new Error(`kubectl kustomize ${path} failed:\n${result.stderr}`);
  return parseManifests(result.stdout);
}

const overlays = ['dev', 'production'];
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
    for (const overlay of overlays) {
      const jobs = build(`overlays/${overlay}/migrate`).map((j) => j.metadata.name).sort();
      expect(jobs).toEqual(Object.keys(SUBGRAPHS).map((s) => `gongzhi-${s}-migrate`).sort());
    }
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

  it.each(overlays)('%s: runs the whole platform and one SLA worker for the example county', (overlay) => {
    const names = byKind(built()[overlay], 'Deployment').map((d) => d.metadata.name).sort();
    expect(names).toEqual(['gongzhi-gateway', ...Object.keys(SUBGRAPHS).map((s) => `gongzhi-${s}`), 'gongzhi-sla-worker-510681'].sort());
    const gateway = byKind(built()[overlay], 'Deployment').find((d) => d.metadata.name === 'gongzhi-gateway')!;
    expect(gateway.spec.template.spec.containers[0].env.find((e: any) => e.name === 'SUBGRAPH_URLS').value).toBe(
      Object.entries(SUBGRAPHS).map(([s, port]) => `${s}=http://gongzhi-${s}:${port}/graphql`).join(','),
    );
  });

  it('dev: gives every process an environment its own config.ts accepts, from the generated Secrets', () => {
    expect(configProblems(built().dev)).toEqual([]);
    expect(configProblems([...build('overlays/dev/migrate'), ...byKind(built().dev, 'Secret')])).toEqual([]);
  });

  it.each(overlays)('%s: shares the mall client secret between the mall and identity through Secrets', (overlay) => {
    const objects = built()[overlay];
    const deployments = byKind(objects, 'Deployment');
    const mall = deployments.find((d) => d.metadata.name === 'gongzhi-mall')!;
    const identity = deployments.find((d) => d.metadata.name === 'gongzhi-identity')!;
    const env = (d: K8sObject, key: string) => d.spec.template.spec.containers[0].env.find((e: any) => e.name === key);
    expect(env(mall, 'GATEWAY_URL').value).toBe('http://gongzhi-gateway:4000/graphql');
    expect(env(mall, 'MALL_CLIENT_ID').value).toBe('gzc_internal_mall');
    expect(env(mall, 'MALL_CLIENT_SECRET').valueFrom.secretKeyRef).toEqual({ name: 'gongzhi-mall', key: 'MALL_CLIENT_SECRET' });
    expect(env(identity, 'INTERNAL_CLIENTS').valueFrom.secretKeyRef).toEqual({ name: 'gongzhi-identity', key: 'INTERNAL_CLIENTS' });
    expect(env(deployments.find((d) => d.metadata.name === 'gongzhi-issues')!, 'INLINE_WORKER_COUNTIES').value).toBe('');
    if (overlay === 'dev') {
      const clients = JSON.parse(resolvedEnv(objects, identity).INTERNAL_CLIENTS!);
      expect(clients).toEqual([expect.objectContaining({ clientId: 'gzc_internal_mall', clientSecret: resolvedEnv(objects, mall).MALL_CLIENT_SECRET, scopes: ['points:spend', 'household:verify'] })]);
    }
  });

  it.each(overlays)('%s: lets the mall, and no other subgraph, reach the gateway', (overlay) => {
    const objects = built()[overlay];
    const deployments = byKind(objects, 'Deployment');
    const labelsOf = (name: string) => deployments.find((d) => d.metadata.name === name)!.spec.template.metadata.labels;
    const rules = ingressPeers(objects, labelsOf('gongzhi-gateway'));
    for (const name of Object.keys(SUBGRAPHS)) {
      const admitted = rules.some(({ peers }) => peers === 'any' || (peers as any[]).some((p) => p.podSelector && !p.namespaceSelector && labelsMatch(p.podSelector.matchLabels, labelsOf(`gongzhi-${name}`))));
      // dev leaves client traffic open (rule 0 has no "from"), production narrows it to the ingress controller.
      if (overlay === 'production' || name === 'mall') expect({ name, admitted }).toEqual({ name, admitted: name === 'mall' });
    }
    const mallEgress = byKind(objects, 'NetworkPolicy').find((p) => p.metadata.name === 'gongzhi-mall-egress')!;
    expect(mallEgress.spec.egress).toContainEqual({
      to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'gongzhi', 'app.kubernetes.io/component': 'gateway' } } }],
      ports: [{ protocol: 'TCP', port: 4000 }],
    });
  });

  it.each(overlays)('%s: labels every subgraph and SLA worker as a JWKS client identity admits', (overlay) => {
    const objects = built()[overlay];
    const deployments = byKind(objects, 'Deployment');
    const identity = deployments.find((d) => d.metadata.name === 'gongzhi-identity')!.spec.template.metadata.labels;
    for (const d of deployments.filter((d) => !['gongzhi-identity', 'gongzhi-gateway'].includes(d.metadata.name))) {
      const ok = ingressPeers(objects, identity).some(({ peers }) => peers !== 'any' && (peers as any[]).some((p) => labelsMatch(p.podSelector?.matchLabels, d.spec.template.metadata.labels)));
      expect({ deployment: d.metadata.name, admittedByIdentity: ok }).toEqual({ deployment: d.metadata.name, admittedByIdentity: true });
    }
  });

  it.each(overlays)('%s: autoscales the gateway at ≤ 50%% CPU and every subgraph', (overlay) => {
    const hpas = byKind(built()[overlay], 'HorizontalPodAutoscaler');
    const gateway = hpas.find((h) => h.spec.scaleTargetRef.name === 'gongzhi-gateway')!;
    expect(gateway.spec.metrics[0].resource.target.averageUtilization).toBeLessThanOrEqual(50);
    for (const s of Object.keys(SUBGRAPHS)) expect(hpas.find((h) => h.spec.scaleTargetRef.name === `gongzhi-${s}`)).toBeDefined();
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
    const subgraphs = deployments.filter((d) => Object.keys(SUBGRAPHS).includes(d.metadata.labels!['app.kubernetes.io/component']));
    expect(subgraphs).toHaveLength(5);
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

  it.each(overlays)('%s: lets the gateway reach each subgraph', (overlay) => {
    const gateway = byKind(built()[overlay], 'NetworkPolicy').find((p) => p.metadata.name === 'gongzhi-gateway')!;
    const ports = gateway.spec.egress.flatMap((r: any) => r.ports.map((p: any) => p.port));
    expect(ports).toEqual(expect.arrayContaining([4001, 4002, 4003, 4004, 4005, 6379, 53]));
  });

  it('gives the example county worker its own queue county', () => {
    const worker = byKind(built().production, 'Deployment').find((d) => d.metadata.name === 'gongzhi-sla-worker-510681')!;
    const env = worker.spec.template.spec.containers[0].env;
    expect(env.find((e: any) => e.name === 'QUEUE_COUNTY').value).toBe('510681');
    expect(worker.spec.replicas).toBeGreaterThanOrEqual(1);
  });
});
