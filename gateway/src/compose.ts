import { composeServices } from '@apollo/composition';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import gql from 'graphql-tag';
import { defaultSubgraphUrls, SUBGRAPHS } from './subgraphs';

export interface CompositionResult {
  supergraphSdl?: string;
  errors: string[];
}

/** Composes the committed subgraph SDL files into the supergraph production loads. */
export function composeSupergraph(repoRoot: string, urls: Record<string, string> = defaultSubgraphUrls()): CompositionResult {
  const result = composeServices(
    SUBGRAPHS.map((s) => ({
      name: s.name,
      url: urls[s.name],
      typeDefs: gql(readFileSync(join(repoRoot, s.schemaFile), 'utf8')),
    })),
  );
  if (result.errors?.length) return { errors: result.errors.map((e) => e.message) };
  return { supergraphSdl: result.supergraphSdl, errors: [] };
}

if (require.main === module) {
  const root = join(__dirname, '..', '..');
  const { supergraphSdl, errors } = composeSupergraph(root);
  if (!supergraphSdl) {
    console.error(`Composition failed:\n- ${errors.join('\n- ')}`);
    process.exit(1);
  }
  writeFileSync(join(root, 'supergraph.graphql'), supergraphSdl);
  console.log(`supergraph.graphql composed from ${SUBGRAPHS.map((s) => s.name).join(', ')}`);
}
