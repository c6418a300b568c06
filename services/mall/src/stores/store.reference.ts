import { requestLoader, type RequestContext } from '@gongzhi/subgraph-kit';
import type { StoreService } from './store.service';
import { ProductType, StoreType } from './store.type';

/** `_entities` for Store and Product, batched and access-checked (invisible → null). */
export function storeReference(stores: StoreService) {
  return {
    Store: {
      async __resolveReference(ref: { id: string }, ctx: RequestContext) {
        const s = await requestLoader(ctx, 'store', (ids) => stores.visibleByIds(ctx, ids)).load(ref.id);
        return s ? StoreType.from(s) : null;
      },
    },
    Product: {
      async __resolveReference(ref: { id: string }, ctx: RequestContext) {
        const p = await requestLoader(ctx, 'product', (ids) => stores.visibleProducts(ctx, ids)).load(ref.id);
        return p ? ProductType.from(p) : null;
      },
    },
  };
}
