// The Dockerfile copies what `npm run build` produces, for every image. Run after the build
// (`npm run build && npx jest test/deploy`); no Docker engine is needed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './kube-tools';

interface Image {
  name: string;
  dir: string; // workspace folder, e.g. services/identity
  args: Record<string, string>; // build args the image is built with
  entries: string[]; // files the chart and manifests run in this image
}

const chartValues = parse(readFileSync(join(repoRoot, 'helm', 'gongzhi', 'values.yaml'), 'utf8'));

const DOCKERFILE = 'Dockerfile';

/** The gateway and every subgraph of the chart, all built from the one Dockerfile. */
function images(): Image[] {
  const list: Image[] = [{ name: 'gateway', dir: 'gateway', args: { APP: 'gateway' }, entries: ['gateway/dist/main.js'] }];
  for (const [name, svc] of Object.entries<any>(chartValues.services)) {
    const dir = `services/${name}`;
    if (!existsSync(join(repoRoot, dir, 'package.json'))) continue;
    const entries = [`${dir}/dist/main.js`, `${dir}/dist/migrate.js`];
    // A service with a worker entry (issues' county SLA worker, mall's queue workers) ships it in the same image.
    if (existsSync(join(repoRoot, dir, 'src', 'worker.ts'))) entries.push(`${dir}/dist/worker.js`);
    list.push({ name, dir, args: { APP: dir, PORT: String(svc.port) }, entries });
  }
  return list;
}

/** Workspace folders by package name (@gongzhi/x -> packages/x, services/x or gateway). */
function workspaces(): Map<string, string> {
  const map = new Map<string, string>();
  const add = (dir: string) => {
    const manifest = join(repoRoot, dir, 'package.json');
    if (existsSync(manifest)) map.set(JSON.parse(readFileSync(manifest, 'utf8')).name, dir);
  };
  add('gateway');
  for (const parent of ['packages', 'services']) {
    for (const entry of readdirSync(join(repoRoot, parent))) add(`${parent}/${entry}`);
  }
  return map;
}

/** The workspace folders a workspace needs at run time, itself included. */
function runtimeWorkspaces(dir: string, all = workspaces(), seen = new Set<string>()): Set<string> {
  if (seen.has(dir)) return seen;
  seen.add(dir);
  const { dependencies = {} } = JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8'));
  for (const dep of Object.keys(dependencies)) {
    const depDir = all.get(dep);
    if (depDir) runtimeWorkspaces(depDir, all, seen);
  }
  return seen;
}

/** Joined continuation lines of a Dockerfile as built with `image.args`, comments dropped. */
function instructions(image: Image): string[] {
  return readFileSync(join(repoRoot, DOCKERFILE), 'utf8')
    .replace(/\$\{(\w+)\}/g, (whole, name: string) => image.args[name] ?? whole)
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

/** Sources (repo-relative) the final stage copies out of the build stage. */
function copiedFromBuild(lines: string[]): string[] {
  return lines
    .filter((l) => /^COPY\s+.*--from=build\b/.test(l))
    .flatMap((l) => {
      const parts = l.split(/\s+/).slice(1).filter((p) => !p.startsWith('--'));
      return parts.slice(0, -1).map((src) => src.replace(/^\/app\//, ''));
    });
}

describe('Dockerfiles', () => {
  it.each(images().map((i) => [i.name, i] as const))('%s: copies only paths that exist after npm run build', (_name, image) => {
    expect(existsSync(join(repoRoot, DOCKERFILE))).toBe(true);
    const copied = copiedFromBuild(instructions(image));
    expect(copied.length).toBeGreaterThan(0);
    const missing = copied.filter((p) => !existsSync(join(repoRoot, p)));
    if (missing.length) throw new Error(`${DOCKERFILE} (${image.name}) copies ${missing.join(', ')}, which npm run build did not produce (did it run?)`);
  });

  it.each(images().map((i) => [i.name, i] as const))('%s: ships the dist of every workspace it needs at run time', (_name, image) => {
    const copied = copiedFromBuild(instructions(image));
    for (const dir of runtimeWorkspaces(image.dir)) expect(copied).toContain(`${dir}/dist`);
    for (const entry of image.entries) {
      expect(existsSync(join(repoRoot, entry))).toBe(true);
      expect(copied.some((c) => entry.startsWith(`${c}/`))).toBe(true);
    }
  });

  it.each(images().map((i) => [i.name, i] as const))('%s: builds with npm ci, runs production deps as non-root with a health check', (_name, image) => {
    const lines = instructions(image);
    const text = lines.join('\n');
    expect(text).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
    expect(text).toContain('RUN npm ci\n');
    expect(text).toContain('RUN npm run build');
    expect(text).toContain(`npm ci --omit=dev --workspace=${image.dir} --include-workspace-root=false`);
    // The final stage: from the last FROM on.
    const final = lines.slice(lines.map((l) => l.startsWith('FROM')).lastIndexOf(true));
    expect(final.find((l) => l.startsWith('USER'))).toBe('USER node');
    expect(final.some((l) => l.startsWith('HEALTHCHECK') && l.includes('/healthz'))).toBe(true);
    // The default command, run from the final stage's working directory, is the image's main entry.
    const workdir = final.filter((l) => l.startsWith('WORKDIR')).pop()?.split(/\s+/)[1] ?? '/';
    const cmd = JSON.parse(final.find((l) => l.startsWith('CMD'))!.slice(3).trim()) as string[];
    expect(cmd[0]).toBe('node');
    expect(posix.relative('/app', posix.resolve(workdir, cmd[1]))).toBe(image.entries[0]);
    expect(final.some((l) => /npm (ci|install)/.test(l))).toBe(false);
  });

  it('keeps node_modules, build output and secrets out of the build context', () => {
    const ignored = readFileSync(join(repoRoot, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    for (const pattern of ['.git', '**/node_modules', '**/dist', '**/*.tsbuildinfo']) expect(ignored).toContain(pattern);
  });
});
