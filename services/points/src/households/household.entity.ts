/** Storage shape of the household projection (fed by identity's household events). */
export interface HouseholdRow {
  id: string;
  villageCode: string;
  townshipCode: string;
  headUserId: string | null;
  createdAt: Date;
}
