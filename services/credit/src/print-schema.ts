import { printSubgraphSchema } from '@apollo/subgraph';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCreditSchema } from './schema';

/** Writes schema.graphql (committed, reviewed, composed into the supergraph). No database needed. */
export async function printCreditSchema(): Promise<string> {
  const placeholder = { get: (cls: new (...args: never[]) => object) => Object.create(cls.prototype) };
  return printSubgraphSchema(await buildCreditSchema(placeholder));
}

if (require.main === module) {
  printCreditSchema().then((sdl) => writeFileSync(join(__dirname, '..', 'schema.graphql'), sdl));
}
