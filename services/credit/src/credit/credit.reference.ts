/**
 * `_entities` for Household: credit only adds a field, so the reference is the id; the
 * access rule runs in the `credit` field resolver, batched per request.
 */
export function householdCreditReference() {
  return {
    Household: {
      __resolveReference(ref: { id: string }) {
        return { id: ref.id };
      },
    },
  };
}
