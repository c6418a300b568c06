import { printSubgraphSchema } from '@apollo/subgraph';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildIssuesSchema } from './schema';

/** Writes schema.graphql (committed, reviewed, composed into the supergraph). No database needed. */
export async function printIssuesSchema(): Promise<string> {
  const placeholder = { get: (cls: new (...args: never[]) => object) => Object.create(cls.prototype) };
  const schema = await buildIssuesSchema(placeholder, { issues: {} as never });
  return printSubgraphSchema(schema);
}

if (require.main === module) {
  printIssuesSchema().then((sdl) => writeFileSync(join(__dirname, '..', 'schema.graphql'), sdl));
}
