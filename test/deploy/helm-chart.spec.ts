// helm/gongzhi rendered by the real helm v4, parsed and checked object by object.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  buildOnce,
  byKind,
  chartCopy,
  configProblems,
  deploymentProblems,
  helmTemplate,
  ingressPeers,
  K8sObject,
  kubeTools,
  labelsMatch,
  podTemplates,
  renderChart,
  repoRoot,
  run,
  schemaError,
  writeValues,
} from './kube-tools';

const SUBGRAPHS = { identity: 4001, points: 4002, issues: 4003, mall: 4004, credit: 4005 } as const;

// Everything is on by default (ci/test-values.yaml gives each service its database URL);
// this adds a second county.
const everyService = {
  counties: [
    { code: '510681', name: 'Guanghan', replicas: 2 },
    { code: '510683', name: 'Mianzhu' },
  ],
  networkPolicy: { metricsFrom: [] },
};

const chart = buildOnce(chartCopy);
const full = buildOnce(() => renderChart(chart(), everyService));
const defaults = buildOnce(() => renderChart(chart()));

const deployment = (objects: K8sObject[], name: string) => objects.find((o) => o.kind === 'Deployment' && o.metadata.name === name)!;
const env = (d: K8sObject, key: string) => d.spec.template.spec.containers[0].env.find((e: any) => e.name === key);
const secretValue = (objects: K8sObject[], name: string, key: string) => {
  const secret = objects.find((o) => o.kind === 'Secret' && o.metadata.name === name);
  return secret?.data?.[key] === undefined ? undefined : Buffer.from(secret.data[key], 'base64').toString('utf8');
};

function failure(values: unknown, extraArgs: string[] = []): string {
  const result = helmTemplate(chart(), [writeValues(values)], extraArgs);
  expect(result.status).not.toBe(0);
  return result.stderr;
}

