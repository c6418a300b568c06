/**
 * The subgraphs of the platform: the one list that composition, the gateway's development
 * mode and the start script read. A new service is one line here.
 */
export interface SubgraphSpec {
  name: string;
  port: number;
  /** Path of its printed SDL, relative to the repository root. */
  schemaFile: string;
}

export const SUBGRAPHS: SubgraphSpec[] = [
  { name: 'identity', port: 4001, schemaFile: 'services/identity/schema.graphql' },
  { name: 'points', port: 4002, schemaFile: 'services/points/schema.graphql' },
  { name: 'issues', port: 4003, schemaFile: 'services/issues/schema.graphql' },
  { name: 'credit', port: 4005, schemaFile: 'services/credit/schema.graphql' },
  { name: 'mall', port: 4004, schemaFile: 'services/mall/schema.graphql' },
];

export function defaultSubgraphUrls(host = '127.0.0.1'): Record<string, string> {
  return Object.fromEntries(SUBGRAPHS.map((s) => [s.name, `http://${host}:${s.port}/graphql`]));
}

/** "identity=http://a:4001/graphql,points=http://b:4002/graphql" → record. */
export function parseSubgraphUrls(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [name, url] = pair.split('=');
    if (!name || !url) throw new Error(`SUBGRAPH_URLS entry "${pair}" must be name=url`);
    out[name.trim()] = url.trim();
  }
  return out;
}
