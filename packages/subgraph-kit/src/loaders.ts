import DataLoader from 'dataloader';

const loaders = new WeakMap<object, Map<string, DataLoader<string, unknown>>>();

/**
 * A DataLoader living as long as one request context: federation `_entities` calls and
 * nested fields batch into one query per type, and access checks run once per batch.
 */
export function requestLoader<V>(
  ctx: object,
  name: string,
  batch: (ids: readonly string[]) => Promise<Array<V | null>>,
): DataLoader<string, V | null> {
  let perContext = loaders.get(ctx);
  if (!perContext) {
    perContext = new Map();
    loaders.set(ctx, perContext);
  }
  let loader = perContext.get(name) as DataLoader<string, V | null> | undefined;
  if (!loader) {
    loader = new DataLoader<string, V | null>(batch, { maxBatchSize: 500 });
    perContext.set(name, loader as DataLoader<string, unknown>);
  }
  return loader;
}
