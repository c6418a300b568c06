import { requestLoader, type RequestContext } from '@gongzhi/subgraph-kit';
import type { UserService, UserView } from './user.service';
import { UserType } from './user.type';

/** `_entities` entry point; the same visibility and masking as `user(id)`, batched. */
export function userReference(users: UserService) {
  return {
    User: {
      async __resolveReference(ref: { id: string }, ctx: RequestContext) {
        const view = await requestLoader<UserView>(ctx, 'userView', (ids) => users.viewsFor(ctx, ids)).load(ref.id);
        return view ? UserType.from(view) : null;
      },
    },
  };
}