describe('helm/gongzhi', () => {
  beforeAll(() => kubeTools());

  it('passes helm lint --strict with the CI values', () => {
    const result = run(kubeTools().helm, ['lint', '--strict', chart(), '-f', join(chart(), 'ci', 'test-values.yaml')]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('0 chart(s) failed');
    expect(result.status).toBe(0);
  });

  it('refuses to render the bare defaults and says what to set', () => {
    const result = run(kubeTools().helm, ['template', 'gongzhi', chart()]);
    expect(result.status).not.toBe(0);
    const keys = ['secrets.gatewaySecret', 'secrets.redisUrl', 'services.identity.jwtPrivateJwk', 'services.mall.clientSecret', 'redis.networkPeers', 'counties[]'];
    for (const key of [...keys, ...Object.keys(SUBGRAPHS).map((s) => `services.${s}.databaseUrl`)]) {
      expect(result.stderr).toContain(key);
    }
  });

  it('renders objects that validate against the Kubernetes 1.33 API schemas', () => {
    for (const objects of [defaults(), full()]) {
      expect(objects.length).toBeGreaterThan(10);
      expect(objects.map(schemaError).filter(Boolean)).toEqual([]);
    }
  });

  it('gives every Deployment probes, requests and a non-root read-only securityContext', () => {
    const deployments = byKind(full(), 'Deployment');
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(
      ['gongzhi-gateway', ...Object.keys(SUBGRAPHS).map((s) => `gongzhi-${s}`), 'gongzhi-sla-worker-510681', 'gongzhi-sla-worker-510683'].sort(),
    );
    expect(deployments.flatMap(deploymentProblems)).toEqual([]);
    for (const d of deployments) expect(d.spec.template.metadata.annotations['checksum/config']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('renders the whole platform by default', () => {
    expect(byKind(defaults(), 'Deployment').map((d) => d.metadata.name).sort()).toEqual(
      ['gongzhi-gateway', ...Object.keys(SUBGRAPHS).map((s) => `gongzhi-${s}`), 'gongzhi-sla-worker-510681'].sort(),
    );
    expect(env(deployment(defaults(), 'gongzhi-gateway'), 'SUBGRAPH_URLS').value).toBe(
      Object.entries(SUBGRAPHS).map(([s, port]) => `${s}=http://gongzhi-${s}:${port}/graphql`).join(','),
    );
    expect(byKind(defaults(), 'Job').map((j) => j.metadata.name).sort()).toEqual(Object.keys(SUBGRAPHS).map((s) => `gongzhi-${s}-migrate`).sort());
  });

  it('gives every process an environment its own config.ts accepts (run against the built services)', () => {
    const objects = full();
    expect(podTemplates(objects)).toHaveLength(6 + 2 + 5); // gateway, five subgraphs, two SLA workers, five migrations
    expect(configProblems(objects)).toEqual([]);
  });

  it('shares the mall client secret between the mall and identity through Secrets only', () => {
    const objects = full();
    const mall = deployment(objects, 'gongzhi-mall');
    expect(env(mall, 'MALL_CLIENT_ID').value).toBe('gzc_internal_mall');
    expect(env(mall, 'GATEWAY_URL').value).toBe('http://gongzhi-gateway:4000/graphql');
    expect(env(mall, 'MALL_CLIENT_SECRET').valueFrom.secretKeyRef).toEqual({ name: 'gongzhi-mall', key: 'MALL_CLIENT_SECRET' });
    expect(env(deployment(objects, 'gongzhi-identity'), 'INTERNAL_CLIENTS').valueFrom.secretKeyRef).toEqual({ name: 'gongzhi-identity', key: 'INTERNAL_CLIENTS' });
    const secret = secretValue(objects, 'gongzhi-mall', 'MALL_CLIENT_SECRET')!;
    expect(secret.length).toBeGreaterThanOrEqual(24);
    expect(JSON.parse(secretValue(objects, 'gongzhi-identity', 'INTERNAL_CLIENTS')!)).toEqual([
      {
        clientId: 'gzc_internal_mall',
        clientSecret: secret,
        name: '积分超市 (mall service)',
        scopes: ['points:spend', 'household:verify'],
        regionCode: '510000000000',
      },
    ]);
    // Never in plain sight: no ConfigMap or literal env value carries the secret.
    for (const o of objects.filter((o) => o.kind !== 'Secret')) expect({ object: o.metadata.name, leaks: JSON.stringify(o).includes(secret) }).toEqual({ object: o.metadata.name, leaks: false });

    const withoutMall = renderChart(chart(), { services: { mall: { enabled: false } } });
    expect(env(deployment(withoutMall, 'gongzhi-identity'), 'INTERNAL_CLIENTS')).toBeUndefined();
    expect(secretValue(withoutMall, 'gongzhi-identity', 'INTERNAL_CLIENTS')).toBeUndefined();
  });

  it('runs SLA queues only in the county workers', () => {
    const objects = full();
    expect(env(deployment(objects, 'gongzhi-issues'), 'INLINE_WORKER_COUNTIES').value).toBe('');
    expect(env(deployment(objects, 'gongzhi-issues'), 'QUEUE_COUNTY')).toBeUndefined();
  });

  it('gives every Deployment that can run two or more pods a PDB with maxUnavailable 1', () => {
    const objects = full();
    const hpas = byKind(objects, 'HorizontalPodAutoscaler');
    const pdbs = byKind(objects, 'PodDisruptionBudget');
    const multi = byKind(objects, 'Deployment').filter((d) => {
      const hpa = hpas.find((h) => h.spec.scaleTargetRef.name === d.metadata.name);
      return (hpa ? hpa.spec.maxReplicas : d.spec.replicas ?? 1) >= 2;
    });
    expect(multi.map((d) => d.metadata.name)).toContain('gongzhi-sla-worker-510681');
    expect(multi.map((d) => d.metadata.name)).not.toContain('gongzhi-sla-worker-510683');
    for (const d of multi) {
      const pdb = pdbs.find((p) => labelsMatch(p.spec.selector.matchLabels, d.spec.template.metadata.labels));
      expect({ deployment: d.metadata.name, maxUnavailable: pdb?.spec.maxUnavailable }).toEqual({ deployment: d.metadata.name, maxUnavailable: 1 });
    }
  });

  it('autoscales the gateway at ≤ 50% CPU and every subgraph', () => {
    const hpas = byKind(full(), 'HorizontalPodAutoscaler');
    const target = (name: string) => hpas.find((h) => h.spec.scaleTargetRef.name === name);
    expect(target('gongzhi-gateway')!.spec.metrics[0].resource.target.averageUtilization).toBeLessThanOrEqual(50);
    for (const s of Object.keys(SUBGRAPHS)) expect(target(`gongzhi-${s}`)).toBeDefined();
    for (const h of hpas) expect(deployment(full(), h.spec.scaleTargetRef.name).spec.replicas).toBeUndefined();
  });

  it('denies all traffic by default and admits only the gateway to each subgraph', () => {
    const objects = full();
    const policies = byKind(objects, 'NetworkPolicy');
    const deny = policies.find((p) => p.metadata.name === 'gongzhi-default-deny')!;
    expect(deny.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'gongzhi', 'app.kubernetes.io/instance': 'gongzhi' } },
      policyTypes: ['Ingress', 'Egress'],
    });
    for (const { labels, owner } of podTemplates(objects)) {
      expect({ pod: owner.metadata.name, denied: labelsMatch(deny.spec.podSelector.matchLabels, labels) }).toEqual({ pod: owner.metadata.name, denied: true });
    }

    const gatewayLabels = deployment(objects, 'gongzhi-gateway').spec.template.metadata.labels;
    for (const [name, port] of Object.entries(SUBGRAPHS)) {
      const labels = deployment(objects, `gongzhi-${name}`).spec.template.metadata.labels;
      const rules = ingressPeers(objects, labels);
      expect(rules.length).toBeGreaterThan(0);
      for (const { policy, peers } of rules) {
        expect({ policy, peers: peers === 'any' ? 'any' : 'listed' }).toEqual({ policy, peers: 'listed' });
        for (const peer of peers as any[]) {
          expect(peer.ipBlock).toBeUndefined();
          expect(peer.namespaceSelector).toBeUndefined();
          const selector = peer.podSelector.matchLabels;
          const fromGateway = labelsMatch(selector, gatewayLabels) && selector['app.kubernetes.io/component'] === 'gateway';
          // identity alone also serves the JWKS to this release's own subgraphs and workers.
          const jwksClient = name === 'identity' && selector['gongzhi.io/jwks-client'] === 'true' && selector['app.kubernetes.io/instance'] === 'gongzhi';
          expect({ subgraph: name, peer: selector, allowed: fromGateway || jwksClient }).toEqual({ subgraph: name, peer: selector, allowed: true });
        }
      }
      const policy = byKind(objects, 'NetworkPolicy').find((p) => p.metadata.name === `gongzhi-${name}-ingress`)!;
      expect(policy.spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port }]);
    }
  });

  it('lets the mall, and no other subgraph, reach the gateway, even when ingressFrom narrows it', () => {
    const objects = renderChart(chart(), { ...everyService, gateway: { ingressFrom: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }] } });
    const gatewayLabels = deployment(objects, 'gongzhi-gateway').spec.template.metadata.labels;
    const admitted = (podLabels: Record<string, string>) =>
      ingressPeers(objects, gatewayLabels).some(({ peers }) => peers === 'any' || (peers as any[]).some((p) => p.podSelector && !p.namespaceSelector && labelsMatch(p.podSelector.matchLabels, podLabels)));
    for (const name of Object.keys(SUBGRAPHS)) {
      expect({ name, admitted: admitted(deployment(objects, `gongzhi-${name}`).spec.template.metadata.labels) }).toEqual({ name, admitted: name === 'mall' });
    }
    const mallEgress = objects.find((o) => o.metadata.name === 'gongzhi-mall-egress')!;
    expect(mallEgress.spec.egress).toContainEqual({
      to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'gongzhi', 'app.kubernetes.io/instance': 'gongzhi', 'app.kubernetes.io/component': 'gateway' } } }],
      ports: [{ protocol: 'TCP', port: 4000 }],
    });
  });

  it('labels every subgraph and worker as a JWKS client identity admits', () => {
    const objects = full();
    const identityLabels = deployment(objects, 'gongzhi-identity').spec.template.metadata.labels;
    for (const d of byKind(objects, 'Deployment').filter((d) => d.spec.template.metadata.labels['gongzhi.io/service'] && d.metadata.name !== 'gongzhi-identity')) {
      const labels = d.spec.template.metadata.labels;
      const ok = ingressPeers(objects, identityLabels).some(({ peers }) => peers !== 'any' && (peers as any[]).some((p) => labelsMatch(p.podSelector?.matchLabels, labels)));
      expect({ deployment: d.metadata.name, admittedByIdentity: ok }).toEqual({ deployment: d.metadata.name, admittedByIdentity: true });
    }
  });

  it('lets SLA workers deliver webhooks only to the peers an operator lists', () => {
    expect(full().find((o) => o.metadata.name === 'gongzhi-sla-worker-webhooks')).toBeUndefined();
    const peers = [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }];
    const objects = renderChart(chart(), { ...everyService, slaWorker: { webhooks: { networkPeers: peers } } });
    const policy = objects.find((o) => o.metadata.name === 'gongzhi-sla-worker-webhooks')!;
    expect(policy.spec.egress).toEqual([{ to: peers, ports: [{ protocol: 'TCP', port: 443 }] }]);
    for (const w of byKind(objects, 'Deployment').filter((d) => d.metadata.labels!['app.kubernetes.io/component'] === 'sla-worker')) {
      expect(labelsMatch(policy.spec.podSelector.matchLabels, w.spec.template.metadata.labels)).toBe(true);
    }
    expect(labelsMatch(policy.spec.podSelector.matchLabels, deployment(objects, 'gongzhi-issues').spec.template.metadata.labels)).toBe(false);
    expect(objects.map(schemaError).filter(Boolean)).toEqual([]);
  });

  it('lets each service reach only its own database, Redis, DNS and identity', () => {
    const objects = full();
    for (const name of Object.keys(SUBGRAPHS)) {
      const egress = byKind(objects, 'NetworkPolicy').find((p) => p.metadata.name === `gongzhi-${name}-egress`)!;
      expect(egress.spec.podSelector.matchLabels['gongzhi.io/service']).toBe(name);
      const ports = egress.spec.egress.flatMap((r: any) => r.ports.map((p: any) => p.port));
      const expected = name === 'identity' ? [3306, 53, 6379] : name === 'mall' ? [3306, 4000, 4001, 53, 6379] : [3306, 4001, 53, 6379];
      expect([...new Set(ports)].sort()).toEqual(expected);
      expect(egress.spec.egress.every((r: any) => r.to?.length > 0)).toBe(true);
    }
    const differentDb = renderChart(chart(), {
      services: { identity: { database: { networkPeers: [{ ipBlock: { cidr: '10.30.0.7/32' } }] } } },
    });
    const identityEgress = differentDb.find((o) => o.metadata.name === 'gongzhi-identity-egress')!;
    expect(identityEgress.spec.egress[0]).toEqual({ to: [{ ipBlock: { cidr: '10.30.0.7/32' } }], ports: [{ protocol: 'TCP', port: 3306 }] });
  });

  it('renders one SLA worker Deployment per county, each with its own queue prefix', () => {
    const workers = byKind(full(), 'Deployment').filter((d) => d.metadata.labels?.['app.kubernetes.io/component'] === 'sla-worker');
    expect(workers).toHaveLength(2);
    const counties = workers.map((w) => env(w, 'QUEUE_COUNTY').value);
    expect(counties.sort()).toEqual(['510681', '510683']);
    expect(new Set(workers.map((w) => JSON.stringify(w.spec.selector.matchLabels))).size).toBe(2);
    for (const w of workers) {
      expect(w.spec.template.spec.containers[0].command).toEqual(['node', '/app/services/issues/dist/worker.js']);
      expect(env(w, 'DATABASE_URL').valueFrom.secretKeyRef.name).toBe('gongzhi-issues');
    }
    expect(workers.find((w) => env(w, 'QUEUE_COUNTY').value === '510681')!.spec.replicas).toBe(2);
  });

  it('scales SLA workers with KEDA on their own queue, never below one', () => {
    const objects = renderChart(chart(), {
      ...everyService,
      slaWorker: { keda: { enabled: true, redisAddress: 'redis.gongzhi-data.svc:6379' } },
      counties: [{ code: '510681' }, { code: '510683', keda: { maxReplicaCount: 9 } }],
    });
    const scaled = byKind(objects, 'ScaledObject');
    expect(scaled.map((s) => s.spec.triggers[0].metadata.listName).sort()).toEqual(['gz:{510681}:issues-sla:wait', 'gz:{510683}:issues-sla:wait']);
    for (const s of scaled) {
      expect(s.spec.minReplicaCount).toBeGreaterThanOrEqual(1);
      expect(deployment(objects, s.spec.scaleTargetRef.name).spec.replicas).toBeUndefined();
    }
    expect(scaled.find((s) => s.metadata.name.endsWith('510683'))!.spec.maxReplicaCount).toBe(9);
    expect(objects.map(schemaError).filter(Boolean)).toEqual([]);
    expect(failure({ ...everyService, slaWorker: { keda: { enabled: true, redisAddress: 'r:6379', minReplicaCount: 0 } } })).toContain('minReplicaCount');
    expect(
      failure({ ...everyService, slaWorker: { keda: { enabled: true, redisAddress: 'r:6379', minReplicaCount: 0 } } }, ['--skip-schema-validation']),
    ).toContain('must be at least 1');
  });

  it('runs each service migration as a pre-install/pre-upgrade Job after its Secret exists', () => {
    const objects = full();
    const jobs = byKind(objects, 'Job');
    expect(jobs.map((j) => j.metadata.name).sort()).toEqual(Object.keys(SUBGRAPHS).map((s) => `gongzhi-${s}-migrate`).sort());
    for (const job of jobs) {
      const service = job.metadata.labels!['gongzhi.io/service'];
      expect(job.metadata.annotations!['helm.sh/hook']).toBe('pre-install,pre-upgrade');
      expect(job.spec.template.spec.containers[0].command).toEqual(['node', `/app/services/${service}/dist/migrate.js`]);
      expect(job.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
    }
    for (const secret of byKind(objects, 'Secret')) {
      expect(secret.metadata.annotations!['helm.sh/hook']).toBe('pre-install,pre-upgrade');
      expect(Number(secret.metadata.annotations!['helm.sh/hook-weight'])).toBeLessThan(0);
    }
  });

  it('wires the gateway to the static supergraph and every enabled subgraph', () => {
    const objects = full();
    const gateway = deployment(objects, 'gongzhi-gateway');
    expect(env(gateway, 'SUBGRAPH_URLS').value).toBe(
      Object.entries(SUBGRAPHS).map(([s, port]) => `${s}=http://gongzhi-${s}:${port}/graphql`).join(','),
    );
    expect(env(gateway, 'SUPERGRAPH_PATH').value).toBe('/etc/gongzhi/supergraph/supergraph.graphql');
    const volume = gateway.spec.template.spec.volumes.find((v: any) => v.name === 'supergraph');
    const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === volume.configMap.name)!;
    expect(configMap.data!['supergraph.graphql'].trim()).toBe(readFileSync(join(chart(), 'files', 'supergraph.graphql'), 'utf8').trim());
    for (const name of Object.keys(SUBGRAPHS)) {
      expect(env(deployment(objects, `gongzhi-${name}`), 'JWKS_URL').value).toBe('http://gongzhi-identity:4001/.well-known/jwks.json');
    }
    const external = renderChart(chart(), { gateway: { supergraph: { existingConfigMap: 'county-supergraph' } } });
    expect(byKind(external, 'ConfigMap')).toHaveLength(0);
    expect(deployment(external, 'gongzhi-gateway').spec.template.spec.volumes.find((v: any) => v.name === 'supergraph').configMap.name).toBe('county-supergraph');
  });

  it('keeps the chart copy of the supergraph equal to the composed one', () => {
    const composed = join(repoRoot, 'supergraph.graphql');
    const copy = join(repoRoot, 'helm', 'gongzhi', 'files', 'supergraph.graphql');
    if (!existsSync(composed) || !existsSync(copy)) return; // nothing composed or synced yet
    expect(readFileSync(copy, 'utf8')).toBe(readFileSync(composed, 'utf8'));
  });

  it('reads secrets from existingSecret and then renders none of its own', () => {
    const objects = renderChart(chart(), {
      secrets: { existingSecret: 'county-shared', gatewaySecret: '', redisUrl: '' },
      services: {
        identity: { existingSecret: 'county-identity', databaseUrl: '', jwtPrivateJwk: '', idEncryptionKey: '', idHashKey: '' },
        points: { existingSecret: 'county-points', databaseUrl: '' },
        issues: { existingSecret: 'county-issues', databaseUrl: '' },
        mall: { existingSecret: 'county-mall', databaseUrl: '', clientSecret: '' },
        credit: { existingSecret: 'county-credit', databaseUrl: '' },
      },
    });
    expect(byKind(objects, 'Secret')).toHaveLength(0);
    const refs = env(deployment(objects, 'gongzhi-identity'), 'DATABASE_URL').valueFrom.secretKeyRef;
    expect(refs).toEqual({ name: 'county-identity', key: 'DATABASE_URL' });
    expect(env(deployment(objects, 'gongzhi-identity'), 'INTERNAL_CLIENTS').valueFrom.secretKeyRef).toEqual({ name: 'county-identity', key: 'INTERNAL_CLIENTS' });
    expect(env(deployment(objects, 'gongzhi-mall'), 'MALL_CLIENT_SECRET').valueFrom.secretKeyRef).toEqual({ name: 'county-mall', key: 'MALL_CLIENT_SECRET' });
    expect(env(deployment(objects, 'gongzhi-sla-worker-510681'), 'DATABASE_URL').valueFrom.secretKeyRef.name).toBe('county-issues');
    expect(env(deployment(objects, 'gongzhi-gateway'), 'GATEWAY_SECRET').valueFrom.secretKeyRef.name).toBe('county-shared');
  });

  it('tells the operator the endpoint and next steps in NOTES.txt', () => {
    const values = writeValues({ ...everyService, gateway: { ingress: { enabled: true, host: 'gz.example.gov.cn', tlsSecretName: 'gz-tls' } } });
    const args = ['install', 'gongzhi', chart(), '-n', 'gongzhi', '--dry-run=client', '-f', join(chart(), 'ci', 'test-values.yaml'), '-f', values];
    const result = run(kubeTools().helm, args, repoRoot, { KUBECONFIG: '/dev/null' });
    expect(result.stderr).toBe('');
    const notes = result.stdout.slice(result.stdout.indexOf('NOTES:'));
    expect(notes).toContain('https://gz.example.gov.cn/graphql');
    expect(notes).toContain('app.kubernetes.io/component=migrate');
    expect(notes).toContain('510681 (Guanghan): kubectl -n gongzhi scale deploy/gongzhi-sla-worker-510681');
  });

  it('documents every value in the chart README', () => {
    const values = parse(readFileSync(join(repoRoot, 'helm', 'gongzhi', 'values.yaml'), 'utf8'));
    const readme = readFileSync(join(repoRoot, 'helm', 'gongzhi', 'README.md'), 'utf8');
    const paths: string[] = [];
    const walk = (node: Record<string, unknown>, prefix: string) => {
      for (const [key, value] of Object.entries(node)) {
        const path = prefix + key;
        paths.push(path);
        const leafMap = key === 'resources' || key === 'seccompProfile';
        if (value && typeof value === 'object' && !Array.isArray(value) && !leafMap) walk(value as Record<string, unknown>, `${path}.`);
      }
    };
    walk(values, '');
    expect(paths.filter((p) => !readme.includes('`' + p))).toEqual([]);
  });

  describe('values.schema.json', () => {
    it('rejects replicas "three"', () => {
      const stderr = failure('gateway:\n  replicas: three\n');
      expect(stderr).toMatch(/gateway\/replicas.*want integer/);
    });

    it('rejects an unquoted county code, an unknown key and a writable root filesystem', () => {
      expect(failure({ ...everyService, counties: [{ code: 510681 }] })).toMatch(/counties\/0\/code/);
      expect(failure({ gateway: { replica: 3 } })).toMatch(/replica/);
      expect(failure({ containerSecurityContext: { readOnlyRootFilesystem: false } })).toMatch(/readOnlyRootFilesystem/);
      expect(failure({ gateway: { autoscaling: { targetCPUUtilizationPercentage: 80 } } })).toMatch(/targetCPUUtilizationPercentage/);
    });
  });

  describe('checks.yaml', () => {
    it('fails counties without the issues service, and the issues service without counties', () => {
      expect(failure({ services: { issues: { enabled: false } } })).toContain('set services.issues.enabled');
      expect(failure({ counties: [] })).toContain('services.issues.enabled needs at least one counties[] entry');
    });

    it('fails a short mall client secret, a mall without the gateway, and half-managed mall/identity secrets', () => {
      expect(failure({ services: { mall: { clientSecret: 'short' } } }, ['--skip-schema-validation'])).toContain('services.mall.clientSecret must be at least 24');
      expect(failure({ services: { mall: { clientSecret: 'short' } } })).toMatch(/clientSecret/);
      expect(failure({ gateway: { enabled: false } })).toContain('services.mall.enabled needs gateway.enabled');
      expect(failure({ services: { mall: { existingSecret: 'county-mall' } } })).toContain('go together');
      expect(
        failure({ services: { identity: { existingSecret: 'county-identity', databaseUrl: '', jwtPrivateJwk: '', idEncryptionKey: '', idHashKey: '' } } }),
      ).toContain('go together');
    });

    it('fails a county listed twice', () => {
      expect(failure({ ...everyService, counties: [{ code: '510681' }, { code: '510681' }] })).toContain('510681 is listed twice');
    });

    it('fails a subgraph without identity, and a network policy without database peers', () => {
      expect(failure({ services: { identity: { enabled: false }, points: { enabled: true, databaseUrl: 'mysql://p:p@h:3306/gongzhi_points' } } })).toContain(
        'services.identity.enabled must be true',
      );
      expect(failure({ database: { networkPeers: [] } })).toContain('database.networkPeers');
    });
  });
});
