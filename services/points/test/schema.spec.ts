import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { graphql } from 'graphql';
import { buildPointsSchema } from '../src/schema';
import { printPointsSchema } from '../src/print-schema';

describe('points subgraph schema', () => {
  it('committed schema.graphql matches the code (npm run compose after a change)', async () => {
    expect(readFileSync(join(__dirname, '..', 'schema.graphql'), 'utf8')).toBe(await printPointsSchema());
  });

  it('serves its SDL and resolves Household references through _entities', async () => {
    const placeholder = { get: (cls: new (...args: never[]) => object) => Object.create(cls.prototype) };
    const schema = await buildPointsSchema(placeholder);
    const sdl = await graphql({ schema, source: '{ _service { sdl } }' });
    expect((sdl.data as any)._service.sdl).toContain('type Household');
    const entities = await graphql({
      schema,
      source: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Household { id } } }',
      variableValues: { r: [{ __typename: 'Household', id: 'h-1' }] },
      contextValue: { principal: null, requestId: 't' },
    });
    expect(entities.errors).toBeUndefined();
    expect((entities.data as any)._entities).toEqual([{ id: 'h-1' }]);
  });
});
