export interface DisclosureLine {
  householdId: string;
  entryId: string;
  delta: number;
  reason: string;
  itemCode: string | null;
  source: string;
  occurredAt: string;
}

/** A village's monthly disclosure (每月公示): a snapshot of the month's entries. */
export interface DisclosureRow {
  id: string;
  villageCode: string;
  month: number;
  status: 'DRAFT' | 'PUBLISHED';
  lines: DisclosureLine[];
  generatedBy: string;
  generatedAt: Date;
  publishedAt: Date | null;
  objectionDeadline: Date | null;
}

export interface ObjectionRow {
  id: string;
  disclosureId: string;
  householdId: string;
  userId: string;
  entryId: string | null;
  text: string;
  status: 'OPEN' | 'UPHELD' | 'DISMISSED';
  resolution: string | null;
  correctionEntryId: string | null;
  resolvedBy: string | null;
  createdAt: Date;
  resolvedAt: Date | null;
}
