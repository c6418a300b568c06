import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { printIdentitySchema } from '../../services/identity/src/print-schema';
import { composeSupergraph } from '../src/compose';

const root = join(__dirname, '..', '..');

describe('static supergraph', () => {
  it('composes from the committed subgraph schemas', () => {
    const { supergraphSdl, errors } = composeSupergraph(root);
    expect(errors).toEqual([]);
    expect(supergraphSdl).toContain('type Household');
  });

  it('committed schema.graphql files match the code (run npm run compose after a schema change)', async () => {
    expect(readFileSync(join(root, 'services/identity/schema.graphql'), 'utf8')).toBe(await printIdentitySchema());
  });

  it('committed supergraph.graphql matches a fresh composition', () => {
    expect(readFileSync(join(root, 'supergraph.graphql'), 'utf8')).toBe(composeSupergraph(root).supergraphSdl);
  });
});
