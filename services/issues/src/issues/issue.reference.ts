import { requestLoader, type RequestContext } from '@gongzhi/subgraph-kit';
import type { IssueService } from './issue.service';
import { IssueType } from './issue.type';

/** `_entities`: an issue the caller may not see resolves to null (batched). Household is a stub; its fields check access. */
export function issueReference(issues: IssueService) {
  return {
    Issue: {
      async __resolveReference(ref: { id: string }, ctx: RequestContext) {
        const row = await requestLoader(ctx, 'issue', (ids) => issues.visibleByIds(ctx, ids)).load(ref.id);
        return row ? IssueType.from(row) : null;
      },
    },
    Household: {
      __resolveReference(ref: { id: string }) {
        return { id: ref.id };
      },
    },
  };
}
