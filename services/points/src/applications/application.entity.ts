export type ApplicationStatus = 'PENDING' | 'APPROVED' | 'REJECTED';

/** Storage shape of a points application (申报). */
export interface ApplicationRow {
  id: string;
  householdId: string;
  villageCode: string;
  itemId: string;
  itemCode: string;
  note: string;
  evidence: string[];
  status: ApplicationStatus;
  applicantId: string;
  idempotencyKey: string;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionReason: string | null;
  entryId: string | null;
  createdAt: Date;
}
