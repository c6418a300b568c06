#!/usr/bin/env node
// Copies the composed supergraph (repo root, written by `npm run compose`) to where the Helm
// chart (.Files.Get) and the kustomize base (configMapGenerator) can read it: neither may
// reach outside its own directory. Run it after compose and before `helm package`/`kubectl apply -k`.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'supergraph.graphql');
if (!existsSync(source)) {
  console.error('supergraph.graphql not found at the repo root: run `npm run compose` first');
  process.exit(1);
}
for (const target of ['helm/gongzhi/files/supergraph.graphql', 'k8s/base/gateway/supergraph.graphql']) {
  mkdirSync(dirname(join(root, target)), { recursive: true });
  copyFileSync(source, join(root, target));
  console.log(`copied supergraph.graphql -> ${target}`);
}
